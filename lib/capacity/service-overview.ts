import { db } from "../db/client";
import { addDays, startOfLondonDay, type LondonDate } from "../time/london";

export interface ServiceDaySummary {
  id: string;
  name: string;
  kind: string;
  siteName: string;
  dosIds: string[];
  free: number;
  booked: number;
  blocked: number;
  nextFree: Date | null;
}

/** Per service: today's free, booked and blocked slot counts, and the next free slot from now. */
export async function serviceOverview(date: LondonDate, now = new Date()): Promise<ServiceDaySummary[]> {
  const from = startOfLondonDay(date);
  const to = startOfLondonDay(addDays(date, 1));
  const services = await db().healthcareService.findMany({
    where: { active: true },
    include: { site: true, dosIds: true },
    orderBy: [{ site: { name: "asc" } }, { name: "asc" }],
  });
  const counts = await db().slot.groupBy({
    by: ["serviceId", "status"],
    where: { start: { gte: from, lt: to } },
    _count: { _all: true },
  });
  const out: ServiceDaySummary[] = [];
  for (const s of services) {
    const c = (status: string) => counts.find((r) => r.serviceId === s.id && r.status === status)?._count._all ?? 0;
    const next = await db().slot.findFirst({ where: { serviceId: s.id, status: "free", start: { gte: now } }, orderBy: { start: "asc" }, select: { start: true } });
    out.push({
      id: s.id,
      name: s.name,
      kind: s.kind,
      siteName: s.site.name,
      dosIds: s.dosIds.map((d) => d.value),
      free: c("free"),
      booked: c("busy"),
      blocked: c("blocked"),
      nextFree: next?.start ?? null,
    });
  }
  return out;
}
