/**
 * A BaRS message Bundle, read: its entries by fullUrl, its MessageHeader, and the envelope checks of
 * BARS-RECEIVER §8 steps 5–11 in their order (structure → versionId → event → reason → … ).
 */
import { bad, unprocessable } from "./rec-errors";

export type Json = Record<string, unknown>;

export interface MessageEntry {
  fullUrl: string | null;
  resource: Json;
}

export interface Message {
  bundle: Json;
  bundleId: string;
  versionId: string;
  header: Json;
  event: "booking-request" | "servicerequest-request";
  reason: "new" | "update" | "delete";
  entries: MessageEntry[];
  definition: string | null;
}

export const EVENT_SYSTEM = "https://fhir.nhs.uk/CodeSystem/message-events-bars";
export const REASON_SYSTEM = "https://fhir.nhs.uk/CodeSystem/message-reason-bars";
const VERSION = /^(\d+)\.\d+(\.\d+)?(-[0-9A-Za-z.]+)?$/;

export const asObject = (v: unknown): Json | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null);
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
export const text = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null);

export function codings(concept: unknown): Json[] {
  return asArray(asObject(concept)?.coding).map(asObject).filter((c): c is Json => c !== null);
}

/** Steps 5–7: a message Bundle whose first entry is a MessageHeader, with a supported version, event and reason. */
export function readMessage(resource: Json, messageMajors: readonly number[]): Message {
  if (resource.resourceType !== "Bundle") throw bad("structure", `The body must be a Bundle of type message, not ${String(resource.resourceType).slice(0, 40)}`);
  if (resource.type !== "message") throw bad("invalid", "The Bundle's type must be message");
  const entries: MessageEntry[] = asArray(resource.entry).map((e) => {
    const entry = asObject(e);
    const r = asObject(entry?.resource);
    if (!entry || !r || typeof r.resourceType !== "string") throw bad("structure", "Every entry of the Bundle must hold a resource");
    return { fullUrl: text(entry.fullUrl), resource: r };
  });
  const header = entries[0]?.resource;
  if (!header || header.resourceType !== "MessageHeader") throw bad("structure", "The first entry of the Bundle must be a MessageHeader");
  const versionId = text(asObject(resource.meta)?.versionId);
  if (!versionId) throw bad("invariant", "Bundle.meta.versionId is required: the version of BaRS Application 1 the message complies with");
  const m = VERSION.exec(versionId);
  if (!m || !messageMajors.includes(Number(m[1]))) throw unprocessable("not-supported", `Bundle.meta.versionId ${versionId.slice(0, 30)} is not a version this receiver supports`);
  const event = asObject(header.eventCoding);
  const eventCode = text(event?.code);
  if (eventCode !== "booking-request" && eventCode !== "servicerequest-request") {
    throw bad("invariant", `MessageHeader.eventCoding ${eventCode?.slice(0, 40) ?? "(none)"} is not a message this receiver accepts: booking-request or servicerequest-request`);
  }
  const reasonCode = codings(header.reason).map((c) => text(c.code)).find(Boolean) ?? null;
  if (reasonCode !== "new" && reasonCode !== "update" && reasonCode !== "delete") throw bad("invariant", `MessageHeader.reason ${reasonCode?.slice(0, 40) ?? "(none)"} is not new, update or delete`);
  const bundleId = text(resource.id);
  if (!bundleId) throw bad("required", "Bundle.id is required");
  return { bundle: resource, bundleId, versionId, header, event: eventCode, reason: reasonCode, entries, definition: text(header.definition) };
}

/** The entry a reference points to: `urn:uuid:…` by fullUrl, or `Type/id` by type and id. */
export function resolve(message: Message, reference: unknown): MessageEntry | null {
  const ref = text(asObject(reference)?.reference ?? reference);
  if (!ref) return null;
  const byUrl = message.entries.find((e) => e.fullUrl === ref);
  if (byUrl) return byUrl;
  const [type, id] = ref.split("/").slice(-2);
  return message.entries.find((e) => e.resource.resourceType === type && e.resource.id === id) ?? null;
}

export function entriesOf(message: Message, type: string): MessageEntry[] {
  return message.entries.filter((e) => e.resource.resourceType === type);
}

/** The destination service's DoS id as the MessageHeader states it. */
export function destinationServiceId(message: Message): string | null {
  for (const d of asArray(message.header.destination)) {
    const endpoint = text(asObject(d)?.endpoint);
    if (endpoint) return endpoint;
  }
  return null;
}

export function sourceEndpoint(message: Message): string | null {
  return text(asObject(message.header.source)?.endpoint);
}
