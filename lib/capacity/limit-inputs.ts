/**
 * What clerks submit on the capacity pages: suspensions, caps, quotas, notice and horizon. Form values arrive
 * as strings; blank means "not given". Error messages follow the NHS service manual (say what to do).
 */
import { z } from "zod";
import { addDays, formatLondonDateTime, isLondonDate, londonToday, startOfLondonDay, type LondonDate, wallClockToInstants } from "../time/london";

// ---- shared field builders -----------------------------------------------------------------

const blankToNull = (v: unknown) => (v === undefined || (typeof v === "string" && v.trim() === "") ? null : v);
const numberLike = (v: unknown) => (typeof v === "string" && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v);

interface WholeNumberOpts {
  /** Starts the sentence: "Limit per hour". */
  label: string;
  /** What to enter when it is required and missing: "Enter the minimum notice". */
  requiredMessage?: string;
  min: number;
  max: number;
  /** Plural unit after the number: "minutes" ("1 minute" when the number is 1). */
  unit?: string;
}

function wholeNumber(o: WholeNumberOpts) {
  const u = (n: number) => (o.unit ? ` ${n === 1 ? o.unit.replace(/s$/, "") : o.unit}` : "");
  return z
    .number({ error: (issue) => (issue.input === null && o.requiredMessage ? o.requiredMessage : `${o.label} must be a whole number`) })
    .int(`${o.label} must be a whole number`)
    .min(o.min, `${o.label} must be ${o.min}${u(o.min)} or more`)
    .max(o.max, `${o.label} must be ${o.max}${u(o.max)} or fewer`);
}

/** A required whole number. */
export const requiredNumber = (o: WholeNumberOpts & { requiredMessage: string }) => z.preprocess((v) => numberLike(blankToNull(v)), wholeNumber(o));
/** A whole number or null ("no limit") when left blank. */
export const optionalNumber = (o: WholeNumberOpts) => z.preprocess((v) => numberLike(blankToNull(v)), wholeNumber(o).nullable());

/** The first message for each field, for forms (`InvalidInput.fieldErrors`). */
export function firstFieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "form";
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

// ---- caps --------------------------------------------------------------------------------

export const MAX_CAP = 999;

/** Why a service limit of 0 is refused, and what to do instead. */
export const ZERO_SERVICE_CAP = (label: string) =>
  `${label} cannot be 0: that would stop every 111 booking, with no reason and no reopen time. To stop 111 booking, use "Suspend bookings from 111" on this page. Leave the limit blank for no limit`;
/** Why an organisation's limit of 0 is refused, and what to do instead. */
export const ZERO_QUOTA = (label: string) =>
  `${label} cannot be 0: that would stop this organisation booking. To stop one organisation booking, an administrator blocks it under 111 consumers, with a reason. To stop all 111 booking, use "Suspend bookings from 111"`;

export const capsInput = z
  .object({
    capPerHour: optionalNumber({ label: "Limit per hour", min: 0, max: MAX_CAP }),
    capPerDay: optionalNumber({ label: "Limit per day", min: 0, max: MAX_CAP }),
  })
  // A limit of 0 is a suspension without a reason, an end or the Directory of Services warning: refused, pointing
  // to the suspension, which has all three (HAZ-125).
  .refine((v) => v.capPerHour !== 0, { message: ZERO_SERVICE_CAP("Limit per hour"), path: ["capPerHour"] })
  .refine((v) => v.capPerDay !== 0, { message: ZERO_SERVICE_CAP("Limit per day"), path: ["capPerDay"] })
  .refine((v) => v.capPerHour === null || v.capPerDay === null || v.capPerHour <= v.capPerDay, {
    message: "Limit per hour cannot be more than the limit per day",
    path: ["capPerHour"],
  });
export type CapsInput = z.infer<typeof capsInput>;

// ---- per-organisation quota --------------------------------------------------------------

export const odsCode = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toUpperCase() : v),
  z
    .string({ error: "Enter the organisation's ODS code" })
    .min(1, "Enter the organisation's ODS code")
    .regex(/^[A-Z0-9]{3,6}$/, "ODS code must be 3 to 6 letters or numbers, like NR3"),
);

export const quotaInput = z
  .object({
    odsCode,
    perHour: optionalNumber({ label: "Limit per hour", min: 0, max: MAX_CAP }),
    perDay: optionalNumber({ label: "Limit per day", min: 0, max: MAX_CAP }),
  })
  .refine((v) => v.perHour !== null || v.perDay !== null, { message: "Enter a limit per hour or a limit per day", path: ["perHour"] })
  .refine((v) => v.perHour !== 0, { message: ZERO_QUOTA("Limit per hour"), path: ["perHour"] })
  .refine((v) => v.perDay !== 0, { message: ZERO_QUOTA("Limit per day"), path: ["perDay"] })
  .refine((v) => v.perHour === null || v.perDay === null || v.perHour <= v.perDay, {
    message: "Limit per hour cannot be more than the limit per day",
    path: ["perHour"],
  });
export type QuotaInput = z.infer<typeof quotaInput>;

// ---- minimum notice and booking horizon --------------------------------------------------

export const noticeAndHorizonInput = z
  .object({
    minNoticeMinutes: requiredNumber({ label: "Minimum notice", requiredMessage: "Enter the minimum notice in minutes", min: 0, max: 24 * 60, unit: "minutes" }),
    maxAheadHours: optionalNumber({ label: "Booking horizon", min: 1, max: 14 * 24, unit: "hours" }),
  })
  .refine((v) => v.maxAheadHours === null || v.maxAheadHours * 60 > v.minNoticeMinutes, {
    message: "Booking horizon must be longer than the minimum notice",
    path: ["maxAheadHours"],
  });
export type NoticeAndHorizonInput = z.infer<typeof noticeAndHorizonInput>;

// ---- suspension (surge switch) -----------------------------------------------------------

/** `endsAt` of a suspension with no reopen time: it lasts until a clerk lifts it. */
/** How far back a custom suspension may start (the time the form was opened, say). */
const PAST_START_GRACE_MS = 15 * 60_000;

export const SUSPENDED_UNTIL_LIFTED = new Date("9999-12-31T23:59:59.000Z");

/** How a suspension's end reads in a sentence: "until Tue, 24 Nov 2026, 11:00", or "until someone reopens them". */
export function suspendedUntil(endsAt: Date): string {
  return endsAt.getTime() >= SUSPENDED_UNTIL_LIFTED.getTime() ? "until someone reopens them" : `until ${formatLondonDateTime(endsAt)}`;
}

const optionalText = z.preprocess(blankToNull, z.string().trim().nullable());

const suspensionFields = z.object({
  period: z.enum(["next-2-hours", "rest-of-today", "custom"], { error: "Select how long to suspend bookings for" }),
  /** Custom period only: London date "YYYY-MM-DD" and time "HH:MM". */
  startDate: optionalText.optional(),
  startTime: optionalText.optional(),
  /** Custom period only, optional: the automatic reopen time. Blank: suspended until lifted. */
  endDate: optionalText.optional(),
  endTime: optionalText.optional(),
  reason: z
    .string({ error: "Enter a reason for suspending bookings" })
    .trim()
    .min(1, "Enter a reason for suspending bookings")
    .max(500, "Reason must be 500 characters or fewer"),
});

export interface SuspensionToSave {
  startsAt: Date;
  /** The automatic reopen time, or `SUSPENDED_UNTIL_LIFTED`. */
  endsAt: Date;
  reopensAutomatically: boolean;
  reason: string;
}

/** "9:05", "09:05" or "09.05" → "09:05"; null when not a time of day. */
export function normaliseTime(s: string): string | null {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(s.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return `${m[1].padStart(2, "0")}:${m[2]}`;
}

type Which = "start" | "end";
const LABEL: Record<Which, string> = { start: "Start", end: "End" };

/**
 * London date + time → instant, or an issue. In the October fold (01:xx twice) the start takes the earlier
 * instant and the end the later one, so an ambiguous entry suspends for longer rather than shorter.
 */
function wallInstant(date: string | null | undefined, time: string | null | undefined, which: Which, ctx: z.RefinementCtx): Date | null {
  const label = LABEL[which];
  if (!date) ctx.addIssue({ code: "custom", path: [`${which}Date`], message: `Enter the ${which} date` });
  else if (!isLondonDate(date)) ctx.addIssue({ code: "custom", path: [`${which}Date`], message: `${label} date must be a real date` });
  const t = time ? normaliseTime(time) : null;
  if (!time) ctx.addIssue({ code: "custom", path: [`${which}Time`], message: `Enter the ${which} time` });
  else if (!t) ctx.addIssue({ code: "custom", path: [`${which}Time`], message: `${label} time must be a time of day, like 14:30` });
  if (!date || !isLondonDate(date) || !t) return null;
  const instants = wallClockToInstants(date as LondonDate, t);
  if (instants.length === 0) {
    ctx.addIssue({ code: "custom", path: [`${which}Time`], message: `${label} time does not exist on that day because the clocks go forward: enter a time from 02:00` });
    return null;
  }
  return which === "start" ? instants[0] : instants[instants.length - 1];
}

/**
 * The suspension form, resolved against `now` into what is stored. Quick choices start now:
 * "next 2 hours" ends 2 real hours later; "rest of today" ends at the next London midnight.
 * A custom period has a start and an optional end (the automatic reopen time).
 */
export function suspensionInput(now: Date) {
  return suspensionFields.transform((v, ctx): SuspensionToSave => {
    if (v.period === "next-2-hours") {
      return { startsAt: now, endsAt: new Date(now.getTime() + 2 * 3600_000), reopensAutomatically: true, reason: v.reason };
    }
    if (v.period === "rest-of-today") {
      return { startsAt: now, endsAt: startOfLondonDay(addDays(londonToday(now), 1)), reopensAutomatically: true, reason: v.reason };
    }
    const startsAt = wallInstant(v.startDate, v.startTime, "start", ctx);
    const hasEnd = Boolean(v.endDate || v.endTime);
    const endsAt = hasEnd ? wallInstant(v.endDate, v.endTime, "end", ctx) : SUSPENDED_UNTIL_LIFTED;
    if (!startsAt || !endsAt) return z.NEVER;
    // A start a few minutes back is a form left open for a moment; further back it is a slip (a wrong day or hour).
    if (startsAt.getTime() < now.getTime() - PAST_START_GRACE_MS) {
      ctx.addIssue({ code: "custom", path: ["startTime"], message: "Start time has already passed: enter the time now or a later time" });
      return z.NEVER;
    }
    if (endsAt <= startsAt) {
      ctx.addIssue({ code: "custom", path: ["endTime"], message: "End time must be after the start time" });
      return z.NEVER;
    }
    if (endsAt <= now) {
      ctx.addIssue({ code: "custom", path: ["endTime"], message: "End time must be in the future" });
      return z.NEVER;
    }
    return { startsAt, endsAt, reopensAutomatically: hasEnd, reason: v.reason };
  });
}
export type SuspensionFormValues = z.input<typeof suspensionFields>;
