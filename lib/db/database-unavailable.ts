/**
 * The one place database failures that mean "the database cannot be used just now" become the domain error
 * DatabaseUnavailable (lib/errors.ts): connection refused or reset, connection or query timeouts, a server shutting
 * down or out of connections, and writes that cannot be made (disk full, read-only, I/O error, locked too long).
 * Everything else (a unique constraint, a bad value) is left as it is: those are answers, not outages.
 *
 * The ORM client (lib/db/client.ts) and the modules with SQLite connections of their own (booking writer,
 * availability probe) pass every error through `asDatabaseUnavailable`, so no door sees a driver error for an outage.
 */
import { DatabaseUnavailable } from "../errors";

/** Prisma's codes for an unreachable or timed-out database (P1xxx), pool timeout (P2024), transaction start/timeout (P2028). */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1011", "P1017", "P2024", "P2028"]);
/** PostgreSQL SQLSTATEs: connection exceptions (08…), statement timeout / cancelled (57014), shutdown and start-up (57P01-57P03), no room (53…), read-only (25006). */
const PG_STATE = /^(08\d{3}|57014|57P0[1-3]|53\d{3}|25006)$/;
/** Node and pg socket failures. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ENOSPC", "EROFS", "EIO"]);
/** SQLite result codes (better-sqlite3 `code`), extended codes included by prefix. */
const SQLITE_PREFIXES = ["SQLITE_FULL", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PROTOCOL"];
/** What the drivers say when no code survives the ORM's wrapping. */
const MESSAGES =
  /database or disk is full|disk I\/O error|attempt to write a readonly database|database is locked|unable to open database file|Can't reach database server|Timed out fetching a new connection|timeout exceeded when trying to connect|Connection terminated|connection timeout|Query read timeout|canceling statement due to statement timeout|server closed the connection|ECONNREFUSED|ECONNRESET|ETIMEDOUT|the database system is (shutting down|starting up)|too many clients|Unable to start a transaction in the given time|Transaction already closed|No space left on device|DatabaseNotReachable|SocketTimeout|ConnectionClosed|TooManyConnections|DatabaseAccessDenied|could not extend file|the database stayed busy/i;

interface ErrorLike {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { code?: unknown; message?: unknown; cause?: unknown; driverAdapterError?: unknown; kind?: unknown };
  kind?: unknown;
}

function unavailableReason(e: unknown, depth = 0): string | null {
  if (!e || typeof e !== "object" || depth > 5) return null;
  const x = e as ErrorLike;
  const code = typeof x.code === "string" ? x.code : "";
  if (PRISMA_CODES.has(code) || PG_STATE.test(code) || SOCKET_CODES.has(code) || SQLITE_PREFIXES.some((p) => code.startsWith(p))) return code;
  const kind = typeof x.kind === "string" ? x.kind : typeof x.meta?.kind === "string" ? x.meta.kind : "";
  if (/^(DatabaseNotReachable|SocketTimeout|ConnectionClosed|TooManyConnections|TransactionAlreadyClosed)$/.test(kind)) return kind;
  const message = typeof x.message === "string" ? x.message : "";
  const m = MESSAGES.exec(message);
  if (m) return m[0];
  for (const inner of [x.cause, x.meta?.cause, x.meta?.driverAdapterError]) {
    const r = unavailableReason(inner, depth + 1);
    if (r) return r;
  }
  if (x.meta && typeof x.meta === "object") {
    const r = unavailableReason({ code: x.meta.code, message: x.meta.message }, depth + 1);
    if (r) return r;
  }
  return null;
}

/** The DatabaseUnavailable this error means, or null when it is not an outage (then rethrow it as it is). */
export function asDatabaseUnavailable(e: unknown): DatabaseUnavailable | null {
  if (e instanceof DatabaseUnavailable) return e;
  const reason = unavailableReason(e);
  if (!reason) return null;
  const detail = e instanceof Error ? e.message.slice(0, 300) : String(e).slice(0, 300);
  return new DatabaseUnavailable("The database is not available just now: nothing was changed. Try again shortly.", 5, `${reason}: ${detail}`);
}

/** Runs `work`, turning an outage into DatabaseUnavailable (any other error is rethrown unchanged). */
export async function mapUnavailable<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw asDatabaseUnavailable(e) ?? e;
  }
}
