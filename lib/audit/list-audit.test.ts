import { describe, expect, it } from "vitest";
import { auditCsv, auditFilter, type AuditRow } from "./list-audit";

describe("audit export", () => {
  it("quotes every cell and neutralises spreadsheet formulas", () => {
    const row: AuditRow = {
      id: "1",
      at: new Date("2026-11-23T10:00:00Z"),
      actorType: "staff",
      actorName: '=HYPERLINK("x")',
      actorRole: "admin",
      action: "booking.view",
      entityType: "Appointment",
      entityId: "a, b",
      outcome: "success",
      consumerOds: null,
      consumerAsid: null,
      patientNhsNumber: "9993766984",
      requestId: null,
      reason: 'said "hello"',
      breakGlass: true,
    };
    const csv = auditCsv([row]);
    const [header, line] = csv.trim().split("\r\n");
    expect(header.startsWith("at,actorType")).toBe(true);
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line).toContain('"a, b"');
    expect(line).toContain('"said ""hello"""');
    expect(header.endsWith(",breakGlass")).toBe(true);
    expect(line.endsWith(',"true"')).toBe(true);
  });

  it("gives times in UK time with the offset, as the screen does: GMT in winter, BST in summer", () => {
    const base = { id: "1", actorType: "staff", actorName: "Ada", actorRole: "admin", action: "booking.view", entityType: null, entityId: null, outcome: "success", consumerOds: null, consumerAsid: null, patientNhsNumber: null, requestId: null, reason: null, breakGlass: false };
    const csv = auditCsv([
      { ...base, at: new Date("2027-01-12T09:30:05Z") },
      { ...base, at: new Date("2027-06-16T07:00:00Z") },
    ]);
    const [, winter, summer] = csv.trim().split("\r\n");
    expect(winter.startsWith('"2027-01-12T09:30:05+00:00",')).toBe(true);
    expect(summer.startsWith('"2027-06-16T08:00:00+01:00",')).toBe(true);
  });

  it("validates filter dates and strips spaces from NHS numbers", () => {
    expect(auditFilter.safeParse({ from: "2026-02-30" }).success).toBe(false);
    expect(auditFilter.parse({ nhsNumber: "999 376 6984", actor: "" })).toMatchObject({ nhsNumber: "9993766984", actor: undefined });
  });

  it("reads the break-glass filter", () => {
    expect(auditFilter.parse({ breakGlass: "yes" }).breakGlass).toBe(true);
    expect(auditFilter.parse({ breakGlass: "" }).breakGlass).toBeUndefined();
    expect(auditFilter.parse({}).breakGlass).toBeUndefined();
    expect(auditFilter.safeParse({ breakGlass: "maybe" }).success).toBe(false);
  });
});
