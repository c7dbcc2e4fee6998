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
try {
  const j = JSON.parse(readFileSync("test-results/summary/postgres.json", "utf8"));
  console.log(`\nPostgreSQL: ${j.numPassedTests} passed, ${j.numFailedTests} failed`);
} catch {}
process.exit(r.status ?? 1);
