import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { Forbidden } from "../errors";
import { auditFilter, searchAudit } from "./list-audit";
import { auditRow, recordAudit } from "./record-audit";

const admin = { type: "staff" as const, id: "admin-1", name: "Ada Admin", role: "admin" as const };
const clinician = { type: "staff" as const, id: "clin-1", name: "Chris Clinician", role: "clinician" as const };
const consumer = { type: "consumer" as const, asid: "918999198993", odsCode: "NZZ01", orgName: "Demo 111" };
const PATIENT = "9993766984";
const OTHER = "9999492304";

beforeAll(async () => {
  await recordAudit(consumer, { action: "fhir.appointment.read", entityType: "Appointment", entityId: "a1", patientNhsNumber: PATIENT });
  await recordAudit(clinician, { action: "booking.view", entityType: "Appointment", entityId: "a1", patientNhsNumber: PATIENT });
  await recordAudit(clinician, { action: "booking.view", entityType: "Appointment", entityId: "a2", patientNhsNumber: OTHER });
  await recordAudit({ ...consumer, asid: "918999100000", odsCode: "NZZ02", orgName: "North 111" }, { action: "fhir.search-slot", entityType: "Slot" });
});

describe("the audit log for a subject access request", () => {
  it("finds every event about one patient, including a 111 system's FHIR read, and records the search with the NHS number", async () => {
    const rows = await searchAudit(auditFilter.parse({ nhsNumber: "999 376 6984" }), admin);
    expect(rows.map((r) => r.action).sort()).toEqual(["booking.view", "fhir.appointment.read"]);
    expect(rows.find((r) => r.action === "fhir.appointment.read")).toMatchObject({ consumerOds: "NZZ01", consumerAsid: "918999198993", actorRole: "111 system" });
    const recorded = await db().auditEvent.findMany({ where: { action: "audit.search", actorId: admin.id } });
    expect(recorded).toHaveLength(1);
    expect(recorded[0].patientNhsNumber).toBe(PATIENT);
    expect(JSON.parse(recorded[0].detail!)).toMatchObject({ filter: { nhsNumber: PATIENT }, results: 2 });
    // The search now shows in the patient's own record.
    expect((await searchAudit(auditFilter.parse({ nhsNumber: PATIENT }), admin)).map((r) => r.action)).toContain("audit.search");
  });

  it("filters by consumer system (ODS code or ASID), member of staff, action and dates; every view is recorded", async () => {
    const before = await db().auditEvent.count({ where: { action: "audit.search" } });
    expect((await searchAudit(auditFilter.parse({ consumer: "nzz02" }), admin)).map((r) => r.action)).toEqual(["fhir.search-slot"]);
    expect((await searchAudit(auditFilter.parse({ consumer: "918999198993" }), admin)).map((r) => r.action)).toEqual(["fhir.appointment.read"]);
    expect((await searchAudit(auditFilter.parse({ actor: "Chris", nhsNumber: OTHER }), admin)).map((r) => r.entityId)).toEqual(["a2"]);
    expect((await searchAudit(auditFilter.parse({ action: "fhir." }), admin)).map((r) => r.action).sort()).toEqual(["fhir.appointment.read", "fhir.search-slot"]);
    expect(await searchAudit(auditFilter.parse({ from: "2020-01-01", to: "2020-01-31" }), admin)).toEqual([]);
    expect(await db().auditEvent.count({ where: { action: "audit.search" } })).toBe(before + 5);
    const exported = await searchAudit(auditFilter.parse({ nhsNumber: OTHER }), admin, 5000, "export");
    expect(exported).toHaveLength(2); // the clinician's view and the search above
    expect(await db().auditEvent.count({ where: { action: "audit.export", patientNhsNumber: OTHER } })).toBe(1);
  });

  it("refuses an invalid NHS number or date range with a clear message, and anyone but an administrator", async () => {
    const bad = auditFilter.safeParse({ nhsNumber: "999 376 6985" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ["nhsNumber"], message: expect.stringMatching(/not a valid NHS number/) });
    expect(auditFilter.safeParse({ nhsNumber: "12345" }).error?.issues[0].message).toMatch(/10 digits/);
    expect(auditFilter.safeParse({ from: "2026-03-02", to: "2026-03-01" }).error?.issues[0]).toMatchObject({ path: ["to"] });
    const count = await db().auditEvent.count();
    await expect(searchAudit(auditFilter.parse({ nhsNumber: PATIENT }), { ...clinician, role: "manager" })).rejects.toBeInstanceOf(Forbidden);
    expect(await db().auditEvent.count()).toBe(count);
  });
});

describe("the audit log beyond one page", () => {
  it("pages past 500 events, newest first, with no event repeated or missed, even when several share a time", async () => {
    const base = Date.parse("2021-03-01T12:00:00Z");
    // 1,203 events, three to each second: more than two pages of 500.
    await db().auditEvent.createMany({
      data: Array.from({ length: 1203 }, (_, i) => auditRow(admin, { action: "paging.check", entityType: "Check", entityId: String(i) }, new Date(base + Math.floor(i / 3) * 1000))),
    });
    const filter = auditFilter.parse({ action: "paging." });
    const pages = [];
    for (let skip = 0; skip < 3000; skip += 500) {
      const page = await searchAudit(filter, admin, 501, "view", skip);
      pages.push(page.slice(0, 500));
      if (page.length <= 500) break;
    }
    expect(pages.map((p) => p.length)).toEqual([500, 500, 203]);
    const ids = pages.flat().map((r) => r.entityId);
    expect(new Set(ids).size).toBe(1203);
    const times = pages.flat().map((r) => r.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // The later pages' searches are recorded with how many were skipped.
    const recorded = await db().auditEvent.findMany({ where: { action: "audit.search", actorId: admin.id, detail: { contains: "paging." } }, orderBy: { at: "asc" } });
    expect(recorded.map((r) => JSON.parse(r.detail!).skipped ?? 0).sort((a: number, b: number) => a - b)).toEqual([0, 500, 1000]);
  });
});
