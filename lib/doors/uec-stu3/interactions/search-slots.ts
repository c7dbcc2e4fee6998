import { freeSlotsVisibleTo } from "../../../capacity/search-free-slots";
import { now as clockNow } from "../../../time/clock";
import type { SlotSearchData } from "../domain-types";
import { slotSearchBundle, slotSearchJsonFrame, slotSearchJsonParts } from "../search-bundle";
import { fhirJsonToXml } from "../xml";
import { parseSlotSearchParams, slotSearchSelfQuery, slotStartWindow, type SlotSearchQuery } from "../slot-search-params";
import type { FhirContext, FhirResult } from "./fhir-route";
import { FhirHttpError } from "./fhir-http-error";

/**
 * The JSON texts of one answer state for one base URL: each entry's, and whole entry sections by the slots
 * answered (ids and statuses) and the canonical query. Kept with the search's cached state (`derived`), so they
 * are dropped whenever that state or its related rows are.
 */
interface JsonTexts {
  fragments: Map<string, string>;
  bodies: Map<string, { total: number; selfUrl: string; entries: Buffer }>;
}

const MAX_BODIES = 64;
const BOTH: ("free" | "busy")[] = ["free", "busy"];
const utf8 = (s: string) => Buffer.from(s, "utf8");

/**
 * GET /Slot: the free (and, when asked, busy) slots of the service 111 names by its DoS id, as the asking
 * organisation may book them right now, with the requested includes.
 */
export async function searchSlotsFromFhir(ctx: FhirContext): Promise<FhirResult> {
  const now = clockNow();
  const parsed = parseSlotSearchParams(ctx.url.searchParams, { now });
  if (!parsed.ok) {
    const first = parsed.errors[0];
    const kind = first.kind === "missing-parameter" ? "missing-parameter" : first.kind === "window-in-past" ? "search-window-in-past" : "bad-parameter";
    throw new FhirHttpError(kind, parsed.errors.map((e) => e.message).join("; "), parsed.errors.map((e) => e.parameter));
  }
  const query = parsed.query;
  const window = slotStartWindow(query);
  const statuses = query.statuses === null ? BOTH : (query.statuses.filter((s) => s === "free" || s === "busy") as ("free" | "busy")[]);
  const found = await freeSlotsVisibleTo(ctx.consumer, { dosId: query.serviceId, from: window.from, to: window.until, statuses, withRelated: query.includes.length > 0, now });
  if (found === null) throw new FhirHttpError("service-not-found", `No healthcare service here has the identifier ${query.serviceId}`, ["service"]);
  const slots = found.slots.map((s) => ({ id: s.id, scheduleId: s.scheduleId, start: s.start, end: s.end, status: s.status }));
  const data: SlotSearchData = { slots, ...found.related };
  const baseUrl = ctx.config.fhirBaseUrl;
  const options = { baseUrl, now };
  return {
    status: 200,
    render: (format) =>
      format === "json"
        ? jsonBody(found.derived.get(`stu3-json ${baseUrl}`, (): JsonTexts => ({ fragments: new Map(), bodies: new Map() })), data, query, options)
        : fhirJsonToXml(slotSearchBundle(data, query, options) as unknown as Record<string, unknown>),
    audit: { entityType: "Slot", detail: { dosId: query.serviceId, returned: slots.length } },
  };
}

/**
 * The JSON answer as bytes. The same slots with the same statuses for the same query give the same entries, so
 * their bytes are kept and only the Bundle's id, time and frame are written per request. Byte for byte what
 * `JSON.stringify(slotSearchBundle(...))` gives (tested).
 */
function jsonBody(texts: JsonTexts, data: SlotSearchData, query: SlotSearchQuery, options: { baseUrl: string; now: Date }): Buffer {
  let key = slotSearchSelfQuery(query) + "\u0000";
  for (const s of data.slots) key += s.status === "free" ? `${s.id}+` : `${s.id}-`;
  let body = texts.bodies.get(key);
  if (!body) {
    const parts = slotSearchJsonParts(data, query, options.baseUrl, texts.fragments);
    body = { total: parts.total, selfUrl: parts.selfUrl, entries: utf8(parts.entries) };
    if (texts.bodies.size >= MAX_BODIES) texts.bodies.delete(texts.bodies.keys().next().value!);
    texts.bodies.set(key, body);
  }
  const frame = slotSearchJsonFrame(body, options, body.entries.length > 0);
  return Buffer.concat([utf8(frame.open), body.entries, utf8(frame.close)]);
}
