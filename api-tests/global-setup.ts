// Starts the production build on a fresh assurance database for the API conformance suite, and stops it after.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";

const PORT = Number(process.env.API_TEST_PORT ?? 3230);
let server: ChildProcess | null = null;

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The app did not become healthy at ${url}`);
}

export async function setup() {
  if (process.env.API_BASE_URL) return; // testing a server someone else started
  rmSync("data/api-tests", { recursive: true, force: true });
  server = spawn(process.execPath, ["scripts/start.mjs"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      PORT: String(PORT),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: process.env.API_TEST_DATABASE_URL ?? "file:./data/api-tests/ed.db",
      SEED_PROFILE: "assurance",
      PUBLIC_URL: `http://127.0.0.1:${PORT}`,
      NEXTAUTH_SECRET: "api-tests-only-secret-not-for-production",
      LOG_LEVEL: "warn",
    },
  });
  process.env.API_BASE_URL = `http://127.0.0.1:${PORT}`;
  await waitForHealth(`${process.env.API_BASE_URL}/api/health`, 300_000);
}

export async function teardown() {
  if (!server) return;
  server.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
}
