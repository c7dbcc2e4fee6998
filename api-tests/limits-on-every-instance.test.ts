import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, resetDbForTests } from "../lib/db/client";
import { suspendBookings } from "../lib/capacity/suspend-bookings";
import { liftSuspension } from "../lib/capacity/lift-suspension";
import { setQuota } from "../lib/capacity/set-quota";
import { call, SCOPES, sspHeaders } from "./client";
import { auth, bookHeaders, slotQuery } from "./helpers";
import { bookingBody, type SlotEntry } from "./booking-body";
import { now as clockNow } from "../lib/time/clock";

// A clerk's change, made with the same use cases the capacity page calls, must show at once in the FHIR search of
// every app instance (two share one PostgreSQL database under `npm run test:postgres`), and be re-checked at booking.
const instances = () => [process.env.API_BASE_URL!, process.env.API_SECOND_BASE_URL].filter((u): u is string => !!u);
let clerk: { type: "staff"; id: string; name: string; role: "clerk" };
let serviceId: string;

async function freeSlotsSeenBy(base: string, ods = "GPCA0001") {
  const res = await call(`${base}/STU3/1${slotQuery("999999993", "", [])}`, { headers: { ...sspHeaders("slot"), ...auth(SCOPES.slotRead, { scope: SCOPES.slotRead, ods }) } });
  expect(res.status).toBe(200);
  return ((res.json().entry ?? []) as { resource: Record<string, any> }[]).map((e) => e.resource).filter((r) => r.resourceType === "Slot");
}

describe("capacity limits take effect at once on every instance", () => {
  beforeAll(async () => {
    process.env.DATABASE_URL = process.env.API_TEST_DATABASE_URL ?? "file:./data/api-tests/ed.db";
    await resetDbForTests();
    const user = await db().staffUser.findUniqueOrThrow({ where: { username: "clerk" } });
    clerk = { type: "staff", id: user.id, name: user.name, role: "clerk" };
    serviceId = (await db().dosServiceId.findUniqueOrThrow({ where: { value: "999999993" } })).serviceId;
  });
  afterAll(async () => {
    await resetDbForTests();
  });

  it("a suspension hides the slots from every instance and refuses a slot offered a moment before; lifting it brings them back", async () => {
    const before = await freeSlotsSeenBy(instances()[0]);
    expect(before.length).toBeGreaterThan(0);
    const offered = before[0];
    const now = clockNow();
    const { suspensionId } = await suspendBookings(serviceId, { startsAt: now, endsAt: new Date(now.getTime() + 6 * 86_400_000), reopensAutomatically: true, reason: "Surge test" }, clerk);
    for (const base of instances()) expect(await freeSlotsSeenBy(base)).toHaveLength(0);
    const refused = await call("/Appointment", { method: "POST", headers: bookHeaders(), body: JSON.stringify(bookingBody(offered as SlotEntry)) });
    expect(refused.status).toBe(422);
    const s = await db().suspension.findUniqueOrThrow({ where: { id: suspensionId } });
    await liftSuspension({ suspensionId, version: s.version }, clerk);
    for (const base of instances()) expect((await freeSlotsSeenBy(base)).length).toBe(before.length);
  });

  it("a quota for one organisation hides slots from it alone, on every instance", async () => {
    await setQuota(serviceId, { odsCode: "NZZ55", perHour: null, perDay: 0 }, null, clerk);
    for (const base of instances()) {
      expect(await freeSlotsSeenBy(base, "NZZ55")).toHaveLength(0);
      expect((await freeSlotsSeenBy(base, "GPCA0001")).length).toBeGreaterThan(0);
    }
  });
});
