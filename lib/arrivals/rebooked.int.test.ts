import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemo } from "../seed/demo";
import { testNhsNumber } from "../nhs/nhs-number";
import { bookTestPatient, TEST_CONSUMER } from "../testing/book-test-patient";
import type { StaffActor } from "../auth/actor";
import { cancelAppointment } from "../booking/cancel-appointment";
import { movedText } from "./board-text";
import { loadBoard } from "./load-board";
import { viewBooking } from "./view-booking";

/**
 * HAZ-082: 111 rebooks a patient (books another time, then cancels the first). Both rows say so, and the new booking,
 * if someone had opened it before the move, is highlighted again as changed.
 */
const clinician: StaffActor = { type: "staff", id: "clin-rebook", name: "Dr Move", role: "clinician" };
const other: StaffActor = { type: "staff", id: "clin-rebook2", name: "Dr Other", role: "clinician" };
const window72 = { kind: "hours" as const, hours: 72 };
const row = async (id: string, actor: StaffActor = clinician) => (await loadBoard(window72, actor)).rows.find((r) => r.id === id)!;

describe("a booking 111 moved is shown as changed (HAZ-082)", () => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("the cancelled booking says where it went, the new one where it came from, and is highlighted again for someone who had opened it", async () => {
    const p = { nhsNumber: testNhsNumber(715_001), family: "Movington", given: "Sam", birthDate: "1980-02-02" };
    const a = await bookTestPatient({ patient: p });
    const b = await bookTestPatient({ patient: p });
    await viewBooking(a.appointmentId, clinician);
    await viewBooking(b.appointmentId, clinician);
    expect((await row(b.appointmentId)).unseen).toBeNull();

    await cancelAppointment({ appointmentId: a.appointmentId, expectedVersion: 1, by: "consumer", newResource: (c) => ({ ...c, status: "cancelled" }) }, TEST_CONSUMER);
    const [ra, rb] = [await row(a.appointmentId), await row(b.appointmentId)];
    expect(ra.moved).toEqual({ to: rb.start, from: null });
    expect(rb.moved).toEqual({ to: null, from: ra.start });
    expect(ra.unseen).toBe("changed");
    expect(rb.unseen).toBe("changed");
    expect(movedText(ra, null)).toMatch(/^Rebooked by 111: now due \w{3}, \d{1,2} \w{3} \d{4}, \d\d:\d\d$/);
    expect(movedText(rb, null)).toMatch(/^Rebooked by 111: moved from /);
    // Someone who never opened it sees it as new; opening it clears the highlight.
    expect((await row(b.appointmentId, other)).unseen).toBe("new");
    await viewBooking(b.appointmentId, clinician);
    expect((await row(b.appointmentId)).unseen).toBeNull();
  });

  it("an unrelated cancellation moves nothing", async () => {
    const a = await bookTestPatient({ patient: { nhsNumber: testNhsNumber(715_002), family: "Stayput", given: "Ada", birthDate: "1970-03-03" } });
    const b = await bookTestPatient({ patient: { nhsNumber: testNhsNumber(715_003), family: "Elsewhere", given: "Bo", birthDate: "1971-04-04" } });
    await cancelAppointment({ appointmentId: a.appointmentId, expectedVersion: 1, by: "consumer", newResource: (c) => ({ ...c, status: "cancelled" }) }, TEST_CONSUMER);
    expect((await row(a.appointmentId)).moved).toEqual({ to: null, from: null });
    expect((await row(b.appointmentId)).moved).toEqual({ to: null, from: null });
  });
});
