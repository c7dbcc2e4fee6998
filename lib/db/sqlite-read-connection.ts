/**
 * One read-only better-sqlite3 connection per SQLite database file (tests switch files), opened on first use, with
 * its prepared statements: the hot reads (the availability probe, the service a DoS id names) take microseconds
 * here against about half a millisecond each through the ORM. In WAL mode a reader sees every committed
 * transaction and never waits for a writer. Closed with the process's other own connections.
 */
import Database from "better-sqlite3";
import { resolve } from "node:path";
import { registerOwnConnection } from "./own-connections";
import { sqlitePath } from "./url";

interface Reader {
  conn: Database.Database;
  statements: Map<string, Database.Statement>;
}

const readers = new Map<string, Reader>();

/** The prepared read-only statement `sql` on the database `url` names. */
export function sqliteReadStatement<P extends unknown[] = unknown[], R = unknown>(url: string, sql: string): Database.Statement<P, R> {
  const file = resolve(sqlitePath(url));
  let r = readers.get(file);
  if (!r) {
    const conn = new Database(file, { readonly: true, fileMustExist: true });
    const opened: Reader = { conn, statements: new Map() };
    r = opened;
    readers.set(file, opened);
    registerOwnConnection(`reader:${file}`, () => {
      conn.close();
      if (readers.get(file) === opened) readers.delete(file);
    });
  }
  let st = r.statements.get(sql);
  if (!st) {
    st = r.conn.prepare(sql);
    r.statements.set(sql, st);
  }
  return st as unknown as Database.Statement<P, R>;
}
