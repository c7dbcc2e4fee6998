import { bookAppointment, type PatientInput } from "../../../booking/book-appointment";
import { SlotNotFound } from "../../../errors";
import { validateBookingRequest, type BookingPatient } from "../booking-request";
import type { FhirContext, FhirResult } from "./fhir-route";
import { FhirHttpError } from "./fhir-http-error";
import { consumerScope } from "./consumer-scope";
import { appointmentHeaders } from "./resource-headers";
import { stripUnknownElements } from "../strip-unknown";

function patientInput(p: BookingPatient): PatientInput {
  return {
    nhsNumber: p.nhsNumber ?? null,
    nhsNumberStatus: p.nhsNumberVerification?.code ?? null,
    family: p.name.family,
    given: p.name.given.join(" "),
    prefix: p.name.prefix.join(" ") || null,
    birthDate: p.birthDate,
    gender: p.gender,
    postcode: p.postcode ?? p.homeAddress.postcode ?? null,
    address: p.addresses,
    telecom: p.telecom,
    contact: p.contacts,
    communication: [p.communication],
    gpPracticeOds: p.gp?.odsCode ?? null,
    gpPracticeName: p.gp?.name ?? null,
  };
}

const SLOT_LOCATION: Record<SlotNotFound["part"], string> = {
  slot: "Appointment.slot",
  schedule: "Appointment.contained.Slot.schedule",
  start: "Appointment.contained.Slot.start",
};

/**
 * POST /Appointment: validate what the booking overrides require (liberal with the rest), then book through the
 * one booking use case (slot checked against the contained Slot, limits re-checked, one booking per slot, atomic).
 * The Appointment as submitted, without elements STU3 does not define, is stored and returned with id and meta added.
 */
export async function bookAppointmentFromFhir(ctx: FhirContext): Promise<FhirResult> {
  const body = ctx.body!;
  if (body.resourceType !== "Appointment") throw new FhirHttpError("invalid-body", `Expected an Appointment, got ${String(body.resourceType ?? "no resourceType")}`);
  const validation = validateBookingRequest(body);
  if (!validation.ok) {
    const first = validation.problems[0];
    throw new FhirHttpError(validation.kind, validation.problems.map((p) => `${p.path}: ${p.message}`).join("; "), first ? [first.path] : undefined);
  }
  const request = validation.request;
  if (request.warnings.length) ctx.log.info({ warnings: request.warnings.map((w) => w.rule) }, "booking accepted with warnings");
  const slot = request.slot;
  // Accepted, never stored or served back (issue 13): the stored resource holds only what STU3 defines.
  const stored = stripUnknownElements(request.resource as unknown as Record<string, unknown>);
  if (stored.removed.length) ctx.log.warn({ unknownElements: stored.removed.slice(0, 50), count: stored.removed.length }, "booking accepted; unknown elements left out of the stored Appointment");
  try {
    const result = await bookAppointment(
      {
        slotId: slot.slotId,
        expectSlot: slot.kind === "contained" ? { scheduleId: slot.scheduleId ?? null, start: slot.start, end: slot.end } : undefined,
        statedTimes: { start: String(request.resource.start), end: String(request.resource.end) },
        source: "fhir",
        description: request.description,
        documentRefId: request.document?.cdaDocumentId ?? null,
        bookingOrgOds: ctx.consumer.odsCode ?? null,
        bookingOrgName: ctx.consumer.orgName ?? null,
        consumerAsid: ctx.consumer.asid ?? null,
        patient: patientInput(request.patient),
        idempotency: { scope: consumerScope(ctx.consumer), requestId: ctx.requestId! },
        resource: () => stored.value,
      },
      ctx.consumer,
    );
    return {
      status: 201,
      resource: result.resource,
      headers: appointmentHeaders(ctx.config.fhirBaseUrl, result.appointmentId, result.versionId, result.lastUpdated),
      audit: { entityType: "Appointment", entityId: result.appointmentId, patientNhsNumber: request.patient.nhsNumber ?? null },
    };
  } catch (e) {
    if (e instanceof SlotNotFound) throw new FhirHttpError("slot-not-found", e.message, [SLOT_LOCATION[e.part]]);
    throw e;
  }
}
