import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { databaseKind, databaseUrl, sqlitePath } from "./url";
import { closeOwnConnections } from "./own-connections";
import { clearInstanceCaches } from "../cache/instance-cache";
import { asDatabaseUnavailable } from "./database-unavailable";
import { databaseTimeouts } from "./timeouts";
import { pgPool } from "./pg-pool";

export { databaseTimeouts };

/**
 * The application's database client. Both providers are generated from one schema, so their
 * model APIs are the same; the SQLite client's type stands for both (we use no provider-only features).
 */
export type Db = InstanceType<typeof SqliteClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export function createDb(url = databaseUrl()): Db {
  const kind = databaseKind(url);
  const t = databaseTimeouts();
  if (kind === "postgres") {
    // One pool per instance, shared with the prepared statements of the hot paths (pg-pool.ts); the ORM does not
    // close it on $disconnect (resetDbForTests closes it with the other own connections).
    const adapter = new PrismaPg(pgPool(url));
    return mapOutages(new PostgresClient({ adapter, transactionOptions: { maxWait: t.poolWaitMs, timeout: t.transactionMs } }) as unknown as Db);
  }
  const file = resolve(sqlitePath(url));
  mkdirSync(dirname(file), { recursive: true });
  // timeout: how long a writer waits for another connection's lock (better-sqlite3 busy timeout).
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: t.busyMs });
  return mapOutages(new SqliteClient({ adapter, transactionOptions: { maxWait: t.poolWaitMs, timeout: t.transactionMs } }));
}

/**
 * The client, with every query, raw query and transaction turning an outage into DatabaseUnavailable
 * (lib/db/database-unavailable.ts); every other error passes through unchanged.
 */
function mapOutages(client: Db): Db {
  const extended = client.$extends({
    name: "database-unavailable",
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (e) {
          throw asDatabaseUnavailable(e) ?? e;
        }
      },
    },
  }) as unknown as Db;
  return new Proxy(extended, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== "$transaction" || typeof value !== "function") return value;
      return (...args: unknown[]) => {
        try {
          const p = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          return Promise.resolve(p).catch((e: unknown) => {
            throw asDatabaseUnavailable(e) ?? e;
          });
        } catch (e) {
          throw asDatabaseUnavailable(e) ?? e;
        }
      };
    },
  });
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
