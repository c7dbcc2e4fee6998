/**
 * The Appointment as the API returns it after create, read and cancel: what the consumer submitted, verbatim,
 * with the provider's `id` and `meta` (versionId, lastUpdated, CareConnect profile) — TKW's own provider
 * simulator does exactly this. Small repairs that keep responses valid: `language` en-GB and `created` (with a
 * time zone) when the consumer left them out (TKW checks both on every Appointment it reads back), and no
 * narrative or version metadata inside contained resources (FHIR dom-1, dom-4).
 * Also the HTTP values that travel with it: ETag, If-Match, Location.
 */
import type { AnyResource, Appointment, Meta } from "./model/registry";
import { PROFILE } from "./systems";

export interface AppointmentStamp {
  id: string;
  versionId: string | number;
  lastUpdated: Date;
}

export function storedAppointment(submitted: Appointment, stamp: AppointmentStamp): Appointment {
  const copy = structuredClone(submitted);
  const meta: Meta = {
    versionId: String(stamp.versionId),
    lastUpdated: stamp.lastUpdated.toISOString(),
    profile: [PROFILE.appointment, ...(copy.meta?.profile ?? []).filter((p) => p !== PROFILE.appointment)],
    ...(copy.meta?.security?.length ? { security: copy.meta.security } : {}),
    ...(copy.meta?.tag?.length ? { tag: copy.meta.tag } : {}),
  };
  for (const r of copy.contained ?? []) makeBare(r);
  const { resourceType, id: _clientId, meta: _clientMeta, language, created, ...rest } = copy;
  return {
    resourceType,
    id: stamp.id,
    meta,
    language: language ?? "en-GB",
    ...rest,
    created: created ?? stamp.lastUpdated.toISOString(),
  };
}

/** Contained resources carry neither narrative (dom-1) nor version metadata (dom-4). */
function makeBare(resource: AnyResource) {
  const r = resource as { text?: unknown; meta?: Meta };
  delete r.text;
  if (!r.meta) return;
  delete r.meta.versionId;
  delete r.meta.lastUpdated;
  if (Object.keys(r.meta).length === 0) delete r.meta;
}

/** `W/"<versionId>"`: the ETag of every resource response, replayed by consumers as If-Match. */
export function weakEtag(versionId: string | number): string {
  return `W/"${versionId}"`;
}

/**
 * The version an If-Match header asks for: `W/"3"`, `"3"` or `3` -> "3". Null only when the header is absent
 * or blank (-> 412). Any other value, however malformed, is returned as is and so fails to match (-> 409, §11).
 */
export function versionFromIfMatch(header: string | null | undefined): string | null {
  const value = header?.trim();
  if (!value) return null;
  const m = /^(?:W\/)?"(.*)"$/i.exec(value);
  return m ? m[1] : value;
}

/** `Location` for create and update: absolute, with `/_history/<vid>` (TKW extracts the id through it). */
export function appointmentLocation(baseUrl: string, id: string, versionId: string | number): string {
  return `${baseUrl.replace(/\/+$/, "")}/Appointment/${encodeURIComponent(id)}/_history/${encodeURIComponent(String(versionId))}`;
}

/** The stable URL of the booking, without a version: what the consumer writes into the CDA. */
export function appointmentUrl(baseUrl: string, id: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/Appointment/${encodeURIComponent(id)}`;
}
