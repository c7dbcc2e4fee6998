/**
 * What clerks submit to shape capacity: weekly rules, one-off date changes, places for one hour, blocking a
 * place. Form values arrive as strings; messages say what to do (NHS service manual). Rules that need the
 * database (overlaps, dates in the past for a new rule) are checked by the use cases, with the same wording.
 */
import { z } from "zod";
import { addDays, formatLondonDateTime, isLondonDate, londonParts, startOfLondonDay, wallClockToInstants, wallMinutes } from "../time/london";
import { normaliseTime, requiredNumber } from "./limit-inputs";

const blankToNull = (v: unknown) => (v === undefined || (typeof v === "string" && v.trim() === "") ? null : v);
const trimmed = (v: unknown) => (typeof v === "string" ? v.trim() : v);

/** "HH:MM"; "24:00" is allowed where `endOfDay` (an end time at midnight). */
function wallTime(label: string, missing: string, endOfDay = false) {
  return z.preprocess(
    blankToNull,
    z
      .string({ error: missing })
      .transform((v, ctx) => {
        if (endOfDay && /^24[:.]00$/.test(v.trim())) return "24:00";
        const t = normaliseTime(v);
        if (!t) {
          ctx.addIssue({ code: "custom", message: `${label} must be a time of day, like 14:30${endOfDay ? ", or 24:00 for midnight at the end of the day" : ""}` });
          return z.NEVER;
        }
        return t;
      }),
  );
}

function londonDate(label: string, missing: string) {
  return z.preprocess(
    blankToNull,
    z.string({ error: missing }).refine((v) => isLondonDate(v.trim()), `${label} must be a real date, like 2026-11-23`).transform((v) => v.trim()),
  );
}

function optionalLondonDate(label: string) {
  return z.preprocess(blankToNull, z.string().refine((v) => isLondonDate(v.trim()), `${label} must be a real date, like 2026-11-23`).transform((v) => v.trim()).nullable());
}

const reason = (missing: string) =>
  z.preprocess(trimmed, z.string({ error: missing }).min(1, missing).max(500, "Reason must be 500 characters or fewer"));

const version = z.coerce.number({ error: "Reload the page and try again" }).int();
const id = (what: string) => z.string({ error: `Select the ${what}` }).trim().min(1, `Select the ${what}`);

export const minutesOf = (t: string) => (t === "24:00" ? 24 * 60 : wallMinutes(t));

// ---- weekly rule ---------------------------------------------------------------------------

const ruleFields = z.object({
  scheduleId: id("schedule"),
  name: z.preprocess(trimmed, z.string({ error: "Enter a name for the rule" }).min(1, "Enter a name for the rule").max(100, "Name must be 100 characters or fewer")),
  days: z.preprocess(
    (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(z.coerce.number().int().min(1).max(7), { error: "Select at least one day" })
      .min(1, "Select at least one day")
      .transform((d) => [...new Set(d)].sort((a, b) => a - b)),
  ),
  startTime: wallTime("Start time", "Enter the start time"),
  endTime: wallTime("End time", "Enter the end time", true),
  slotMinutes: requiredNumber({ label: "Slot length", requiredMessage: "Enter the slot length in minutes", min: 5, max: 240, unit: "minutes" }),
  perSlot: requiredNumber({ label: "Places per slot time", requiredMessage: "Enter the number of places per slot time", min: 1, max: 50 }),
  effectiveFrom: londonDate("Start date", "Enter the date the rule starts"),
  effectiveTo: optionalLondonDate("End date"),
});

function checkRuleShape(v: z.infer<typeof ruleFields>, ctx: z.RefinementCtx): void {
  const start = minutesOf(v.startTime);
  const end = minutesOf(v.endTime);
  if (end <= start) {
    ctx.addIssue({ code: "custom", path: ["endTime"], message: "End time must be after the start time" });
  } else if (end - start < v.slotMinutes) {
    ctx.addIssue({ code: "custom", path: ["slotMinutes"], message: `A ${v.slotMinutes}-minute slot does not fit between ${v.startTime} and ${v.endTime}` });
  }
  if (v.effectiveTo && v.effectiveTo < v.effectiveFrom) {
    ctx.addIssue({ code: "custom", path: ["effectiveTo"], message: "End date must be the same as or after the start date" });
  }
}

export const capacityRuleInput = ruleFields.superRefine(checkRuleShape);
export type CapacityRuleInput = z.infer<typeof capacityRuleInput>;

export const updateCapacityRuleInput = ruleFields.extend({ ruleId: id("rule"), version }).superRefine(checkRuleShape);
export type UpdateCapacityRuleInput = z.infer<typeof updateCapacityRuleInput>;

export const deactivateCapacityRuleInput = z.object({ ruleId: id("rule"), version });
export type DeactivateCapacityRuleInput = z.infer<typeof deactivateCapacityRuleInput>;

// ---- one-off date change -------------------------------------------------------------------

export const capacityOverrideInput = z
  .object({
    date: londonDate("Date", "Enter the date"),
    kind: z.enum(["closed", "hours"], { error: "Select closed or different hours" }),
    startTime: z.preprocess(blankToNull, wallTime("Opening time", "Enter the opening time").nullable()),
    endTime: z.preprocess(blankToNull, wallTime("Closing time", "Enter the closing time", true).nullable()),
    reason: reason("Enter a reason for the change"),
  })
  .superRefine((v, ctx) => {
    if (v.kind !== "hours") return;
    if (!v.startTime) ctx.addIssue({ code: "custom", path: ["startTime"], message: "Enter the opening time" });
    if (!v.endTime) ctx.addIssue({ code: "custom", path: ["endTime"], message: "Enter the closing time" });
    if (v.startTime && v.endTime && minutesOf(v.endTime) <= minutesOf(v.startTime)) {
      ctx.addIssue({ code: "custom", path: ["endTime"], message: "Closing time must be after the opening time" });
    }
  })
  .transform((v) => (v.kind === "closed" ? { ...v, startTime: null, endTime: null } : v));
export type CapacityOverrideInput = z.infer<typeof capacityOverrideInput>;

export const removeCapacityOverrideInput = z.object({ overrideId: id("date change"), version });

// ---- places for one time band on one date ----------------------------------------------------

export const bandPlacesInput = z
  .object({
    date: londonDate("Date", "Enter the date"),
    startTime: wallTime("Start time", "Enter the start time"),
    endTime: wallTime("End time", "Enter the end time", true),
    perSlot: requiredNumber({ label: "Places per slot time", requiredMessage: "Enter the number of places per slot time", min: 0, max: 50 }),
    reason: reason("Enter a reason for changing the places"),
    /** The band override being changed, when there is one (optimistic concurrency). */
    version: z.preprocess(blankToNull, z.coerce.number().int().nullable()),
  })
  .refine((v) => minutesOf(v.endTime) > minutesOf(v.startTime), { path: ["endTime"], message: "End time must be after the start time" });
export type BandPlacesInput = z.infer<typeof bandPlacesInput>;

// ---- one place ----------------------------------------------------------------------------

export const blockSlotInput = z.object({ slotId: id("slot"), version, reason: reason("Enter a reason for blocking this place") });
export type BlockSlotInput = z.infer<typeof blockSlotInput>;

export const releaseSlotInput = z.object({ slotId: id("slot"), version });
export type ReleaseSlotInput = z.infer<typeof releaseSlotInput>;

export const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** "Mon to Fri", "every day", "Sat, Sun". */
export function describeDays(days: readonly number[]): string {
  const d = [...new Set(days)].sort((a, b) => a - b);
  if (d.length === 7) return "every day";
  const short = (n: number) => DAY_NAMES[n - 1].slice(0, 3);
  const consecutive = d.length > 2 && d.every((n, i) => i === 0 || n === d[i - 1] + 1);
  return consecutive ? `${short(d[0])} to ${short(d[d.length - 1])}` : d.map(short).join(", ");
}

// ---- the surge switch's optional reopen time ----------------------------------------------

/**
 * A quick suspension ("next 2 hours", "rest of today") where the clerk typed a reopen time: it becomes a
 * custom period from now (this minute) until that London time, today or, if it has passed, tomorrow.
 * Returns the values unchanged when there is no reopen time, or `{ error }` when it is not a time.
 */
export function withReopenTime(values: Record<string, string>, now: Date): { values: Record<string, string> } | { error: string } | { question: string } {
  const typed = values.reopenTime?.trim();
  if (values.period === "custom" || !typed) return { values };
  const t = normaliseTime(typed);
  if (!t) return { error: "Reopen time must be a time of day, like 14:30" };
  const { date, time } = londonParts(now);
  const today = t > time;
  const endDate = today ? date : addDays(date, 1);
  // A time already past today means tomorrow: said, with the period it makes, and done only when confirmed.
  if (!today && values.reopenTomorrow !== "yes") {
    const endsAt = wallClockToInstants(endDate, t)[0] ?? startOfLondonDay(addDays(endDate, 1));
    return {
      question: `${t} has already passed today. Bookings would stay suspended until ${formatLondonDateTime(endsAt)} (${formatDuration(endsAt.getTime() - now.getTime())} from now). Tick the box to confirm, or enter a later time today.`,
    };
  }
  return { values: { ...values, period: "custom", startDate: date, startTime: time, endDate, endTime: t } };
}

/** "22 h 39 min", "45 min", "2 h" */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}
