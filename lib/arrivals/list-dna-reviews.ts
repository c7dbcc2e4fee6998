import { db } from "../db/client";
import type { StaffActor } from "../auth/actor";
import { Forbidden } from "../errors";
import { ageOn } from "../format";
import { londonParts } from "../time/london";

export interface DnaReviewRow {
  id: string;
  start: Date;
  dnaAt: Date | null;
  serviceName: string;
  description: string;
  workflowVersion: number;
  patient: { name: string; birthDate: string; age: number | null; nhsNumber: string | null; nhsNumberStatus: string | null };
  /** Under 18 on the day: a child who was not brought, a safeguarding matter. */
  wasNotBrought: boolean;
}

/** Did-not-attends waiting for a clinician's review, children first, then oldest first. */
export async function listDidNotAttendForReview(actor: StaffActor): Promise<DnaReviewRow[]> {
  if (actor.role !== "clinician") throw new Forbidden("Only clinicians review patients who did not attend");
  const rows = await db().appointment.findMany({
    where: { edStatus: "did-not-attend", status: "booked", dnaReviewedAt: null },
    include: { patient: true, service: { select: { name: true } } },
    orderBy: { start: "asc" },
  });
  return rows
    .map((a) => {
      const age = ageOn(a.patient.birthDate, londonParts(a.start).date);
      return {
        id: a.id,
        start: a.start,
        dnaAt: a.dnaAt,
        serviceName: a.service.name,
        description: a.description,
        workflowVersion: a.workflowVersion,
        patient: { name: `${a.patient.given} ${a.patient.family.toUpperCase()}`, birthDate: a.patient.birthDate, age, nhsNumber: a.patient.nhsNumber, nhsNumberStatus: a.patient.nhsNumberStatus },
        wasNotBrought: age !== null && age < 18,
      };
    })
    .sort((x, y) => Number(y.wasNotBrought) - Number(x.wasNotBrought) || x.start.getTime() - y.start.getTime());
}
