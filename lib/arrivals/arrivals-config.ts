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
  };
}

/** Clinicians and clerks see patients' bookings; managers and admins never do. */
export function requirePatientAccess(actor: StaffActor): void {
  if (actor.role !== "clinician" && actor.role !== "clerk") throw new Forbidden("Only clinicians and clerks see patients' bookings");
}

/** Clinical content (the 111 summary, its flags, the original document) is for clinicians only. */
export function seesClinicalContent(actor: StaffActor): boolean {
  return actor.role === "clinician";
}
