import { chmodSync, existsSync } from "node:fs";

/**
 * Database files hold patients' details: only the service's own user may read them (0600). SQLite gives its -wal
 * and -shm files the mode of the database file, so setting the database's is enough for new ones; existing ones are
 * set too (a database made before this rule).
 */
export function keepSqliteFilesPrivate(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(f)) chmodSync(f, 0o600);
  }
}
