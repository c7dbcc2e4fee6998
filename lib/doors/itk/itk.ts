import { elements, parseXml, textContent, XmlRejected, type XmlElement } from "../../xml/safe-parse";
import { NS } from "../../clinical/cda/vocabulary";
import { ItkRejected, type ItkRejectionContext } from "./itk-errors";
import { decodePayload, type ManifestItem } from "./itk-payload";

export { ItkRejected, ITK_REJECTION_TEXT, type ItkRejection, type ItkRejectionContext } from "./itk-errors";
export { CDA_MIME_TYPES, type ManifestItem } from "./itk-payload";
export { buildSoapFault, buildSoapOkResponse, soapFaultFor, type SoapResponse, type ToolkitErrorInfo } from "./itk-responses";

/**
 * Inbound ITK 2.2 messages as NHS 111 sends them: a SOAP 1.1 envelope with WS-Addressing and WS-Security
 * headers whose body is an itk:DistributionEnvelope carrying one or more ClinicalDocuments, inline or
 * base64. A bare DistributionEnvelope, or a bare ClinicalDocument (uploaded by a clerk), is accepted too.
 *
 * Nothing in the WS-Security header is trusted: it is read for the audit trail only. Who the sender is
 * comes from the transport (the Spine/ITK network), not from a username in the message.
 */
export const SEND_NHS111_REPORT_V2 = "urn:nhs-itk:services:201005:SendNHS111Report-v2-0";
export const SEND_NHS111_REPORT_V3 = "urn:nhs-itk:services:201005:SendNHS111Report-v3-0";
export const INTERACTION_KEY = "urn:nhs-itk:ns:201005:interaction";

export interface ItkLimits {
  /** Whole message, before parsing. */
  maxMessageBytes?: number;
  /** Each payload after base64 decoding (and decompression). */
  maxPayloadBytes?: number;
  maxTotalPayloadBytes?: number;
  maxPayloads?: number;
  /** ITK services this endpoint takes. */
  acceptedServices?: string[];
}

export const DEFAULT_ITK_LIMITS: Required<ItkLimits> = {
  maxMessageBytes: 5 * 1024 * 1024,
  maxPayloadBytes: 5 * 1024 * 1024,
  maxTotalPayloadBytes: 20 * 1024 * 1024,
  maxPayloads: 20,
  acceptedServices: [SEND_NHS111_REPORT_V2, SEND_NHS111_REPORT_V3],
};

export interface SoapHeaderInfo {
  messageId: string | null;
  action: string | null;
  to: string | null;
  from: string | null;
  replyTo: string | null;
  /** As sent; never verified. */
  security: { timestampCreated: string | null; timestampExpires: string | null; username: string | null } | null;
}

export interface ItkAddress {
  uri: string;
  /** OID of the address kind, e.g. …18.44 for a DoS service id; null for the default (ODS) kind. */
  type: string | null;
}

export interface DistributionHeader {
  service: string;
  trackingId: string;
  addresses: ItkAddress[];
  auditIdentities: ItkAddress[];
  senderAddress: string | null;
  manifest: ManifestItem[];
  /** handlingSpecification spec key → value. */
  handling: Record<string, string>;
  interaction: string | null;
}

export interface ItkPayload {
  id: string;
  manifestItem: ManifestItem | null;
  encoding: "inline" | "base64";
  compressed: boolean;
  decodedBytes: number | null;
  /** The ClinicalDocument element, for parseClinicalDocument and documentContentHash. */
  document: XmlElement;
}

export interface ItkMessage {
  kind: "soap" | "distribution-envelope" | "clinical-document";
  soap: SoapHeaderInfo | null;
  envelope: DistributionHeader | null;
  payloads: ItkPayload[];
}

const child = (el: XmlElement | undefined, local: string, ns: string) => (el ? elements(el).find((c) => c.local === local && c.ns === ns) : undefined);
const children = (el: XmlElement | undefined, local: string, ns: string) => (el ? elements(el).filter((c) => c.local === local && c.ns === ns) : []);
const text = (el: XmlElement | undefined) => (el ? textContent(el).trim() || null : null);
const attrOf = (el: XmlElement | undefined, name: string) => el?.attrsNs[name]?.trim() || null;

export function parseItkMessage(xml: string, limits: ItkLimits = {}): ItkMessage {
  const l = { ...DEFAULT_ITK_LIMITS, ...limits };
  let root: XmlElement;
  try {
    root = parseXml(xml, { maxBytes: l.maxMessageBytes });
  } catch (e) {
    if (e instanceof XmlRejected) throw new ItkRejected(e.reason, e.message);
    throw e;
  }
  if (root.local === "ClinicalDocument" && root.ns === NS.hl7) {
    return { kind: "clinical-document", soap: null, envelope: null, payloads: [{ id: "document", manifestItem: null, encoding: "inline", compressed: false, decodedBytes: null, document: root }] };
  }
  if (root.local === "DistributionEnvelope" && root.ns === NS.itk) {
    const { envelope, payloads } = readDistributionEnvelope(root, l, {});
    return { kind: "distribution-envelope", soap: null, envelope, payloads };
  }
  if (root.local !== "Envelope" || (root.ns !== NS.soap11 && root.ns !== NS.soap12)) {
    throw new ItkRejected("not-itk", `Expected a SOAP Envelope, an ITK DistributionEnvelope or a ClinicalDocument, found ${root.ns ? `{${root.ns}}` : ""}${root.local}`);
  }
  if (root.ns === NS.soap12) throw new ItkRejected("soap-version", "The message uses SOAP 1.2; ITK 2.2 uses SOAP 1.1");

  const soap = readSoapHeader(child(root, "Header", NS.soap11));
  const context: ItkRejectionContext = { messageId: soap.messageId, action: soap.action };
  if (!soap.messageId || !soap.action) throw new ItkRejected("missing-addressing", "The SOAP header must carry wsa:MessageID and wsa:Action", context);
  const body = child(root, "Body", NS.soap11);
  const content = body ? elements(body) : [];
  const de = content.length === 1 && content[0].local === "DistributionEnvelope" && content[0].ns === NS.itk ? content[0] : null;
  if (!de) throw new ItkRejected("not-itk", "The SOAP Body must hold exactly one itk:DistributionEnvelope", context);
  const { envelope, payloads } = readDistributionEnvelope(de, l, context);
  if (envelope.service !== soap.action) {
    throw new ItkRejected("action-mismatch", `wsa:Action ${soap.action} differs from the ITK service ${envelope.service}`, { ...context, trackingId: envelope.trackingId });
  }
  return { kind: "soap", soap, envelope, payloads };
}

/** Headers this endpoint processes; any other header marked mustUnderstand is refused, as SOAP requires. */
const UNDERSTOOD_HEADER_NAMESPACES = new Set<string>([NS.wsa, NS.wsse]);

function readSoapHeader(header: XmlElement | undefined): SoapHeaderInfo {
  const partial = {
    messageId: text(child(header, "MessageID", NS.wsa)),
    action: text(child(header, "Action", NS.wsa)),
  };
  for (const h of header ? elements(header) : []) {
    const mu = h.attrsNs[`{${NS.soap11}}mustUnderstand`]?.trim();
    if ((mu === "1" || mu === "true") && !UNDERSTOOD_HEADER_NAMESPACES.has(h.ns)) {
      throw new ItkRejected("must-understand", `SOAP header {${h.ns}}${h.local} is marked mustUnderstand and is not supported`, partial);
    }
  }
  const address = (el: XmlElement | undefined) => text(child(el, "Address", NS.wsa)) ?? text(el);
  const security = child(header, "Security", NS.wsse);
  const timestamp = child(security, "Timestamp", NS.wsu);
  return {
    ...partial,
    to: text(child(header, "To", NS.wsa)),
    from: address(child(header, "From", NS.wsa)),
    replyTo: address(child(header, "ReplyTo", NS.wsa)),
    security: security
      ? {
          timestampCreated: text(child(timestamp, "Created", NS.wsu)),
          timestampExpires: text(child(timestamp, "Expires", NS.wsu)),
          username: text(child(child(security, "UsernameToken", NS.wsse), "Username", NS.wsse)),
        }
      : null,
  };
}

function readDistributionEnvelope(de: XmlElement, l: Required<ItkLimits>, context: ItkRejectionContext): { envelope: DistributionHeader; payloads: ItkPayload[] } {
  const header = child(de, "header", NS.itk);
  const service = attrOf(header, "service");
  const trackingId = attrOf(header, "trackingid");
  if (!header || !service || !trackingId) throw new ItkRejected("bad-envelope", "The DistributionEnvelope header must have service and trackingid", context);
  const ctx = { ...context, trackingId };
  if (!l.acceptedServices.includes(service)) throw new ItkRejected("unsupported-service", `ITK service ${service} is not supported here`, ctx);

  const addresses = (el: XmlElement | undefined, local: string) =>
    children(el, local, NS.itk).flatMap((a) => {
      const uri = attrOf(a, "uri");
      return uri ? [{ uri, type: attrOf(a, "type") }] : [];
    });
  const handling: Record<string, string> = {};
  for (const spec of children(child(header, "handlingSpecification", NS.itk), "spec", NS.itk)) {
    const key = attrOf(spec, "key");
    if (key) handling[key] = spec.attrsNs.value ?? "";
  }
  const manifestEl = child(header, "manifest", NS.itk);
  const manifest = children(manifestEl, "manifestitem", NS.itk).map((m): ManifestItem => ({
    id: attrOf(m, "id") ?? "",
    mimetype: attrOf(m, "mimetype") ?? "",
    profileId: attrOf(m, "profileid"),
    base64: isTrue(m.attrsNs.base64),
    compressed: isTrue(m.attrsNs.compressed),
    encrypted: isTrue(m.attrsNs.encrypted),
  }));
  const payloadsEl = child(de, "payloads", NS.itk);
  const payloadEls = children(payloadsEl, "payload", NS.itk);
  checkManifest(manifestEl, manifest, payloadsEl, payloadEls, l.maxPayloads, ctx);

  let total = 0;
  const payloads = payloadEls.map((p): ItkPayload => {
    const id = attrOf(p, "id")!;
    const item = manifest.find((m) => m.id === id)!;
    const decoded = decodePayload(p, item, l.maxPayloadBytes, ctx);
    total += decoded.decodedBytes ?? 0;
    if (total > l.maxTotalPayloadBytes) throw new ItkRejected("payload-too-large", `Payloads decode to more than ${l.maxTotalPayloadBytes} bytes in total`, ctx);
    return { id, manifestItem: item, ...decoded };
  });

  const envelope: DistributionHeader = {
    service,
    trackingId,
    addresses: addresses(child(header, "addresslist", NS.itk), "address"),
    auditIdentities: addresses(child(header, "auditIdentity", NS.itk), "id"),
    senderAddress: attrOf(child(header, "senderAddress", NS.itk), "uri"),
    manifest,
    handling,
    interaction: handling[INTERACTION_KEY] ?? null,
  };
  return { envelope, payloads };
}

const isTrue = (v: string | undefined) => v?.trim() === "true" || v?.trim() === "1";

/** The manifest must describe exactly the payloads sent: same count, same ids, each once. */
function checkManifest(manifestEl: XmlElement | undefined, manifest: ManifestItem[], payloadsEl: XmlElement | undefined, payloadEls: XmlElement[], maxPayloads: number, ctx: ItkRejectionContext) {
  const fail = (message: string): never => {
    throw new ItkRejected("manifest-mismatch", message, ctx);
  };
  if (!manifestEl || manifest.length === 0) fail("The ITK header has no manifest items");
  if (!payloadsEl || payloadEls.length === 0) fail("The DistributionEnvelope has no payloads");
  if (payloadEls.length > maxPayloads) throw new ItkRejected("payload-too-large", `The message has ${payloadEls.length} payloads, more than ${maxPayloads}`, ctx);
  const declaredManifest = attrOf(manifestEl, "count");
  if (declaredManifest !== String(manifest.length)) fail(`manifest count="${declaredManifest ?? ""}" but ${manifest.length} manifest items were sent`);
  const declaredPayloads = attrOf(payloadsEl, "count");
  if (declaredPayloads !== String(payloadEls.length)) fail(`payloads count="${declaredPayloads ?? ""}" but ${payloadEls.length} payloads were sent`);
  const manifestIds = manifest.map((m) => m.id);
  const payloadIds = payloadEls.map((p) => attrOf(p, "id") ?? "");
  for (const [ids, what] of [[manifestIds, "manifest item"], [payloadIds, "payload"]] as const) {
    if (ids.some((id) => id === "")) fail(`A ${what} has no id`);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) fail(`${what} id ${dup} appears more than once`);
  }
  const missingPayload = manifestIds.find((id) => !payloadIds.includes(id));
  if (missingPayload) fail(`manifest item ${missingPayload} has no payload`);
  const unlisted = payloadIds.find((id) => !manifestIds.includes(id));
  if (unlisted) fail(`payload ${unlisted} is not in the manifest`);
}
