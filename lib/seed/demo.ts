import type { Db } from "../db/client";
import { generateSlots } from "../capacity/generate-slots";
import { bookAppointment } from "../booking/book-appointment";
import { appointmentFromBooking } from "../doors/uec-stu3/appointment-from-booking";
import { testNhsNumber } from "../nhs/nhs-number";
import { seedDemoStaff } from "./staff";
import { seedService, seedTrust } from "./provider";
import { randomUUID } from "node:crypto";
import { now as clockNow } from "../time/clock";

const ALL_DAYS = "1,2,3,4,5,6,7";

/** Synthetic patients only: names invented, NHS numbers from the 999 test range, fictional addresses. */
const DEMO_PATIENTS = [
  { given: "Olivia", family: "Hartwell", birthDate: "1984-03-12", gender: "female", reason: "Chest pain, 111 disposition: attend ED within 1 hour" },
  { given: "Jacob", family: "Penrose", birthDate: "2019-07-30", gender: "male", reason: "Possible fracture of left wrist after a fall" },
  { given: "Amara", family: "Okonkwo", birthDate: "1957-11-02", gender: "female", reason: "Shortness of breath, worsening over 2 days" },
  { given: "Daniel", family: "Ashcombe", birthDate: "1993-01-21", gender: "male", reason: "Deep cut to hand needing closure" },
  { given: "Priya", family: "Raman", birthDate: "1978-05-09", gender: "female", reason: "Severe abdominal pain" },
  { given: "George", family: "Tamworth", birthDate: "1941-09-17", gender: "male", reason: "Fall at home, head injury, on anticoagulants" },
  { given: "Evie", family: "Marchbank", birthDate: "2008-12-03", gender: "female", reason: "Ankle injury, unable to bear weight" },
  { given: "Tomasz", family: "Nowicki", birthDate: "1969-04-26", gender: "male", reason: "Eye injury from a foreign body" },
];

export async function seedDemo(client: Db, now = clockNow()): Promise<void> {
  await seedDemoStaff(client, now);
  const { general, community } = await seedTrust(client);
  await client.consumerOrganisation.create({ data: { odsCode: "NZZ01", name: "Wessex Vale NHS 111 (demo)", autoRecorded: false } });
  await client.consumerSystem.create({ data: { asid: "200000000111", name: "Demo 111 system", autoRecorded: false } });

  const ed = await seedService(client, {
    siteId: general.id,
    name: "Emergency Department",
    kind: "ED",
    dosId: "2000011001",
    horizonHours: 48,
    rules: [{ name: "ED all day", days: ALL_DAYS, start: "00:00", end: "24:00", minutes: 15, perSlot: 2 }],
  }, now);
  await seedService(client, {
    siteId: general.id,
    name: "Same Day Emergency Care",
    kind: "SDEC",
    dosId: "2000011003",
    horizonHours: 48,
    rules: [{ name: "SDEC weekdays", days: "1,2,3,4,5", start: "08:00", end: "18:00", minutes: 30, perSlot: 1 }],
  }, now);
  await seedService(client, {
    siteId: community.id,
    name: "Urgent Treatment Centre",
    kind: "UTC",
    dosId: "2000011002",
    horizonHours: 48,
    rules: [{ name: "UTC daytime", days: ALL_DAYS, start: "08:00", end: "22:00", minutes: 20, perSlot: 1 }],
  }, now);

  await generateSlots(now);

  // A handful of bookings into the ED over the coming hours.
  const slots = await client.slot.findMany({
    where: { serviceId: ed.service.id, start: { gte: new Date(now.getTime() + 20 * 60_000) }, seq: 0 },
    orderBy: { start: "asc" },
    take: DEMO_PATIENTS.length * 3,
  });
  for (let i = 0; i < DEMO_PATIENTS.length && i * 3 < slots.length; i++) {
    const p = DEMO_PATIENTS[i];
    const slot = slots[i * 3];
    const nhsNumber = testNhsNumber(1000 + i * 37);
    const phone = `07700 900${String(100 + i).padStart(3, "0")}`;
    const documentId = randomUUID();
    await bookAppointment(
      {
        slotId: slot.id,
        source: "fhir",
        description: p.reason,
        documentRefId: documentId,
        bookingOrgOds: "NZZ01",
        bookingOrgName: "Wessex Vale NHS 111 (demo)",
        consumerAsid: "200000000111",
        patient: {
          nhsNumber,
          nhsNumberStatus: i === 3 ? "02" : "01",
          family: p.family,
          given: p.given,
          birthDate: p.birthDate,
          gender: p.gender,
          postcode: "WX2 7QT",
          telecom: [{ system: "phone", value: phone, use: "mobile", rank: 1 }],
          address: [{ use: "home", line: [`${10 + i} Orchard Way`, "Wessexford"], postalCode: "WX2 7QT" }],
          gpPracticeOds: "Z99901",
          gpPracticeName: "Orchard Way Surgery (demo)",
        },
        resource: ({ slot: s, now: at }) =>
          appointmentFromBooking({
            slot: s,
            now: at,
            description: p.reason,
            documentId,
            patient: {
              nhsNumber,
              nhsNumberStatus: i === 3 ? "02" : "01",
              statusDisplay: i === 3 ? "Number present but not traced" : "Number present and verified",
              family: p.family,
              given: p.given,
              birthDate: p.birthDate,
              gender: p.gender,
              phone,
              addressLines: [`${10 + i} Orchard Way`, "Wessexford"],
              postcode: "WX2 7QT",
            },
          }),
      },
      { type: "consumer", asid: "200000000111", odsCode: "NZZ01", orgName: "Wessex Vale NHS 111 (demo)" },
      now,
    );
  }
}
