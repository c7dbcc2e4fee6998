import type { XmlElement } from "../../xml/safe-parse";
import { dispositionFrom } from "./disposition";
import { parseHl7Time } from "./hl7-time";
import { readName, readOrganisation } from "./read-patient";
import { attr, hl7Child, hl7Children, hl7Path, readCode } from "./read-xml";
import type { Author, Encounter } from "./types";
import { OID } from "./vocabulary";

/** componentOf/encompassingEncounter (COCD_TP146232GB01): case ids, call times and the Pathways disposition. */
export function readEncounter(encounter: XmlElement | undefined): Encounter | null {
  if (!encounter) return null;
  const idByRoot = (root: string) => attr(hl7Children(encounter, "id").find((i) => attr(i, "root") === root), "extension") ?? null;
  const time = hl7Child(encounter, "effectiveTime");
  // effectiveTime is an interval (low/high); a few senders give a single value instead.
  const start = parseHl7Time(attr(hl7Child(time, "low"), "value") ?? attr(time, "value"));
  const end = parseHl7Time(attr(hl7Child(time, "high"), "value"));
  const dispositionEl = hl7Child(encounter, "dischargeDispositionCode");
  const code = readCode(dispositionEl);
  return {
    start,
    end,
    journeyId: idByRoot(OID.journeyId),
    caseReference: idByRoot(OID.caseReference),
    localCaseId: idByRoot(OID.localCaseId),
    disposition: code ? dispositionFrom(code.code ?? null, code.codeSystem ?? null, code.displayName ?? null) : null,
  };
}

/** author (1..*): who wrote the report, in which role, for which 111 organisation. */
export function readAuthors(root: XmlElement): Author[] {
  return hl7Children(root, "author").map((author) => {
    const assigned = hl7Child(author, "assignedAuthor");
    return {
      role: readCode(hl7Child(assigned, "code"))?.displayName ?? null,
      person: readName(hl7Children(hl7Child(assigned, "assignedPerson"), "name"))?.text ?? null,
      organisation: readOrganisation(hl7Child(assigned, "representedOrganization")),
      time: parseHl7Time(attr(hl7Child(author, "time"), "value")),
    };
  });
}

/** custodian: the organisation responsible for the record (the 111 service). */
export function readCustodian(root: XmlElement) {
  return readOrganisation(hl7Path(root, "custodian", "assignedCustodian", "representedCustodianOrganization"));
}
