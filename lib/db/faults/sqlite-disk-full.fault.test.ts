/**
 * SQLite on a full disk: a small tmpfs mounted for the test (the CI runner is root; where mounting is not allowed
 * the test fails and says so, never skips). Once the disk is full, a booking is refused with DatabaseUnavailable
 * (a 503 at the doors, nothing half-written), /api/health answers 503 with `writes-failing` while reads still work,
 * and when room is made again both recover on their own.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as healthRoute } from "@/app/api/health/route";
import { DatabaseUnavailable } from "../../errors";
import { db, resetDbForTests } from "../client";
import { migrate } from "../migrate";
import { book, makeService, patient, type TestService } from "../../testing/capacity-fixtures";
import { now as clockNow } from "../../time/clock";

const mountPoint = mkdtempSync(join(tmpdir(), "ed-fault-tmpfs-"));
const dbFile = join(mountPoint, "data", "ed.db");
const filler = join(mountPoint, "filler");
let service: TestService;
let slotIds: string[] = [];

/** Writes zeros until the disk refuses (ENOSPC). */
function fillDisk() {
  const fd = openSync(filler, "a");
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOSPC") throw e;
  } finally {
    closeSync(fd);
  }
  // The last partial blocks too.
  const small = Buffer.alloc(512);
  const fd2 = openSync(filler, "a");
  try {
    for (;;) writeSync(fd2, small);
  } catch {
    // full
  } finally {
    closeSync(fd2);
  }
}

beforeAll(async () => {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs", mountPoint], { stdio: "pipe" });
  } catch (e) {
    throw new Error(`This test mounts a small tmpfs to fill it and needs permission to (run as root in CI): ${(e as Error).message}`);
  }
  mkdirSync(join(mountPoint, "data"));
  process.env.DATABASE_URL = `file:${dbFile}`;
  await migrate(process.env.DATABASE_URL);
  await resetDbForTests();
  service = await makeService(clockNow(), { start: "00:00", end: "23:59", horizonHours: 24 });
  slotIds = (await db().slot.findMany({ where: { serviceId: service.serviceId, status: "free", start: { gt: new Date(clockNow().getTime() + 2 * 3600_000) } }, orderBy: { start: "asc" }, take: 3 })).map((s) => s.id);
  expect(slotIds).toHaveLength(3);
}, 60_000);

afterAll(async () => {
  await resetDbForTests();
  try {
    execFileSync("umount", [mountPoint], { stdio: "pipe" });
  } finally {
    rmSync(mountPoint, { recursive: true, force: true });
  }
});

describe("SQLite on a full disk (tmpfs)", () => {
  it("books and reports healthy while there is room", async () => {
    await book(slotIds[0], "NZZ91", patient(91), clockNow());
    const h = await healthRoute();
    expect(h.status).toBe(200);
    expect((await h.json()).database).toBe("ok");
  });

  it("refuses a booking with DatabaseUnavailable and health answers 503 writes-failing when the disk is full; then recovers", async () => {
    // Empty the write-ahead log first, so the next write needs new room on the disk.
    const c = new Database(dbFile);
    c.pragma("wal_checkpoint(TRUNCATE)");
    c.close();
    fillDisk();

    const refused = await book(slotIds[1], "NZZ91", patient(92), clockNow()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(DatabaseUnavailable);
    expect((refused as DatabaseUnavailable).retryAfterSeconds).toBeGreaterThan(0);
    const h = await healthRoute();
    expect(h.status).toBe(503);
    expect(await h.json()).toMatchObject({ status: "down", database: "writes-failing" });
    // Reads still work: the slot was not taken.
    expect((await db().slot.findUniqueOrThrow({ where: { id: slotIds[1] } })).status).toBe("free");

    // Room again: no restart needed.
    writeFileSync(filler, "");
    rmSync(filler);
    const again = await book(slotIds[1], "NZZ91", patient(92), clockNow());
    expect(again.appointmentId).toBeTruthy();
    const ok = await healthRoute();
    expect(ok.status).toBe(200);
    expect((await ok.json()).database).toBe("ok");
  });
});
