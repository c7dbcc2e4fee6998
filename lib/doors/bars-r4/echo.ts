/**
 * The synchronous answer to a message (BARS-RECEIVER §2.5.1, §12 D4, D35): the request Bundle echoed, with the
 * same Bundle.id, MessageHeader and entries in their order with their fullUrls; our ids on what we now hold;
 * ids of what came from our own search (Slot, Schedule, HealthcareService, Practitioner, PractitionerRole,
 * Location) kept; every other sender id replaced, never echoed; anything we add appended after them.
 */
import { randomUUID } from "node:crypto";
import type { Json, Message } from "./message";
import { instant7 } from "./slot-bundle";

const OURS_FROM_SEARCH = new Set(["Slot", "Schedule", "HealthcareService", "Practitioner", "PractitionerRole", "Location"]);

export interface EchoChanges {
  /** Per entry index: the resource to answer with in place of the one sent. */
  replace?: Map<number, Json>;
  /** Resources appended after the request's entries. */
  append?: { fullUrl: string; resource: Json }[];
  /** Ids we keep for resources we issued in an earlier answer (updates). */
  keepIds?: Set<number>;
  /**
   * Keep the ids of the resources a booking carries back from our slot search (default true). In a referral those
   * types are the sender's own (its clinicians, the service as it knows it, the patient's location): replaced.
   */
  keepSearchIds?: boolean;
}

export function echoBundle(message: Message, now: Date, changes: EchoChanges = {}): Json {
  const stamp = instant7(now);
  const entry = message.entries.map((e, i) => {
    const replaced = changes.replace?.get(i);
    if (replaced) return { fullUrl: e.fullUrl ?? undefined, resource: replaced };
    const r = { ...e.resource };
    const fromOurSearch = (changes.keepSearchIds ?? true) && OURS_FROM_SEARCH.has(String(r.resourceType));
    if (i > 0 && !fromOurSearch && !changes.keepIds?.has(i)) r.id = randomUUID();
    return { fullUrl: e.fullUrl ?? undefined, resource: r };
  });
  for (const a of changes.append ?? []) entry.push({ fullUrl: a.fullUrl, resource: { ...a.resource, meta: { ...((a.resource.meta as Json) ?? {}), lastUpdated: stamp } } });
  const meta = { ...((message.bundle.meta as Json) ?? {}) };
  return { ...message.bundle, meta, entry: JSON.parse(JSON.stringify(entry)) };
}

/** Our resource's meta: the version we hold it at, and when it last changed (seven fractional digits). */
export function ourMeta(resource: Json, versionId: number, at: Date): Json {
  return { ...((resource.meta as Json) ?? {}), versionId: String(versionId), lastUpdated: instant7(at) };
}

/** An update's Patient and Organizations carry the ids our answer to the first message gave them: kept. */
export function issuedInEarlierAnswer(message: Message): Set<number> {
  const keep = new Set<number>();
  message.entries.forEach((e, i) => {
    if (e.resource.resourceType === "Patient" || e.resource.resourceType === "Organization") keep.add(i);
  });
  return keep;
}
