/**
 * The PostgreSQL connection pool of one instance: one pg.Pool per database URL, shared by the ORM (its driver adapter
 * is given this pool) and by the modules that run prepared statements of their own on the hot paths (the booking
 * store, the availability probe, the hosted-service and waiting-documents reads, the arrivals board). So an instance
 * holds at most DATABASE_POOL_SIZE connections, whoever asks.
 *
 * Every wait is bounded (lib/db/timeouts.ts): a statement by `statement_timeout` on the server and `query_timeout` on
 * the client, a free connection (or a new one) by `connectionTimeoutMillis` (the larger of the connect and pool-wait
 * bounds: pg-pool uses one timer for both).
 *
 * Statements are named (`pgQuery(name, …)`): node-postgres parses and plans a named statement once per connection
 * and afterwards sends only its parameters. Timestamps: the schema's columns are `timestamp(3)` without time zone,
 * holding UTC; they are read as UTC here (node-postgres would read them as local time) and written as ISO text.
 */
import pg from "pg";
import { registerOwnConnection } from "./own-connections";
import { databaseTimeouts } from "./timeouts";

const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

/** Type parsers for our own statements: `timestamp` as UTC instants; everything else as node-postgres does. */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP && format !== "binary") return (s: string) => new Date(`${s.replace(" ", "T")}Z`);
    if (oid === TIMESTAMPTZ && format !== "binary") return (s: string) => new Date(s);
    return pg.types.getTypeParser(oid, format as "text");
  },
} as unknown as pg.CustomTypesConfig;

const pools = new Map<string, pg.Pool>();

/** Connections per instance (DATABASE_POOL_SIZE, default 10). */
export function poolSize(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.DATABASE_POOL_SIZE);
  return Number.isInteger(n) && n > 0 ? n : 10;
}

/** The pool of the PostgreSQL database `url` names, made on first use. */
export function pgPool(url: string): pg.Pool {
  let pool = pools.get(url);
  if (pool) return pool;
  const t = databaseTimeouts();
  const made = new pg.Pool({
    connectionString: url,
    max: poolSize(),
    connectionTimeoutMillis: Math.max(t.connectMs, t.poolWaitMs),
    statement_timeout: t.statementMs,
    query_timeout: t.queryMs,
    // A transaction left open by a client that stopped talking does not hold its locks for ever.
    idle_in_transaction_session_timeout: t.queryMs * 2,
    // A connection that has seen no answer for this long is dropped rather than reused.
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    // Idle pooled connections do not keep a script's process alive after its work is done.
    allowExitOnIdle: true,
  });
  // An idle connection that breaks (the server restarted) is dropped by the pool; it must not crash the process.
  made.on("error", () => {});
  // The same for a connection that is checked out when the server ends it: the query in flight is refused through its
  // own promise (and becomes DatabaseUnavailable); the connection's error event must not also crash the process.
  made.on("connect", (client) => client.on("error", () => {}));
  pools.set(url, made);
  pool = made;
  registerOwnConnection(`pg-pool:${url}`, () => {
    if (pools.get(url) === made) pools.delete(url);
    void made.end().catch(() => {});
  });
  return made;
}

/** Anything that runs a query: the pool or one checked-out connection (inside a transaction). */
export type PgQueryable = Pick<pg.Pool, "query"> | pg.PoolClient;

/** Runs the named (prepared once per connection) statement `text` with `values`; answers its rows. */
export async function pgQuery<R>(on: PgQueryable, name: string, text: string, values: unknown[]): Promise<R[]> {
  const r = await (on as pg.Pool).query({ name, text, values: values.map(param), types });
  return r.rows as R[];
}

/** Runs the named statement and answers how many rows it changed. */
export async function pgExec(on: PgQueryable, name: string, text: string, values: unknown[]): Promise<number> {
  const r = await (on as pg.Pool).query({ name, text, values: values.map(param), types });
  return r.rowCount ?? 0;
}

/** A Date as the ISO text a `timestamp` column takes literally (UTC); other values as they are. */
function param(v: unknown): unknown {
  return v instanceof Date ? v.toISOString() : v;
}
