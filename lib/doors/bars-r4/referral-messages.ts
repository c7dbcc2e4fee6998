/**
 * A referral (servicerequest-request, new) and its revocation (update): stored with every version, linked to
 * its booking whichever came first, answered with the echoed message plus our `planned` Encounter carrying the
 * human-readable referral reference (BARS-RECEIVER §2.7, §2.8, §4.1).
 */
import { randomUUID } from "node:crypto";
import { findBookingForUpdate } from "../../booking/find-booking-for-update";
import { activeReferralOfBooking, createReferral, findReferral, revokeReferral } from "../../referrals/referrals";
import type { HostedService } from "../../services/find-service-by-dos-id";
import type { BarsContext } from "./bars-route";
import type { MessageResult } from "./booking-messages";
import { echoBundle, issuedInEarlierAnswer, ourMeta } from "./echo";
import { asArray, asObject, entriesOf, resolve, sourceEndpoint, text, type Json, type Message } from "./message";
import { checkContacts, patientFromMessage, samePerson } from "./patient";
import { bad, conflict, notFound, unprocessable } from "./rec-errors";
import { readableReference } from "./references";
import { patientEntry, type ReadWorkflow } from "./workflow";

export const REFERRAL_REFERENCE_SYSTEM = "https://fhir.nhs.uk/Id/ed-capacity-referral-reference";

function linkedBookingId(sr: Json): string | null {
  for (const s of asArray(sr.supportingInfo)) {
    const ref = text(asObject(s)?.reference);
    if (ref?.startsWith("Appointment/")) return ref.slice("Appointment/".length);
  }
  return null;
}

function dateOrNull(v: unknown): Date | null {
  const t = text(v);
  if (!t) return null;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d;
}

export async function referFromMessage(message: Message, wf: ReadWorkflow, service: HostedService, ctx: BarsContext, messageId: string, now: Date): Promise<MessageResult> {
  const sr = wf.focus.resource;
  const patient = patientEntry(message);
  checkContacts(patient.resource);
  const { input } = patientFromMessage(message, patient.resource);
  const appointmentId = linkedBookingId(sr);
  if (appointmentId) {
    const booking = await findBookingForUpdate(appointmentId);
    if (!booking || booking.serviceId !== service.id) throw bad("invalid", "The booking this referral relates to does not exist");
    if (!samePerson(booking.patient, input)) throw conflict("The booking this referral names is for another patient");
    if (booking.status !== "booked") throw conflict("The booking this referral names has been cancelled");
    if (await activeReferralOfBooking(appointmentId)) throw conflict("The booking this referral names already has an active referral");
  }
  const id = randomUUID();
  const encounterId = randomUUID();
  const reference = readableReference("EDR", id);
  const occurrence = asObject(sr.occurrencePeriod);
  const theirEncounter = resolve(message, sr.encounter) ?? entriesOf(message, "Encounter")[0] ?? null;
  const sender = resolve(message, message.header.sender);
  const served: Json = {
    ...sr,
    id,
    meta: ourMeta(sr, 1, now),
    identifier: [...asArray(sr.identifier), { system: REFERRAL_REFERENCE_SYSTEM, value: reference }],
    status: "active",
  };
  await createReferral(
    {
      id, serviceId: service.id, reference, encounterId, bundleId: message.bundleId, correlationId: ctx.integrity.correlationId,
      sourceEndpoint: sourceEndpoint(message), senderOds: ctx.actor.odsCode ?? text(asObject(asArray(sender?.resource.identifier)[0])?.value) ?? null,
      senderName: ctx.actor.orgName ?? text(sender?.resource.name),
      patient: { nhsNumber: input.nhsNumber ?? null, family: input.family, given: input.given, birthDate: input.birthDate },
      appointmentId, occurrenceStart: dateOrNull(occurrence?.start), occurrenceEnd: dateOrNull(occurrence?.end), resource: served, messageId,
      bundle: message.bundle,
    },
    ctx.actor,
    now,
  );
  const replace = new Map<number, Json>([[wf.focusIndex, served]]);
  const planned: Json = {
    resourceType: "Encounter",
    id: encounterId,
    identifier: [{ system: REFERRAL_REFERENCE_SYSTEM, value: reference }],
    status: "planned",
    class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "EMER", display: "emergency" },
    subject: { reference: patient.fullUrl ?? `Patient/${text(patient.resource.id) ?? ""}` },
    ...(theirEncounter?.resource.episodeOfCare ? { episodeOfCare: theirEncounter.resource.episodeOfCare } : {}),
    basedOn: [{ reference: wf.focus.fullUrl ?? `ServiceRequest/${id}` }],
    period: { start: now.toISOString() },
  };
  return {
    bundle: echoBundle(message, now, { replace, keepSearchIds: false, append: [{ fullUrl: `urn:uuid:${encounterId}`, resource: planned }] }),
    referralId: id,
    appointmentId: appointmentId ?? undefined,
    patientNhsNumber: input.nhsNumber ?? null,
  };
}

export async function revokeFromMessage(message: Message, wf: ReadWorkflow, service: HostedService, ctx: BarsContext, messageId: string, now: Date): Promise<MessageResult> {
  const sr = wf.focus.resource;
  const id = text(sr.id);
  if (!id) throw notFound("The ServiceRequest to revoke has no id: send the id this receiver returned for the referral");
  const referral = await findReferral(id);
  if (!referral || referral.serviceId !== service.id) throw notFound(`No referral with id ${id.slice(0, 64)} at this service`);
  const { input } = patientFromMessage(message, patientEntry(message).resource);
  if (!samePerson({ nhsNumber: referral.patientNhsNumber, family: referral.patientFamily, birthDate: referral.patientBirthDate }, input)) throw unprocessable("business-rule", "The patient in this revocation does not match the patient of the referral");
  if (referral.status !== "active") throw conflict(`This referral is no longer active (${referral.status}): it cannot be revoked`);
  const status = text(sr.status) === "entered-in-error" ? "entered-in-error" : "revoked";
  const done = await revokeReferral({ id, fromVersion: referral.fhirVersion, status, messageId, resource: (current) => ({ ...current, status, meta: ourMeta(current, referral.fhirVersion + 1, now) }) }, ctx.actor, now);
  const keepIds = issuedInEarlierAnswer(message);
  const replace = new Map<number, Json>([[wf.focusIndex, { ...sr, status, meta: ourMeta(sr, done.versionId, now) }]]);
  return { bundle: echoBundle(message, now, { replace, keepIds, keepSearchIds: false }), referralId: id, patientNhsNumber: referral.patientNhsNumber };
}
