import { db } from "../db/client";
import { addDays, startOfLondonDay, type LondonDate } from "../time/london";
import type { StaffActor } from "../auth/actor";
import { Forbidden } from "../errors";

export interface ArrivalRow {
  id: string;
  start: string;
  end: string;
  serviceName: string;
  siteName: string;
  status: string;
  edStatus: string;
  description: string;
  bookingOrg: string | null;
  patient: {
    name: string;
    birthDate: string;
    gender: string;
    nhsNumber: string | null;
    nhsNumberStatus: string | null;
  };
}

/**
 * The bookings whose arrival time falls on a London date, in slot order. Clinicians and clerks only;
 * what each may see of the clinical content is decided where it is shown (the board has none yet).
 */
export async function listExpectedArrivals(date: LondonDate, actor: StaffActor): Promise<ArrivalRow[]> {
  if (actor.role !== "clinician" && actor.role !== "clerk") throw new Forbidden("Only clinicians and clerks see patients' bookings");
  const from = startOfLondonDay(date);
  const to = startOfLondonDay(addDays(date, 1));
  const rows = await db().appointment.findMany({
    where: { start: { gte: from, lt: to } },
    orderBy: [{ start: "asc" }, { createdAt: "asc" }],
    include: { patient: true, service: { include: { site: true } } },
  });
  return rows.map((a) => ({
    id: a.id,
    start: a.start.toISOString(),
    end: a.end.toISOString(),
    serviceName: a.service.name,
    siteName: a.service.site.name,
    status: a.status,
    edStatus: a.edStatus,
    description: a.description,
    bookingOrg: a.bookingOrgName ?? a.bookingOrgOds,
    patient: {
      name: `${a.patient.given} ${a.patient.family.toUpperCase()}`,
      birthDate: a.patient.birthDate,
      gender: a.patient.gender,
      nhsNumber: a.patient.nhsNumber,
      nhsNumberStatus: a.patient.nhsNumberStatus,
    },
  }));
}
