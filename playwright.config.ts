import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { CIS2_TEST_CLIENT, CIS2_TEST_ROLE_MAP } from "./e2e/cis2-accounts";

const PORT = Number(process.env.E2E_PORT ?? 3210);
// The stand-in NHS CIS2 provider (e2e/cis2-provider.ts), started by the global set-up on loopback.
const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? PORT + 41);
process.env.E2E_OIDC_PORT = String(OIDC_PORT);
// The HL7v2 door on for the run (e2e/ed-record-hl7.spec.ts): the server's MLLP listener, and the port where the
// simulated ED record takes expected-patient messages (HL7_EPR_PORT). Set in process.env for the workers.
const HL7_MLLP_PORT = Number((process.env.E2E_HL7_MLLP_PORT ||= String(PORT + 42)));
const HL7_EPR_PORT = Number((process.env.E2E_HL7_EPR_PORT ||= String(PORT + 43)));
const systemChromium = "/usr/bin/chromium";
// A fixed, unremarkable weekday morning in London (Tuesday 12 January 2027, GMT) for the server, the seed and the
// browser (e2e/fixtures.ts), whatever the real time of day: lib/time/clock.ts. Set in process.env so the workers,
// which inherit it, count from the same origin as the server. ED_TEST_CLOCK=... overrides it, e.g. a BST morning.
const TEST_CLOCK = {
  ED_TEST_MODE: (process.env.ED_TEST_MODE = "1"),
  ED_TEST_CLOCK: (process.env.ED_TEST_CLOCK ||= "2027-01-12T09:30:00Z"),
  ED_TEST_CLOCK_ORIGIN: (process.env.ED_TEST_CLOCK_ORIGIN ||= String(Date.now())),
};

/**
 * End-to-end tests in a real browser against a production build on a fresh demo database.
 * Uses Debian's Chromium when present (no browser download needed), Playwright's own otherwise.
 */
export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  globalSetup: "./e2e/global-setup.ts",
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: existsSync(systemChromium)
          ? {
              executablePath: systemChromium,
              args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
            }
          : {},
      },
    },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      E2E_PORT: String(PORT),
      CIS2_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
      CIS2_CLIENT_ID: CIS2_TEST_CLIENT.id,
      CIS2_CLIENT_SECRET: CIS2_TEST_CLIENT.secret,
      CIS2_ROLE_MAP: CIS2_TEST_ROLE_MAP,
      CIS2_MIN_AAL: "3",
      E2E_HL7_MLLP_PORT: String(HL7_MLLP_PORT),
      HL7_EPR_HOST: "127.0.0.1",
      HL7_EPR_PORT: String(HL7_EPR_PORT),
      HL7_ACK_TIMEOUT_SECONDS: "5",
      ...TEST_CLOCK,
    },
  },
});
