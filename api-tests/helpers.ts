import { addDays, londonToday, startOfLondonDay } from "../lib/time/london";
import { call, consumerJwt, SCOPES, sspHeaders } from "./client";
import type { SlotEntry } from "./booking-body";
import { ALL_INCLUDES } from "../lib/testing/stu3-booking-body";
import { now as clockNow } from "../lib/time/clock";

/** The window the assurance tool searches: tomorrow 00:00 to today + 4, London time, Java-style offsets. */
export function tkwWindow(): { ge: string; le: string } {
  const today = londonToday(clockNow());
  const fmt = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
  return { ge: fmt(startOfLondonDay(addDays(today, 1))), le: fmt(startOfLondonDay(addDays(today, 4))) };
}

export function slotQuery(service: string, extra = "", includes: readonly string[] = ALL_INCLUDES): string {
  const w = tkwWindow();
  const inc = includes.map((i) => `&_include=${encodeURIComponent(i)}`).join("");
  return `/Slot?schedule.actor%3Ahealthcareservice=${service}&status=free&start=ge${encodeURIComponent(w.ge)}&start=le${encodeURIComponent(w.le)}${inc}${extra}`;
}

export const auth = (scope: string, extra: Parameters<typeof consumerJwt>[0] = { scope }) => ({ Authorization: `Bearer ${consumerJwt({ ...extra, scope })}` });

/** Free slots of a service, as the booking tests pick them (one not used before by this run). */
const used = new Set<string>();
export async function freeSlot(service = "999999999"): Promise<SlotEntry> {
  const res = await call(slotQuery(service, "", []), { headers: { ...sspHeaders("slot"), ...auth(SCOPES.slotRead) } });
  if (res.status !== 200) throw new Error(`slot search failed: ${res.status} ${res.text}`);
  const entries = ((res.json().entry as { resource: SlotEntry & { resourceType: string } }[]) ?? []).map((e) => e.resource).filter((r) => r.resourceType === "Slot");
  const slot = entries.find((s) => !used.has(s.id));
  if (!slot) throw new Error("no free slot left");
  used.add(slot.id);
  return slot;
}

export function bookHeaders(requestId?: `${string}-${string}-${string}-${string}-${string}`): Record<string, string> {
  return { ...sspHeaders("create", requestId), ...auth(SCOPES.write), "Content-Type": "application/fhir+json", Accept: "application/fhir+json" };
}
