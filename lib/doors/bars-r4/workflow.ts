/**
 * Which workflow a message is (BARS-RECEIVER §2.4 step 7, §8 steps 10–12): the event × reason × focus status ×
 * category combination, the use case, and the payload against the MessageDefinition it claims. Each refusal is
 * 400 `invariant` unless said otherwise, so a negative test that breaks one rule gets that rule's answer.
 */
import { FOCUS, MESSAGE_DEFINITIONS } from "./capability";
import { asArray, codings, entriesOf, resolve, text, type Json, type Message, type MessageEntry } from "./message";
import { bad, unprocessable } from "./rec-errors";
import { codesOfUseCase, APP1_USE_CASES } from "./use-cases";

export type Workflow = "book" | "cancel-booking" | "refer" | "revoke-referral";

export interface ReadWorkflow {
  workflow: Workflow;
  focus: MessageEntry;
  focusIndex: number;
  useCase: string;
  /** A cancel sent with reason `new` (the IG's own example does): accepted, and logged. */
  nonStandard?: string;
}

const REFERRAL_CATEGORY = "https://fhir.nhs.uk/CodeSystem/message-category-servicerequest";

export function readWorkflow(message: Message, offered: readonly string[]): ReadWorkflow {
  const focusRef = asArray(message.header.focus)[0];
  const focus = resolve(message, focusRef);
  const wantType = message.event === "booking-request" ? "Appointment" : "ServiceRequest";
  if (!focus || focus.resource.resourceType !== wantType) throw bad("invariant", `MessageHeader.focus must point to the message's ${wantType}`);
  const status = text(focus.resource.status);
  const cancelDefinition = message.definition === MESSAGE_DEFINITIONS.bookingCancelled || message.definition === MESSAGE_DEFINITIONS.referralCancelled;
  let workflow: Workflow;
  let nonStandard: string | undefined;
  if (message.event === "booking-request") {
    const isCancel = status === "cancelled" || status === "entered-in-error";
    if (message.reason === "new" && status === "booked") workflow = "book";
    else if (message.reason !== "new" && isCancel) workflow = "cancel-booking";
    else if (message.reason === "new" && isCancel && cancelDefinition) {
      workflow = "cancel-booking";
      nonStandard = "a cancellation sent with reason new";
    } else throw bad("invariant", `A booking-request with reason ${message.reason} cannot have an Appointment with status ${status ?? "(none)"}`);
  } else {
    const isRevoke = status === "revoked" || status === "entered-in-error";
    if (message.reason === "new" && status === "active") workflow = "refer";
    else if (message.reason !== "new" && isRevoke) workflow = "revoke-referral";
    else if (message.reason === "new" && isRevoke && cancelDefinition) {
      workflow = "revoke-referral";
      nonStandard = "a revocation sent with reason new";
    } else throw bad("invariant", `A servicerequest-request with reason ${message.reason} cannot have a ServiceRequest with status ${status ?? "(none)"}`);
    const categories = asArray(focus.resource.category).flatMap(codings);
    if (!categories.some((c) => text(c.system) === REFERRAL_CATEGORY && text(c.code) === "referral")) {
      throw bad("invariant", "ServiceRequest.category must include referral (https://fhir.nhs.uk/CodeSystem/message-category-servicerequest)");
    }
    if (workflow === "refer") {
      const encounter = resolve(message, focus.resource.encounter) ?? entriesOf(message, "Encounter")[0];
      const encounterStatus = text(encounter?.resource.status);
      if (encounter && encounterStatus !== "triaged" && encounterStatus !== "finished") throw bad("invariant", `The 111 Encounter's status must be triaged or finished, not ${encounterStatus ?? "(none)"}`);
      for (const cp of entriesOf(message, "CarePlan")) {
        if (text(cp.resource.status) !== "completed") throw bad("invariant", `The CarePlan's status must be completed, not ${text(cp.resource.status) ?? "(none)"}`);
      }
    }
  }
  const categoryField = message.event === "booking-request" ? focus.resource.serviceCategory : focus.resource.category;
  const codes = codesOfUseCase(asArray(categoryField).flatMap(codings));
  const known = codes.filter((c) => c in APP1_USE_CASES || /^a\d+t\d+$/.test(c));
  if (known.length === 0) throw bad("invariant", `The ${wantType} must carry its BaRS use case (https://fhir.nhs.uk/CodeSystem/usecases-categories-bars), e.g. a1t1`);
  const useCase = known.find((c) => offered.includes(c));
  if (!useCase) throw unprocessable("not-supported", `This service does not accept use case ${known[0]}: it accepts ${offered.join(", ")}`);
  return { workflow, focus, focusIndex: message.entries.indexOf(focus), useCase, nonStandard };
}

/** The resources a message must (and may) hold, by the MessageDefinition of its workflow. */
export function checkDefinition(message: Message, workflow: Workflow): void {
  const key = workflow === "book" ? "bookingRequest" : workflow === "cancel-booking" ? "bookingCancelled" : workflow === "refer" ? "referral" : "referralCancelled";
  const expected = MESSAGE_DEFINITIONS[key];
  if (message.definition && message.definition.replace(/\|.*$/, "") !== expected) {
    throw bad("invariant", `MessageHeader.definition ${message.definition.slice(0, 100)} does not match this message: expected ${expected}`);
  }
  const counts = new Map<string, number>();
  for (const e of message.entries) counts.set(String(e.resource.resourceType), (counts.get(String(e.resource.resourceType)) ?? 0) + 1);
  // A cancellation need hold no more than its own definition's minimum: what else it carries is kept, not judged.
  const strictMax = workflow === "book" || workflow === "refer";
  for (const [type, min, max] of FOCUS[key]) {
    // The Bundle is the message itself, not one of its entries.
    if (type === "Bundle") continue;
    const n = counts.get(type) ?? 0;
    if (n < min) throw bad("required", `This message must include ${min === 1 ? "a" : `at least ${min}`} ${type} resource${min === 1 ? "" : "s"}`);
    if (strictMax && max !== "*" && n > Number(max)) throw bad("invariant", `This message may include at most ${max} ${type} resource${max === "1" ? "" : "s"}, not ${n}`);
  }
  if (workflow === "refer") {
    for (const c of entriesOf(message, "Consent")) {
      const cats = asArray(c.resource.category).flatMap(codings).map((x) => text(x.code));
      if (!cats.includes("DRC")) throw bad("invariant", "Consent must be for direct care (category DRC): BaRS referrals are for direct care only");
    }
  }
}

export function patientEntry(message: Message): MessageEntry {
  const p = entriesOf(message, "Patient")[0];
  if (!p) throw bad("required", "This message must include the Patient");
  return p;
}

export type { Json };
