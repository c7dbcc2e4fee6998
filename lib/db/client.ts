import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { databaseKind, databaseUrl, sqlitePath } from "./url";
import { closeOwnConnections } from "./own-connections";
import { clearInstanceCaches } from "../cache/instance-cache";

/**
 * The application's database client. Both providers are generated from one schema, so their
 * model APIs are the same; the SQLite client's type stands for both (we use no provider-only features).
 */
export type Db = InstanceType<typeof SqliteClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export function createDb(url = databaseUrl()): Db {
  const kind = databaseKind(url);
  if (kind === "postgres") {
    const max = Number(process.env.DATABASE_POOL_SIZE ?? 10);
    const adapter = new PrismaPg({ connectionString: url, max });
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  const file = resolve(sqlitePath(url));
  mkdirSync(dirname(file), { recursive: true });
  // timeout: how long a writer waits for another connection's lock (better-sqlite3 busy timeout).
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: 10_000 });
  return new SqliteClient({ adapter });
}

const globalForDb = globalThis as unknown as { __edDb?: Db };

/** One client per process (Next.js reloads modules in development; keep the same pool). */
export function db(): Db {
  if (!globalForDb.__edDb) globalForDb.__edDb = createDb();
  return globalForDb.__edDb;
}

/**
 * Tests only: drop the process's client so the next db() uses the current DATABASE_URL, and with it the
 * connections and per-instance caches of the database it leaves.
 */
export async function resetDbForTests(): Promise<void> {
  const current = globalForDb.__edDb;
  globalForDb.__edDb = undefined;
  closeOwnConnections();
  clearInstanceCaches();
  await current?.$disconnect();
}
