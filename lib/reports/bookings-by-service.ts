import { db } from "../db/client";
import { addDays, startOfLondonDay, type LondonDate } from "../time/london";

export interface ServiceBookingCounts {
  serviceId: string;
  serviceName: string;
  siteName: string;
  booked: number;
  cancelled: number;
  slotsPublished: number;
}

/** Aggregates only (no patient details): bookings and slots per service for London dates [from, to]. */
export async function bookingsByService(from: LondonDate, to: LondonDate): Promise<ServiceBookingCounts[]> {
  const start = startOfLondonDay(from);
  const end = startOfLondonDay(addDays(to, 1));
  const [services, bookings, slots] = await Promise.all([
    db().healthcareService.findMany({ include: { site: true }, orderBy: { name: "asc" } }),
    db().appointment.groupBy({ by: ["serviceId", "status"], where: { start: { gte: start, lt: end } }, _count: { _all: true } }),
    db().slot.groupBy({ by: ["serviceId"], where: { start: { gte: start, lt: end } }, _count: { _all: true } }),
  ]);
  return services.map((s) => ({
    serviceId: s.id,
    serviceName: s.name,
    siteName: s.site.name,
    booked: bookings.filter((b) => b.serviceId === s.id).reduce((n, b) => n + b._count._all, 0),
    cancelled: bookings.find((b) => b.serviceId === s.id && b.status === "cancelled")?._count._all ?? 0,
    slotsPublished: slots.find((x) => x.serviceId === s.id)?._count._all ?? 0,
  }));
}
