/**
 * Every wait on the database is bounded, so a database that is down or hung gives a prompt DatabaseUnavailable
 * (a 503 at the doors), never a request that hangs. Milliseconds; tests shorten them.
 *  - DATABASE_CONNECT_TIMEOUT_MS (5000): opening a PostgreSQL connection, until it is ready for queries.
 *  - DATABASE_QUERY_TIMEOUT_MS (10000): one statement: the server cancels it (statement_timeout) and the client stops
 *    waiting for an answer (query_timeout, a little later, for a server that answers nothing at all).
 *  - DATABASE_POOL_WAIT_MS (5000): waiting for a free connection to start a transaction (the ORM's maxWait).
 *  - DATABASE_BUSY_TIMEOUT_MS (10000): SQLite: how long a writer waits for another connection's lock.
 * An ORM transaction may last as long as one statement may (the query timeout; the ORM's own default is 5 s, which
 * a large slot generation on a loaded machine can pass without anything being wrong).
 */
export function databaseTimeouts(env: NodeJS.ProcessEnv = process.env) {
  const ms = (v: string | undefined, d: number) => (Number.isFinite(Number(v)) && Number(v) > 0 ? Math.floor(Number(v)) : d);
  const query = ms(env.DATABASE_QUERY_TIMEOUT_MS, 10_000);
  return {
    connectMs: ms(env.DATABASE_CONNECT_TIMEOUT_MS, 5_000),
    statementMs: query,
    queryMs: query + 1_000,
    transactionMs: query + 1_000,
    poolWaitMs: ms(env.DATABASE_POOL_WAIT_MS, 5_000),
    busyMs: ms(env.DATABASE_BUSY_TIMEOUT_MS, 10_000),
  };
}
