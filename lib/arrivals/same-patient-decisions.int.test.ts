import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { liveDecisions } from "./same-patient-decisions";

// The board asks for the decisions on every active booking of the coming week: thousands on a busy day.
describe("liveDecisions", () => {
  it("answers for 3,000 bookings at once (more query parameters than SQLite takes in one statement)", async () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `booking-${i}`);
    await db().patientMatchDecision.create({ data: { bookingAId: ids[10], bookingBId: ids[2990], decision: "same-patient", decidedById: "u1", decidedByName: "Sam Clerk", decidedAt: new Date("2027-01-12T09:00:00Z") } });
    const found = await liveDecisions(db(), ids);
    expect(found.map((d) => [d.bookingAId, d.bookingBId, d.decision])).toEqual([[ids[10], ids[2990], "same-patient"]]);
  });
});
