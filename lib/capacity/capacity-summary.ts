/**
 * Every active service at a glance for the capacity page: the earliest slot a typical 111 organisation could
 * book from now (against 1-hour and 4-hour dispositions) and whether bookings are suspended now.
 */
import { db } from "../db/client";
import { earliestView, type EarliestView } from "./capacity-day-view";
import { earliestBookable } from "./earliest-bookable";
import { suspensionsInForce, type StoredSlotStatus } from "./limits";
import { loadCapacityContext } from "./load-capacity-context";
import { now as clockNow } from "../time/clock";

export interface ServiceSummary {
  id: string;
  name: string;
  kind: string;
  siteName: string;
  dosIds: string[];
  suspendedNow: boolean;
  earliest: EarliestView;
}

export async function capacitySummary(now = clockNow()): Promise<ServiceSummary[]> {
  const services = await db().healthcareService.findMany({
    where: { active: true },
    include: { site: true, dosIds: { orderBy: { value: "asc" } } },
    orderBy: [{ site: { name: "asc" } }, { name: "asc" }],
  });
  return Promise.all(
    services.map(async (s) => {
      const [ctx, slots] = await Promise.all([
        loadCapacityContext(s.id, now),
        db().slot.findMany({ where: { serviceId: s.id, start: { gte: now } }, orderBy: { start: "asc" }, select: { id: true, start: true, end: true, status: true } }),
      ]);
      const candidates = slots.map((x) => ({ ...x, status: (x.status === "free" || x.status === "busy" ? x.status : "blocked") as StoredSlotStatus }));
      return {
        id: s.id,
        name: s.name,
        kind: s.kind,
        siteName: s.site.name,
        dosIds: s.dosIds.map((d) => d.value),
        suspendedNow: suspensionsInForce(ctx.suspensions, now).some((x) => x.startsAt <= now),
        earliest: earliestView(earliestBookable(candidates, ctx)),
      };
    }),
  );
}

/** The 111 organisations the service has met or been told about, for the preview's picker. */
export async function listConsumerOrganisations(): Promise<{ odsCode: string; name: string | null; blocked: boolean }[]> {
  return db().consumerOrganisation.findMany({ orderBy: { odsCode: "asc" }, select: { odsCode: true, name: true, blocked: true } });
}
