/**
 * A BaRS referral's (or booking's) FHIR R4 resources read into the same clinical summary model a CDA report is
 * read into (`ClinicalDocument`), so the board, the booking page and every safety rule treat both alike
 * (BARS-RECEIVER §3, §5). Pure: no database, no I/O. Nothing 111 sent is dropped: every value a mapper below does
 * not place is listed, with where it came from, in the section "Other information sent by 111". All text stays
 * text (the renderer builds React elements from the narrative model; nothing becomes markup).
 */
import { dispositionFrom } from "../cda/disposition";
import type { Author, ClinicalDocument, ClinicalSection, Hl7Code, Hl7Time, PatientIdentifier, PostalAddress, SectionKind, SentFlag, Telecom } from "../cda/types";
import type { Narrative, NarrativeNode } from "../narrative-model";
import { narrativePlainText } from "../narrative-plain-text";
import { nhsNumberProblem } from "../../nhs/nhs-number";
import { formatLondonDate, formatLondonDateTime } from "../../time/london";

type Json = Record<string, unknown>;
interface Entry {
  fullUrl: string | null;
  resource: Json;
}

export const NO_SAFEGUARDING_ISSUES = "861931000000100";
export const OTHER_INFORMATION_TITLE = "Other information sent by 111";
const NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";
const VERIFICATION_EXT = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus";
const RANK_EXT = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactRank";
const QR_REASON_EXT = "http://hl7.org/fhir/StructureDefinition/questionnaireresponse-reason";
const OUR_REFERENCE_SYSTEMS = ["https://fhir.nhs.uk/Id/ed-capacity-referral-reference", "https://fhir.nhs.uk/Id/ed-capacity-booking-reference"];
/** SNOMED "No known allergy" and its relatives: an explicit all-clear, never inferred from absence. */
const NO_KNOWN_ALLERGY_CODES = new Set(["716186003", "409137002", "428607008", "429625007"]);
/** Texts senders put on a coded Pathways outcome to say which code it is, not what happened. */
const LABEL_ONLY = /^(pathways assessment\b.*\bcode\b.*|presenting complaint\b.*|.*\b(dx|sg|sd) code\b.*)$/i;
const UUID = /^(urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const obj = (v: unknown): Json | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const objs = (v: unknown): Json[] => arr(v).map(obj).filter((o): o is Json => o !== null);
const str = (v: unknown): string | null => (typeof v === "string" ? (v.trim() ? v.trim() : null) : typeof v === "number" || typeof v === "boolean" ? String(v) : null);
const joinText = (parts: (string | null | undefined)[], sep = ", ") => parts.filter((p): p is string => !!p).join(sep);

/** A coding as a person reads it: its wording, else its code. */
function codingText(c: Json | null): string | null {
  return c ? (str(c.display) ?? str(c.code)) : null;
}

/** A CodeableConcept as a person reads it: every coding's wording, and the sender's text when it adds something. */
export function conceptText(v: unknown): string | null {
  const c = obj(v);
  if (!c) return str(v);
  const coded = objs(c.coding).map(codingText).filter((t): t is string => !!t);
  const t = str(c.text);
  const parts = [...new Set(coded)];
  if (t && !parts.includes(t)) parts.push(t);
  return parts.length ? parts.join("; ") : null;
}

function fhirTime(v: unknown): Hl7Time | null {
  const raw = str(v);
  if (!raw) return null;
  const date = /^\d{4}-\d{2}-\d{2}/.test(raw) ? raw.slice(0, 10) : null;
  const hasTime = /T\d{2}:\d{2}/.test(raw);
  const d = hasTime ? new Date(raw) : null;
  const instant = d && !Number.isNaN(d.getTime()) ? d : null;
  return { raw, instant, date, zone: instant ? "offset" : null, ...(hasTime && !instant ? { problem: "not a readable time" } : {}) };
}

/** A FHIR date or dateTime for people: London time for instants, the date as written otherwise. */
export function timeText(v: unknown): string | null {
  const t = fhirTime(v);
  if (!t) return null;
  if (t.instant) return formatLondonDateTime(t.instant);
  if (t.date && t.raw.length === 10) {
    try {
      return formatLondonDate(t.date);
    } catch {
      return t.raw;
    }
  }
  return t.raw;
}

function periodText(v: unknown): string | null {
  const p = obj(v);
  if (!p) return null;
  const [s, e] = [timeText(p.start), timeText(p.end)];
  return s && e ? `${s} to ${e}` : s ? `from ${s}` : e ? `until ${e}` : null;
}

function humanName(v: unknown): { text: string; given: string[]; family: string | null; prefix: string[] } | null {
  const names = objs(v);
  const n = names.find((x) => x.use === "official") ?? names[0] ?? obj(v);
  if (!n) return null;
  const given = arr(n.given).map(str).filter((s): s is string => !!s);
  const prefix = arr(n.prefix).map(str).filter((s): s is string => !!s);
  const family = str(n.family);
  const text = str(n.text) ?? joinText([...prefix, ...given, family], " ");
  return text ? { text, given, family, prefix } : null;
}

function addressOf(a: Json): PostalAddress {
  const lines = arr(a.line).map(str).filter((s): s is string => !!s);
  const city = str(a.city) ?? undefined;
  const postalCode = str(a.postalCode) ?? undefined;
  const built = joinText([...lines, city, str(a.district), postalCode]);
  const text = str(a.text) && !built ? str(a.text)! : built || str(a.text) || "";
  const where = a.use === "temp" ? " (where the patient is now)" : a.use === "home" ? " (home)" : str(a.use) ? ` (${str(a.use)})` : "";
  return { use: str(a.use) ?? undefined, lines, city, postalCode, text: `${text}${where}` };
}

function telecomOf(t: Json): Telecom {
  const value = str(t.value) ?? "";
  const kind = t.system === "phone" || t.system === "sms" ? "phone" : t.system === "email" ? "email" : "other";
  const use = str(t.use);
  const rank = str(t.rank);
  const display = joinText([value, use ? `(${use}${rank ? `, rank ${rank}` : ""})` : rank ? `(rank ${rank})` : null], " ");
  return { value, kind, display, ...(use ? { use } : {}) };
}

const rankOf = (o: Json): number => {
  const ext = objs(o.extension).find((e) => e.url === RANK_EXT);
  const n = Number(ext?.valuePositiveInt ?? o.rank);
  return Number.isFinite(n) && n > 0 ? n : Number.MAX_SAFE_INTEGER;
};

/** Line separators in Pathways text: real newlines, and the literal "\n" or "/n" some senders write for them. */
export function splitLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\\n/g, "\n")
    .replace(/(?<![a-z]{2}:\/)\/n(?=\s|[A-Z0-9]|$)/g, "\n")
    .split("\n")
    .map((l) => l.trim())
    .filter((l, i, all) => l !== "" || (i > 0 && all[i - 1] !== ""));
}

// --- the narrative the renderer shows -----------------------------------------------------------------------

type Line = string | { label: string; value: string };

function textNodes(value: string): NarrativeNode[] {
  const out: NarrativeNode[] = [];
  splitLines(value).forEach((l, i) => {
    if (i > 0) out.push({ type: "br" });
    out.push({ type: "text", text: l });
  });
  return out;
}

function narrativeOf(lines: Line[]): Narrative {
  const nodes: NarrativeNode[] = lines.map((l) =>
    typeof l === "string"
      ? { type: "paragraph", children: textNodes(l) }
      : { type: "paragraph", children: [{ type: "content", styles: ["bold"], children: [{ type: "text", text: `${l.label}: ` }] }, ...textNodes(l.value)] },
  );
  return { nodes, sanitised: false, removed: [] };
}

// --- reading --------------------------------------------------------------------------------------------------

class Reader {
  readonly entries: Entry[];
  /** What each resource has put on the page, so the rest can be listed as other information. */
  private readonly shown = new Map<Json, string[]>();
  readonly sections: ClinicalSection[] = [];
  /** The patient's details, placed after the clinical content (the header already names the patient). */
  patientDetails: Line[] = [];

  constructor(bundle: Json) {
    this.entries = objs(bundle.entry)
      .map((e) => ({ fullUrl: str(e.fullUrl), resource: obj(e.resource) }))
      .filter((e): e is Entry => e.resource !== null);
  }

  of(type: string): Json[] {
    return this.entries.filter((e) => e.resource.resourceType === type).map((e) => e.resource);
  }

  resolve(ref: unknown): Json | null {
    const r = str(obj(ref)?.reference ?? ref);
    if (!r) return null;
    const byUrl = this.entries.find((e) => e.fullUrl === r);
    if (byUrl) return byUrl.resource;
    const [type, id] = r.split("/").slice(-2);
    return this.entries.find((e) => e.resource.resourceType === type && e.resource.id === id)?.resource ?? null;
  }

  /** Records text as shown for a resource and hands it back. */
  show<T extends string | null>(res: Json | null, text: T): T {
    if (res && text) this.shown.set(res, [...(this.shown.get(res) ?? []), text]);
    return text;
  }

  line(res: Json | null, label: string, value: string | null): Line[] {
    return value ? [{ label, value: this.show(res, value) }] : [];
  }

  section(kind: SectionKind, title: string, lines: Line[], extra: Partial<ClinicalSection> = {}): ClinicalSection | null {
    if (!lines.length && !extra.allergyStatus) return null;
    const narrative = narrativeOf(lines);
    const s: ClinicalSection = { index: this.sections.length, depth: 0, id: null, code: null, title, kind, classifiedBy: "code", narrative, plainText: narrativePlainText(narrative), ...extra };
    this.sections.push(s);
    return s;
  }

  /** Every value of every resource that no section or field above shows, with where it came from. */
  leftovers(): Line[] {
    const out: Line[] = [];
    for (const e of this.entries) {
      const res = e.resource;
      const shown = (this.shown.get(res) ?? []).join("\n").toLowerCase();
      const label = resourceLabel(res);
      const narrativeText = plainFromXhtml(str(obj(res.text)?.div));
      if (narrativeText && !shown.includes(narrativeText.toLowerCase())) out.push({ label: `${label}, 111's own summary of it`, value: narrativeText });
      for (const leaf of leaves(res, [], str(res.resourceType) ?? "")) {
        if (shown.includes(leaf.value.toLowerCase())) continue;
        out.push({ label: `${label}, ${leaf.path}`, value: leaf.value });
      }
    }
    return out;
  }
}

const RESOURCE_LABEL: Record<string, string> = {
  MessageHeader: "Message",
  ServiceRequest: "Referral",
  Appointment: "Booking",
  Patient: "Patient",
  Encounter: "111 encounter",
  CarePlan: "111 assessment",
  Flag: "Flag",
  Condition: "Condition",
  Observation: "Observation",
  AllergyIntolerance: "Allergy",
  MedicationStatement: "Medication",
  QuestionnaireResponse: "Questionnaire answers",
  Consent: "Consent",
  RelatedPerson: "Next of kin",
  Practitioner: "Clinician",
  PractitionerRole: "Clinician's role",
  Organization: "Organisation",
  Location: "Location",
  HealthcareService: "Service",
};

function resourceLabel(res: Json): string {
  const t = str(res.resourceType) ?? "Resource";
  const name = typeof res.name === "string" ? str(res.name) : null;
  return `${RESOURCE_LABEL[t] ?? t}${name ? ` (${name})` : ""}`;
}

/** Element names as words: "occurrencePeriod" → "occurrence period". */
const words = (k: string) => k.replace(/\[\d+\]$/, "").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();

/** Keys that only wire resources together or describe the message: never clinical content. */
const TECHNICAL_KEYS = new Set(["resourceType", "id", "meta", "fullUrl", "reference", "system", "profile", "url", "version", "text.status", "div"]);

/** Top-level elements that only steer the message (its event, reason, definition) or restate the workflow. */
const PLUMBING = new Set(["MessageHeader.eventCoding", "MessageHeader.reason", "MessageHeader.definition", "MessageHeader.focus", "ServiceRequest.intent", "CarePlan.intent", "CarePlan.status", "ServiceRequest.status", "Appointment.status", "QuestionnaireResponse.status"]);

function leaves(v: unknown, path: string[], type = ""): { path: string; value: string }[] {
  const here = path[path.length - 1] ?? "";
  if (Array.isArray(v)) return v.flatMap((x) => leaves(x, path));
  const o = obj(v);
  if (o) {
    const out: { path: string; value: string }[] = [];
    // An extension is labelled by the last part of its url.
    const extLabel = here === "extension" || here === "modifierExtension" ? str(o.url)?.split(/[/#]/).pop() : null;
    for (const [k, x] of Object.entries(o)) {
      if (TECHNICAL_KEYS.has(k)) continue;
      if (path.length === 0 && (k === "text" || PLUMBING.has(`${type}.${k}`))) continue; // the resource's narrative is handled on its own
      if (k === "use" && (x === "official" || x === "usual")) continue;
      if (k === "code" && str(o.display)) continue; // a coding's code beside its wording
      out.push(...leaves(x, extLabel ? [...path.slice(0, -1), words(extLabel)] : [...path, words(k)]));
    }
    return out;
  }
  const value = str(v);
  if (!value || UUID.test(value) || /^(urn:|https?:\/\/fhir\.)/.test(value)) return [];
  return [{ path: path.filter((p, i) => p !== path[i - 1]).join(" › ") || "value", value }];
}

/** The sender's XHTML narrative as plain text (tags dropped, the few common entities decoded). */
export function plainFromXhtml(div: string | null): string | null {
  if (!div) return null;
  const t = div
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|tr|h\d)>/gi, "\n")
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .split("\n")
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .join("\n");
  return t || null;
}

// --- the mapping ------------------------------------------------------------------------------------------------

export interface BarsSummaryOptions {
  /** Our id for the record (the referral's, or the booking's). */
  recordId: string;
  versionNumber?: number;
  /** Our human-readable reference ("EDR-…"), shown instead of any GUID. */
  reference?: string | null;
  /** When the message was received: the summary's time when 111 sent none. */
  receivedAt?: Date;
  /** Where the referral stands here (revoked or entered in error by 111, and when). */
  referral?: { status: string; endedAt: string | null };
}

export function clinicalDocumentFromBars(bundle: Json, options: BarsSummaryOptions): ClinicalDocument {
  const r = new Reader(bundle);
  const header = r.of("MessageHeader")[0] ?? null;
  const sr = r.of("ServiceRequest")[0] ?? null;
  const appointment = r.of("Appointment")[0] ?? null;
  const patientRes = (sr && r.resolve(sr.subject)) ?? r.of("Patient")[0] ?? null;
  const encounterRes = (sr && r.resolve(sr.encounter)) ?? r.of("Encounter")[0] ?? null;
  const carePlans = r.of("CarePlan");
  const senderOrg = header ? r.resolve(header.sender) : null;
  const sender = senderOrg ? { odsCode: r.show(senderOrg, firstIdentifier(senderOrg)), name: r.show(senderOrg, str(senderOrg.name)) } : header ? { odsCode: null, name: r.show(header, str(obj(header.source)?.name)) } : null;
  const warnings: string[] = [];
  const flags: SentFlag[] = [];
  const entryCodes: Hl7Code[] = [];

  // Patient, contacts, GP.
  const patient = patientRes ? readPatient(r, patientRes, warnings) : null;
  const gpOrg = patientRes ? r.resolve(arr(patientRes.generalPractitioner)[0]) : null;
  const registeredGp = gpOrg ? { odsCode: r.show(gpOrg, firstIdentifier(gpOrg)), name: r.show(gpOrg, str(gpOrg.name)), unknown: false } : null;

  // Encounter: case number, journey id, call times.
  const caseReference = encounterRes ? r.show(encounterRes, objs(encounterRes.identifier).map((i) => str(i.value)).find(Boolean) ?? null) : null;
  const journeyRef = encounterRes ? str(obj(arr(encounterRes.episodeOfCare)[0])?.reference) : null;
  const journeyId = journeyRef ? journeyRef.split("/").pop() ?? journeyRef : null;
  const period = obj(encounterRes?.period);
  if (encounterRes && period) {
    r.show(encounterRes, str(period.start));
    r.show(encounterRes, str(period.end));
  }

  // CarePlan: pathway, symptom group and discriminator, disposition, and the assessment narrative.
  let disposition: ReturnType<typeof dispositionFrom> | null = null;
  const reasonLines: Line[] = [];
  const assessment: Line[] = [];
  for (const cp of carePlans) {
    for (const act of objs(cp.activity)) {
      for (const concept of objs(act.outcomeCodeableConcept)) {
        const coding = objs(concept.coding)[0] ?? null;
        const system = str(coding?.system) ?? "";
        const wording = codingText(coding);
        const code = str(coding?.code);
        const label = str(concept.text);
        // A coded outcome's text is usually only a label ("Pathways Assessment DX Code"); anything else is narrative.
        const narrative = coding && label && !LABEL_ONLY.test(label) && label !== wording ? label : null;
        if (narrative) assessment.push(r.show(cp, narrative));
        if (coding && /pathways-dx/.test(system)) {
          disposition = dispositionFrom(code, system, str(coding.display));
          r.show(cp, wording);
          if (!narrative) r.show(cp, label);
          continue;
        }
        const kind = /pathways-pathway/.test(system) ? "Pathway" : /pathways-sg/.test(system) ? "Symptom group" : /pathways-sd/.test(system) ? "Symptom discriminator" : null;
        if (coding && kind) {
          reasonLines.push({ label: kind, value: r.show(cp, joinText([wording, code && code !== wording ? `(${code})` : null], " ")) });
          if (!narrative) r.show(cp, label);
          continue;
        }
        if (coding) {
          for (const c of objs(concept.coding)) entryCodes.push({ code: str(c.code) ?? undefined, displayName: str(c.display) ?? undefined });
          assessment.push({ label: narrative ? "Outcome" : (label ?? "Outcome"), value: r.show(cp, objs(concept.coding).map(codingText).filter(Boolean).join("; ")) });
          if (!narrative) r.show(cp, label);
        } else if (label) assessment.push(r.show(cp, label));
      }
      const detail = obj(act.detail);
      if (detail) assessment.push(...r.line(cp, "Activity", conceptText(detail.code) ?? str(detail.description)));
    }
    assessment.push(...r.line(cp, "Description", str(cp.description)), ...r.line(cp, "Title", str(cp.title)));
    for (const n of objs(cp.note)) assessment.push(...r.line(cp, "Note", str(n.text)));
  }
  if (sr) {
    for (const c of objs(sr.reasonCode)) reasonLines.push(...r.line(sr, "Reason for referral", conceptText(c)));
    for (const c of objs(sr.code ? [sr.code] : [])) reasonLines.push(...r.line(sr, "Referred for", conceptText(c)));
  }
  if (!reasonLines.length && appointment) reasonLines.push(...r.line(appointment, "Reason given in the booking", str(appointment.description)));
  r.section("reason-for-call", "Reason for call", reasonLines);

  // What the referral asks and by when (the disposition's deadline).
  const deadline = sr ? obj(sr.occurrencePeriod) : null;
  const dispositionLines: Line[] = [];
  if (sr) {
    dispositionLines.push(...r.line(sr, "Be seen by", timeText(deadline?.end)), ...r.line(sr, "From", timeText(deadline?.start)));
    dispositionLines.push(...r.line(sr, "111's advice to the patient", str(sr.patientInstruction)));
    for (const n of objs(sr.note)) dispositionLines.push(...r.line(sr, "Note", str(n.text)));
  }
  if (deadline) {
    r.show(sr, str(deadline.start));
    r.show(sr, str(deadline.end));
  }
  r.section("disposition", "What 111 asks of the ED", dispositionLines);
  r.section("assessment", "111 assessment", assessment);

  // Flags: the banner reads them; a safeguarding section says what each safeguarding flag means.
  const sgLines: Line[] = [];
  const flagLines: Line[] = [];
  for (const f of r.of("Flag")) {
    const flag = readFlag(r, f);
    flags.push(flag);
    const when = periodText(f.period);
    if (when) {
      r.show(f, str(obj(f.period)?.start));
      r.show(f, str(obj(f.period)?.end));
    }
    const value = joinText([flag.text, flag.status && flag.status !== "active" ? `(${r.show(f, flag.status)})` : null, when ? r.show(f, `(${when})`) : null], " ");
    if (flag.kind === "safeguarding-concern" || flag.kind === "no-safeguarding-concern") sgLines.push({ label: flag.category, value });
    else flagLines.push({ label: flag.category, value });
  }
  r.section("safeguarding", "Safeguarding", sgLines);
  if (flagLines.length) r.section("information", "Flags sent by 111", flagLines);

  // Questionnaire answers: Special Patient Notes, Additional Information Sources, Rejected Services, any other.
  for (const qr of r.of("QuestionnaireResponse")) {
    const reason = conceptText(objs(qr.extension).find((e) => e.url === QR_REASON_EXT)?.valueCodeableConcept) ?? null;
    r.show(qr, reason);
    const title = reason ? (/special patient note/i.test(reason) ? `Special patient notes (${reason})` : reason) : "Questionnaire answers sent by 111";
    const lines = questionnaireLines(r, qr, objs(qr.item), []);
    lines.push(...r.line(qr, "Completed", timeText(qr.authored)));
    r.show(qr, str(qr.authored));
    r.section("information", title, lines);
  }

  // Allergies: recorded, an explicit "no known allergies", or (no AllergyIntolerance at all) not sent.
  const allergies = r.of("AllergyIntolerance");
  if (allergies.length) {
    const lines = allergies.map((a) => allergyLine(r, a));
    const allClear = allergies.every((a) => objs(obj(a.code)?.coding).some((c) => NO_KNOWN_ALLERGY_CODES.has(str(c.code) ?? "")));
    r.section("allergies", "Allergies", lines, { allergyStatus: allClear ? "no-known-allergies" : "recorded" });
  }

  const meds = r.of("MedicationStatement");
  r.section("medications", "Medication", meds.length ? meds.map((m) => medicationLine(r, m)) : ["No medications stated by 111"]);
  r.section("clinical-summary", "Conditions", r.of("Condition").map((c) => conditionLine(r, c)));
  r.section("clinical-summary", "Observations", r.of("Observation").map((o) => observationLine(r, o)));
  for (const type of ["Procedure", "Task", "Communication"]) r.section("clinical-summary", type === "Task" ? "Tasks" : type === "Procedure" ? "Procedures" : "Communications", r.of(type).map((x) => genericLine(r, x)));

  // Who triaged: the requester and every PractitionerRole 111 sent, with their organisation.
  const authors: Author[] = [];
  const requester = sr ? r.resolve(sr.requester) : null;
  const roles = [...(requester?.resourceType === "PractitionerRole" ? [requester] : []), ...r.of("PractitionerRole").filter((x) => x !== requester)];
  for (const role of roles) {
    const prac = r.resolve(role.practitioner);
    const org = r.resolve(role.organization);
    authors.push({
      role: r.show(role, joinText([...objs(role.code).map(conceptText), ...objs(role.specialty).map(conceptText)])) || null,
      person: prac ? r.show(prac, humanName(prac.name)?.text ?? null) : null,
      organisation: org ? { odsCode: r.show(org, firstIdentifier(org)), name: r.show(org, str(org.name)) } : null,
      time: null,
    });
    if (prac) r.show(prac, firstIdentifier(prac));
  }
  for (const prac of r.of("Practitioner").filter((p) => !roles.some((role) => r.resolve(role.practitioner) === p))) {
    authors.push({ role: null, person: r.show(prac, humanName(prac.name)?.text ?? null), organisation: null, time: null });
    r.show(prac, firstIdentifier(prac));
  }
  const triagedBy = authors.filter((a) => a.person || a.role);
  if (triagedBy.length) r.section("other", "Clinicians named by 111", triagedBy.map((a) => joinText([a.person ?? "Name not sent", a.role, a.organisation?.name])));

  // How to ring 111 back: the message's source contact, with the sending organisation.
  const source = obj(header?.source);
  const cbTelecoms = objs(source?.contact).map(telecomOf);
  for (const t of cbTelecoms) r.show(header, t.value);
  const callBack = cbTelecoms.length ? { role: null, name: r.show(header, str(source?.name)), organisation: sender, telecoms: cbTelecoms } : null;

  // Contacts (call-back first, in rank order) and next of kin, kept apart (§3.2, §3.9).
  if (patientRes) r.section("other", "Contacts sent by 111 (call-back first)", contactLines(r, patientRes));
  r.section("other", "Patient details sent by 111", r.patientDetails);
  r.section("other", "Next of kin", r.of("RelatedPerson").map((p) => relatedPersonLine(r, p)));
  r.section("consent", "Consent", r.of("Consent").map((c) => consentLine(r, c)));

  // Referral details: our reference, the service addressed, where the patient is, the software 111 used.
  const details: Line[] = [];
  const ours = [sr, appointment].flatMap((x) => (x ? objs(x.identifier).filter((i) => OUR_REFERENCE_SYSTEMS.includes(str(i.system) ?? "")).map((i) => r.show(x, str(i.value))) : []));
  details.push(...r.line(null, "Our reference", options.reference ?? ours[0] ?? null));
  if (sr) {
    details.push(...r.line(sr, "Referral made", timeText(sr.authoredOn)));
    r.show(sr, str(sr.authoredOn));
    for (const c of objs(sr.category)) details.push(...r.line(sr, "Kind of referral", conceptText(c)));
    for (const p of arr(sr.performer)) {
      const svc = r.resolve(p);
      if (svc) details.push(...r.line(svc, "Sent to", joinText([str(svc.name), firstIdentifier(svc) ? `DoS id ${r.show(svc, firstIdentifier(svc))}` : null])));
    }
    for (const s of objs(sr.supportingInfo)) if (!r.resolve(s)) details.push(...r.line(sr, "Also refers to", str(s.display) ?? str(s.reference)));
  }
  if (appointment) {
    details.push(...r.line(appointment, "Booked arrival time (as 111 sent it)", timeText(appointment.start)));
    r.show(appointment, str(appointment.start));
    r.show(appointment, str(appointment.end));
    r.show(appointment, str(appointment.description));
  }
  for (const loc of r.of("Location")) details.push(...r.line(loc, "Location sent by 111", joinText([str(loc.name), str(loc.description), obj(loc.address) ? addressOf(obj(loc.address)!).text : null])));
  if (header) {
    const cdss = objs(header.extension).find((e) => /CDSSExtension/.test(str(e.url) ?? ""));
    const cdssText = cdss ? joinText(objs(cdss.extension).map((x) => str(x.valueString)), " ") : null;
    details.push(...r.line(header, "Assessed with", cdssText));
    details.push(...r.line(header, "Sent by", joinText([str(source?.name), str(source?.software), str(source?.version)])));
  }
  if (encounterRes) details.push(...r.line(encounterRes, "111 encounter", joinText([str(encounterRes.status), conceptText(encounterRes.class)])));
  r.section("other", "Referral details", details);

  const other = r.leftovers();
  r.section("other", OTHER_INFORMATION_TITLE, other);

  const start = fhirTime(period?.start);
  const encounter = { start, end: fhirTime(period?.end), journeyId, caseReference, localCaseId: null, disposition };
  const effective = fhirTime(str(bundle.timestamp)) ?? (options.receivedAt ? { raw: options.receivedAt.toISOString(), instant: options.receivedAt, date: options.receivedAt.toISOString().slice(0, 10), zone: "offset" as const } : null);
  if (options.referral && options.referral.status !== "active") {
    const what = options.referral.status === "entered-in-error" ? "entered in error" : options.referral.status;
    warnings.unshift(`111 ${what === "completed" ? "marked this referral completed" : `withdrew this referral (${what})`}${options.referral.endedAt ? ` on ${formatLondonDateTime(new Date(options.referral.endedAt))}` : ""}: it is shown for the record, not as a current referral`);
  }
  return {
    origin: "bars",
    referral: options.referral,
    flags,
    id: { root: options.recordId },
    setId: options.recordId,
    versionNumber: options.versionNumber ?? 1,
    replaces: null,
    reportVersion: "unknown",
    documentCode: null,
    title: sr ? "NHS 111 referral (BaRS)" : "NHS 111 booking (BaRS)",
    effectiveTime: effective,
    messageType: null,
    typeId: null,
    templateIds: [],
    confidentiality: null,
    patient,
    registeredGp,
    authors,
    informants: [],
    callBack,
    custodian: sender,
    sender,
    encounter,
    appointmentReferences: [],
    sections: r.sections,
    entryCodes,
    warnings,
  };
}

function firstIdentifier(res: Json): string | null {
  return objs(res.identifier).map((i) => str(i.value)).find(Boolean) ?? null;
}

function readPatient(r: Reader, p: Json, warnings: string[]): NonNullable<ClinicalDocument["patient"]> {
  const ids = objs(p.identifier);
  const nhsId = ids.find((i) => i.system === NHS_NUMBER_SYSTEM) ?? null;
  const status = nhsId ? str(objs(objs(nhsId.extension).find((e) => e.url === VERIFICATION_EXT)?.valueCodeableConcept ? obj(objs(nhsId.extension).find((e) => e.url === VERIFICATION_EXT)!.valueCodeableConcept)?.coding : [])[0]?.code) : null;
  const value = nhsId ? (str(nhsId.value) ?? "").replace(/\s+/g, "") : null;
  const verified = status === "number-present-and-verified";
  if (nhsId && status) r.show(p, status);
  for (const e of objs(nhsId?.extension)) for (const c of objs(obj(e.valueCodeableConcept)?.coding)) r.show(p, str(c.display));
  for (const a of objs(p.address)) r.show(p, str(a.use));
  if (nhsId && value && !verified) warnings.push(`The NHS number was sent ${status ? `as "${status}"` : "without a verification status"}: it has not been verified`);
  const identifiers: PatientIdentifier[] = ids.map((i) => ({ root: str(i.system) ?? "", extension: r.show(p, str(i.value)) ?? undefined, kind: i === nhsId ? (verified ? "nhs-number-verified" : "nhs-number-unverified") : "local" }));
  const name = humanName(p.name);
  if (name) {
    r.show(p, name.text);
    for (const g of name.given) r.show(p, g);
    r.show(p, name.family);
    for (const x of name.prefix) r.show(p, x);
  }
  const birthDate = r.show(p, str(p.birthDate));
  const gender = str(p.gender);
  r.show(p, gender);
  const addresses = objs(p.address).map(addressOf);
  for (const a of addresses) r.show(p, a.text);
  // The patient's own numbers: the ONESELF contact's, and any sent (against the rules) on Patient.telecom.
  const self = objs(p.contact).filter((c) => objs(c.relationship).some((rel) => objs(rel.coding).some((x) => x.code === "ONESELF")));
  const telecoms = [...objs(p.telecom), ...self.flatMap((c) => objs(c.telecom))].sort((a, b) => rankOf(a) - rankOf(b)).map(telecomOf);
  for (const t of telecoms) r.show(p, t.display);
  const details: Line[] = [
    ...r.line(p, "Sex", gender),
    ...objs(p.communication).flatMap((c) => r.line(p, "Language", joinText([conceptText(c.language), c.preferred === true ? r.show(p, "preferred") : null]))),
    ...objs(p.extension).flatMap((e) => {
      const label = /EthnicCategory/i.test(str(e.url) ?? "") ? "Ethnic category" : /religion/i.test(str(e.url) ?? "") ? "Religion" : /interpreter/i.test(str(e.url) ?? "") ? "Interpreter required" : null;
      return label ? r.line(p, label, conceptText(e.valueCodeableConcept) ?? str(e.valueBoolean) ?? str(e.valueString)) : [];
    }),
    ...ids.filter((i) => i !== nhsId).flatMap((i) => r.line(p, "Other identifier (not an NHS number)", str(i.value))),
    ...addresses.map((a) => ({ label: "Address", value: a.text })),
  ];
  r.patientDetails = details;
  return {
    nhsNumber: value ? { value, verified, verification: verified ? "verified" : "unverified", problem: nhsNumberProblem(value) } : null,
    nhsNumberConflict: false,
    identifiers,
    name: name ? { prefix: name.prefix, given: name.given, family: name.family, text: name.text } : null,
    birthDate,
    gender: { code: gender, display: gender, value: gender === "male" || gender === "female" ? gender : gender === "unknown" ? "not-known" : gender === "other" ? "not-specified" : null },
    addresses,
    telecoms,
  };
}

function contactLines(r: Reader, p: Json): Line[] {
  return objs(p.contact)
    .sort((a, b) => rankOf(a) - rankOf(b))
    .map((c) => {
      const rank = rankOf(c);
      const relationship = joinText(objs(c.relationship).map(conceptText), " / ") || "relationship not sent";
      const who = humanName(c.name)?.text ?? null;
      const methods = objs(c.telecom)
        .sort((a, b) => rankOf(a) - rankOf(b))
        .map((t) => telecomOf(t).display);
      const org = c.organization ? (r.resolve(c.organization)?.name as string | undefined) ?? str(obj(c.organization)?.display) : null;
      const address = obj(c.address) ? addressOf(obj(c.address)!).text : null;
      const value = joinText([who, org, methods.join("; "), address, str(c.gender)], " — ");
      for (const part of [relationship, who, org, ...methods, address, str(c.gender)]) r.show(p, part);
      for (const n of humanName(c.name)?.given ?? []) r.show(p, n);
      r.show(p, humanName(c.name)?.family ?? null);
      r.show(p, String(rank));
      return { label: `${rank === 1 ? "Call-back first: " : ""}${rank === Number.MAX_SAFE_INTEGER ? "Unranked" : `Rank ${rank}`}, ${relationship}`, value: value || "no contact method sent" };
    });
}

function readFlag(r: Reader, f: Json): SentFlag {
  const cat = objs(f.category).flatMap((c) => objs(c.coding))[0] ?? null;
  const categoryCode = str(cat?.code);
  const category = r.show(f, codingText(cat) ?? conceptText(arr(f.category)[0]) ?? "Flag") ?? "Flag";
  const codes = objs(obj(f.code)?.coding).map((c) => str(c.code)).filter((c): c is string => !!c);
  const text = r.show(f, conceptText(f.code) ?? "No wording sent") ?? "No wording sent";
  const status = str(f.status);
  if (status) r.show(f, status);
  const isSg = categoryCode === "SG" || /safeguarding/i.test(category);
  const kind: SentFlag["kind"] = isSg
    ? codes.length > 0 && codes.every((c) => c === NO_SAFEGUARDING_ISSUES)
      ? "no-safeguarding-concern"
      : "safeguarding-concern"
    : categoryCode === "RA" || /reasonable adjustment/i.test(category)
      ? "reasonable-adjustment"
      : categoryCode === "RS"
        ? "rejected-services"
        : "other";
  return { kind, category, categoryCode, text, status };
}

function answerText(a: Json): string | null {
  for (const [k, v] of Object.entries(a)) {
    if (!k.startsWith("value")) continue;
    if (k === "valueCoding") return joinText([codingText(obj(v)), str(obj(v)?.code) && str(obj(v)?.display) ? `(${str(obj(v)?.code)})` : null], " ");
    if (k === "valueQuantity") return joinText([str(obj(v)?.value), str(obj(v)?.unit)], " ");
    if (k === "valueAttachment") return str(obj(v)?.title) ?? "an attachment (not shown)";
    if (k === "valueReference") return str(obj(v)?.display) ?? null;
    return k === "valueDate" || k === "valueDateTime" ? (timeText(v) ?? str(v)) : str(v);
  }
  return null;
}

/** A QuestionnaireResponse tree, depth first: label = item text or linkId; groups give their label to their items. */
function questionnaireLines(r: Reader, qr: Json, items: Json[], trail: string[]): Line[] {
  const out: Line[] = [];
  for (const item of items) {
    const label = r.show(qr, str(item.text)) ?? r.show(qr, str(item.linkId)) ?? "Item";
    r.show(qr, str(item.linkId));
    const path = [...trail, label];
    for (const a of objs(item.answer)) {
      const v = answerText(a);
      if (v) {
        out.push({ label: path.join(" › "), value: r.show(qr, v) });
        for (const x of [str(obj(a.valueCoding)?.code), str(obj(a.valueCoding)?.display), str(obj(a.valueQuantity)?.value), str(obj(a.valueQuantity)?.unit)]) r.show(qr, x);
        for (const [k, x] of Object.entries(a)) if (k.startsWith("value") && (k === "valueDate" || k === "valueDateTime")) r.show(qr, str(x));
      }
      out.push(...questionnaireLines(r, qr, objs(a.item), path));
    }
    out.push(...questionnaireLines(r, qr, objs(item.item), path));
  }
  return out;
}

function allergyLine(r: Reader, a: Json): Line {
  const what = r.show(a, conceptText(a.code)) ?? "Allergy without wording";
  const reactions = objs(a.reaction).map((x) => joinText([joinText(objs(x.manifestation).map(conceptText), "; "), str(x.severity), str(x.description)]));
  for (const x of objs(a.reaction)) for (const m of objs(x.manifestation)) r.show(a, conceptText(m));
  const extra = joinText([
    joinText(arr(a.category).map(str)),
    str(a.type),
    str(a.criticality) ? `criticality ${str(a.criticality)}` : null,
    conceptText(a.clinicalStatus),
    conceptText(a.verificationStatus),
    reactions.length ? `reaction: ${reactions.join("; ")}` : null,
    timeText(a.recordedDate) ? `recorded ${timeText(a.recordedDate)}` : null,
    ...objs(a.note).map((n) => str(n.text)),
  ]);
  r.show(a, extra);
  for (const x of objs(a.reaction)) {
    r.show(a, str(x.severity));
    r.show(a, str(x.description));
  }
  r.show(a, str(a.recordedDate));
  return { label: what, value: extra || "no further detail sent" };
}

function medicationLine(r: Reader, m: Json): Line {
  const ref = str(obj(m.medicationReference)?.reference);
  const med = ref?.startsWith("#") ? (objs(m.contained).find((c) => `#${str(c.id)}` === ref) ?? null) : r.resolve(m.medicationReference);
  const what = r.show(m, conceptText(m.medicationCodeableConcept) ?? (med ? r.show(med, conceptText(med.code)) : null) ?? str(obj(m.medicationReference)?.display)) ?? "Medication without wording";
  const dosage = objs(m.dosage).map((d) => joinText([str(d.text), conceptText(d.route), conceptText(d.asNeededCodeableConcept) ? `as needed for ${conceptText(d.asNeededCodeableConcept)}` : null]));
  const value = joinText([
    dosage.join("; "),
    str(m.status),
    ...objs(m.reasonCode).map((c) => (conceptText(c) ? `for ${conceptText(c)}` : null)),
    timeText(m.effectiveDateTime) ? `taken since ${timeText(m.effectiveDateTime)}` : null,
    periodText(m.effectivePeriod),
    ...objs(m.note).map((n) => str(n.text)),
  ]);
  r.show(m, value);
  for (const d of objs(m.dosage)) {
    r.show(m, str(d.text));
    r.show(m, conceptText(d.asNeededCodeableConcept));
  }
  for (const c of objs(m.reasonCode)) r.show(m, conceptText(c));
  r.show(m, str(m.effectiveDateTime));
  return { label: what, value: value || "no dose sent" };
}

function conditionLine(r: Reader, c: Json): Line {
  const what = r.show(c, conceptText(c.code)) ?? "Condition without wording";
  const value = joinText([conceptText(c.clinicalStatus), conceptText(c.verificationStatus), ...objs(c.category).map(conceptText), conceptText(c.severity), timeText(c.onsetDateTime) ? `since ${timeText(c.onsetDateTime)}` : str(c.onsetString), ...objs(c.note).map((n) => str(n.text))]);
  r.show(c, value);
  r.show(c, str(c.onsetDateTime));
  return { label: what, value: value || "no further detail sent" };
}

function observationLine(r: Reader, o: Json): Line {
  const what = r.show(o, conceptText(o.code)) ?? "Observation without wording";
  const q = obj(o.valueQuantity);
  const value = joinText([
    q ? joinText([str(q.value), str(q.unit)], " ") : (conceptText(o.valueCodeableConcept) ?? str(o.valueString) ?? str(o.valueBoolean) ?? str(o.valueInteger) ?? str(o.valueDateTime)),
    ...objs(o.component).map((c) => joinText([conceptText(c.code), obj(c.valueQuantity) ? joinText([str(obj(c.valueQuantity)!.value), str(obj(c.valueQuantity)!.unit)], " ") : (conceptText(c.valueCodeableConcept) ?? str(c.valueString))], ": ")),
    str(o.status) && str(o.status) !== "final" ? `status ${str(o.status)}` : null,
    timeText(o.effectiveDateTime) ? `on ${timeText(o.effectiveDateTime)}` : null,
    ...objs(o.note).map((n) => str(n.text)),
  ]);
  r.show(o, value);
  r.show(o, str(o.status));
  for (const x of [str(q?.value), str(q?.unit), str(o.effectiveDateTime)]) r.show(o, x);
  for (const c of objs(o.component)) for (const x of [conceptText(c.code), str(obj(c.valueQuantity)?.value), str(obj(c.valueQuantity)?.unit)]) r.show(o, x);
  return { label: what, value: value || "no value sent" };
}

function relatedPersonLine(r: Reader, p: Json): Line {
  const relationship = joinText(objs(p.relationship).map(conceptText), " / ") || "Next of kin";
  const who = humanName(p.name)?.text ?? null;
  const phones = objs(p.telecom).sort((a, b) => rankOf(a) - rankOf(b)).map((t) => telecomOf(t).display);
  const address = objs(p.address).map((a) => addressOf(a).text);
  const value = joinText([who, ...phones, ...address, ...objs(p.communication).map((c) => conceptText(c.language))], " — ");
  for (const part of [relationship, who, ...phones, ...address, ...(humanName(p.name)?.given ?? []), humanName(p.name)?.family ?? null, value]) r.show(p, part);
  r.show(p, str(obj(p.period)?.start));
  return { label: relationship, value: value || "no details sent" };
}

function consentLine(r: Reader, c: Json): Line {
  const value = joinText([joinText(objs(c.category).map(conceptText)), conceptText(c.scope), conceptText(c.policyRule), str(c.status), timeText(c.dateTime) ? `given ${timeText(c.dateTime)}` : null]);
  r.show(c, value);
  for (const x of [...objs(c.category).map(conceptText), conceptText(c.scope), conceptText(c.policyRule), str(c.status), str(c.dateTime)]) r.show(c, x);
  for (const k of [obj(c.scope), obj(c.policyRule), ...objs(c.category)]) for (const x of objs(k?.coding)) r.show(c, str(x.code));
  return { label: "Consent", value: value || "sent without detail" };
}

/** Procedure, Task, Communication: what it is, what it says, its state and its times. */
function genericLine(r: Reader, x: Json): Line {
  const what = r.show(x, conceptText(x.code) ?? joinText(objs(x.category).map(conceptText)) ?? null) || resourceLabel(x);
  const payload = objs(x.payload).map((p) => str(p.contentString) ?? conceptText(p.contentCodeableConcept));
  const times = [timeText(x.performedDateTime), periodText(x.performedPeriod), periodText(x.executionPeriod), timeText(x.sent), timeText(x.authoredOn)];
  const value = joinText([str(x.description), ...payload, ...objs(x.reasonCode).map(conceptText), str(x.status), ...times, ...objs(x.note).map((n) => str(n.text))]);
  r.show(x, value);
  for (const k of ["performedDateTime", "sent", "authoredOn"]) r.show(x, str(x[k]));
  for (const k of ["performedPeriod", "executionPeriod"]) for (const v of [str(obj(x[k])?.start), str(obj(x[k])?.end)]) r.show(x, v);
  for (const c of objs(x.category)) r.show(x, conceptText(c));
  return { label: what, value: value || "no detail sent" };
}
