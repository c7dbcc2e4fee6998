import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { setClockForTests } from "../time/clock";
import { londonParts } from "../time/london";
import { seedIfEmpty } from "./seed-if-empty";
import { queryBoard } from "../arrivals/load-board";

// A new user's first look at the product: the demo must show 111 summaries beside the arrival times, and each
// state the board and the review lists explain.
describe("the demo's story", () => {
  it("gives most bookings a 111 summary and shows every state a new user needs to see", async () => {
    setClockForTests("2027-01-12T09:30:00Z");
    try {
      expect(await seedIfEmpty(db(), "demo")).toBe("seeded");
    } finally {
      setClockForTests(null);
    }
    const bookings = await db().appointment.findMany({ include: { patient: true, documents: true }, orderBy: { start: "asc" } });
    const named = (family: string) => bookings.find((b) => b.patient.family === family)!;

    // Today and tomorrow.
    const days = new Set(bookings.map((b) => londonParts(b.start).date));
    expect(days).toEqual(new Set(["2027-01-12", "2027-01-13"]));
    // Most bookings carry their summary; exactly one still awaits it.
    const linked = bookings.filter((b) => b.documents.some((d) => d.state === "linked"));
    expect(linked.length).toBeGreaterThanOrEqual(bookings.length - 1);
    expect(bookings.filter((b) => b.documents.length === 0).map((b) => b.patient.family)).toEqual(["Hartwell"]);

    // A replaced report: version 1 superseded by version 2 on the same booking.
    const amara = named("Okonkwo");
    expect(amara.documents.map((d) => [d.versionNumber, d.state]).sort()).toEqual([[1, "superseded"], [2, "linked"]]);

    // On the clinician's board: the child's safeguarding prompt, allergies recorded, "no known allergies", not asked,
    // and the one awaiting its summary.
    const clinician = await db().staffUser.findUniqueOrThrow({ where: { username: "clinician" } });
    const board = await queryBoard({ kind: "date", date: "2027-01-12" }, { staffUserId: clinician.id, clinical: true }, new Date("2027-01-12T09:30:00Z"));
    const row = (family: string) => board.rows.find((r) => r.patient.name.toUpperCase().endsWith(family.toUpperCase()))!;
    expect(row("Penrose").flags?.safeguarding).toBe("possible-concern");
    expect(board.rows.filter((r) => r.flags?.safeguarding === "possible-concern").map((r) => r.patient.name)).toEqual(["Jacob PENROSE"]);
    expect(row("Raman").flags?.allergies).toBe("recorded");
    expect(row("Okonkwo").flags?.allergies).toBe("recorded");
    expect(row("Nowicki").flags?.allergies).toBe("no-known-allergies");
    expect(row("Ashcombe").flags?.allergies).toBe("not-recorded");
    expect(row("Hartwell").summary.state).toBe("not-received");
    expect(row("Okonkwo").summary.replacedAt).not.toBeNull();

    // A patient who did not attend, waiting for a clinician's review, earlier today.
    const dna = bookings.filter((b) => b.edStatus === "did-not-attend");
    expect(dna.map((b) => b.patient.family)).toEqual(["Farrant"]);
    expect(dna[0].dnaReviewedAt).toBeNull();
    expect(londonParts(dna[0].start).date).toBe("2027-01-12");

    // A walk-in's report with no booking.
    const unbooked = await db().clinicalDocument.findMany({ where: { appointmentId: null } });
    expect(unbooked.length).toBe(1);
    expect(unbooked[0].content).toMatch(/Castellan/);

    // A suspension in the past, over.
    const suspensions = await db().suspension.findMany();
    expect(suspensions.length).toBe(1);
    expect(suspensions[0].endsAt.getTime()).toBeLessThan(Date.parse("2027-01-12T09:30:00Z"));
  });
});
