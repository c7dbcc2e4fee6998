/**
 * The safeguarding did-not-attend feedback message (`servicerequest-response`) that tells the referring 111 service a
 * patient it referred with a safeguarding concern did not attend (BARS-RECEIVER §9.3, §12 D18). Pure: built once, in
 * the transaction that confirms it, and then sent unchanged on every retry.
 */
import { randomUUID } from "node:crypto";
import { NO_SAFEGUARDING_ISSUES } from "../clinical/bars/referral-summary";

type Json = Record<string, unknown>;
interface Entry {
  fullUrl: string;
  resource: Json;
}

export const DOS_SERVICE_ID = "https://fhir.nhs.uk/Id/dos-service-id";
export const ODS_CODE = "https://fhir.nhs.uk/Id/ods-organization-code";
export const FEEDBACK_USE_CONTEXT = "a1t1|referral|servicerequest-response|new";
const urn = () => `urn:uuid:${randomUUID()}`;
const obj = (v: unknown): Json | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The DoS service id in a `MessageHeader.source.endpoint` (`https://fhir.nhs.uk/Id/dos-service-id|2222222222`, any spelling of §12 D22). */
export function dosIdOfEndpoint(endpoint: string | null | undefined): string | null {
  const m = /^https?:\/\/fhir\.nhs\.uk\/id\/dos-service-id\|([A-Za-z0-9-]{1,40})$/i.exec((endpoint ?? "").trim());
  return m ? m[1] : null;
}

function entries(bundle: Json): Entry[] {
  return arr(bundle.entry).flatMap((e) => {
    const r = obj(obj(e)?.resource);
    const fullUrl = obj(e)?.fullUrl;
    return r ? [{ fullUrl: typeof fullUrl === "string" ? fullUrl : urn(), resource: r }] : [];
  });
}

/** True when the Bundle carries a safeguarding Flag (category SG) whose code is a concern, not 861931000000100. */
export function hasSafeguardingConcernFlag(bundle: Json): boolean {
  return entries(bundle).some(({ resource: f }) => {
    if (f.resourceType !== "Flag") return false;
    const cats = arr(f.category).flatMap((c) => arr(obj(c)?.coding)).map((c) => obj(c)?.code);
    if (!cats.includes("SG")) return false;
    const codes = arr(obj(f.code)?.coding).map((c) => obj(c)?.code).filter((c): c is string => typeof c === "string");
    return !(codes.length > 0 && codes.every((c) => c === NO_SAFEGUARDING_ISSUES));
  });
}

export interface FeedbackParties {
  /** Our trust and service, as the receiver of the original referral. */
  us: { odsCode: string; orgName: string; serviceName: string; dosId: string; software: string; version: string; phone: string | null };
  /** The ED clinician who confirmed the send. */
  clinician: { id: string; name: string };
}

export interface FeedbackInput extends FeedbackParties {
  /** The original referral message Bundle, as received. */
  original: Json;
  referral: { id: string; encounterId: string; sourceEndpoint: string };
  appointmentId: string | null;
  now: Date;
  bundleId?: string;
}

const coding = (system: string, code: string, display: string) => ({ system, code, display });

/** The message Bundle (§9.3): a new Bundle.id, `response.identifier` = the original Bundle.id, ServiceRequest revoked, Appointment noshow, one Encounter (ours) cancelled. */
export function safeguardingDnaFeedback(input: FeedbackInput): Json {
  const { original, referral, us, clinician, now } = input;
  const src = entries(original);
  const byType = (t: string) => src.filter((e) => e.resource.resourceType === t);
  const oHeader = byType("MessageHeader")[0]?.resource ?? {};
  const oSr = byType("ServiceRequest")[0]?.resource ?? {};
  const patient = byType("Patient")[0];
  if (!patient) throw new Error("The original referral has no Patient");
  const senderRef = String(obj(oHeader.sender)?.reference ?? "");
  const theirOrg = src.find((e) => e.resource.resourceType === "Organization" && (e.fullUrl === senderRef || `Organization/${e.resource.id}` === senderRef));

  const p = clone(patient);
  delete p.resource.telecom; // §9.3: contacts go under Patient.contact with ContactRank, no Patient.telecom
  const pat = p.fullUrl;
  const ourOrg: Entry = { fullUrl: urn(), resource: { resourceType: "Organization", identifier: [{ system: ODS_CODE, value: us.odsCode }], name: us.orgName } };
  const their: Entry = theirOrg ? clone(theirOrg) : { fullUrl: urn(), resource: { resourceType: "Organization", name: "The referring 111 service" } };
  const hcs: Entry = { fullUrl: urn(), resource: { resourceType: "HealthcareService", identifier: [{ system: DOS_SERVICE_ID, value: us.dosId }], name: us.serviceName, providedBy: { reference: ourOrg.fullUrl } } };
  const prac: Entry = { fullUrl: urn(), resource: { resourceType: "Practitioner", identifier: [{ system: "https://fhir.nhs.uk/Id/local-user-id", value: clinician.id }], name: [{ text: clinician.name }] } };
  const role: Entry = { fullUrl: urn(), resource: { resourceType: "PractitionerRole", practitioner: { reference: prac.fullUrl }, organization: { reference: ourOrg.fullUrl } } };
  const enc: Entry = {
    fullUrl: urn(),
    resource: { resourceType: "Encounter", id: referral.encounterId, status: "cancelled", class: coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "EMER", "emergency"), subject: { reference: pat }, serviceProvider: { reference: ourOrg.fullUrl } },
  };
  const appt: Entry | null = input.appointmentId
    ? { fullUrl: urn(), resource: { resourceType: "Appointment", id: input.appointmentId, status: "noshow", participant: [{ actor: { reference: pat }, status: "declined" }] } }
    : null;
  const sr: Entry = {
    fullUrl: urn(),
    resource: {
      resourceType: "ServiceRequest",
      id: referral.id,
      status: "revoked",
      intent: typeof oSr.intent === "string" ? oSr.intent : "plan",
      category: arr(oSr.category).length ? clone(oSr.category) : [{ coding: [coding("https://fhir.nhs.uk/CodeSystem/message-category-servicerequest", "referral", "Transfer of Care")] }],
      subject: { reference: pat },
      encounter: { reference: enc.fullUrl },
      requester: { reference: role.fullUrl },
      performer: [{ reference: hcs.fullUrl }],
      ...(appt ? { supportingInfo: [{ reference: appt.fullUrl }] } : {}),
    },
  };
  const flags = byType("Flag").filter((f) => arr(f.resource.category).flatMap((c) => arr(obj(c)?.coding)).some((c) => obj(c)?.code === "SG")).map(clone);
  for (const f of flags) f.resource.subject = { reference: pat };
  const consents = byType("Consent").map(clone);
  for (const c of consents) c.resource.patient = { reference: pat };
  const cdss = arr(oHeader.extension).filter((x) => /CDSSExtension$/i.test(String(obj(x)?.url ?? "")));
  const header: Entry = {
    fullUrl: urn(),
    resource: {
      resourceType: "MessageHeader",
      meta: { profile: ["https://fhir.nhs.uk/StructureDefinition/BARSMessageHeader-servicerequest-response"] },
      ...(cdss.length ? { extension: clone(cdss) } : {}),
      eventCoding: coding("https://fhir.nhs.uk/CodeSystem/message-events-bars", "servicerequest-response", "Service Request - Response"),
      reason: { coding: [coding("https://fhir.nhs.uk/CodeSystem/message-reason-bars", "new", "New")] },
      destination: [{ endpoint: referral.sourceEndpoint, receiver: { reference: their.fullUrl } }],
      sender: { reference: ourOrg.fullUrl },
      source: { name: us.orgName, software: us.software, version: us.version, ...(us.phone ? { contact: { system: "phone", value: us.phone } } : {}), endpoint: `${DOS_SERVICE_ID}|${us.dosId}` },
      response: { identifier: String(original.id ?? ""), code: "ok" },
      focus: [{ reference: sr.fullUrl }],
      definition: "https://fhir.nhs.uk/MessageDefinition/bars-message-servicerequest-response-referral",
    },
  };
  const all = [header, sr, ...(appt ? [appt] : []), p, enc, ourOrg, their, prac, role, ...consents, hcs, ...flags];
  const lastUpdated = now.toISOString().replace(/\.(\d{3})Z$/, ".$10000Z"); // 7 fractional digits, as the IG's examples
  return {
    resourceType: "Bundle",
    id: input.bundleId ?? randomUUID(),
    meta: { versionId: "1.0.0", profile: ["https://fhir.nhs.uk/StructureDefinition/BARSBundleMessage"], lastUpdated },
    type: "message",
    timestamp: now.toISOString(),
    entry: all,
  };
}
