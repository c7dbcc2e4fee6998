import type { XmlElement } from "../../xml/safe-parse";
import { readAddress, readName, readOrganisation, readTelecom } from "./read-patient";
import { attr, hl7Child, hl7Children, readCode } from "./read-xml";
import type { CallBack, Informant, PostalAddress, Telecom } from "./types";

const telecomsOf = (el: XmlElement | undefined): Telecom[] => hl7Children(el, "telecom").map(readTelecom).filter((t): t is Telecom => t !== null);
const addressesOf = (el: XmlElement | undefined): PostalAddress[] => hl7Children(el, "addr").map(readAddress).filter((a): a is PostalAddress => a !== null);

/**
 * informant (COCD_TP145007UK05#RelatedEntity, or an assignedEntity for a professional caller): who rang 111 and how to
 * reach them. For a child or a walk-in the caller is often the only number that reaches anyone.
 */
export function readInformants(root: XmlElement): Informant[] {
  return hl7Children(root, "informant").flatMap((inf): Informant[] => {
    const related = hl7Child(inf, "relatedEntity");
    const assigned = hl7Child(inf, "assignedEntity");
    const entity = related ?? assigned;
    if (!entity) return [];
    const person = related ? hl7Child(related, "relatedPerson") : hl7Child(assigned, "assignedPerson");
    const informant: Informant = {
      relationship: readCode(hl7Child(entity, "code"))?.displayName ?? null,
      name: readName(hl7Children(person, "name"))?.text ?? null,
      telecoms: telecomsOf(entity),
      addresses: addressesOf(entity),
    };
    return informant.name || informant.relationship || informant.telecoms.length ? [informant] : [];
  });
}

/** participant[@typeCode='CALLBCK'] (COCD_TP145212GB02#Workgroup): the number the ED rings to reach the 111 service. */
export function readCallBack(root: XmlElement): CallBack | null {
  const participant = hl7Children(root, "participant").find((p) => attr(p, "typeCode") === "CALLBCK");
  const entity = hl7Child(participant, "associatedEntity");
  if (!entity) return null;
  const telecoms = telecomsOf(entity);
  const organisation = readOrganisation(hl7Child(entity, "scopingOrganization"));
  const name = readName(hl7Children(hl7Child(entity, "associatedPerson"), "name"))?.text ?? null;
  if (!telecoms.length && !organisation && !name) return null;
  return { role: readCode(hl7Child(entity, "code"))?.displayName ?? null, name, organisation, telecoms };
}
