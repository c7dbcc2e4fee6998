import { db } from "../lib/db/client";
import { recordBooking, type BookingInput } from "../lib/booking/record-booking";
import { appointmentFromBooking } from "../lib/fhir/appointment-from-booking";
import { testNhsNumber } from "../lib/nhs/nhs-number";
const consumer = { type: "consumer" as const, asid: "200000000111", odsCode: "NZZ01", orgName: "Demo 111" };
function input(slotId: string, n: number): BookingInput {
  const nhsNumber = testNhsNumber(5000 + n);
  return { slotId, source: "fhir", description: "Test booking", bookingOrgOds: "NZZ01",
    patient: { nhsNumber, nhsNumberStatus: "01", family: `Racer${n}`, given: "Test", birthDate: "1990-01-01", gender: "female" },
    idempotency: { scope: "x", requestId: `r${n}-${Math.random()}` },
    resource: ({ slot, now }) => appointmentFromBooking({ slot, now, description: "Test booking",
      patient: { nhsNumber, family: `Racer${n}`, given: "Test", birthDate: "1990-01-01", gender: "female", phone: "07700 900000", addressLines: ["1 Test Street"], postcode: "WX1 1AA" } }) };
}
const svc = await db().dosServiceId.findUnique({ where: { value: "999999990" }, include: { schedules: { include: { schedule: true } } } });
const serviceId = svc!.schedules[0].schedule.serviceId;
const slots = await db().slot.findMany({ where: { serviceId, status: "free", start: { gt: new Date(Date.now() + 86400000) } }, orderBy: { start: "asc" }, take: 2000 });
let next = 0; const lat: number[] = [];
const t0 = performance.now();
await Promise.all(Array.from({ length: 10 }, async () => { while (next < 1500) { const i = next++; const t = performance.now(); await recordBooking(input(slots[i].id, i), consumer); lat.push(performance.now() - t); } }));
const secs = (performance.now() - t0) / 1000; lat.sort((a, b) => a - b);
console.log(process.env.SQLITE_BOOKING_SYNCHRONOUS ?? "full", (1500 / secs).toFixed(0), "bookings/s; p50", lat[750].toFixed(1), "p99", lat[1485].toFixed(1), "ms");
