import type { StaffActor } from "../auth/actor";
import { Forbidden } from "../errors";

/** Settings for the expected-arrivals board, read from the environment (a plain record in tests). */
export interface ArrivalsConfig {
  /** Did-not-attend may be recorded only this long after the arrival time (DNA_GRACE_MINUTES). */
  dnaGraceMinutes: number;
  /** Alert when no clinician or clerk has had the board open this long while slots are open (BOARD_UNSEEN_MINUTES). */
  boardUnseenMinutes: number;
  /** Also suspend new bookings then (BOARD_UNSEEN_SUSPEND=true). */
  boardUnseenSuspend: boolean;
  /** Downtime snapshots of the board (ARRIVALS_SNAPSHOT_DIR, ARRIVALS_SNAPSHOT_MINUTES, ARRIVALS_SNAPSHOTS=off). */
  snapshotDir: string;
  snapshotMinutes: number;
  snapshots: boolean;
  /**
   * A booking whose 111 summary has not arrived this long after it was made says so, with 111's number, and a
   * task to chase it is raised (SUMMARY_MISSING_MINUTES, HAZ-072).
   */
  summaryMissingMinutes: number;
  /** The phone number to chase a missing summary on, by the booking 111 service's ODS code (NHS111_PHONE_NUMBERS). */
  nhs111Phones: Record<string, string>;
}

const positive = (v: string | undefined, fallback: number) => {
  const n = Number(v);
  return v !== undefined && v !== "" && Number.isFinite(n) && n > 0 ? n : fallback;
};

export function arrivalsConfig(env: Record<string, string | undefined> = process.env): ArrivalsConfig {
  return {
    dnaGraceMinutes: positive(env.DNA_GRACE_MINUTES, 60),
    boardUnseenMinutes: positive(env.BOARD_UNSEEN_MINUTES, 15),
    boardUnseenSuspend: env.BOARD_UNSEEN_SUSPEND === "true",
    snapshotDir: env.ARRIVALS_SNAPSHOT_DIR || "data/snapshots",
    snapshotMinutes: positive(env.ARRIVALS_SNAPSHOT_MINUTES, 15),
    snapshots: env.ARRIVALS_SNAPSHOTS !== "off",
    summaryMissingMinutes: positive(env.SUMMARY_MISSING_MINUTES, 30),
    nhs111Phones: phoneBook(env.NHS111_PHONE_NUMBERS),
  };
}

/**
 * NHS111_PHONE_NUMBERS: a JSON object of ODS code → phone number, {"NZZ01":"0300 000 0001"}. Entries that are not
 * a code and a number are left out, never guessed; with none, the booking page says 111's number is not recorded.
 */
export function phoneBook(text: string | undefined): Record<string, string> {
  if (!text?.trim()) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
  const out: Record<string, string> = {};
  for (const [ods, phone] of Object.entries(raw)) {
    if (typeof phone === "string" && /^[A-Z0-9]{3,10}$/i.test(ods.trim()) && /^[0-9 +()-]{3,20}$/.test(phone.trim())) out[ods.trim().toUpperCase()] = phone.trim();
  }
  return out;
}

/** Clinicians and clerks see patients' bookings; managers and admins never do. */
export function requirePatientAccess(actor: StaffActor): void {
  if (actor.role !== "clinician" && actor.role !== "clerk") throw new Forbidden("Only clinicians and clerks see patients' bookings");
}

/** Clinical content (the 111 summary, its flags, the original document) is for clinicians only. */
export function seesClinicalContent(actor: StaffActor): boolean {
  return actor.role === "clinician";
}
