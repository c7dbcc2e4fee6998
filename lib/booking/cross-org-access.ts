import { preparedRead } from "../db/prepared-read";
import { recordAudit } from "../audit/record-audit";
import type { ConsumerActor } from "../auth/actor";
import { Forbidden } from "../errors";

export type CrossOrgPolicy = "allow" | "audit-only" | "deny";
export type CrossOrgInteraction = "read" | "vread" | "cancel";

/** One consumer organisation touching a booking another organisation made. */
export interface CrossOrgAccess {
  appointmentId: string;
  interaction: CrossOrgInteraction;
  bookingOrgOds: string;
  bookingOrgName: string | null;
  accessingOrgOds: string;
  accessingOrgName: string | null;
  patientNhsNumber: string | null;
  policy: CrossOrgPolicy;
}

export const CROSS_ORG_ACTION = "fhir.appointment.cross-org";

/** Read on every FHIR read and cancel of a booking: one prepared statement (lib/db/prepared-read.ts). */
const BOOKING_ORG_SQL = `SELECT a."bookingOrgOds", a."bookingOrgName", p."nhsNumber" FROM "Appointment" a JOIN "Patient" p ON p."id" = a."patientId" WHERE a."id" = ?`;

/**
 * Is this consumer touching a booking another organisation made? The UEC Booking standard lets any authorised
 * consumer read and cancel a booking by its id (an IUC clinical assessment service may cancel what a 111 call
 * booked), so by default it is allowed; a trust may refuse it (`deny`). Every such access is audited naming both
 * organisations (HAZ-096), and clerks see it on the booking. A refusal is audited here and throws Forbidden (403);
 * an allowed read is audited here (before the record is handed back); an allowed cancel is audited by the door
 * once it succeeded (`recordCrossOrgAccess`), so the clerk's "cancelled by" names who really cancelled.
 * Unknown ids return null (the interaction answers 404 itself).
 */
export async function crossOrgAccess(appointmentId: string, actor: ConsumerActor, interaction: CrossOrgInteraction, policy: CrossOrgPolicy): Promise<CrossOrgAccess | null> {
  if (!actor.odsCode) return null;
  const appt = (await preparedRead<{ bookingOrgOds: string | null; bookingOrgName: string | null; nhsNumber: string | null }>({ name: "crossOrg.booking", sql: BOOKING_ORG_SQL }, [appointmentId]))[0];
  if (!appt?.bookingOrgOds || sameOds(appt.bookingOrgOds, actor.odsCode)) return null;
  const access: CrossOrgAccess = {
    appointmentId,
    interaction,
    bookingOrgOds: appt.bookingOrgOds,
    bookingOrgName: appt.bookingOrgName,
    accessingOrgOds: actor.odsCode,
    accessingOrgName: actor.orgName ?? null,
    patientNhsNumber: appt.nhsNumber,
    policy,
  };
  if (policy === "deny") {
    await recordCrossOrgAccess(access, actor, "refused");
    throw new Forbidden(`This booking was made by another organisation (${appt.bookingOrgOds}); this provider does not let other organisations ${interaction === "cancel" ? "cancel" : "read"} it`);
  }
  if (interaction !== "cancel") await recordCrossOrgAccess(access, actor, "success");
  return access;
}

export async function recordCrossOrgAccess(access: CrossOrgAccess, actor: ConsumerActor, outcome: "success" | "refused" = "success"): Promise<void> {
  await recordAudit(actor, {
    action: CROSS_ORG_ACTION,
    entityType: "Appointment",
    entityId: access.appointmentId,
    patientNhsNumber: access.patientNhsNumber,
    outcome,
    detail: {
      interaction: access.interaction,
      bookingOrgOds: access.bookingOrgOds,
      bookingOrgName: access.bookingOrgName,
      accessingOrgOds: access.accessingOrgOds,
      accessingOrgName: access.accessingOrgName,
      policy: access.policy,
    },
  });
}

function sameOds(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}
