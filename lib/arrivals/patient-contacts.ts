/**
 * The patient's contact details as 111 sent them (FHIR Patient.telecom, Patient.contact and
 * Patient.communication, kept verbatim as JSON). Read tolerantly: senders differ, and a field we cannot
 * read is left out rather than breaking the page. The rank-1 number is the one to ring first.
 */
export interface ContactLine {
  /** "Patient", or the contact's name. */
  who: string;
  /** The contact's relationship in words, e.g. "Mother"; null for the patient. */
  relationship: string | null;
  isPatient: boolean;
  system: string;
  value: string;
  use: string | null;
  rank: number | null;
}

export interface CommunicationNeed {
  language: string;
  preferred: boolean;
  interpreterRequired: boolean | null;
}

type Json = Record<string, unknown>;

const asArray = (v: unknown): Json[] => (Array.isArray(v) ? v.filter((x): x is Json => typeof x === "object" && x !== null) : []);
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null);

function parse(json: string): Json[] {
  try {
    return asArray(JSON.parse(json));
  } catch {
    return [];
  }
}

function codeableText(c: unknown): string | null {
  if (typeof c !== "object" || c === null) return null;
  const cc = c as Json;
  // A CodeableConcept (text, coding[]) or, as the booking door stores them, a bare coding.
  return str(cc.text) ?? asArray(cc.coding).map((x) => str(x.display) ?? str(x.code)).find(Boolean) ?? str(cc.display) ?? str(cc.code) ?? null;
}

function humanName(n: unknown): string | null {
  if (typeof n !== "object" || n === null) return null;
  const name = n as Json;
  const text = str(name.text);
  if (text) return text;
  const given = Array.isArray(name.given) ? name.given.filter((g) => typeof g === "string").join(" ") : "";
  const prefix = Array.isArray(name.prefix) ? name.prefix.filter((g) => typeof g === "string").join(" ") : "";
  return [prefix, given, str(name.family)].filter(Boolean).join(" ") || null;
}

function telecoms(list: unknown, who: string, relationship: string | null, isPatient: boolean): ContactLine[] {
  return asArray(list).flatMap((t) => {
    const value = str(t.value);
    if (!value) return [];
    const rank = typeof t.rank === "number" && Number.isFinite(t.rank) ? t.rank : null;
    return [{ who, relationship, isPatient, system: str(t.system) ?? "phone", value, use: str(t.use), rank }];
  });
}

/** Every number and address to reach the patient, rank 1 first, then by rank, patient before contacts. */
export function contactLines(telecomJson: string, contactJson: string): ContactLine[] {
  const lines = [
    ...telecoms(parse(telecomJson), "Patient", null, true),
    ...parse(contactJson).flatMap((c) => {
      const relationship = asArray(c.relationship).map(codeableText).filter(Boolean).join(", ") || null;
      return telecoms(c.telecom, humanName(c.name) ?? "Unnamed contact", relationship, false);
    }),
  ];
  const order = (l: ContactLine) => (l.rank ?? Number.MAX_SAFE_INTEGER);
  return lines
    .map((l, i) => ({ l, i }))
    .sort((a, b) => order(a.l) - order(b.l) || a.i - b.i)
    .map(({ l }) => l);
}

/** The number to ring first: the rank-1 phone, else the first phone sent. */
export function rankOnePhone(lines: ContactLine[]): ContactLine | null {
  const phones = lines.filter((l) => l.system === "phone" || l.system === "sms");
  return phones.find((l) => l.rank === 1) ?? phones[0] ?? null;
}

const INTERPRETER = /interpreterRequired$/i;

/**
 * Languages and interpreter needs: the booking door's shape ({ languages[], interpreterRequired }), FHIR
 * Patient.communication, or the CareConnect NHSCommunication extension.
 */
export function communicationNeeds(communicationJson: string): CommunicationNeed[] {
  return parse(communicationJson).flatMap((c): CommunicationNeed[] => {
    if (Array.isArray(c.languages)) {
      const interpreterRequired = typeof c.interpreterRequired === "boolean" ? c.interpreterRequired : null;
      const languages = asArray(c.languages).map(codeableText).filter((l): l is string => !!l);
      if (languages.length === 0) return interpreterRequired === null ? [] : [{ language: "Language not stated", preferred: false, interpreterRequired }];
      return languages.map((language, i) => ({ language, preferred: i === 0, interpreterRequired }));
    }
    const sub = asArray(c.extension);
    const fromExt = (name: string) => sub.find((e) => typeof e.url === "string" && e.url.toLowerCase().endsWith(name.toLowerCase()));
    const language = codeableText(c.language) ?? codeableText(fromExt("language")?.valueCodeableConcept);
    if (!language) return [];
    const preferred = c.preferred === true || fromExt("preferred")?.valueBoolean === true;
    const interp = sub.find((e) => typeof e.url === "string" && INTERPRETER.test(e.url));
    const interpreterRequired = typeof c.interpreterRequired === "boolean" ? c.interpreterRequired : typeof interp?.valueBoolean === "boolean" ? interp.valueBoolean : null;
    return [{ language, preferred, interpreterRequired }];
  });
}
