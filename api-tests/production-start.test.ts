/**
 * The production checks run in the server itself: the same build started with plain `next start` (not `npm start`),
 * with APP_ENV=production and settings a live system must not have, refuses to serve.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function startDirectly(env: Record<string, string>): Promise<{ code: number | null; output: string; served: boolean }> {
  return new Promise((resolve) => {
    const port = 3290 + Math.floor(Math.random() * 5);
    const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let served = false;
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const probe = setInterval(() => {
      fetch(`http://127.0.0.1:${port}/STU3/1/metadata`)
        .then((r) => {
          if (r.status > 0) served = true;
        })
        .catch(() => {});
    }, 500);
    const timer = setTimeout(() => child.kill("SIGKILL"), 40_000);
    child.on("exit", (code) => {
      clearInterval(probe);
      clearTimeout(timer);
      resolve({ code, output, served });
    });
  });
}

describe("a production start refuses weak settings whatever starts it", () => {
  it("`next start` with APP_ENV=production, a short test secret and no edge trust exits without serving", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ed-prod-start-"));
    try {
      const r = await startDirectly({
        APP_ENV: "production",
        // Short and marked as a test value, so the repository's own secrets stay recognisable as demo values.
        NEXTAUTH_SECRET: "short-for-tests",
        PUBLIC_URL: "https://ed.example.nhs.uk",
        EDGE_TRUST: "off",
        SEED_PROFILE: "none",
        DATABASE_URL: `file:${join(dir, "ed.db")}`,
        ED_TEST_MODE: "",
        ARRIVALS_SCHEDULE: "off",
        SLOT_GENERATION: "off",
        HL7_MLLP_PORT: "0",
      });
      expect(r.code).toBe(1);
      expect(r.served).toBe(false);
      expect(r.output).toContain("refusing to start in production");
      expect(r.output).toContain("NEXTAUTH_SECRET");
      expect(r.output).toContain("EDGE_TRUST");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
