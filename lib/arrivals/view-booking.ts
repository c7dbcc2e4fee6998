import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { Forbidden, NotFound } from "../errors";

export interface BookingView {
  id: string;
  start: Date;
  end: Date;
  status: string;
  edStatus: string;
  description: string;
  bookingOrg: string | null;
  createdAt: Date;
  cancelledAt: Date | null;
  cancelledBy: string | null;
  service: { name: string; site: { name: string; addressLine1: string; addressLine2: string | null; town: string; postcode: string } };
  patient: {
    given: string;
    family: string;
    prefix: string | null;
    birthDate: string;
    gender: string;
    nhsNumber: string | null;
    nhsNumberStatus: string | null;
    telecom: { system?: string; value?: string; use?: string; rank?: number }[];
    gpPracticeName: string | null;
    gpPracticeOds: string | null;
  };
  history: { versionId: number; status: string; at: Date; changedBy: string }[];
}

/** Opens one patient's booking. Every opening is audited with who opened it. */
export async function viewBooking(id: string, actor: StaffActor): Promise<BookingView> {
  if (actor.role !== "clinician" && actor.role !== "clerk") {
    await recordAudit(actor, { action: "booking.view", entityType: "Appointment", entityId: id, outcome: "refused" });
    throw new Forbidden("Only clinicians and clerks can open a patient's booking");
  }
  const a = await db().appointment.findUnique({
    where: { id },
    include: { patient: true, service: { include: { site: true } }, versions: { orderBy: { versionId: "asc" } } },
  });
  if (!a) throw new NotFound("No booking with that reference");
  await recordAudit(actor, { action: "booking.view", entityType: "Appointment", entityId: a.id, patientNhsNumber: a.patient.nhsNumber });
  let telecom: BookingView["patient"]["telecom"] = [];
  try {
    telecom = JSON.parse(a.patient.telecomJson);
  } catch {
    telecom = [];
  }
  return {
    id: a.id,
    start: a.start,
    end: a.end,
    status: a.status,
    edStatus: a.edStatus,
    description: a.description,
    bookingOrg: a.bookingOrgName ?? a.bookingOrgOds,
    createdAt: a.createdAt,
    cancelledAt: a.cancelledAt,
    cancelledBy: a.cancelledBy,
    service: { name: a.service.name, site: a.service.site },
    patient: {
      given: a.patient.given,
      family: a.patient.family,
      prefix: a.patient.prefix,
      birthDate: a.patient.birthDate,
      gender: a.patient.gender,
      nhsNumber: a.patient.nhsNumber,
      nhsNumberStatus: a.patient.nhsNumberStatus,
      telecom,
      gpPracticeName: a.patient.gpPracticeName,
      gpPracticeOds: a.patient.gpPracticeOds,
    },
    history: a.versions.map((v) => ({ versionId: v.versionId, status: v.status, at: v.createdAt, changedBy: v.changedBy })),
  };
}
