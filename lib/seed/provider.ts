import type { Db } from "../db/client";
import { londonToday } from "../time/london";
import { now as clockNow } from "../time/clock";

/** The fictional trust all seed profiles use (ODS code RZZ is not issued to a real trust). */
export async function seedTrust(client: Db) {
  const org = await client.organisation.create({ data: { odsCode: "RZZ", name: "Wessex Vale Hospitals NHS Trust" } });
  const general = await client.site.create({
    data: {
      organisationId: org.id,
      name: "Wessex Vale General Hospital",
      odsSiteCode: "RZZ01",
      addressLine1: "Hospital Road",
      town: "Wessexford",
      postcode: "WX1 4AB",
      phone: "01632 960000",
    },
  });
  const community = await client.site.create({
    data: {
      organisationId: org.id,
      name: "Kingsmoor Community Hospital",
      odsSiteCode: "RZZ02",
      addressLine1: "Moor Lane",
      town: "Kingsmoor",
      postcode: "WX9 2CD",
      phone: "01632 960500",
    },
  });
  return { org, general, community };
}

export interface ServiceSeed {
  siteId: string;
  name: string;
  kind: string;
  dosId: string;
  horizonHours: number;
  rules: { name: string; days: string; start: string; end: string; minutes: number; perSlot: number }[];
  practitionerId?: string;
  practitionerRoleId?: string;
}

export async function seedService(client: Db, s: ServiceSeed, now = clockNow()) {
  const service = await client.healthcareService.create({
    data: { siteId: s.siteId, name: s.name, kind: s.kind, horizonHours: s.horizonHours },
  });
  const dos = await client.dosServiceId.create({ data: { value: s.dosId, serviceId: service.id, description: s.name } });
  const schedule = await client.schedule.create({
    data: {
      serviceId: service.id,
      siteId: s.siteId,
      name: `${s.name} arrivals`,
      practitionerId: s.practitionerId ?? null,
      practitionerRoleId: s.practitionerRoleId ?? null,
    },
  });
  await client.scheduleDosLink.create({ data: { scheduleId: schedule.id, dosId: dos.id } });
  const effectiveFrom = londonToday(now);
  for (const r of s.rules) {
    await client.capacityRule.create({
      data: {
        serviceId: service.id,
        scheduleId: schedule.id,
        name: r.name,
        daysOfWeek: r.days,
        startTime: r.start,
        endTime: r.end,
        slotMinutes: r.minutes,
        perSlot: r.perSlot,
        effectiveFrom,
      },
    });
  }
  return { service, schedule, dos };
}
