import { gunzipSync, inflateRawSync, inflateSync } from "node:zlib";
import { elements, parseXml, XmlRejected, type XmlElement } from "../../xml/safe-parse";
import { NS } from "../../clinical/cda/vocabulary";
import { ItkRejected, type ItkRejectionContext } from "./itk-errors";

/**
 * One ITK payload → its ClinicalDocument element. Payloads are inline XML, or base64 text (optionally
 * compressed) when the manifest item says so. Decoded size is bounded before and while decoding, and
 * decoded XML goes through the same safe reader (no DOCTYPE, bounded depth and nodes).
 */
export interface ManifestItem {
  id: string;
  mimetype: string;
  profileId: string | null;
  base64: boolean;
  compressed: boolean;
  encrypted: boolean;
}

export interface DecodedPayload {
  encoding: "inline" | "base64";
  compressed: boolean;
  /** Bytes of XML after decoding (base64 payloads only). */
  decodedBytes: number | null;
  document: XmlElement;
}

export const CDA_MIME_TYPES = new Set(["text/xml", "application/xml", "application/cda+xml", "application/hl7-v3+xml", "application/hl7-cda+xml"]);

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

export function decodePayload(payload: XmlElement, item: ManifestItem, maxBytes: number, context: ItkRejectionContext): DecodedPayload {
  const fail = (reason: "bad-payload" | "payload-too-large" | "unsupported-payload", message: string) => {
    throw new ItkRejected(reason, `Payload ${item.id}: ${message}`, context);
  };
  if (item.encrypted) fail("unsupported-payload", "encrypted payloads are not supported");
  if (!CDA_MIME_TYPES.has(item.mimetype.toLowerCase().split(";")[0].trim())) fail("unsupported-payload", `mime type ${item.mimetype} is not a clinical document`);

  const children = elements(payload);
  const text = payload.children.filter((c) => c.kind === "text").map((c) => (c.kind === "text" ? c.text : "")).join("");

  if (!item.base64 && !item.compressed) {
    if (text.trim() !== "") fail("bad-payload", "holds text rather than one inline document (base64 content needs base64=\"true\" in the manifest)");
    if (children.length !== 1) fail("bad-payload", `expected one inline document, found ${children.length} elements`);
    return { encoding: "inline", compressed: false, decodedBytes: null, document: asClinicalDocument(children[0], item.id, context) };
  }

  if (children.length > 0) fail("bad-payload", "the manifest says base64 but the payload holds XML elements");
  const b64 = text.replace(/\s+/g, "");
  if (b64 === "" || b64.length % 4 !== 0 || !BASE64_RE.test(b64)) fail("bad-payload", "is not valid base64");
  // Refuse before allocating: base64 decodes to three bytes for every four characters.
  const estimated = (b64.length / 4) * 3 - (b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0);
  if (!item.compressed && estimated > maxBytes) fail("payload-too-large", `decodes to ${estimated} bytes, more than ${maxBytes}`);
  let bytes: Buffer = Buffer.from(b64, "base64");
  if (item.compressed) bytes = inflateBounded(bytes, maxBytes, item.id, context);

  let xml: string;
  try {
    xml = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail("bad-payload", "is not UTF-8 text");
  }
  let root: XmlElement;
  try {
    root = parseXml(xml, { maxBytes });
  } catch (e) {
    if (e instanceof XmlRejected) throw new ItkRejected(e.reason, `Payload ${item.id}: ${e.message}`, context);
    throw e;
  }
  return { encoding: "base64", compressed: item.compressed, decodedBytes: bytes.length, document: asClinicalDocument(root, item.id, context) };
}

/** gzip, zlib or raw deflate (senders differ), never producing more than maxBytes. */
function inflateBounded(bytes: Buffer, maxBytes: number, id: string, context: ItkRejectionContext): Buffer {
  const options = { maxOutputLength: maxBytes };
  try {
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) return gunzipSync(bytes, options);
    if ((bytes[0] & 0x0f) === 8 && ((bytes[0] << 8) | bytes[1]) % 31 === 0) return inflateSync(bytes, options);
    return inflateRawSync(bytes, options);
  } catch (e) {
    if (e instanceof RangeError) throw new ItkRejected("payload-too-large", `Payload ${id}: decompresses to more than ${maxBytes} bytes`, context);
    throw new ItkRejected("bad-payload", `Payload ${id}: could not be decompressed`, context);
  }
}

function asClinicalDocument(el: XmlElement, id: string, context: ItkRejectionContext): XmlElement {
  if (el.local !== "ClinicalDocument" || el.ns !== NS.hl7) {
    throw new ItkRejected("unsupported-payload", `Payload ${id}: expected an HL7 ClinicalDocument, found ${el.ns ? `{${el.ns}}` : ""}${el.local}`, context);
  }
  return el;
}
