import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemo } from "../seed/demo";
import { SYSTEM, type StaffActor } from "../auth/actor";
import { bookTestPatient } from "../testing/book-test-patient";
import { testReportXml } from "../testing/test-report";
import { receiveUploadedDocument } from "../clinical/receive-clinical-document";
import { sweepAwaitingDocuments } from "../clinical/sweep-awaiting-documents";
import { resolveWalkIn } from "../clinical/resolve-walk-in";
import { checkHealth } from "../health/check-health";
import { now as clockNow } from "../time/clock";
import { arrivalsConfig } from "./arrivals-config";
import { createContactTasks } from "./contact-tasks";
import { snapshotHealth, writeBoardSnapshot } from "./downtime-snapshot";

const clerk: StaffActor = { type: "staff", id: "clerk-snap", name: "Sam Clerk", role: "clerk" };

describe("the downtime snapshot", () => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("holds the expected arrivals, the expected walk-ins and the patients still to be phoned, written whole with a stable latest copy", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ed-share-"));
    const cfg = { ...arrivalsConfig(), snapshotDir: dir };
    const booked = await bookTestPatient({ patient: { nhsNumber: "9990013012", given: "Ada", family: "Snapshotbooked" } });
    const phoned = await bookTestPatient({ patient: { nhsNumber: "9990013365", given: "Bea", family: "Snapshotphoned" } });
    await createContactTasks([phoned.appointmentId], "Capacity cut: tell the patient their arrival time has moved", SYSTEM);
    // A 111 referral without a booking: it waits for one, then becomes an expected walk-in.
    await receiveUploadedDocument(testReportXml({ documentId: randomUUID(), nhsNumber: "9990013446", given: "Cai", family: "Snapshotwalkin", birthDate: "2019-04-02" }), { actor: clerk });
    // One a clerk has closed: still listed for a day, but on paper it must say it is no longer expected.
    const closed = await receiveUploadedDocument(testReportXml({ documentId: randomUUID(), nhsNumber: "9990013454", given: "Dee", family: "Snapshotclosed", birthDate: "1980-06-02" }), { actor: clerk });
    const later = new Date(clockNow().getTime() + 3 * 3600_000);
    await sweepAwaitingDocuments(later);
    const closedRow = await db().clinicalDocument.findUniqueOrThrow({ where: { id: closed.recordId } });
    await resolveWalkIn({ recordId: closed.recordId, expectedVersion: closedRow.version, outcome: "closed", note: "111 sent the patient to their GP" }, clerk);

    const files = await writeBoardSnapshot(clockNow(), cfg);
    const html = readFileSync(files.find((f) => f.endsWith(".html"))!, "utf8");
    expect(html).toContain("SNAPSHOTBOOKED");
    expect(html).toContain("Expected walk-ins (111 referrals without a booking)");
    expect(html).toContain("Cai Snapshotwalkin");
    expect(html).toMatch(/<td>Dee Snapshotclosed<br>[^]*?<td>Closed [^<]*: 111 sent the patient to their GP<\/td><\/tr>/);
    expect(html).toContain("Open contact tasks (patients still to be phoned)");
    expect(html).toContain("Capacity cut: tell the patient their arrival time has moved");
    expect(html).toContain("@page{size:A4 landscape");
    // Every day on paper opens with its own heading and page.
    expect(html).toMatch(/<section class="day"><h2>(Yesterday|Today|Tomorrow) \(/);
    const csv = readFileSync(files.find((f) => f.endsWith(".csv"))!, "utf8");
    expect(csv).toContain("Snapshotwalkin");
    expect(csv).toMatch(/Snapshotwalkin.*Not yet: still expected/);
    expect(csv).toMatch(/Snapshotclosed.*Closed .*111 sent the patient to their GP/);
    expect(csv).toContain("Open contact tasks");
    expect(booked.appointmentId).toBeTruthy();

    // Written under a temporary name and renamed: nothing half-written is left, and the latest copy is complete.
    expect(readdirSync(dir).filter((f) => f.startsWith(".tmp-"))).toEqual([]);
    expect(readFileSync(join(dir, "arrivals-latest.html"), "utf8")).toBe(html);
    expect(await snapshotHealth(clockNow(), cfg)).toMatchObject({ enabled: true, ok: true, problem: null });
  });

  it("says clearly, in the log and on /api/health, when the share cannot be written, and keeps no partial file", async () => {
    const parent = mkdtempSync(join(tmpdir(), "ed-share-"));
    const notAFolder = join(parent, "share-not-mounted");
    writeFileSync(notAFolder, "a file where the mounted share should be");
    const cfg = { ...arrivalsConfig(), snapshotDir: notAFolder };
    const at = clockNow();
    await expect(writeBoardSnapshot(at, cfg)).rejects.toThrow();
    const health = await snapshotHealth(at, cfg);
    expect(health.ok).toBe(false);
    expect(health.problem).toContain("could not be written to");
    expect(health.problem).toContain(notAFolder);
    const overall = await checkHealth(at);
    expect(overall.status).not.toBe("ok");
    expect(overall.downtimeSnapshot.ok).toBe(false);
    expect(existsSync(join(notAFolder, "arrivals-latest.html"))).toBe(false);
  });
});
