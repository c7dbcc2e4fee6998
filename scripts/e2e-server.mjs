// Starts the production build on a fresh demo database for the end-to-end tests.
import { rmSync } from "node:fs";
import { spawn } from "node:child_process";

const port = process.env.E2E_PORT ?? "3210";
rmSync("data/e2e", { recursive: true, force: true });
const child = spawn(process.execPath, ["scripts/start.mjs"], {
  stdio: "inherit",
  env: {
    ...process.env,
    // No balancer in front: stop at once on SIGTERM (README, Rolling upgrades).
    SHUTDOWN_DRAIN_MS: process.env.SHUTDOWN_DRAIN_MS ?? "0",
    PORT: port,
    HOSTNAME: "127.0.0.1",
    DATABASE_URL: "file:./data/e2e/ed.db",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    NEXTAUTH_SECRET: "e2e-only-secret-not-for-production-use",
    SEED_PROFILE: process.env.E2E_SEED_PROFILE ?? "demo",
    // The MLLP listener stays off unless a test turns it on (ports would clash between checkouts).
    HL7_MLLP_PORT: process.env.E2E_HL7_MLLP_PORT ?? "0",
    METRICS_TOKEN: process.env.METRICS_TOKEN ?? "e2e-metrics-token",
  },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
