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

/**
 * The application's database client. Both providers are generated from one schema, so their
 * model APIs are the same; the SQLite client's type stands for both (we use no provider-only features).
 */
export type Db = InstanceType<typeof SqliteClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Every wait on the database is bounded, so a database that is down or hung gives a prompt DatabaseUnavailable
 * (a 503 at the doors), never a request that hangs. Milliseconds; tests shorten them.
 *  - DATABASE_CONNECT_TIMEOUT_MS (5000): opening a PostgreSQL connection, until it is ready for queries.
 *  - DATABASE_QUERY_TIMEOUT_MS (10000): one statement: the server cancels it (statement_timeout) and the client stops
 *    waiting for an answer (query_timeout, a little later, for a server that answers nothing at all).
 *  - DATABASE_POOL_WAIT_MS (5000): waiting for a free connection to start a transaction (the ORM's maxWait).
 *  - DATABASE_BUSY_TIMEOUT_MS (10000): SQLite: how long a writer waits for another connection's lock.
 */
export function databaseTimeouts(env: NodeJS.ProcessEnv = process.env) {
  const ms = (v: string | undefined, d: number) => (Number.isFinite(Number(v)) && Number(v) > 0 ? Math.floor(Number(v)) : d);
  const query = ms(env.DATABASE_QUERY_TIMEOUT_MS, 10_000);
  return {
    connectMs: ms(env.DATABASE_CONNECT_TIMEOUT_MS, 5_000),
    statementMs: query,
    queryMs: query + 1_000,
    poolWaitMs: ms(env.DATABASE_POOL_WAIT_MS, 5_000),
    busyMs: ms(env.DATABASE_BUSY_TIMEOUT_MS, 10_000),
  };
}

export function createDb(url = databaseUrl()): Db {
  const kind = databaseKind(url);
  const t = databaseTimeouts();
  if (kind === "postgres") {
    const max = Number(process.env.DATABASE_POOL_SIZE ?? 10);
    const adapter = new PrismaPg({
      connectionString: url,
      max,
      connectionTimeoutMillis: t.connectMs,
      statement_timeout: t.statementMs,
      query_timeout: t.queryMs,
      // A connection that has seen no answer for this long is dropped rather than reused.
      idleTimeoutMillis: 30_000,
      keepAlive: true,
    });
    return mapOutages(new PostgresClient({ adapter, transactionOptions: { maxWait: t.poolWaitMs } }) as unknown as Db);
  }
  const file = resolve(sqlitePath(url));
  mkdirSync(dirname(file), { recursive: true });
  // timeout: how long a writer waits for another connection's lock (better-sqlite3 busy timeout).
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: t.busyMs });
  return mapOutages(new SqliteClient({ adapter, transactionOptions: { maxWait: t.poolWaitMs } }));
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
