/**
 * Validation of a booking request (`POST [base]/Appointment`), from JSON or XML alike, into a typed
 * BookingRequest for the booking use case (UEC-BOOKING §2.2, §5, §11).
 *
 * Outcomes, in the order the response is chosen:
 *  - not an Appointment / structurally invalid FHIR -> 400 INVALID_PARAMETER ("invalid-body");
 *  - not exactly one rank-1 contact point -> 400 INVALID_PARAMETER (also "invalid-body": TKW TwoRank1/NoRank1);
 *  - a client-supplied Appointment.id, only with `rejectClientId` -> 422 MSG_RESOURCE_ID_FAIL. By default it is
 *    ignored with a warning: STU3 create says the server SHALL ignore a supplied id, and no TKW test sends one;
 *  - an NHS number failing Modulus 11 or a placeholder -> 422 INVALID_NHS_NUMBER;
 *  - booking-override / profile violations -> 422 INVALID_RESOURCE.
 * Liberal with the rest (§2.2): unknown elements and extensions (warnings), `language` `en`, `created` as an
 * instant or absent, scalars where arrays belong (1.0.6 shapes), no NHS number, a literal `Slot/<id>` reference
 * instead of a contained Slot, a participant identifier that differs from Patient.identifier (kept as sent).
 */
import type { Appointment, AppointmentParticipant, AnyResource, DocumentReference, Reference, Slot } from "./model/registry";
import { readBookingPatient, type BookingPatient } from "./booking-patient";
import type { BookingProblem, BookingWarning } from "./booking-problem";
import { wrapScalarsInArrays } from "./normalise-shapes";
import { EXTENSION, IUC_REPORT_TYPE, SYSTEM } from "./systems";
import { validateResource } from "./validate";

export { cancelDifferences, validateCancelRequest, type CancelValidation } from "./cancel-differences";
export type { BookingAddress, BookingContactPoint, BookingName, BookingPatient } from "./booking-patient";
export type { BookingProblem, BookingWarning } from "./booking-problem";

/** The slot asked for: the provider's Slot id either way, plus what the contained Slot said. */
export type BookingSlotReference =
  | {
      kind: "contained";
      slotId: string;
      identifier?: { system?: string; value: string };
      /** Schedule logical id from `Schedule/<id>`, when the reference has that shape. */
      scheduleId?: string;
      scheduleReference?: string;
      start: string;
      end: string;
      status: string;
    }
  | { kind: "literal"; slotId: string; reference: string };

export interface BookingRequest {
  slot: BookingSlotReference;
  start: Date;
  end: Date;
  description: string;
  /** As sent (the provider may keep or overwrite it). */
  created?: string;
  patient: BookingPatient;
  /** The clinical summary the consumer will send over ITK; `cdaDocumentId` is the CDA's id/@root. Never unique. */
  document?: { containedId: string; cdaDocumentId?: string; identifiers: { system?: string; value: string }[] };
  /** The participant that points at the contained Patient, exactly as sent. */
  participant: AppointmentParticipant;
  incomingReferral?: Reference;
  deliveryChannel?: string;
  /** The Appointment to persist: arrays normalised, any client id removed. Everything else verbatim. */
  resource: Appointment;
  warnings: BookingWarning[];
}

/** The reason for the call, as 111 writes it: a few sentences, never a document. */
export const MAX_DESCRIPTION = 2000;

// C0 controls except tab, line feed and carriage return; DEL and C1; and the bidirectional embeddings, overrides and
// isolates, which can reorder what a screen shows (NUL is refused earlier, at the edge).
const HIDDEN = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** The path of the first string in the resource that holds such a character, or null. */
export function firstHiddenCharacter(value: unknown, path: string): string | null {
  if (typeof value === "string") return HIDDEN.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstHiddenCharacter(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const found = firstHiddenCharacter(v, `${path}.${k}`);
      if (found) return found;
    }
  }
  return null;
}

export type BookingValidation =
  | { ok: true; request: BookingRequest }
  | { ok: false; kind: BookingProblem["kind"]; problems: BookingProblem[]; warnings: BookingWarning[] };

export interface BookingValidationOptions {
  /** Answer a client-supplied Appointment.id with 422 MSG_RESOURCE_ID_FAIL instead of ignoring it. */
  rejectClientId?: boolean;
}

const PRECEDENCE: BookingProblem["kind"][] = ["invalid-body", "client-assigned-id", "invalid-nhs-number", "invalid-resource"];

export function validateBookingRequest(input: unknown, options: BookingValidationOptions = {}): BookingValidation {
  const problems: BookingProblem[] = [];
  const warnings: BookingWarning[] = [];
  const problem = (kind: BookingProblem["kind"], rule: string, path: string, message: string) => problems.push({ kind, rule, path, message });
  const warn = (rule: string, path: string, message: string) => warnings.push({ rule, path, message });
  const failed = (): BookingValidation => ({ ok: false, kind: PRECEDENCE.find((k) => problems.some((p) => p.kind === k))!, problems, warnings });

  if (typeof input !== "object" || input === null || (input as { resourceType?: unknown }).resourceType !== "Appointment") {
    problem("invalid-body", "resource-type", "Appointment", "the body must be an Appointment resource");
    return failed();
  }
  const { value: appt, wrapped } = wrapScalarsInArrays(input as Appointment);
  for (const path of wrapped) warn("array-shape", path, "a single value was sent where FHIR JSON needs an array; accepted");
  const structure = validateResource(appt, { expectedType: "Appointment" });
  for (const e of structure.errors) problem("invalid-body", "structure", e.path, e.message);
  for (const w of structure.warnings) warn(w.kind, w.path, w.message);
  if (problems.length) return failed();

  if (appt.id !== undefined) {
    if (options.rejectClientId) problem("client-assigned-id", "client-id", "Appointment.id", "the client must not assign the Appointment id");
    else warn("client-id", "Appointment.id", "a client-supplied id is ignored; the provider assigns the id");
    delete appt.id;
  }
  if (appt.status !== "booked") problem("invalid-resource", "status", "Appointment.status", `a new booking must have status 'booked', not '${appt.status}'`);
  if (!appt.description?.trim()) problem("invalid-resource", "description", "Appointment.description", "description is required");
  else if (appt.description.length > MAX_DESCRIPTION) problem("invalid-resource", "description", "Appointment.description", `description is ${appt.description.length} characters; at most ${MAX_DESCRIPTION} are kept`);
  const hidden = firstHiddenCharacter(appt, "Appointment");
  if (hidden) problem("invalid-resource", "characters", hidden, "text holds control or direction-override characters, which could make what staff read differ from what was sent");
  if (!appt.start) problem("invalid-resource", "start", "Appointment.start", "start is required");
  if (!appt.end) problem("invalid-resource", "end", "Appointment.end", "end is required");
  const start = appt.start ? new Date(appt.start) : undefined;
  const end = appt.end ? new Date(appt.end) : undefined;
  if (start && end && end.getTime() <= start.getTime()) problem("invalid-resource", "end", "Appointment.end", "end must be after start");
  if (!appt.created) warn("created", "Appointment.created", "no created time; the provider sets it");
  if ((appt.incomingReferral?.length ?? 0) > 1) problem("invalid-resource", "incoming-referral", "Appointment.incomingReferral", "at most one incomingReferral");

  // Contained resources: at most one of each kind the standard names, addressed by id.
  const contained = appt.contained ?? [];
  const byId = new Map<string, AnyResource>();
  const containedPath = new Map<AnyResource, string>();
  contained.forEach((r, i) => {
    containedPath.set(r, `Appointment.contained[${i}]`);
    if (!r.id) return problem("invalid-resource", "contained-id", `Appointment.contained[${i}].id`, "a contained resource needs an id");
    if (byId.has(r.id)) problem("invalid-resource", "contained-id", `Appointment.contained[${i}].id`, `contained id '${r.id}' is used twice`);
    byId.set(r.id, r);
  });
  for (const type of ["Patient", "DocumentReference", "Slot"] as const) {
    if (contained.filter((r) => r.resourceType === type).length > 1) problem("invalid-resource", "contained-count", "Appointment.contained", `more than one contained ${type}`);
  }

  const slot = readSlotReference(appt, byId, problem, warn);

  const patientResource = contained.find((r) => r.resourceType === "Patient");
  let patient: BookingPatient | undefined;
  if (!patientResource) problem("invalid-resource", "patient", "Appointment.contained", "the Appointment must contain the Patient");
  else {
    const read = readBookingPatient(patientResource, containedPath.get(patientResource)!, byId);
    problems.push(...read.problems);
    warnings.push(...read.warnings);
    patient = read.patient;
  }

  const participant = patientResource?.id ? appt.participant.find((p) => p.actor?.reference === `#${patientResource.id}`) : undefined;
  if (patientResource?.id && !participant)
    problem("invalid-resource", "participant", "Appointment.participant", `no participant's actor references the contained Patient (#${patientResource.id})`);
  if (appt.participant.length > 1) warn("participant", "Appointment.participant", "more than one participant; all are kept");

  const document = readDocument(appt, byId, problem, warn);
  if (problems.length || !slot || !patient || !participant || !start || !end) return failed();

  const deliveryChannel = appt.extension?.find((e) => e.url === EXTENSION.deliveryChannel)?.valueCode;
  return {
    ok: true,
    request: {
      slot,
      start,
      end,
      description: appt.description!,
      ...(appt.created ? { created: appt.created } : {}),
      patient,
      ...(document ? { document } : {}),
      participant,
      ...(appt.incomingReferral?.[0] ? { incomingReferral: appt.incomingReferral[0] } : {}),
      ...(deliveryChannel ? { deliveryChannel } : {}),
      resource: appt,
      warnings,
    },
  };
}

type Report = (kind: BookingProblem["kind"], rule: string, path: string, message: string) => void;
type Warn = (rule: string, path: string, message: string) => void;

/** `Slot/<id>`, `[base]/Slot/<id>` or `Slot/<id>/_history/<vid>`: the id; otherwise null. */
function literalSlotId(reference: string): string | null {
  const m = /(?:^|\/)Slot\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference);
  return m ? m[1] : null;
}

function readSlotReference(appt: Appointment, byId: ReadonlyMap<string, AnyResource>, problem: Report, warn: Warn): BookingSlotReference | undefined {
  const refs = appt.slot ?? [];
  if (refs.length !== 1) {
    problem("invalid-resource", "slot-reference", "Appointment.slot", `exactly one slot reference is required, found ${refs.length}`);
    return undefined;
  }
  const reference = refs[0].reference ?? "";
  if (reference.startsWith("#")) {
    const target = byId.get(reference.slice(1));
    if (target?.resourceType !== "Slot") {
      problem("invalid-resource", "slot-reference", "Appointment.slot[0].reference", `'${reference}' does not point to a contained Slot`);
      return undefined;
    }
    return containedSlot(target, appt, warn);
  }
  const id = literalSlotId(reference);
  if (!id) {
    problem("invalid-resource", "slot-reference", "Appointment.slot[0].reference", `'${reference}' is neither '#<contained Slot>' nor 'Slot/<id>'`);
    return undefined;
  }
  return { kind: "literal", slotId: id, reference };
}

function containedSlot(slot: Slot, appt: Appointment, warn: Warn): BookingSlotReference {
  const identifier = slot.identifier?.find((i) => i.system === SYSTEM.uuid && i.value) ?? slot.identifier?.find((i) => i.value);
  if (!identifier) warn("slot-identifier", "Appointment.slot", "the contained Slot has no identifier (CareConnect requires one); its id is used");
  const scheduleReference = slot.schedule.reference;
  const scheduleId = scheduleReference ? /^(?:.*\/)?Schedule\/([A-Za-z0-9\-.]{1,64})$/.exec(scheduleReference)?.[1] : undefined;
  if (appt.start && appt.start !== slot.start && new Date(appt.start).getTime() !== new Date(slot.start).getTime())
    warn("slot-times", "Appointment.start", "the Appointment and its contained Slot start at different times");
  return {
    kind: "contained",
    slotId: slot.id!,
    ...(identifier ? { identifier: identifier.system ? { system: identifier.system, value: identifier.value! } : { value: identifier.value! } } : {}),
    ...(scheduleId ? { scheduleId } : {}),
    ...(scheduleReference ? { scheduleReference } : {}),
    start: slot.start,
    end: slot.end,
    status: slot.status,
  };
}

function readDocument(appt: Appointment, byId: ReadonlyMap<string, AnyResource>, problem: Report, warn: Warn): BookingRequest["document"] {
  const refs = appt.supportingInformation ?? [];
  if (refs.length > 1) problem("invalid-resource", "supporting-information", "Appointment.supportingInformation", "at most one supportingInformation");
  const reference = refs[0]?.reference;
  let doc: DocumentReference | undefined;
  if (reference?.startsWith("#")) {
    const target = byId.get(reference.slice(1));
    if (target?.resourceType === "DocumentReference") doc = target;
    else problem("invalid-resource", "supporting-information", "Appointment.supportingInformation[0].reference", `'${reference}' does not point to a contained DocumentReference`);
  } else {
    const unreferenced = (appt.contained ?? []).find((r) => r.resourceType === "DocumentReference");
    if (unreferenced) {
      warn("supporting-information", "Appointment.supportingInformation", "the contained DocumentReference is not referenced by supportingInformation; used anyway");
      doc = unreferenced;
    }
  }
  if (!doc) return undefined;
  const identifiers = (doc.identifier ?? []).filter((i) => i.value).map((i) => (i.system ? { system: i.system, value: i.value! } : { value: i.value! }));
  const cda = identifiers.find((i) => i.system === SYSTEM.uuid) ?? identifiers[0];
  const type = doc.type.coding?.find((c) => c.system === IUC_REPORT_TYPE.system);
  if (type?.code !== IUC_REPORT_TYPE.code) warn("document-type", "Appointment.supportingInformation", "the DocumentReference is not typed as an Integrated Urgent Care Report");
  return {
    containedId: doc.id!,
    ...(cda ? { cdaDocumentId: cda.value.replace(/^urn:uuid:/i, "") } : {}),
    identifiers,
  };
}
