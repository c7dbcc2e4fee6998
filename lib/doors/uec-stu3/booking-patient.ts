/**
 * The contained Patient of a booking request: what the ED needs to know (who, how to call them, where they
 * live, their GP, language) and the rules that decide whether the booking can be taken (UEC-BOOKING §2.2,
 * §5.2, §5.3, §11). Liberal where the standard allows: no NHS number at all, a missing verification status,
 * names without `use`, Patient.communication despite CareConnect. Strict where it matters:
 *  - an NHS number that fails Modulus 11 or is a placeholder -> 422 INVALID_NHS_NUMBER;
 *  - not exactly one rank-1 contact point across telecom and contact.telecom -> 400 (TKW TwoRank1 / NoRank1);
 *  - missing name family, gender, birth date or address (booking overrides) -> 422 INVALID_RESOURCE.
 */
import { NHS_NUMBER_STATUS, nhsNumberProblem } from "@/lib/nhs/nhs-number";
import type { ContactPoint, Extension, HumanName, Address, Patient, Reference, AnyResource } from "./model/registry";
import { EXTENSION, SYSTEM } from "./systems";
import type { BookingProblem, BookingWarning } from "./booking-problem";

export interface BookingContactPoint {
  system: string;
  value: string;
  use?: string;
  rank?: number;
}

export interface BookingAddress {
  use?: string;
  text?: string;
  lines: string[];
  city?: string;
  district?: string;
  postcode?: string;
}

export interface BookingName {
  family: string;
  given: string[];
  prefix: string[];
  /** "Ellis Rowan PEMBERTON" style display. */
  text: string;
}

export interface BookingPatient {
  /** The contained Patient's id (the participant points at `#id`). */
  containedId: string;
  /** Ten digits, spaces removed; absent when the consumer sent no NHS number. */
  nhsNumber?: string;
  nhsNumberVerification?: { code: string; display?: string };
  name: BookingName;
  birthDate: string;
  gender: "male" | "female" | "other" | "unknown";
  telecom: BookingContactPoint[];
  /** The rank-1 contact point: the number to call. */
  primaryContact: BookingContactPoint & { source: "patient" | "contact"; contactIndex?: number };
  /** Third parties (next of kin, carers) with their own contact points. */
  contacts: { relationship: { system?: string; code?: string; display?: string }[]; name?: BookingName; telecom: BookingContactPoint[]; address?: BookingAddress }[];
  homeAddress: BookingAddress;
  addresses: BookingAddress[];
  postcode?: string;
  /** The registered GP practice, when sent. */
  gp?: { reference?: string; odsCode?: string; name?: string };
  communication: { languages: { system?: string; code?: string; display?: string }[]; interpreterRequired?: boolean };
}

const GENDERS = new Set(["male", "female", "other", "unknown"]);
/** TKW's UK postcode pattern (validator C64); a mismatch is only a warning (visitors, "no fixed abode"). */
const UK_POSTCODE = /^(([Gg][Ii][Rr] 0[Aa]{2})|((([A-Za-z][0-9]{1,2})|(([A-Za-z][A-Ha-hJ-Yj-y][0-9]{1,2})|(([A-Za-z][0-9][A-Za-z])|([A-Za-z][A-Ha-hJ-Yj-y][0-9][A-Za-z]?))))\s?[0-9][A-Za-z]{2}))$/;

export function readBookingPatient(
  patient: Patient,
  path: string,
  containedById: ReadonlyMap<string, AnyResource>,
): { patient?: BookingPatient; problems: BookingProblem[]; warnings: BookingWarning[] } {
  const problems: BookingProblem[] = [];
  const warnings: BookingWarning[] = [];
  const problem = (kind: BookingProblem["kind"], rule: string, at: string, message: string) => problems.push({ kind, rule, path: at, message });
  const warn = (rule: string, at: string, message: string) => warnings.push({ rule, path: at, message });

  if (!patient.id) problem("invalid-resource", "patient-id", `${path}.id`, "the contained Patient needs an id");

  // NHS number: optional, but valid when present.
  const identifiers = patient.identifier ?? [];
  const nhs = identifiers.filter((i) => i.system === SYSTEM.nhsNumber);
  let nhsNumber: string | undefined;
  let verification: BookingPatient["nhsNumberVerification"];
  if (nhs.length > 1) problem("invalid-resource", "one-nhs-number", `${path}.identifier`, "more than one NHS number");
  if (nhs.length === 1) {
    const at = `${path}.identifier[${identifiers.indexOf(nhs[0])}]`;
    const value = nhs[0].value ?? "";
    const why = nhsNumberProblem(value);
    if (why) problem("invalid-nhs-number", "nhs-number", `${at}.value`, `'${value}' is not a valid NHS number (${NHS_PROBLEM_TEXT[why]})`);
    else nhsNumber = value.replace(/[\s-]/g, "");
    const status = (nhs[0].extension ?? []).find((e) => e.url === EXTENSION.nhsNumberVerificationStatus)?.valueCodeableConcept?.coding?.[0];
    if (!status?.code) warn("nhs-number-status", `${at}.extension`, "no NHS number verification status");
    else if (!NHS_NUMBER_STATUS[status.code]) problem("invalid-resource", "nhs-number-status", `${at}.extension`, `unknown NHS number verification status '${status.code}'`);
    else verification = { code: status.code, ...(status.display ? { display: status.display } : {}) };
  }
  if (identifiers.length > nhs.length) warn("other-identifiers", `${path}.identifier`, "identifiers other than the NHS number are kept but not used");

  // Name: CareConnect's official slice, or the only name given.
  const names = patient.name ?? [];
  const official = names.filter((n) => n.use === "official");
  let chosen: HumanName | undefined = official[0];
  if (official.length > 1) problem("invalid-resource", "official-name", `${path}.name`, "more than one official name");
  if (!chosen && names.length) {
    chosen = names[0];
    warn("official-name", `${path}.name`, "no name with use 'official'; the first name is used");
  }
  if (!chosen) problem("invalid-resource", "name", `${path}.name`, "the patient's name is required");
  else if (!chosen.family?.trim()) problem("invalid-resource", "name", `${path}.name[${names.indexOf(chosen)}].family`, "the patient's family name is required");
  else if (!chosen.given?.length) warn("given-name", `${path}.name[${names.indexOf(chosen)}].given`, "no given name");

  if (!patient.gender) problem("invalid-resource", "gender", `${path}.gender`, "gender is required");
  else if (!GENDERS.has(patient.gender)) problem("invalid-resource", "gender", `${path}.gender`, `gender must be male, female, other or unknown`);
  if (!patient.birthDate) problem("invalid-resource", "birth-date", `${path}.birthDate`, "birth date is required");
  if (patient.animal) problem("invalid-resource", "animal", `${path}.animal`, "Patient.animal is not allowed (CareConnect)");

  // Address: at least one; the home address is the one used.
  const addresses = (patient.address ?? []).map(toAddress);
  const homes = addresses.filter((a) => a.use === "home");
  if (!addresses.length) problem("invalid-resource", "address", `${path}.address`, "an address is required");
  else if (homes.length !== 1) warn("home-address", `${path}.address`, homes.length ? "more than one home address; the first is used" : "no home address; the first address is used");
  const homeAddress = homes[0] ?? addresses[0];
  if (homeAddress?.postcode && !UK_POSTCODE.test(homeAddress.postcode.trim())) warn("postcode", `${path}.address`, `'${homeAddress.postcode}' does not look like a UK postcode`);

  // Contact points: every one complete; exactly one rank 1 across the patient's and their contacts'.
  const telecom = readTelecom(patient.telecom ?? [], `${path}.telecom`, problem, warn);
  const contacts = (patient.contact ?? []).map((c, i) => {
    const at = `${path}.contact[${i}]`;
    if (!c.name) problem("invalid-resource", "contact-name", `${at}.name`, "a contact needs a name (CareConnect)");
    return {
      relationship: (c.relationship ?? []).flatMap((r) => (r.coding ?? []).map((cd) => compact({ system: cd.system, code: cd.code, display: cd.display ?? r.text }))),
      ...(c.name ? { name: toName(c.name) } : {}),
      telecom: readTelecom(c.telecom ?? [], `${at}.telecom`, problem, warn),
      ...(c.address ? { address: toAddress(c.address) } : {}),
    };
  });
  const rankOne = [
    ...telecom.filter((t) => t.rank === 1).map((t) => ({ ...t, source: "patient" as const })),
    ...contacts.flatMap((c, i) => c.telecom.filter((t) => t.rank === 1).map((t) => ({ ...t, source: "contact" as const, contactIndex: i }))),
  ];
  if (rankOne.length === 0) problem("invalid-body", "no-rank-1", `${path}.telecom`, "no contact point has rank 1: exactly one (patient or contact) must be the primary contact");
  if (rankOne.length > 1) problem("invalid-body", "two-rank-1", `${path}.telecom`, `${rankOne.length} contact points have rank 1: exactly one must be the primary contact`);
  if (rankOne.length === 1 && rankOne[0].system !== "phone") warn("rank-1-phone", `${path}.telecom`, "the rank-1 contact point is not a phone number");

  const gp = readGp(patient.generalPractitioner ?? [], containedById);
  const communication = readCommunication(patient, path, warn);

  if (problems.length || !chosen || !homeAddress) return { problems, warnings };
  return {
    problems,
    warnings,
    patient: {
      containedId: patient.id!,
      ...(nhsNumber ? { nhsNumber } : {}),
      ...(verification ? { nhsNumberVerification: verification } : {}),
      name: toName(chosen),
      birthDate: patient.birthDate!,
      gender: patient.gender as BookingPatient["gender"],
      telecom,
      primaryContact: rankOne[0],
      contacts,
      homeAddress,
      addresses,
      ...(homeAddress.postcode ? { postcode: homeAddress.postcode.trim().toUpperCase() } : {}),
      ...(gp ? { gp } : {}),
      communication,
    },
  };
}

const NHS_PROBLEM_TEXT = { format: "not ten digits", "check-digit": "wrong check digit", placeholder: "a placeholder" } as const;

type Report = (kind: BookingProblem["kind"], rule: string, at: string, message: string) => void;

/** Loose but real: what people write for UK and international numbers, never a script or a URL. */
export function isPhoneNumber(value: string): boolean {
  const v = value.trim();
  if (!/^\+?[0-9 ()\-.]+$/.test(v)) return false;
  const digits = v.replace(/\D/g, "").length;
  return digits >= 6 && digits <= 15;
}

function readTelecom(points: ContactPoint[], path: string, problem: Report, warn: (rule: string, at: string, message: string) => void): BookingContactPoint[] {
  const out: BookingContactPoint[] = [];
  points.forEach((p, i) => {
    if (!p.system || !p.value?.trim()) return problem("invalid-resource", "telecom", `${path}[${i}]`, "a contact point needs a system and a value (CareConnect)");
    if (p.rank === undefined) warn("telecom-rank", `${path}[${i}].rank`, "a contact point should have a rank");
    if (p.system === "phone" && !isPhoneNumber(p.value)) {
      return problem("invalid-resource", "telecom-phone", `${path}[${i}].value`, "a phone number has 6 to 15 digits, with only spaces, brackets, hyphens and a leading + besides");
    }
    out.push(compact({ system: p.system, value: p.value.trim(), use: p.use, rank: p.rank }) as BookingContactPoint);
  });
  return out;
}

function toName(n: HumanName): BookingName {
  const given = n.given?.filter((g): g is string => typeof g === "string") ?? [];
  const prefix = n.prefix?.filter((g): g is string => typeof g === "string") ?? [];
  const family = n.family?.trim() ?? "";
  return { family, given, prefix, text: [...given, family.toUpperCase()].filter(Boolean).join(" ") };
}

function toAddress(a: Address): BookingAddress {
  return compact({ use: a.use, text: a.text, lines: a.line?.filter((l): l is string => typeof l === "string") ?? [], city: a.city, district: a.district, postcode: a.postalCode }) as BookingAddress;
}

function readGp(refs: Reference[], containedById: ReadonlyMap<string, AnyResource>): BookingPatient["gp"] {
  const ref = refs.find((r) => r.reference?.startsWith("Organization/") || r.identifier?.system === SYSTEM.odsOrganisation) ?? refs[0];
  if (!ref) return undefined;
  const contained = ref.reference?.startsWith("#") ? containedById.get(ref.reference.slice(1)) : undefined;
  const org = contained?.resourceType === "Organization" ? contained : undefined;
  const odsCode = ref.identifier?.system === SYSTEM.odsOrganisation ? ref.identifier.value : org?.identifier?.find((i) => i.system === SYSTEM.odsOrganisation)?.value;
  return compact({ reference: ref.reference, odsCode, name: ref.display ?? org?.name });
}

function readCommunication(patient: Patient, path: string, warn: (rule: string, at: string, message: string) => void): BookingPatient["communication"] {
  const languages: BookingPatient["communication"]["languages"] = [];
  let interpreterRequired: boolean | undefined;
  for (const ext of (patient.extension ?? []).filter((e) => e.url === EXTENSION.nhsCommunication)) {
    const part = (name: string): Extension | undefined => ext.extension?.find((e) => e.url === name);
    for (const c of part("language")?.valueCodeableConcept?.coding ?? []) languages.push(compact({ system: c.system, code: c.code, display: c.display }));
    const interpreter = part("interpreterRequired")?.valueBoolean;
    if (interpreter !== undefined) interpreterRequired = (interpreterRequired ?? false) || interpreter;
  }
  if (patient.communication?.length) {
    warn("communication", `${path}.communication`, "CareConnect carries language in the NHSCommunication extension; Patient.communication read anyway");
    for (const c of patient.communication) for (const cd of c.language.coding ?? []) languages.push(compact({ system: cd.system, code: cd.code, display: cd.display ?? c.language.text }));
  }
  return { languages, ...(interpreterRequired !== undefined ? { interpreterRequired } : {}) };
}

/** Drops undefined properties so results compare and serialise cleanly. */
function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
