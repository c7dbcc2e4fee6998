import type { Db } from "../db/client";
import { generateSlots } from "../capacity/generate-slots";
import { seedDemoStaff } from "./staff";
import { seedService, seedTrust } from "./provider";
import { now as clockNow } from "../time/clock";

const ALL_DAYS = "1,2,3,4,5,6,7";

/**
 * The data the NHS assurance test tools (TKW, for both the UEC Booking and the BaRS doors) expect: services
 * 999999999 (schedule with practitioner, role and location; the same slots, with the same ids, in both doors),
 * 999999993 (slots only) and 999999998 (known, with its BaRS MessageDefinitions, but no free slots), with free
 * slots from tomorrow 00:00 to +4 days (London) kept filled by the rolling horizon.
 */
export async function seedAssurance(client: Db, now = clockNow()): Promise<void> {
  await seedDemoStaff(client, now);
  const { org, general } = await seedTrust(client);
  await client.consumerOrganisation.create({ data: { odsCode: "GPCA0001", name: "Emergency Booking Assurance", autoRecorded: false } });
  await client.consumerSystem.create({ data: { asid: "918999198993", name: "Emergency Booking Assurance", autoRecorded: false } });

  const practitioner = await client.practitioner.create({
    data: { family: "Assurance", given: "Jane", prefix: "Dr", sdsUserId: "G13579135", sdsRoleProfileId: "R8000" },
  });
  const role = await client.practitionerRole.create({
    data: { id: "R8000", practitionerId: practitioner.id, organisationId: org.id, roleCode: "R0260", roleDisplay: "General Medical Practitioner" },
  });
  const horizonHours = 5 * 24;
  await seedService(client, {
    siteId: general.id,
    name: "Emergency Department (assurance)",
    kind: "ED",
    dosId: "999999999",
    horizonHours,
    practitionerId: practitioner.id,
    practitionerRoleId: role.id,
    // Quarter-hour arrival times 07:00–21:00 every day: 168 free in the BaRS assurance tool's three-day window
    // (it books one test patient about 40 times a run), none starting 00:00–01:00 or 03:00–04:00 London time.
    rules: [{ name: "Assurance day", days: ALL_DAYS, start: "07:00", end: "21:00", minutes: 15, perSlot: 1 }],
  }, now);
  await seedService(client, {
    siteId: general.id,
    name: "Urgent Treatment Centre (assurance)",
    kind: "UTC",
    dosId: "999999993",
    horizonHours,
    rules: [{ name: "Assurance hourly", days: ALL_DAYS, start: "09:00", end: "17:00", minutes: 60, perSlot: 1 }],
  }, now);
  await seedService(client, { siteId: general.id, name: "Same Day Emergency Care (assurance, no free slots)", kind: "SDEC", dosId: "999999998", horizonHours, rules: [] }, now);
  await generateSlots(now);
}
