// The README's PostgreSQL point-in-time restore drill, run for real on a throwaway PostgreSQL cluster:
//   npx tsx scripts/pg-pitr-drill.ts        (PITR_PORT, default 3295; needs the PostgreSQL server binaries)
// initdb with WAL archiving (wal_level, archive_mode, archive_command) → migrate and seed → bookings → pg_basebackup →
// more bookings → note the time → a mistake (every booking cancelled by a bad script) → crash → restore the base
// backup with restore_command and recovery_target_time → every booking is back, the mistake is not, and the app
// books on the recovered database. As root, the PostgreSQL commands run as the postgres user.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { migrate } from "../lib/db/migrate";
import { db, resetDbForTests } from "../lib/db/client";
import { seedAssurance } from "../lib/seed/assurance";
import { bookTestPatient } from "../lib/testing/book-test-patient";
import { testNhsNumber } from "../lib/nhs/nhs-number";

const PORT = Number(process.env.PITR_PORT ?? 3295);
const started = Date.now();
const dir = `/tmp/ed-pitr-${process.pid}`;
const data = join(dir, "data");
const archive = join(dir, "archive");
const base = join(dir, "base");
const log = join(dir, "postgres.log");
const url = `postgres://postgres@127.0.0.1:${PORT}/ed`;

function binDir(): string {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))).sort((a, b) => Number(a) - Number(b));
    if (versions.length) return join(root, versions.at(-1)!, "bin");
  }
  throw new Error("PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) not found under /usr/lib/postgresql");
}
const bin = binDir();
const asRoot = process.getuid?.() === 0;
function pgRun(cmd: string, args: string[]) {
  const full = join(bin, cmd);
  const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", full, ...args]] : [full, args];
  return execFileSync(file, argv, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
}
function own(path: string) {
  if (asRoot) {
    const { uid, gid } = { uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" })), gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" })) };
    chownSync(path, uid, gid);
  }
}
const step = (s: string) => console.log(`[pitr] ${((Date.now() - started) / 1000).toFixed(1)} s  ${s}`);

async function query<T extends pg.QueryResultRow>(sql: string, database = "ed"): Promise<T[]> {
  const c = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${PORT}/${database}` });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 30_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let n = 0;
const tried = new Set<string>();
async function book(): Promise<string> {
  for (;;) {
    const slot = await db().slot.findFirst({ where: { status: "free", start: { gte: new Date() }, id: { notIn: [...tried] } }, orderBy: [{ start: "asc" }, { id: "asc" }] });
    if (!slot) throw new Error("no free slot");
    tried.add(slot.id);
    n++;
    try {
      return (await bookTestPatient({ slotId: slot.id, patient: { nhsNumber: testNhsNumber(70_000 + n), family: `Drill${n}` } })).appointmentId;
    } catch {
      // a capacity limit refused this one; take the next
    }
  }
}

async function main() {
  const problems: string[] = [];
  rmSync(dir, { recursive: true, force: true });
  for (const d of [dir, archive, base]) {
    mkdirSync(d, { recursive: true, mode: 0o700 });
    own(d);
  }
  pgRun("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-instructions"]);
  appendFileSync(
    join(data, "postgresql.conf"),
    `\nport = ${PORT}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nwal_level = replica\narchive_mode = on\narchive_command = 'test ! -f ${archive}/%f && cp %p ${archive}/%f'\n`,
  );
  pgRun("pg_ctl", ["-D", data, "-l", log, "-w", "start"]);
  step(`cluster with WAL archiving on 127.0.0.1:${PORT}`);
  await query("CREATE DATABASE ed", "postgres");
  process.env.DATABASE_URL = url;
  await migrate(url);
  await seedAssurance(db());
  const before = [await book(), await book(), await book()];
  step(`migrated, seeded, ${before.length} bookings`);

  pgRun("pg_basebackup", ["-h", "127.0.0.1", "-p", String(PORT), "-U", "postgres", "-D", base, "-Ft", "-z", "-X", "stream", "--checkpoint=fast"]);
  step(`base backup: ${readdirSync(base).join(", ")}`);
  const after = [await book(), await book(), await book()];
  const [{ t }] = await query<{ t: string }>(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' AS t`);
  await new Promise((r) => setTimeout(r, 1100));
  // The mistake to undo: a bad script cancels every booking.
  await query(`UPDATE "Appointment" SET status = 'cancelled', "activeSlotId" = NULL`);
  const [{ wal }] = await query<{ wal: string }>(`SELECT pg_walfile_name(pg_current_wal_lsn()) AS wal`);
  await query(`SELECT pg_switch_wal()`);
  await waitFor(`WAL ${wal} archived`, async () => existsSync(join(archive, wal)));
  step(`${after.length} more bookings; target time ${t}; then every booking cancelled by mistake; WAL archived up to ${wal}`);
  await resetDbForTests();

  pgRun("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
  renameSync(data, `${data}.old`);
  mkdirSync(data, { mode: 0o700 });
  own(data);
  const tar = (file: string, into: string) => (asRoot ? execFileSync("runuser", ["-u", "postgres", "--", "tar", "-xzf", file, "-C", into]) : execFileSync("tar", ["-xzf", file, "-C", into]));
  tar(join(base, "base.tar.gz"), data);
  tar(join(base, "pg_wal.tar.gz"), join(data, "pg_wal"));
  appendFileSync(join(data, "postgresql.conf"), `\nrestore_command = 'cp ${archive}/%f %p'\nrecovery_target_time = '${t}'\nrecovery_target_action = 'promote'\n`);
  writeFileSync(join(data, "recovery.signal"), "");
  own(join(data, "recovery.signal"));
  step("crashed; old data directory kept aside; base backup unpacked with restore_command and recovery_target_time");
  pgRun("pg_ctl", ["-D", data, "-l", log, "-w", "-t", "60", "start"]);
  await waitFor("recovery to finish and promote", async () => (await query<{ r: boolean }>("SELECT pg_is_in_recovery() AS r"))[0].r === false, 60_000);
  step("recovered and promoted");

  const rows = await query<{ id: string; status: string }>(`SELECT id, status FROM "Appointment"`);
  const status = new Map(rows.map((r) => [r.id, r.status]));
  for (const id of [...before, ...after]) if (status.get(id) !== "booked") problems.push(`booking ${id} is ${status.get(id) ?? "missing"} after the restore`);
  if (rows.length !== before.length + after.length) problems.push(`${rows.length} bookings after the restore, expected ${before.length + after.length}`);
  const busy = await query<{ c: string }>(`SELECT COUNT(*) c FROM "Slot" WHERE status = 'busy'`);
  if (Number(busy[0].c) !== before.length + after.length) problems.push(`${busy[0].c} busy slots after the restore`);
  const again = await book();
  if (!again) problems.push("the app could not book on the recovered database");
  step(`after the restore: ${rows.filter((r) => r.status === "booked").length} of ${rows.length} bookings active (the mistake undone); a new booking works`);
  await resetDbForTests();

  pgRun("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  if (statSync(`${data}.old`).isDirectory() && !problems.length) rmSync(dir, { recursive: true, force: true });
  if (problems.length) {
    console.log(problems.join("\n"));
    console.log(`point-in-time restore drill: 0 passed, ${problems.length} failed (cluster files kept in ${dir})`);
    process.exit(1);
  }
  console.log(`point-in-time restore drill: 1 passed, 0 failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

main().catch(async (e) => {
  console.error(`[pitr] ${e instanceof Error ? e.message : e}`);
  try {
    pgRun("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
  } catch {
    // not running
  }
  console.log(`point-in-time restore drill: 0 passed, 1 failed (files in ${dir}, log ${log})`);
  process.exit(1);
});
