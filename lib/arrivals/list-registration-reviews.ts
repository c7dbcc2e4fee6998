import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { NotFound } from "../errors";
import { requirePatientAccess } from "./arrivals-config";
import { now as clockNow } from "../time/clock";

/**
 * Registrations from the ED's own patient record that no rule could match to exactly one booking, for a clerk to
 * check: who the ED record registered, why it was not matched, and the bookings the matcher weighed.
 */
export async function listRegistrationReviews(actor: StaffActor) {
  requirePatientAccess(actor);
  const rows = await db().registrationReview.findMany({ where: { state: "open" }, orderBy: { createdAt: "asc" }, take: 200 });
  const ids = [...new Set(rows.flatMap((r) => JSON.parse(r.bookingIdsJson) as string[]))];
  const bookings = await db().appointment.findMany({ where: { id: { in: ids } }, select: { id: true, start: true, edStatus: true, patient: { select: { nhsNumber: true, given: true, family: true, birthDate: true } } } });
  const byId = new Map(bookings.map((b) => [b.id, b]));
  await recordAudit(actor, { action: "registration-review.listed", entityType: "RegistrationReview", detail: { count: rows.length } });
  return rows.map((r) => ({
    id: r.id,
    event: r.event,
    reason: r.reason,
    message: r.message,
    patientNhsNumber: r.patientNhsNumber,
    patientName: [r.patientGiven, r.patientFamily].filter(Boolean).join(" "),
    patientBirthDate: r.patientBirthDate,
    registeredAt: r.registeredAt,
    createdAt: r.createdAt,
    bookings: (JSON.parse(r.bookingIdsJson) as string[]).map((id) => byId.get(id)).filter((b): b is NonNullable<typeof b> => !!b),
  }));
}

/** A clerk has dealt with a review (marked the right booking arrived by hand, or found it was a walk-in). */
export async function resolveRegistrationReview(id: string, actor: StaffActor, note: string | null): Promise<void> {
  requirePatientAccess(actor);
  const { count } = await db().registrationReview.updateMany({ where: { id, state: "open" }, data: { state: "resolved", resolvedAt: clockNow(), resolvedById: actor.id } });
  if (count !== 1) throw new NotFound("That registration has already been dealt with");
  await recordAudit(actor, { action: "registration-review.resolved", entityType: "RegistrationReview", entityId: id, reason: note?.slice(0, 500) ?? null });
}
