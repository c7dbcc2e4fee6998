import type { Db } from "../db/client";
import { generateSlots } from "../capacity/generate-slots";
import { seedDemoStaff } from "./staff";
import { seedService, seedTrust } from "./provider";
import { now as clockNow } from "../time/clock";
import { seedDemoStory } from "./demo-story";

const ALL_DAYS = "1,2,3,4,5,6,7";

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
  await seedDemoStory(client, ed.service.id, now);
}
