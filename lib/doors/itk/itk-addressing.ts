import type { ReportAddress, ReportAddressing, ReportInteraction } from "../../clinical/classify-report-route";
import type { DistributionHeader, ItkAddress } from "./itk";

/**
 * The ITK envelope's routing, in the core's terms: which interaction (what the recipient is expected to do)
 * and which addresses (ODS codes, DoS service ids). Interaction names differ between the v2 and v3
 * specifications ("…NHS111CDADocument-v2-0", "…IntegratedUrgentCareCDADocument-v3-0"), so they are read
 * by their role, not compared whole.
 */
export const DOS_SERVICE_ADDRESS_TYPE = "2.16.840.1.113883.2.1.3.2.4.18.44";

const INTERACTIONS: Array<[RegExp, ReportInteraction]> = [
  [/^copyRecipient/i, "copy-recipient"],
  [/RepeatCaller/i, "repeat-caller-document-set"],
  [/^primaryEmergencyDepartmentRecipient/i, "primary-emergency-department"],
  [/^primaryGeneralPractitionerRecipient/i, "primary-general-practitioner"],
  [/^primaryOutofHours?Recipient/i, "primary-out-of-hours"],
];

export function interactionOf(uri: string | null): ReportInteraction {
  if (!uri) return "unknown";
  const name = uri.trim().replace(/^urn:nhs-itk:interaction:/i, "");
  return INTERACTIONS.find(([re]) => re.test(name))?.[1] ?? "unknown";
}

/** "urn:nhs-uk:addressing:ods:RZZ01" (a sender may add ":<local part>") → ODS RZZ01; a …18.44 address → DoS service id. */
export function addressOf(a: ItkAddress): ReportAddress {
  if (a.type === DOS_SERVICE_ADDRESS_TYPE) return { kind: "dos-service", id: a.uri.trim() };
  const ods = /^urn:nhs-uk:addressing:ods:([A-Za-z0-9]+)/i.exec(a.uri.trim());
  return ods ? { kind: "ods", id: ods[1] } : { kind: "other", id: a.uri.trim() };
}

export function reportAddressingOf(envelope: DistributionHeader): ReportAddressing {
  return { interaction: interactionOf(envelope.interaction), interactionUri: envelope.interaction, addresses: envelope.addresses.map(addressOf) };
}
