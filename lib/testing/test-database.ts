import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { migrate } from "../db/migrate";
import { resetDbForTests } from "../db/client";

/** Creates a fresh migrated database, points DATABASE_URL (and db()) at it, returns its teardown. */
export async function setupTestDatabase(): Promise<() => Promise<void>> {
  const server = process.env.TEST_POSTGRES_URL;
  if (server) {
    // TEST_DB_PREFIX (letters, digits, underscore) keeps test databases of parallel checkouts apart on one server.
    const prefix = /^[a-z][a-z0-9_]{0,20}$/.test(process.env.TEST_DB_PREFIX ?? "") ? process.env.TEST_DB_PREFIX : "edtest";
    const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(server);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    await migrate(process.env.DATABASE_URL);
    await resetDbForTests();
    return async () => {
      await resetDbForTests();
      const a = new pg.Client({ connectionString: server });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "ed-int-"));
  process.env.DATABASE_URL = `file:${join(dir, "test.db")}`;
  await migrate(process.env.DATABASE_URL);
  await resetDbForTests();
  return async () => {
    await resetDbForTests();
    rmSync(dir, { recursive: true, force: true });
  };
}
