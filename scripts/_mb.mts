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
const mode = process.argv[2] ?? "FULL";
await db().$executeRawUnsafe(`PRAGMA synchronous = ${mode}`).catch(async()=>{ await db().$queryRawUnsafe(`PRAGMA synchronous = ${mode}`); });
const svc = await db().dosServiceId.findUnique({ where: { value: "999999990" }, include: { schedules: { include: { schedule: true } } } });
const serviceId = svc!.schedules[0].schedule.serviceId;
const slots = await db().slot.findMany({ where: { serviceId, status: "free", start: { gt: new Date(Date.now() + 86400000) } }, orderBy: { start: "asc" }, take: 300 });
for (let i = 0; i < 20; i++) await recordBooking(input(slots[i].id, i), consumer);
const t0 = performance.now();
for (let i = 20; i < 220; i++) await recordBooking(input(slots[i].id, i), consumer);
console.log(mode, "sequential booking", ((performance.now() - t0) / 200).toFixed(2), "ms");
const t1 = performance.now();
for (let i = 0; i < 200; i++) await db().healthcareService.findUnique({ where: { id: serviceId }, select: { capPerHour: true } });
console.log("trivial prisma query", ((performance.now() - t1) / 200).toFixed(3), "ms");
