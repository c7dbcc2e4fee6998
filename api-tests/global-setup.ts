// Starts the production build on a fresh assurance database for the API conformance suite, and stops it after.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";

const PORT = Number(process.env.API_TEST_PORT ?? 3230);
import { API_METRICS_TOKEN } from "./client";
const servers: ChildProcess[] = [];

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

function startInstance(port: number, publicPort: number): ChildProcess {
  return spawn(process.execPath, ["scripts/start.mjs"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      // No balancer in front: stop at once on SIGTERM (README, Rolling upgrades).
      SHUTDOWN_DRAIN_MS: process.env.SHUTDOWN_DRAIN_MS ?? "0",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: process.env.API_TEST_DATABASE_URL ?? "file:./data/api-tests/ed.db",
      SEED_PROFILE: "assurance",
      HL7_MLLP_PORT: "0",
      // Both instances present the same public base URL (as behind a load balancer), so tokens fit both.
      PUBLIC_URL: `http://127.0.0.1:${publicPort}`,
      NEXTAUTH_SECRET: "api-tests-only-secret-not-for-production",
      LOG_LEVEL: "warn",
      // The fuzz suite makes up consumer identities by the hundred from one (unverified) source; the bound on new
      // identities per source is tested in lib/doors/uec-stu3/interactions/door-security.int.test.ts.
      FHIR_NEW_CONSUMERS_PER_SOURCE_PER_HOUR: "100000",
      // The hostile-input tests read the process's memory from the metrics endpoint.
      METRICS_TOKEN: API_METRICS_TOKEN,
    },
  });
}

/**
 * One instance by default. API_TEST_INSTANCES=2 (with a PostgreSQL API_TEST_DATABASE_URL) starts a second
 * instance on the same database, after the first has built, and the concurrency test spreads its requests
 * over both.
 */
export async function setup() {
  if (process.env.API_BASE_URL) return; // testing a server someone else started
  // A fixed weekday morning in London whatever the real time of day, in summer time (Tuesday 15 June 2027, 09:30 BST;
  // the e2e suite runs in winter): lib/time/clock.ts. Set here, before the instances start, so the servers, their seed
  // and the test files' own process all read the same clock from the same origin. ED_TEST_CLOCK=... overrides it.
  process.env.ED_TEST_MODE = "1";
  process.env.ED_TEST_CLOCK ||= "2027-06-15T08:30:00Z";
  process.env.ED_TEST_CLOCK_ORIGIN ||= String(Date.now());
  rmSync("data/api-tests", { recursive: true, force: true });
  servers.push(startInstance(PORT, PORT));
  process.env.API_BASE_URL = `http://127.0.0.1:${PORT}`;
  await waitForHealth(`${process.env.API_BASE_URL}/api/health`, 300_000);
  if (process.env.API_TEST_INSTANCES === "2") {
    servers.push(startInstance(PORT + 1, PORT));
    process.env.API_SECOND_BASE_URL = `http://127.0.0.1:${PORT + 1}`;
    await waitForHealth(`${process.env.API_SECOND_BASE_URL}/api/health`, 120_000);
  }
}

export async function teardown() {
  for (const s of servers) s.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
}
