import { spawn, spawnSync } from "node:child_process";
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, resetDbForTests } from "./client";
import { sqlitePath } from "./url";
import { backupSqlite, restoreSqlite, RestoreRefused, verifySqliteFile } from "./backup";
import { seedDemo } from "../seed/demo";
import { bookTestPatient } from "../testing/book-test-patient";
import { testNhsNumber } from "../nhs/nhs-number";

// Backup and restore of the embedded SQLite database (npm run db:backup / db:restore). On PostgreSQL the commands
// only point at pg_dump / pg_basebackup, and that is what is tested there.
const onPostgres = !!process.env.TEST_POSTGRES_URL;

if (!onPostgres) {
  describe("SQLite online backup and restore", () => {
    let dir: string;
    let file: string;
    let backup: string;
    let bookingsInBackup = 0;
    let bookingsAfterBackup = 0;
    let n = 0;

    const tried = new Set<string>();
    /** Books the next free slot not tried before (a slot a capacity limit refuses is not tried again). */
    async function bookOne(): Promise<boolean> {
      n++;
      const slot = await db().slot.findFirst({ where: { status: "free", start: { gte: new Date() }, id: { notIn: [...tried] } }, orderBy: [{ start: "asc" }, { id: "asc" }] });
      if (!slot) return false;
      tried.add(slot.id);
      try {
        await bookTestPatient({ slotId: slot.id, patient: { nhsNumber: testNhsNumber(40_000 + n), family: `Backup${n}` } });
        return true;
      } catch {
        return false;
      }
    }

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "ed-backup-"));
      file = sqlitePath(process.env.DATABASE_URL!);
      await seedDemo(db());
      let booked = 0;
      for (let i = 0; i < 20 && booked < 5; i++) if (await bookOne()) booked++;
      expect(booked).toBe(5);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("a backup taken while bookings are being written is consistent: integrity ok, every booking whole, its slot busy", async () => {
      const before = await db().appointment.count();
      let stop = false;
      let written = 0;
      const writer = (async () => {
        while (!stop) {
          if (await bookOne()) written++;
          await new Promise((r) => setImmediate(r));
        }
      })();
      // Let the writer get going, then back up one page per step so its commits land between the steps.
      const until = Date.now() + 20_000;
      while (written < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      expect(written).toBeGreaterThanOrEqual(3);
      const duringBefore = written;
      backup = join(dir, "ed-backup.db");
      const result = await backupSqlite(file, backup, { pagesPerStep: 1, restartsBeforeOneStep: 3 });
      const writtenDuring = written - duringBefore;
      stop = true;
      await writer;
      const after = await db().appointment.count();

      console.log(`[backup] ${writtenDuring} bookings committed while the backup ran; copy restarted ${result.restarts}×; ${result.pages} pages in ${result.ms} ms`);
      expect(writtenDuring).toBeGreaterThan(0);
      // SQLite noticed the writes and started the copy again (then finished it in one consistent step).
      expect(result.restarts).toBeGreaterThan(0);
      expect(result.bytes).toBeGreaterThan(0);
      expect(verifySqliteFile(backup)).toMatchObject({ ok: true, problems: [] });

      const copy = new Database(backup, { readonly: true });
      try {
        expect(copy.pragma("journal_mode", { simple: true })).toBe("delete");
        const booked = copy.prepare(`SELECT COUNT(*) c FROM Appointment WHERE status = 'booked'`).get() as { c: number };
        const busy = copy.prepare(`SELECT COUNT(*) c FROM Slot WHERE status = 'busy'`).get() as { c: number };
        const slotNotBusy = copy.prepare(`SELECT a.id FROM Appointment a JOIN Slot s ON s.id = a.slotId WHERE a.status = 'booked' AND s.status <> 'busy'`).all();
        const noPatient = copy.prepare(`SELECT a.id FROM Appointment a LEFT JOIN Patient p ON p.id = a.patientId WHERE p.id IS NULL`).all();
        const noVersion = copy.prepare(`SELECT a.id FROM Appointment a LEFT JOIN AppointmentVersion v ON v.appointmentId = a.id AND v.versionId = 1 WHERE v.id IS NULL`).all();
        const noAudit = copy.prepare(`SELECT a.id FROM Appointment a WHERE NOT EXISTS (SELECT 1 FROM AuditEvent e WHERE e.entityId = a.id)`).all();
        bookingsInBackup = booked.c;
        expect(slotNotBusy).toEqual([]);
        expect(busy.c).toBe(booked.c);
        expect(noPatient).toEqual([]);
        expect(noVersion).toEqual([]);
        expect(noAudit).toEqual([]);
        // One committed state between the first and the last booking of the run.
        expect(booked.c).toBeGreaterThanOrEqual(before);
        expect(booked.c).toBeLessThanOrEqual(after);
      } finally {
        copy.close();
      }
      // Some more bookings after the backup: the restore below must not lose them (they go to the safety copy).
      for (let i = 0; i < 3; i++) await bookOne();
      bookingsAfterBackup = await db().appointment.count();
      expect(bookingsAfterBackup).toBeGreaterThan(bookingsInBackup);
    });

    it("restore refuses while another process has the database open, and changes nothing", async () => {
      await resetDbForTests();
      const holder = spawn(process.execPath, ["-e", `const D=require("better-sqlite3");const d=new D(${JSON.stringify(file)});d.prepare("SELECT 1").get();console.log("open");setInterval(()=>{},1000);`], { stdio: ["ignore", "pipe", "inherit"] });
      try {
        await new Promise<void>((resolve, reject) => {
          holder.stdout!.on("data", () => resolve());
          holder.on("exit", () => reject(new Error("holder exited")));
        });
        await expect(restoreSqlite(file, backup, { force: true, recentWriteMs: 0, safetyDir: join(dir, "safety-refused") })).rejects.toThrow(new RegExp(`open in process ${holder.pid}`));
        expect(existsSync(join(dir, "safety-refused"))).toBe(false);
      } finally {
        holder.kill("SIGKILL");
        await new Promise((r) => holder.once("exit", r));
      }
      expect(await db().appointment.count()).toBe(bookingsAfterBackup);
    });

    it("restore refuses a damaged backup, one from a newer version, and replacing a database without --force", async () => {
      await resetDbForTests();
      const damaged = join(dir, "damaged.db");
      copyFileSync(backup, damaged);
      const bytes = new Database(damaged);
      const pageSize = bytes.pragma("page_size", { simple: true }) as number;
      bytes.close();
      // Overwrite a stretch of pages in the middle of the file with noise.
      const fd = openSync(damaged, "r+");
      writeSync(fd, Buffer.alloc(pageSize * 4, 0x5a), 0, pageSize * 4, pageSize * 6);
      closeSync(fd);
      await expect(restoreSqlite(file, damaged, { force: true, recentWriteMs: 0 })).rejects.toThrow(RestoreRefused);

      const newer = join(dir, "newer.db");
      copyFileSync(backup, newer);
      const c = new Database(newer);
      c.prepare(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ('x', 'y', '2099-01-01', '20990101000000_future', '2099-01-01', 1)`).run();
      c.close();
      await expect(restoreSqlite(file, newer, { force: true, recentWriteMs: 0 })).rejects.toThrow(/does not know/);

      const notDb = join(dir, "not-a-database.db");
      writeFileSync(notDb, "hello");
      await expect(restoreSqlite(file, notDb, { force: true, recentWriteMs: 0 })).rejects.toThrow(RestoreRefused);

      await expect(restoreSqlite(file, backup, { recentWriteMs: 0 })).rejects.toThrow(/--force/);
      expect(await db().appointment.count()).toBe(bookingsAfterBackup);
    });

    it("restore keeps the current database as a safety copy, puts the backup in place, and the app works on it", async () => {
      await resetDbForTests();
      const safetyDir = join(dir, "safety");
      const r = await restoreSqlite(file, backup, { force: true, recentWriteMs: 0, safetyDir });
      expect(r.safetyCopyKind).toBe("backup-api");
      expect(r.pending).toEqual([]);
      // Nothing lost: the bookings made after the backup are in the safety copy.
      const safety = new Database(r.safetyCopy!, { readonly: true });
      expect((safety.prepare(`SELECT COUNT(*) c FROM Appointment`).get() as { c: number }).c).toBe(bookingsAfterBackup);
      safety.close();
      expect(readdirSync(safetyDir)).toHaveLength(1);
      // The restored database reads back as the backup, and takes new bookings.
      await resetDbForTests();
      expect(await db().appointment.count()).toBe(bookingsInBackup);
      expect(await bookOne()).toBe(true);
      expect(await db().appointment.count()).toBe(bookingsInBackup + 1);
      expect(verifySqliteFile(file).ok).toBe(true);
    });
  });
} else {
  describe("backup and restore commands on PostgreSQL", () => {
    it("point at pg_dump and pg_basebackup, exit 2 and do nothing", () => {
      const cwd = mkdtempSync(join(tmpdir(), "ed-pg-backup-"));
      try {
        for (const script of ["db-backup.ts", "db-restore.ts"]) {
          const args = [join(process.cwd(), "node_modules/tsx/dist/cli.mjs"), join(process.cwd(), "scripts", script), ...(script === "db-restore.ts" ? ["some.db"] : [])];
          const r = spawnSync(process.execPath, args, { cwd, env: { ...process.env }, encoding: "utf8" });
          expect(r.status).toBe(2);
          expect(r.stderr).toContain("pg_dump");
          expect(r.stderr).toContain("pg_basebackup");
          expect(r.stderr).toMatch(/did nothing/);
        }
        expect(readdirSync(cwd)).toEqual([]);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    });
  });
}
