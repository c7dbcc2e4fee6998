import { elements, type XmlElement } from "../../xml/safe-parse";
import { parseHl7Time } from "./hl7-time";
import { attr, cleanText, hl7Child, hl7Children, hl7Descendants, hl7Path, templateIdsOf } from "./read-xml";
import type { AppointmentReference } from "./types";
import { OID, TEMPLATE } from "./vocabulary";

/**
 * Where the report says which booking it belongs to (UEC Booking guidance): the coded entry
 * COCD_TP146093GB01#AppointmentReference whose id/@extension is the absolute Appointment URL, and/or a
 * linkHtml href in a section. The URL must be taken from the attribute, never from the link's text.
 */

const APPOINTMENT_PATH_RE = /\/Appointment\/([^/?#]+)(\/_history\/[^/?#]+)?\/?$/i;

/** Reads an appointment identifier: an absolute URL (https, unversioned) or a bare logical id. */
export function interpretAppointmentIdentifier(raw: string): Pick<AppointmentReference, "url" | "appointmentId" | "problem"> {
  const value = raw.trim();
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url) {
    // The IUC examples carry a bare id; accept it as an id but never as a URL.
    return /^[A-Za-z0-9\-.]{1,64}$/.test(value)
      ? { url: null, appointmentId: value }
      : { url: null, appointmentId: null, problem: `"${raw}" is neither an Appointment URL nor an id` };
  }
  const m = APPOINTMENT_PATH_RE.exec(url.pathname);
  if (!m) return { url: null, appointmentId: null, problem: `"${raw}" is not an Appointment URL` };
  const appointmentId = decodeURIComponent(m[1]);
  const problems: string[] = [];
  if (url.protocol !== "https:") problems.push("is not https");
  if (m[2]) problems.push("names a version (/_history/), which was ignored");
  const base = `${url.origin}${url.pathname.slice(0, url.pathname.length - m[0].length)}/Appointment/${m[1]}`;
  return {
    url: url.protocol === "https:" ? base : null,
    appointmentId,
    ...(problems.length ? { problem: `Appointment URL ${problems.join(" and ")}` } : {}),
  };
}

function fromEntry(encounter: XmlElement): AppointmentReference | null {
  const ids = hl7Children(encounter, "id");
  const idEl = ids.find((i) => attr(i, "root") === OID.appointmentReference) ?? ids[0];
  const raw = attr(idEl, "extension");
  if (!raw) return { source: "entry", url: null, appointmentId: null, raw: "", start: null, location: null, problem: "Appointment reference has no identifier" };
  const role = hl7Path(hl7Child(encounter, "participant"), "participantRole");
  const entity = hl7Child(role, "playingEntity");
  const location = role
    ? {
        odsCode: attr(hl7Child(role, "id"), "extension") ?? null,
        name: cleanText(hl7Child(entity, "name")) ?? null,
        description: cleanText(hl7Child(entity, "desc")) ?? null,
      }
    : null;
  return {
    source: "entry",
    raw,
    ...interpretAppointmentIdentifier(raw),
    start: parseHl7Time(attr(hl7Child(encounter, "effectiveTime"), "value")),
    location,
  };
}

/** Every appointment reference in the document body, coded entries first, then section links. */
export function readAppointmentReferences(body: XmlElement | undefined): AppointmentReference[] {
  if (!body) return [];
  const out: AppointmentReference[] = [];
  for (const entry of hl7Descendants(body, "entry")) {
    for (const encounter of elements(entry).filter((e) => e.local === "encounter")) {
      const templates = [...templateIdsOf(entry), ...templateIdsOf(encounter)];
      const isReference = templates.includes(TEMPLATE.appointmentReference) || hl7Children(encounter, "id").some((i) => attr(i, "root") === OID.appointmentReference);
      if (!isReference) continue;
      const ref = fromEntry(encounter);
      if (ref) out.push(ref);
    }
  }
  const seen = new Set<string>();
  for (const text of hl7Descendants(body, "text")) {
    for (const link of hl7Descendants(text, "linkHtml")) {
      const href = attr(link, "href");
      if (!href || !/\/Appointment\//i.test(href) || seen.has(href)) continue;
      seen.add(href);
      out.push({ source: "section-link", raw: href, ...interpretAppointmentIdentifier(href), start: null, location: null });
    }
  }
  return out;
}
