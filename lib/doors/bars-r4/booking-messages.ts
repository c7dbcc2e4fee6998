/**
 * A booking (booking-request, new) and its cancellation (booking-request, update) through the same use cases as
 * the STU3 door: `bookAppointment` (one booking per slot whichever door, the same limits) and `cancelAppointment`
 * (the slot freed for both doors). Only the mapping lives here.
 */
import { bookAppointment } from "../../booking/book-appointment";
import type { AnsweredMessage } from "../../booking/booking-sequence";
import { cancelAppointment } from "../../booking/cancel-appointment";
import { findBookingForUpdate, type BookingForUpdate } from "../../booking/find-booking-for-update";
import type { ConsumerActor } from "../../auth/actor";
import { InvalidInput, SlotNotFound } from "../../errors";
import type { HostedService } from "../../services/find-service-by-dos-id";
import { echoBundle, issuedInEarlierAnswer, ourMeta } from "./echo";
import { asArray, asObject, resolve, sourceEndpoint, text, type Json, type Message } from "./message";
import { checkContacts, patientFromMessage, samePerson } from "./patient";
import { bad, conflict, notFound, unprocessable } from "./rec-errors";
import { findReferral, linkReferralToBooking } from "../../referrals/referrals";
import type { ReadWorkflow } from "./workflow";
import { patientEntry } from "./workflow";
import { bookingReference } from "./references";

export interface MessageResult {
  bundle: Json;
  appointmentId?: string;
  referralId?: string;
  patientNhsNumber?: string | null;
  /** The message's outcome was stored with the booking change itself (nothing more to record when it is answered). */
  outcomeRecorded?: boolean;
}

/** What a booking change stores of the message it answers (booking-sequence.ts `AnsweredMessage`). */
function answered(message: Message, messageId: string): AnsweredMessage {
  return { id: messageId, outcome: { bundleId: message.bundleId, event: message.event, reason: message.reason, sourceEndpoint: sourceEndpoint(message), referralId: null } };
}

const MAX_DESCRIPTION = 2000;

function senderOds(message: Message, actor: ConsumerActor): string | null {
  if (actor.odsCode) return actor.odsCode;
  const sender = resolve(message, message.header.sender);
  return text(asObject(asArray(sender?.resource.identifier)[0])?.value)?.toUpperCase() ?? null;
}

function slotIdOf(message: Message, appointment: Json): { slotId: string; entry: Json | null } {
  const ref = asArray(appointment.slot)[0];
  const entry = resolve(message, ref);
  const id = text(entry?.resource.id) ?? text(asObject(ref)?.reference)?.split("/").pop() ?? null;
  if (!id) throw conflict("The Appointment's slot is not one this service offers: search for slots again");
  return { slotId: id, entry: entry?.resource ?? null };
}

export async function bookFromMessage(message: Message, wf: ReadWorkflow, service: HostedService, actor: ConsumerActor, requestId: string, messageId: string, now: Date): Promise<MessageResult> {
  const appointment = wf.focus.resource;
  const patient = patientEntry(message);
  checkContacts(patient.resource);
  const { input: patientInput } = patientFromMessage(message, patient.resource);
  const { slotId, entry: slotEntry } = slotIdOf(message, appointment);
  const scheduleRef = text(asObject(slotEntry?.schedule)?.reference);
  const schedule = scheduleRef ? resolve(message, slotEntry?.schedule) : null;
  const scheduleId = text(schedule?.resource.id) ?? scheduleRef?.split("/").pop() ?? null;
  const ods = senderOds(message, actor);
  const sender = resolve(message, message.header.sender);
  const basedOn = asArray(appointment.basedOn).map((b) => text(asObject(b)?.reference)).find((r) => r?.startsWith("ServiceRequest/")) ?? null;
  const referralId = basedOn ? basedOn.slice("ServiceRequest/".length) : null;
  if (referralId) {
    const referral = await findReferral(referralId);
    if (!referral || referral.serviceId !== service.id) throw bad("invalid", "The referral this booking relates to does not exist");
    if (!samePerson({ nhsNumber: referral.patientNhsNumber, family: referral.patientFamily, birthDate: referral.patientBirthDate }, patientInput)) throw conflict("The referral this booking names is for another patient");
    if (referral.status !== "active") throw conflict(`The referral this booking names is no longer active (${referral.status})`);
    // 111 rebooked: the booking the referral came with is cancelled, so the referral may join the new one.
    if (referral.appointmentId && (await findBookingForUpdate(referral.appointmentId))?.status === "booked") throw conflict("The referral this booking names is already linked to another booking");
  }
  let result;
  try {
    result = await bookAppointment(
      {
        slotId,
        expectSlot: slotEntry ? { scheduleId, start: text(slotEntry.start) ?? undefined, end: text(slotEntry.end) ?? undefined } : undefined,
        statedTimes: text(appointment.start) && text(appointment.end) ? { start: text(appointment.start)!, end: text(appointment.end)! } : undefined,
        patient: patientInput,
        description: (text(appointment.description) ?? "Booked through BaRS").slice(0, MAX_DESCRIPTION),
        bookingOrgOds: ods,
        bookingOrgName: actor.orgName ?? text(sender?.resource.name),
        consumerAsid: null,
        source: "fhir",
        standard: "r4",
        idempotency: { scope: "bars", requestId },
        message: answered(message, messageId),
        resource: ({ appointmentId, slot, patientLocalId }) => ({
          ...appointment,
          id: appointmentId,
          identifier: [...asArray(appointment.identifier), { system: "https://fhir.nhs.uk/Id/ed-capacity-booking-reference", value: bookingReference(appointmentId) }],
          status: "booked",
          start: slot.start.toISOString(),
          end: slot.end.toISOString(),
          slot: [{ reference: `Slot/${slot.id}` }],
          created: now.toISOString(),
          participant: [{ actor: { reference: `Patient/${patientLocalId}` }, status: "accepted" }],
          ...(basedOn ? { basedOn: [{ reference: basedOn }] } : {}),
        }),
      },
      actor,
      now,
    );
  } catch (e) {
    // A slot that is not the one described, has other times, or is gone is a conflict on this door (§2.5 step 2).
    if (e instanceof SlotNotFound || (e instanceof InvalidInput && e.fieldErrors.start)) throw conflict(`The slot cannot be booked as sent: ${e.message}`);
    throw e;
  }
  if (referralId) await linkReferralToBooking(referralId, result.appointmentId, actor, now);
  const stored = result.resource;
  const replace = new Map<number, Json>();
  replace.set(wf.focusIndex, {
    ...appointment,
    id: result.appointmentId,
    meta: ourMeta(appointment, result.versionId, now),
    identifier: stored.identifier,
    status: "booked",
    created: now.toISOString(),
  });
  message.entries.forEach((e, i) => {
    if (e.resource.resourceType === "Slot" && e.resource.id === slotId) replace.set(i, { ...e.resource, status: "busy", meta: ourMeta(e.resource, 1, now) });
    if (e === patient) {
      const actorRef = text(asObject(asObject(asArray(stored.participant)[0])?.actor)?.reference);
      replace.set(i, { ...e.resource, id: actorRef?.split("/")[1] ?? e.resource.id });
    }
  });
  return { bundle: echoBundle(message, now, { replace }), appointmentId: result.appointmentId, patientNhsNumber: patientInput.nhsNumber ?? null, outcomeRecorded: true };
}

function samePatient(stored: BookingForUpdate["patient"], sent: Json, message: Message, appointment: Json): boolean {
  const participantRefs = asArray(appointment.participant).map((p) => asObject(asObject(p)?.actor)).filter(Boolean);
  const pointsAtPatient = participantRefs.some((ref) => {
    const r = resolve(message, ref);
    if (r?.resource.resourceType === "Patient") return true;
    return text(ref?.reference) === `Patient/${stored.localId}`;
  });
  if (!pointsAtPatient) return false;
  return samePerson(stored, patientFromMessage(message, sent).input);
}

export async function cancelFromMessage(message: Message, wf: ReadWorkflow, service: HostedService, actor: ConsumerActor, requestId: string, messageId: string, now: Date): Promise<MessageResult> {
  const appointment = wf.focus.resource;
  const id = text(appointment.id);
  if (!id) throw notFound("The Appointment to cancel has no id: send the id this receiver returned when it was booked");
  const booking = await findBookingForUpdate(id);
  if (!booking || booking.serviceId !== service.id) throw notFound(`No booking with id ${id.slice(0, 64)} at this service`);
  if (!samePatient(booking.patient, patientEntry(message).resource, message, appointment)) {
    throw unprocessable("business-rule", "The patient in this cancellation does not match the patient of the booking");
  }
  if (booking.status !== "booked") throw conflict("This booking has already been cancelled");
  if (booking.edStatus === "arrived") throw conflict("The patient has already arrived at the department: the booking cannot be cancelled");
  if (booking.edStatus === "did-not-attend") throw conflict("The patient has been recorded as not attending: the booking cannot be cancelled");
  const status = text(appointment.status) === "entered-in-error" ? "entered-in-error" : "cancelled";
  const result = await cancelAppointment(
    {
      appointmentId: id,
      expectedVersion: booking.fhirVersion,
      by: "consumer",
      reason: status === "entered-in-error" ? "Entered in error (BaRS)" : text(appointment.cancelationReason) ?? null,
      idempotency: { scope: "bars", requestId },
      message: answered(message, messageId),
      newResource: (current) => ({ ...current, status: "cancelled" }),
    },
    actor,
    now,
  );
  const replace = new Map<number, Json>();
  replace.set(wf.focusIndex, { ...appointment, status, meta: ourMeta(appointment, result.versionId, now) });
  const keepIds = issuedInEarlierAnswer(message);
  return { bundle: echoBundle(message, now, { replace, keepIds }), appointmentId: id, patientNhsNumber: booking.patient.nhsNumber, outcomeRecorded: true };
}
