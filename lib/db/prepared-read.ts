/**
 * One read as a prepared statement on either database: the same SQL (`?` placeholders, quoted identifiers, `{TRUE}`
 * for a boolean literal) on SQLite's read-only connection (sqlite-read-connection.ts) or as a named statement on
 * PostgreSQL's pool (pg-pool.ts). Instants come back as Dates on both (`dates` names their columns: SQLite keeps
 * them as text), and are passed as Dates. For the hot reads, where the ORM's per-query work is most of the cost.
 */
import { asDatabaseUnavailable } from "./database-unavailable";
import { pgPool, pgQuery } from "./pg-pool";
import { sqliteReadStatement } from "./sqlite-read-connection";
import { sqliteInstant } from "./sqlite-rows";
import { databaseKind, databaseUrl } from "./url";

export interface PreparedRead {
  /** Unique among the app's statements (it names the statement on PostgreSQL). */
  name: string;
  sql: string;
  /** Columns holding instants. */
  dates?: readonly string[];
}

const postgresText = new Map<string, string>();
const sqliteText = new Map<string, string>();

function forPostgres(r: PreparedRead): string {
  let text = postgresText.get(r.name);
  if (text === undefined) {
    let i = 0;
    text = r.sql.replaceAll("{TRUE}", "true").replace(/\?/g, () => `$${++i}`);
    postgresText.set(r.name, text);
  }
  return text;
}

function forSqlite(r: PreparedRead): string {
  let text = sqliteText.get(r.name);
  if (text === undefined) {
    text = r.sql.replaceAll("{TRUE}", "1");
    sqliteText.set(r.name, text);
  }
  return text;
}

/** The rows of `read` with `params`, on the configured database. */
export async function preparedRead<R>(read: PreparedRead, params: unknown[], url = databaseUrl()): Promise<R[]> {
  try {
    if (databaseKind(url) === "postgres") return await pgQuery<R>(pgPool(url), read.name, forPostgres(read), params);
    const rows = sqliteReadStatement<unknown[], Record<string, unknown>>(url, forSqlite(read)).all(...params.map((p) => (p instanceof Date ? sqliteInstant(p) : typeof p === "boolean" ? Number(p) : p)));
    if (read.dates) for (const row of rows) for (const c of read.dates) if (typeof row[c] === "string") row[c] = new Date(row[c] as string);
    return rows as R[];
  } catch (e) {
    throw asDatabaseUnavailable(e) ?? e;
  }
}
