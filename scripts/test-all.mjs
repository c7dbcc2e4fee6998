// `npm test`: everything, in order, stopping at the first failure:
// type check, lint, house rules (DESIGN.md, by dependency-cruiser), schema drift check, unit tests, integration tests on a real SQLite database,
// end-to-end tests in headless Chromium against a production build, then the FHIR conformance suite over HTTP.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const bin = (name) => join("node_modules", ".bin", name);
const out = "test-results/summary";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const totals = { passed: 0, failed: 0 };

function step(title, cmd, args, extraEnv = {}) {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  console.log(`--- ${title}: ${r.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (r.status !== 0) {
    console.log(`\n${totals.passed} passed, ${totals.failed + 1} failed`);
    process.exit(r.status ?? 1);
  }
}

function countVitest(file) {
  const j = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += j.numPassedTests;
  totals.failed += j.numFailedTests;
}

function countPlaywright(file) {
  const j = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += j.stats.expected;
  totals.failed += j.stats.unexpected + j.stats.flaky;
}

step("type check", bin("tsc"), ["--noEmit"]);
step("lint", bin("eslint"), ["."]);
step("house rules (dependency-cruiser)", "npm", ["run", "--silent", "lint:deps"]);
step("schema for both databases in step", process.execPath, ["scripts/prisma-sync-schema.mjs", "--check"]);
step("unit tests", bin("vitest"), ["run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile.json=${out}/unit.json`]);
countVitest(`${out}/unit.json`);
step("integration tests (SQLite)", bin("vitest"), ["run", "--project", "integration", "--reporter=default", "--reporter=json", `--outputFile.json=${out}/integration.json`]);
countVitest(`${out}/integration.json`);
step("end-to-end tests (Chromium, production build)", bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: `${out}/e2e.json` });
countPlaywright(`${out}/e2e.json`);

step("FHIR conformance suite (HTTP against a production build)", bin("vitest"), ["run", "--project", "api", "--reporter=default", "--reporter=json", `--outputFile.json=${out}/api.json`]);
countVitest(`${out}/api.json`);

console.log(`\nAll checks passed.\n${totals.passed} passed, ${totals.failed} failed`);
