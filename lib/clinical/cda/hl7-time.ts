import { wallClockToInstants } from "../../time/london";

/**
 * HL7 v3 TS values: `YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+|-ZZ[ZZ]]`.
 * 111 suppliers send `20210406123335+01`, `20210406115411+0100`, `201701012000+00` and, sometimes,
 * no offset at all (`20220316140542`). A value without an offset is the sender's local time; every
 * 111 service is in England, so it is read as Europe/London wall-clock time and marked as assumed.
 */
export interface Hl7Time {
  /** The value exactly as sent. */
  raw: string;
  /** UTC instant, when the value carries a time of day and can be placed on the timeline. */
  instant: Date | null;
  /** The calendar date as written ("YYYY-MM-DD"), when the value has at least day precision. */
  date: string | null;
  /** How the instant was fixed: the sender's offset, or London time assumed for a value without one. */
  zone: "offset" | "assumed-london" | null;
  /** Why the value could not be read (fully or partly). */
  problem?: string;
}

const TS_RE = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,4}))?(?:([+-])(\d{2})(\d{2})?)?$/;

function validDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

export function parseHl7Time(raw: string | undefined | null): Hl7Time | null {
  if (raw === undefined || raw === null) return null;
  const value = raw.trim();
  if (!value) return null;
  const m = TS_RE.exec(value);
  if (!m) return { raw, instant: null, date: null, zone: null, problem: `Not an HL7 date/time: "${raw}"` };
  const [, ys, mos, ds, hs, mis, ss, frac, sign, ohs, oms] = m;
  const y = Number(ys);
  const mo = mos ? Number(mos) : 1;
  const d = ds ? Number(ds) : 1;
  if (!validDate(y, mo, d)) return { raw, instant: null, date: null, zone: null, problem: `No such date: "${raw}"` };
  const date = ds ? `${ys}-${mos}-${ds}` : null;
  if (hs === undefined) return { raw, instant: null, date, zone: null };

  const h = Number(hs);
  const mi = mis ? Number(mis) : 0;
  const s = ss ? Number(ss) : 0;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  if (h > 23 || mi > 59 || s > 59) return { raw, instant: null, date, zone: null, problem: `No such time: "${raw}"` };

  if (sign) {
    const offH = Number(ohs);
    const offM = oms ? Number(oms) : 0;
    if (offH > 14 || offM > 59) return { raw, instant: null, date, zone: null, problem: `No such time zone offset: "${raw}"` };
    const offsetMinutes = (sign === "+" ? 1 : -1) * (offH * 60 + offM);
    const instant = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000);
    return { raw, instant, date, zone: "offset" };
  }

  const wall = `${String(h).padStart(2, "0")}:${String(mi).padStart(2, "0")}`;
  const candidates = wallClockToInstants(date!, wall);
  if (candidates.length === 0) {
    return { raw, instant: null, date, zone: null, problem: `"${raw}" has no time zone and falls in the hour London skips when clocks go forward` };
  }
  const instant = new Date(candidates[0].getTime() + s * 1000 + ms);
  const problem =
    candidates.length > 1 ? `"${raw}" has no time zone and happens twice in London when clocks go back; the earlier was assumed` : undefined;
  return { raw, instant, date, zone: "assumed-london", ...(problem ? { problem } : {}) };
}

/** A birth date ("YYYY-MM-DD") from an HL7 TS, taking the calendar date as written (never shifted by a zone). */
export function hl7BirthDate(raw: string | undefined | null): string | null {
  const t = parseHl7Time(raw);
  return t?.date ?? null;
}
