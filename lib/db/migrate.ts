import { createHash, randomUUID } from "node:crypto";
import { databaseTimeouts } from "./timeouts";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { keepSqliteFilesPrivate } from "./private-files";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, databaseUrl, sqlitePath, type DatabaseKind } from "./url";

/**
 * Applies pending migrations for either database, recording them in Prisma's own
 * `_prisma_migrations` table (same columns and checksums), so `prisma migrate status` agrees.
 *
 * Why our own: `prisma migrate deploy` with the PostgreSQL driver adapter fails on a known Prisma bug
 * (prisma/orm#27403), and one small, tested path for both databases is easier to trust than two.
 * Each migration runs in its own transaction; on PostgreSQL an advisory lock stops two app
 * instances starting at once from applying the same migration twice.
 */
export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

const MIGRATION_LOCK = 72707369; // the key Prisma's own migrate uses

export function migrationsDir(kind: DatabaseKind, root = process.cwd()): string {
  return kind === "postgres" ? join(root, "prisma/postgres/migrations") : join(root, "prisma/migrations");
}

export function readMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) throw new Error(`No migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;

const PG_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

function checkHistory(migrations: Migration[], done: Map<string, string>) {
  for (const [name, checksum] of done) {
    const local = migrations.find((m) => m.name === name);
    if (!local) throw new Error(`The database has migration ${name}, which this version of the app does not know`);
    if (local.checksum !== checksum) throw new Error(`Migration ${name} was changed after it was applied`);
  }
}

export function migrateSqlite(url: string, migrations: Migration[]): MigrateResult {
  const file = resolve(sqlitePath(url));
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const conn = new Database(file, { timeout: 10_000 });
  keepSqliteFilesPrivate(file);
  try {
    conn.pragma("journal_mode = WAL");
    conn.exec(SQLITE_TABLE);
    const begin = conn.prepare("BEGIN IMMEDIATE");
    begin.run();
    try {
      const rows = conn
        .prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`)
        .all() as { migration_name: string; checksum: string }[];
      const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
      checkHistory(migrations, done);
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.name)) continue;
        conn.exec(m.sql);
        conn
          .prepare(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`,
          )
          .run(randomUUID(), m.checksum, new Date().toISOString(), m.name, new Date().toISOString());
        applied.push(m.name);
      }
      conn.exec("COMMIT");
      return { applied, alreadyApplied: done.size };
    } catch (e) {
      conn.exec("ROLLBACK");
      throw e;
    }
  } finally {
    conn.close();
  }
}

export async function migratePostgres(url: string, migrations: Migration[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(PG_TABLE);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    checkHistory(migrations, done);
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${(e as Error).message}`);
      }
      applied.push(m.name);
    }
    return { applied, alreadyApplied: done.size };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}

/** Applies every pending migration to the database DATABASE_URL names. */
export async function migrate(url = databaseUrl(), root = process.cwd()): Promise<MigrateResult> {
  const kind = databaseKind(url);
  const migrations = readMigrations(migrationsDir(kind, root));
  return kind === "postgres" ? migratePostgres(url, migrations) : migrateSqlite(url, migrations);
}

/** Names of migrations this app has that the database lacks (for the health check). */
export async function pendingMigrations(url = databaseUrl(), root = process.cwd()): Promise<string[]> {
  const kind = databaseKind(url);
  const migrations = readMigrations(migrationsDir(kind, root));
  let names: string[] = [];
  if (kind === "postgres") {
    // Asked by every health check: bounded like every other wait on the database (lib/db/client.ts).
    const t = databaseTimeouts();
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: t.connectMs, statement_timeout: t.statementMs, query_timeout: t.queryMs });
    await client.connect();
    try {
      const { rows } = await client.query<{ migration_name: string }>(
        `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      );
      names = rows.map((r) => r.migration_name);
    } catch {
      names = [];
    } finally {
      await client.end();
    }
  } else {
    const conn = new Database(resolve(sqlitePath(url)), { readonly: true, fileMustExist: true });
    try {
      names = (conn.prepare(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as { migration_name: string }[]).map((r) => r.migration_name);
    } catch {
      names = [];
    } finally {
      conn.close();
    }
  }
  return migrations.map((m) => m.name).filter((n) => !names.includes(n));
}
