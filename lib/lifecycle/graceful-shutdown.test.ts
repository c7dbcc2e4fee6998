import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { shutdownTimes } from "./graceful-shutdown";

/** A request on a fresh connection (as a balancer's health check or a new client makes). */
function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
  });
}

let child: ChildProcess | null = null;
let dir: string | null = null;
afterEach(() => {
  child?.kill("SIGKILL");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function startServer(): Promise<{ port: number; exited: Promise<number | null> }> {
  dir = mkdtempSync(join(tmpdir(), "ed-drain-"));
  const c = spawn(process.execPath, ["--import", "tsx", "lib/testing/fixtures/lifecycle/draining-server.ts"], {
    env: { ...process.env, DATABASE_URL: `file:${join(dir, "ed.db")}`, LOG_LEVEL: "silent", TEST_DRAIN_MS: "800" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  child = c;
  const exited = new Promise<number | null>((resolve) => c.once("exit", (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    c.stdout!.on("data", (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    c.once("exit", () => reject(new Error(`the server exited before listening: ${out}`)));
  });
  return { port, exited };
}

describe("graceful shutdown (SIGTERM)", () => {
  it("reports draining at once, serves during the wait, finishes what is in flight, then refuses connections and exits 143", async () => {
    const { port, exited } = await startServer();
    expect((await get(port, "/api/health")).status).toBe(200);

    const inFlight = get(port, "/slow");
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    child!.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 100));

    const health = await get(port, "/api/health");
    expect(health.status).toBe(503);
    expect(JSON.parse(health.body)).toEqual({ status: "draining" });
    // Still serving new requests while the balancer has not yet seen the draining answer.
    expect(await get(port, "/other")).toEqual({ status: 200, body: "ok" });
    // A request started during the wait, still running when the server closes, is finished.
    const lateInFlight = get(port, "/slow");

    expect(await inFlight).toEqual({ status: 200, body: "slow done" });
    expect(await lateInFlight).toEqual({ status: 200, body: "slow done" });
    expect(await exited).toBe(143);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(800);
    await expect(get(port, "/api/health")).rejects.toThrow(/ECONNREFUSED/);
  }, 20_000);

  it("a second signal cuts the draining wait short", async () => {
    const { exited } = await startServer();
    const t0 = Date.now();
    child!.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 100));
    child!.kill("SIGTERM");
    expect(await exited).toBe(143);
    expect(Date.now() - t0).toBeLessThan(700);
  }, 20_000);

  it("reads SHUTDOWN_DRAIN_MS and SHUTDOWN_TIMEOUT_MS, with defaults for missing or nonsense values", () => {
    expect(shutdownTimes({})).toEqual({ drainMs: 5000, timeoutMs: 30_000 });
    expect(shutdownTimes({ SHUTDOWN_DRAIN_MS: "0", SHUTDOWN_TIMEOUT_MS: "1000" })).toEqual({ drainMs: 0, timeoutMs: 1000 });
    expect(shutdownTimes({ SHUTDOWN_DRAIN_MS: "-1", SHUTDOWN_TIMEOUT_MS: "soon" })).toEqual({ drainMs: 5000, timeoutMs: 30_000 });
  });
});
