import { keepSqliteFilesPrivate } from "./private-files";
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { migrationsDir, readMigrations } from "./migrate";

/**
 * Backup and restore of the embedded SQLite database (PostgreSQL has its own tools: pg_dump, pg_basebackup and
 * WAL archiving; see the README).
 *
 * Backup uses SQLite's online backup API (better-sqlite3 `db.backup()`) from a read-only connection: it copies
 * the pages of one committed state while the server keeps writing (WAL mode: readers never block writers). If a
 * write lands between two copy steps SQLite restarts the copy, and after a few restarts the rest is copied in one
 * step, inside one read transaction, so a busy server cannot starve it. The copy is written beside the target,
 * verified (integrity_check, the migration table) and only then renamed into place.
 *
 * Restore never loses data: it verifies the backup first, refuses while anything holds the current database, keeps
 * the current database as a safety copy, and only then swaps the backup in (stale -wal/-shm removed).
 */

export interface BackupResult {
  path: string;
  bytes: number;
  pages: number;
  /** How often SQLite restarted the copy because the source changed under it. */
  restarts: number;
  migrations: string[];
  ms: number;
}

export interface VerifyResult {
  ok: boolean;
  problems: string[];
  /** Migrations recorded in the file. */
  migrations: string[];
  /** Migrations this version of the app has that the file lacks (npm start applies them). */
  pending: string[];
}

const utcStamp = (d = new Date()) => d.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/:/g, "-");

export function defaultBackupPath(dir = "data/backups", now = new Date()): string {
  return join(dir, `ed-${utcStamp(now)}.db`);
}

/** Whole-file checks: SQLite's integrity check, the migration table, and migrations this code knows. */
export function verifySqliteFile(file: string, options: { root?: string; requireKnownMigrations?: boolean } = {}): VerifyResult {
  const problems: string[] = [];
  if (!existsSync(file)) return { ok: false, problems: [`${file} does not exist`], migrations: [], pending: [] };
  let conn: Database.Database;
  try {
    conn = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    return { ok: false, problems: [`${file} cannot be opened as a SQLite database: ${(e as Error).message}`], migrations: [], pending: [] };
  }
  let migrations: { migration_name: string; checksum: string }[] = [];
  try {
    const integrity = (conn.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (integrity.length !== 1 || integrity[0] !== "ok") problems.push(`integrity_check: ${integrity.slice(0, 5).join("; ")}`);
    const table = conn.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
    if (!table) problems.push("the migration table (_prisma_migrations) is missing: this is not an ed-capacity database");
    else
      migrations = conn
        .prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`)
        .all() as typeof migrations;
    if (table && migrations.length === 0) problems.push("no migration has been applied to it");
  } catch (e) {
    problems.push(`${file} could not be read: ${(e as Error).message}`);
  } finally {
    conn.close();
  }
  const known = readMigrations(migrationsDir("sqlite", options.root));
  if (options.requireKnownMigrations !== false) {
    for (const m of migrations) {
      const local = known.find((k) => k.name === m.migration_name);
      if (!local) problems.push(`it has migration ${m.migration_name}, which this version of the app does not know (the backup is from a newer version)`);
      else if (local.checksum !== m.checksum) problems.push(`its migration ${m.migration_name} differs from this version's`);
    }
  }
  const names = migrations.map((m) => m.migration_name);
  return { ok: problems.length === 0, problems, migrations: names, pending: known.map((k) => k.name).filter((n) => !names.includes(n)) };
}

function fsyncFile(path: string) {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(dir: string) {
  try {
    fsyncFile(dir);
  } catch {
    // Not every platform can fsync a directory; the rename is still atomic.
  }
}

/** A consistent copy of a live SQLite database into `out` (which must not exist). */
export async function backupSqlite(source: string, out: string, options: { pagesPerStep?: number; restartsBeforeOneStep?: number; root?: string } = {}): Promise<BackupResult> {
  const started = performance.now();
  const src = resolve(source);
  const dest = resolve(out);
  if (!existsSync(src)) throw new Error(`There is no database at ${src}`);
  if (existsSync(dest)) throw new Error(`${dest} already exists; choose another --out`);
  mkdirSync(dirname(dest), { recursive: true, mode: 0o700 });
  const partial = `${dest}.partial`;
  rmSync(partial, { force: true });

  const pagesPerStep = options.pagesPerStep ?? 0x7fffffff;
  const restartsBeforeOneStep = options.restartsBeforeOneStep ?? 3;
  let restarts = 0;
  let lastRemaining = Infinity;
  let pages = 0;
  const conn = new Database(src, { readonly: true, fileMustExist: true, timeout: 10_000 });
  try {
    const result = await conn.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        pages = totalPages;
        // The source changed between steps: SQLite starts the copy again from the first page.
        if (remainingPages > lastRemaining) restarts++;
        lastRemaining = remainingPages;
        return restarts >= restartsBeforeOneStep ? 0x7fffffff : pagesPerStep;
      },
    });
    pages = result.totalPages;
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  } finally {
    conn.close();
  }

  // A backup is one self-contained file: rollback journal mode, so no -wal is needed beside it.
  const copy = new Database(partial);
  try {
    copy.pragma("journal_mode = DELETE");
  } finally {
    copy.close();
  }
  const verified = verifySqliteFile(partial, { root: options.root });
  if (!verified.ok) {
    rmSync(partial, { force: true });
    throw new Error(`The backup failed verification (nothing was kept): ${verified.problems.join("; ")}`);
  }
  keepSqliteFilesPrivate(partial);
  fsyncFile(partial);
  renameSync(partial, dest);
  fsyncDir(dirname(dest));
  return { path: dest, bytes: statSync(dest).size, pages, restarts, migrations: verified.migrations, ms: Math.round(performance.now() - started) };
}

/** Processes (this user's, as /proc shows them) that have the database, its WAL or its shared memory open. */
export function processesHolding(file: string): { pid: number; command: string }[] | null {
  if (!existsSync("/proc/self/fd")) return null;
  const targets = new Set([file, `${file}-wal`, `${file}-shm`, `${file}-journal`].map((f) => resolve(f)));
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      if (targets.has(link.replace(/ \(deleted\)$/, ""))) {
        let command = "";
        try {
          command = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ").trim();
        } catch {
          command = "";
        }
        found.push({ pid: Number(entry), command: command.slice(0, 200) });
        break;
      }
    }
  }
  return found;
}

export class RestoreRefused extends Error {}

export interface RestoreResult {
  restored: string;
  /** Where the database that was in place went (null when there was none). */
  safetyCopy: string | null;
  safetyCopyKind: "backup-api" | "raw-files" | null;
  migrations: string[];
  pending: string[];
}

/** Why the database cannot be replaced now, or null. */
export function databaseInUse(file: string, options: { recentWriteMs?: number } = {}): string | null {
  const path = resolve(file);
  if (!existsSync(path)) return null;
  const holders = processesHolding(path);
  if (holders && holders.length) {
    return `the database is open in ${holders.map((h) => `process ${h.pid}${h.command ? ` (${h.command})` : ""}`).join(", ")}: stop the server first`;
  }
  const recent = options.recentWriteMs ?? 5_000;
  for (const f of [path, `${path}-wal`]) {
    if (existsSync(f) && Date.now() - statSync(f).mtimeMs < recent) return `${basename(f)} was written less than ${recent / 1000} s ago: something is still writing to it`;
  }
  // Whatever /proc could not show (another user's process, another host on a shared disk): try the write lock.
  const conn = new Database(path, { fileMustExist: true, timeout: 0 });
  try {
    conn.exec("BEGIN EXCLUSIVE");
    conn.exec("ROLLBACK");
  } catch (e) {
    return `the database is locked by another connection (${(e as Error).message}): stop the server first`;
  } finally {
    conn.close();
  }
  return null;
}

/**
 * Puts `backup` in place of the database at `target`. Refuses (RestoreRefused) when the backup fails verification,
 * when anything holds the target, or when a database is in place and `force` is not given.
 */
export async function restoreSqlite(target: string, backup: string, options: { force?: boolean; safetyDir?: string; root?: string; recentWriteMs?: number } = {}): Promise<RestoreResult> {
  const dest = resolve(target);
  const src = resolve(backup);
  if (src === dest) throw new RestoreRefused("The backup and the database are the same file");
  const verified = verifySqliteFile(src, { root: options.root });
  if (!verified.ok) throw new RestoreRefused(`The backup cannot be restored: ${verified.problems.join("; ")}. Nothing was changed.`);

  const exists = existsSync(dest);
  if (exists) {
    const inUse = databaseInUse(dest, { recentWriteMs: options.recentWriteMs });
    if (inUse) throw new RestoreRefused(`Not restoring: ${inUse}. Nothing was changed.`);
    if (!options.force) {
      throw new RestoreRefused(
        `A database is in place at ${dest}. Restoring replaces it (it is kept as a safety copy first). Stop every server using it, then run again with --force.`,
      );
    }
  }

  let safetyCopy: string | null = null;
  let safetyCopyKind: RestoreResult["safetyCopyKind"] = null;
  if (exists) {
    const dir = resolve(options.safetyDir ?? join(dirname(dest), "backups"));
    const stamp = utcStamp();
    const copyPath = join(dir, `pre-restore-${stamp}.db`);
    try {
      const r = await backupSqlite(dest, copyPath, { root: options.root });
      safetyCopy = r.path;
      safetyCopyKind = "backup-api";
    } catch {
      // The current database may be damaged (a reason to restore): keep its files exactly as they are.
      const rawDir = join(dir, `pre-restore-${stamp}.raw`);
      mkdirSync(rawDir, { recursive: true });
      for (const suffix of ["", "-wal", "-shm", "-journal"]) {
        if (existsSync(dest + suffix)) {
          copyFileSync(dest + suffix, join(rawDir, basename(dest) + suffix));
          fsyncFile(join(rawDir, basename(dest) + suffix));
        }
      }
      safetyCopy = rawDir;
      safetyCopyKind = "raw-files";
    }
  }

  // Copy beside the target, then swap in with a rename (atomic); the old WAL must not meet the new file.
  mkdirSync(dirname(dest), { recursive: true });
  const incoming = `${dest}.restoring`;
  copyFileSync(src, incoming);
  keepSqliteFilesPrivate(incoming);
  fsyncFile(incoming);
  for (const suffix of ["-wal", "-shm", "-journal"]) rmSync(dest + suffix, { force: true });
  renameSync(incoming, dest);
  fsyncDir(dirname(dest));

  const conn = new Database(dest, { fileMustExist: true });
  try {
    conn.pragma("journal_mode = WAL");
    const check = conn.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new Error(`The restored database failed quick_check (${String(check)}); the previous database is at ${safetyCopy}`);
  } finally {
    conn.close();
  }
  return { restored: dest, safetyCopy, safetyCopyKind, migrations: verified.migrations, pending: verified.pending };
}
