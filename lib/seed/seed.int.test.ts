import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedIfEmpty } from "./seed-if-empty";
import { isValidNhsNumber } from "../nhs/nhs-number";

describe("demo seed", () => {
  it("seeds one trust with two sites, three services, slots, bookings and a user per role, once", async () => {
    expect(await seedIfEmpty(db(), "demo")).toBe("seeded");
    expect(await seedIfEmpty(db(), "demo")).toBe("not-empty");
    expect(await db().site.count()).toBe(2);
    expect((await db().healthcareService.findMany()).map((s) => s.kind).sort()).toEqual(["ED", "SDEC", "UTC"]);
    expect(await db().slot.count({ where: { status: "free" } })).toBeGreaterThan(100);
    const patients = await db().patient.findMany();
    expect(patients.length).toBeGreaterThanOrEqual(5);
    for (const p of patients) {
      expect(p.nhsNumber).toMatch(/^999/);
      expect(isValidNhsNumber(p.nhsNumber!)).toBe(true);
    }
    expect((await db().staffUser.findMany()).map((u) => u.role).sort()).toEqual(["admin", "clerk", "clinician", "manager"]);
    // Every service is at a site with a full address: nobody is sent to the wrong hospital.
    for (const s of await db().healthcareService.findMany({ include: { site: true, dosIds: true } })) {
      expect(s.site.addressLine1 && s.site.town && s.site.postcode).toBeTruthy();
      expect(s.dosIds.length).toBeGreaterThan(0);
    }
  });
});
