import { recordBooking, type PatientInput } from "../../../booking/record-booking";
import { db } from "../../../db/client";
import { metrics } from "../../../observability/metrics";
import { validateBookingRequest, type BookingPatient } from "../booking-request";
import type { FhirContext, FhirResult } from "./fhir-route";
import { FhirHttpError } from "./fhir-http-error";
import { consumerScope } from "./cancel-appointment";
import { appointmentHeaders } from "./resource-headers";
import { SlotUnavailable } from "../../../errors";
import { linkAwaitingDocuments } from "../../../clinical/link-awaiting-documents";

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

/**
 * POST /Appointment: validate what the booking overrides require (liberal with the rest), resolve the slot,
 * and make the booking through the one booking use case (limits re-checked, one booking per slot, atomic).
 * The Appointment as submitted is stored and returned with id and meta added.
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
  if (validation.request.warnings.length) ctx.log.info({ warnings: request.warnings.map((w) => w.rule) }, "booking accepted with warnings");
  const slot = await db().slot.findUnique({ where: { id: request.slot.slotId }, select: { id: true, scheduleId: true, start: true, end: true } });
  if (!slot) throw new FhirHttpError("slot-not-found", `Slot ${request.slot.slotId} does not exist`, ["Appointment.slot"]);
  if (request.slot.kind === "contained") {
    if (request.slot.scheduleId && request.slot.scheduleId !== slot.scheduleId) {
      throw new FhirHttpError("slot-not-found", `Slot ${slot.id} does not belong to Schedule/${request.slot.scheduleId}`, ["Appointment.contained.Slot.schedule"]);
    }
    if (Date.parse(request.slot.start) !== slot.start.getTime() || Date.parse(request.slot.end) !== slot.end.getTime()) {
      throw new FhirHttpError("slot-not-found", `Slot ${slot.id} runs from ${slot.start.toISOString()} to ${slot.end.toISOString()}, not the times sent`, ["Appointment.contained.Slot.start"]);
    }
  }
  try {
    const result = await recordBooking(
      {
        slotId: slot.id,
        source: "fhir",
        description: request.description,
        documentRefId: request.document?.cdaDocumentId ?? null,
        bookingOrgOds: ctx.consumer.odsCode ?? null,
        bookingOrgName: ctx.consumer.orgName ?? null,
        consumerAsid: ctx.consumer.asid ?? null,
        patient: patientInput(request.patient),
        idempotency: { scope: consumerScope(ctx), requestId: ctx.requestId! },
        resource: () => request.resource as unknown as Record<string, unknown>,
      },
      ctx.consumer,
    );
    metrics().bookings.inc({ source: "fhir" });
    // A clinical document that arrived before its booking is linked now (never throws).
    await linkAwaitingDocuments(result.appointmentId);
    return {
      status: 201,
      resource: result.resource,
      headers: appointmentHeaders(ctx.config.fhirBaseUrl, result.appointmentId, result.versionId, result.lastUpdated),
      audit: { entityType: "Appointment", entityId: result.appointmentId, patientNhsNumber: request.patient.nhsNumber ?? null },
    };
  } catch (e) {
    if (e instanceof SlotUnavailable) metrics().refusals.inc({ reason: "slot-unavailable" });
    throw e;
  }
}
