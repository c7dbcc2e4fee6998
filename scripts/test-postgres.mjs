// `npm run test:postgres`: the integration suite against a real PostgreSQL server.
// TEST_POSTGRES_URL names a server database the tests may create and drop databases from
// (default postgres://postgres@127.0.0.1:5432/postgres). Each test file gets its own new database.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import pg from "pg";

const url = process.env.TEST_POSTGRES_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
try {
  await client.connect();
  const { rows } = await client.query("SHOW server_version");
  console.log(`PostgreSQL ${rows[0].server_version} at ${new URL(url).host}`);
} catch (e) {
  console.error(`No PostgreSQL server answers at ${url}: ${e.message}`);
  process.exit(1);
} finally {
  await client.end().catch(() => {});
}

mkdirSync("test-results/summary", { recursive: true });
const r = spawnSync("node_modules/.bin/vitest", ["run", "--project", "integration", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/summary/postgres.json"], {
  stdio: "inherit",
  env: { ...process.env, TEST_POSTGRES_URL: url },
});
let passed = 0;
let failed = 0;
try {
  const j = JSON.parse(readFileSync("test-results/summary/postgres.json", "utf8"));
  passed += j.numPassedTests;
  failed += j.numFailedTests;
} catch {}
if (r.status !== 0) {
  console.log(`\nPostgreSQL: ${passed} passed, ${failed || 1} failed`);
  process.exit(r.status ?? 1);
}

// The FHIR conformance suite against two app instances sharing one fresh PostgreSQL database.
const apiDb = `edapi_${process.pid}`;
const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${apiDb} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${apiDb}`);
await admin.end();
const apiUrl = new URL(url);
apiUrl.pathname = `/${apiDb}`;
const api = spawnSync("node_modules/.bin/vitest", ["run", "--project", "api", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/summary/postgres-api.json"], {
  stdio: "inherit",
  env: { ...process.env, API_TEST_DATABASE_URL: apiUrl.toString(), API_TEST_INSTANCES: "2", API_TEST_PORT: "3250" },
});
try {
  const j = JSON.parse(readFileSync("test-results/summary/postgres-api.json", "utf8"));
  passed += j.numPassedTests;
  failed += j.numFailedTests;
} catch {}
const cleanup = new pg.Client({ connectionString: url });
await cleanup.connect();
await cleanup.query(`DROP DATABASE IF EXISTS ${apiDb} WITH (FORCE)`).catch(() => {});
await cleanup.end();
console.log(`\nPostgreSQL: ${passed} passed, ${failed} failed`);
process.exit(api.status ?? 1);
