import { InvalidInput } from "../errors";
import type { Disposition } from "./cda/types";

/**
 * Whether a received 111 report asks this ED to act. The ITK envelope says who it is for (the address
 * list: ODS codes and DoS service ids) and why (the interaction: primary recipient, copy recipient, a
 * repeat-caller history set); the report says when the call was. Only a report for action, about a
 * current call, may become an expected walk-in; anything else is kept and shown as information.
 * The decisions are explained in docs/clinical-safety/report-routing-and-safeguarding.md.
 */

/** What the ITK interaction says the recipient is expected to do. */
export type ReportInteraction =
  | "primary-emergency-department"
  | "primary-general-practitioner"
  | "primary-out-of-hours"
  | "copy-recipient"
  | "repeat-caller-document-set"
  /** An interaction this receiver does not know, or none sent. */
  | "unknown";

export interface ReportAddress {
  kind: "ods" | "dos-service" | "other";
  id: string;
}

/** The addressing of the message a report came in, as the door read it. */
export interface ReportAddressing {
  interaction: ReportInteraction;
  /** As sent, for the audit trail. */
  interactionUri: string | null;
  /** Empty when the envelope carried no address list (it is optional in ITK). */
  addresses: ReportAddress[];
}

/** The identities this ED receives reports under. */
export interface OurAddresses {
  odsCodes: string[];
  dosServiceIds: string[];
}

export type InformationReason = "copy-recipient" | "repeat-caller-history" | "encounter-too-old";

export type ReportRoute =
  | { kind: "for-action" }
  | { kind: "information"; reason: InformationReason; detail: string };

export const INFORMATION_REASON_TEXT: Record<InformationReason, string> = {
  "copy-recipient": "Sent to this ED for information only (copy recipient): 111 did not send the patient here",
  "repeat-caller-history": "An earlier 111 call sent as repeat-caller history, not a new referral",
  "encounter-too-old": "The 111 call was too long ago for this to be a current referral",
};

/** The message names neither this ED's ODS codes nor its DoS service ids. Nothing is stored. */
export class ReportNotAddressedHere extends InvalidInput {
  constructor(
    message: string,
    readonly addresses: ReportAddress[],
  ) {
    super(message);
  }
}

const normaliseId = (s: string) => s.trim().toUpperCase();

/**
 * Throws ReportNotAddressedHere when the message has an address list and none of it is ours. With no
 * address list, or when this ED's identities are not known (nothing configured, no services yet), the
 * message is taken as ours: the network delivered it here and there is nothing to check it against.
 */
export function checkAddressedHere(addressing: ReportAddressing | null, ours: OurAddresses): void {
  if (!addressing || addressing.addresses.length === 0) return;
  const ods = new Set(ours.odsCodes.map(normaliseId));
  const dos = new Set(ours.dosServiceIds.map(normaliseId));
  if (ods.size === 0 && dos.size === 0) return;
  // An untyped address of an unknown form (a bare "RZZ01" or DoS id without its type) is compared with both.
  const ourAddress = addressing.addresses.some(
    (a) => (a.kind !== "dos-service" && ods.has(normaliseId(a.id))) || (a.kind !== "ods" && dos.has(normaliseId(a.id))),
  );
  if (ourAddress) return;
  const named = addressing.addresses.map((a) => `${a.kind === "ods" ? "ODS" : a.kind === "dos-service" ? "DoS service" : "address"} ${a.id}`).join(", ");
  throw new ReportNotAddressedHere(`The message is addressed to ${named}, which is not this Emergency Department; send it to its addressee`, addressing.addresses);
}

export interface RouteInput {
  addressing: ReportAddressing | null;
  /** When the 111 call began (else the document's own time); null when neither was sent. */
  callStartedAt: Date | null;
  receivedAt: Date;
  maxEncounterAgeHours: number;
}

/** For action or for information, for one report of a message already known to be addressed here. */
export function classifyReportRoute(input: RouteInput): ReportRoute {
  const i = input.addressing?.interaction;
  if (i === "copy-recipient") return { kind: "information", reason: "copy-recipient", detail: INFORMATION_REASON_TEXT["copy-recipient"] };
  if (i === "repeat-caller-document-set") return { kind: "information", reason: "repeat-caller-history", detail: INFORMATION_REASON_TEXT["repeat-caller-history"] };
  const started = input.callStartedAt;
  if (started && input.receivedAt.getTime() - started.getTime() > input.maxEncounterAgeHours * 3600_000) {
    return { kind: "information", reason: "encounter-too-old", detail: `${INFORMATION_REASON_TEXT["encounter-too-old"]} (more than ${input.maxEncounterAgeHours} hours before it arrived)` };
  }
  // Primary interactions for a GP or out-of-hours service, or an unknown one, still addressed to us: act on
  // it. Hiding a report that may describe a patient on the way is worse than showing one that does not.
  return { kind: "for-action" };
}

/**
 * Dispositions that send the patient to an emergency department: by code for the ones seen in live
 * traffic, otherwise by the Pathways wording (treatment centre, emergency department, A&E, ambulance).
 */
const ED_DISPOSITION_CODES = new Set(["DX02", "DX03"]);
const ED_WORDING = /\b(emergency (treatment centre|department)|treatment centre|accident and emergency|a ?& ?e|\bed\b|ambulance)\b/i;

/**
 * True when 111's disposition does not usually bring the patient to an ED (pharmacy, GP, dental, mental
 * health crisis): the report is still shown, with "Disposition not usually ED: check with 111". False when
 * there is no disposition (that is shown as "not sent") or it is an ED disposition.
 */
export function dispositionNotUsuallyEd(d: Pick<Disposition, "code" | "displayName"> | null | undefined): boolean {
  if (!d || (!d.code && !d.displayName)) return false;
  if (d.code && ED_DISPOSITION_CODES.has(d.code.trim().toUpperCase())) return false;
  if (d.displayName && ED_WORDING.test(d.displayName)) return false;
  return true;
}

export const DISPOSITION_NOT_USUALLY_ED_TEXT = "Disposition not usually ED: check with 111";
