import { nhsNumberProblem } from "../../nhs/nhs-number";
import type { XmlElement } from "../../xml/safe-parse";
import { hl7BirthDate } from "./hl7-time";
import { attr, cleanText, hl7Child, hl7Children, hl7Path, readCode } from "./read-xml";
import type { NhsNumberInfo, Organisation, Patient, PatientIdentifier, PersonName, PostalAddress, RegisteredGp, Telecom } from "./types";
import { GENDER, OID, UNKNOWN_GP_ODS } from "./vocabulary";

/** recordTarget/patientRole (template COCD_TP145201GB01). */
export function readPatient(patientRole: XmlElement | undefined): Patient | null {
  if (!patientRole) return null;
  const identifiers = hl7Children(patientRole, "id").flatMap((el): PatientIdentifier[] => {
    const root = attr(el, "root");
    if (!root) return [];
    const extension = attr(el, "extension");
    const assigningAuthorityName = attr(el, "assigningAuthorityName");
    return [{ root, ...(extension ? { extension } : {}), kind: identifierKind(root), ...(assigningAuthorityName ? { assigningAuthorityName } : {}) }];
  });
  const nhsNumbers = identifiers
    .filter((i) => (i.kind === "nhs-number-verified" || i.kind === "nhs-number-unverified") && i.extension)
    .map((i): NhsNumberInfo => {
      const value = i.extension!.replace(/[\s-]/g, "");
      const verified = i.kind === "nhs-number-verified";
      return { value, verified, verification: verified ? "verified" : "unverified", problem: nhsNumberProblem(value) };
    });
  // Verified first; among equals, a usable number before a placeholder.
  nhsNumbers.sort((a, b) => Number(b.verified) - Number(a.verified) || Number(a.problem !== null) - Number(b.problem !== null));
  const usable = new Set(nhsNumbers.filter((n) => n.problem === null).map((n) => n.value));

  const patient = hl7Child(patientRole, "patient");
  const genderEl = hl7Child(patient, "administrativeGenderCode");
  const genderCode = attr(genderEl, "code") ?? null;
  return {
    nhsNumber: nhsNumbers[0] ?? null,
    nhsNumberConflict: usable.size > 1,
    identifiers,
    name: readName(hl7Children(patient, "name")),
    birthDate: hl7BirthDate(attr(hl7Child(patient, "birthTime"), "value")),
    gender: { code: genderCode, display: readCode(genderEl)?.displayName ?? null, value: genderCode ? (GENDER[genderCode] ?? null) : null },
    addresses: hl7Children(patientRole, "addr").map(readAddress).filter((a): a is PostalAddress => a !== null),
    telecoms: hl7Children(patientRole, "telecom").map(readTelecom).filter((t): t is Telecom => t !== null),
  };
}

function identifierKind(root: string): PatientIdentifier["kind"] {
  if (root === OID.nhsNumberVerified) return "nhs-number-verified";
  if (root === OID.nhsNumberUnverified) return "nhs-number-unverified";
  if (root === OID.localPatientId) return "local";
  return "other";
}

/** The first usable name; suppliers send one, but `use="L"` (legal/usual) wins when there are several. */
export function readName(names: XmlElement[]): PersonName | null {
  const preferred = names.find((n) => /\bL\b/.test(attr(n, "use") ?? "")) ?? names[0];
  if (!preferred) return null;
  const prefix = hl7Children(preferred, "prefix").map(cleanText).filter((s): s is string => !!s);
  const given = hl7Children(preferred, "given").map(cleanText).filter((s): s is string => !!s);
  const family = hl7Children(preferred, "family").map(cleanText).filter((s): s is string => !!s).join(" ") || null;
  // Some senders put the whole name as text, without parts.
  const structured = [...prefix, ...given, ...(family ? [family] : [])].join(" ");
  const text = structured || cleanText(preferred) || "";
  if (!text) return null;
  return { prefix, given, family, text };
}

export function readAddress(addr: XmlElement): PostalAddress | null {
  const lines = hl7Children(addr, "streetAddressLine").map(cleanText).filter((s): s is string => !!s);
  const city = cleanText(hl7Child(addr, "city"));
  const postalCode = cleanText(hl7Child(addr, "postalCode"));
  const parts = [...lines, ...(city ? [city] : []), ...(postalCode ? [postalCode] : [])];
  const text = parts.join(", ") || cleanText(addr) || "";
  if (!text) return null;
  const use = attr(addr, "use");
  return { ...(use ? { use } : {}), lines, ...(city ? { city } : {}), ...(postalCode ? { postalCode } : {}), text };
}

export function readTelecom(el: XmlElement): Telecom | null {
  const value = attr(el, "value");
  if (!value) return null;
  const use = attr(el, "use");
  const lower = value.toLowerCase();
  const kind = lower.startsWith("tel:") ? "phone" : lower.startsWith("mailto:") ? "email" : "other";
  const display = kind === "other" ? value : value.slice(value.indexOf(":") + 1);
  return { value, ...(use ? { use } : {}), kind, display };
}

/** An organisation's ODS code (id/@extension) and name. */
export function readOrganisation(org: XmlElement | undefined): Organisation | null {
  if (!org) return null;
  const odsCode = attr(hl7Child(org, "id"), "extension") ?? null;
  const name = cleanText(hl7Child(org, "name")) ?? null;
  return odsCode || name ? { odsCode, name } : null;
}

/** patientRole/providerOrganization: the registered GP practice. */
export function readRegisteredGp(patientRole: XmlElement | undefined): RegisteredGp | null {
  const org = readOrganisation(hl7Path(patientRole, "providerOrganization"));
  if (!org) return null;
  const unknown = (org.odsCode !== null && UNKNOWN_GP_ODS.has(org.odsCode.toUpperCase())) || /^unknown$/i.test(org.name ?? "");
  return { ...org, unknown };
}
