/** Database, WAL and backup files hold patients' details: created readable by the service's own user only. */
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { migrate } from "./migrate";
import { backupSqlite } from "./backup";

const dir = mkdtempSync(join(tmpdir(), "ed-modes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mode = (f: string) => statSync(f).mode & 0o777;

describe("SQLite files are private to the service (0600)", () => {
  it("makes the database, its WAL and shared memory, and a backup 0600, whatever the umask", async () => {
    const before = process.umask(0o022);
    try {
      const file = join(dir, "data", "ed.db");
      await migrate(`file:${file}`);
      expect(mode(file)).toBe(0o600);
      expect(statSync(join(dir, "data")).mode & 0o077).toBe(0);
      const conn = new Database(file);
      conn.pragma("journal_mode = WAL");
      conn.exec(`CREATE TABLE IF NOT EXISTS "ModeProbe" (x INTEGER)`);
      conn.exec(`INSERT INTO "ModeProbe" VALUES (1)`);
      expect(existsSync(`${file}-wal`)).toBe(true);
      expect(mode(`${file}-wal`)).toBe(0o600);
      expect(mode(`${file}-shm`)).toBe(0o600);
      conn.close();
      const out = join(dir, "backups", "ed-backup.db");
      await backupSqlite(file, out, { root: process.cwd() });
      expect(mode(out)).toBe(0o600);
    } finally {
      process.umask(before);
    }
  });
});
