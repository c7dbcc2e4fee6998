import { db } from "../db/client";
import { Throttled } from "../errors";

/**
 * Sign-in throttling, counted in the database BEFORE the password is checked, so parallel attempts and several
 * instances cannot get round it:
 * - per user name: the first three failures are free, then each wait doubles (1 s, 2 s, 4 s … capped at 60 s);
 * - per source address (when TRUSTED_PROXY_HOPS says where it comes from): the same after 20 failures, against one
 *   machine spraying many user names;
 * - a ceiling for everyone: more than SIGN_IN_CEILING_PER_MINUTE attempts (default 300) in a minute wait for the
 *   next minute.
 * Never a lockout: a stranger guessing at a consultant's account mid-shift can slow it down by a minute at most.
 *
 * Each attempt takes its turn with a compare-and-set on the counter row (failures and the time of the last one must
 * still be what was read), so of N simultaneous attempts only those the schedule allows are checked. An attempt
 * whose password turns out right gives its turn back (`refundSignInAttempt`); success clears the user's counter.
 */
export const FREE_FAILURES = 3;
export const FREE_SOURCE_FAILURES = 20;
export const MAX_DELAY_SECONDS = 60;
const CAS_TRIES = 20;

export function delaySeconds(failures: number, free = FREE_FAILURES): number {
  if (failures < free) return 0;
  return Math.min(2 ** (failures - free), MAX_DELAY_SECONDS);
}

export function ceilingPerMinute(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.SIGN_IN_CEILING_PER_MINUTE ?? 300);
  return Number.isInteger(n) && n > 0 ? n : 300;
}

export interface AttemptKeys {
  user: string;
  source?: string;
}

function tooMany(wait: number): Throttled {
  return new Throttled(`Too many attempts. Wait ${wait} second${wait === 1 ? "" : "s"} and try again.`, wait);
}

/** Takes a turn on one counter, or answers how many seconds to wait. */
async function takeTurn(key: string, free: number, now: Date): Promise<number> {
  for (let i = 0; i < CAS_TRIES; i++) {
    const row = await db().signInThrottle.findUnique({ where: { key } });
    if (!row) {
      try {
        await db().signInThrottle.create({ data: { key, failures: 1, lastFailure: now } });
        return 0;
      } catch {
        continue; // someone else created it first: read it again
      }
    }
    const readyAt = row.lastFailure.getTime() + delaySeconds(row.failures, free) * 1000;
    if (now.getTime() < readyAt) return Math.max(1, Math.ceil((readyAt - now.getTime()) / 1000));
    const taken = await db().signInThrottle.updateMany({
      where: { key, failures: row.failures, lastFailure: row.lastFailure },
      data: { failures: row.failures + 1, lastFailure: now },
    });
    if (taken.count === 1) return 0;
  }
  // Contended past all reason: treat as busy rather than let the attempt through unchecked.
  return 1;
}

/** The ceiling for everyone: one counter per minute. */
async function takeCeiling(now: Date): Promise<number> {
  const minute = Math.floor(now.getTime() / 60_000);
  const key = `all:${minute}`;
  const row = await db().signInThrottle.upsert({ where: { key }, create: { key, failures: 1, lastFailure: now }, update: { failures: { increment: 1 } } });
  // The first attempt of a minute removes the counters of earlier minutes, which nothing reads again.
  if (row.failures === 1) await db().signInThrottle.deleteMany({ where: { key: { startsWith: "all:", not: key } } });
  if (row.failures <= ceilingPerMinute()) return 0;
  return Math.max(1, Math.ceil(((minute + 1) * 60_000 - now.getTime()) / 1000));
}

/** Counts this attempt (throws Throttled when it must wait). Call before checking the password. */
export async function claimSignInAttempt(keys: AttemptKeys, now = new Date()): Promise<void> {
  const ceiling = await takeCeiling(now);
  if (ceiling > 0) throw tooMany(ceiling);
  if (keys.source) {
    const wait = await takeTurn(keys.source, FREE_SOURCE_FAILURES, now);
    if (wait > 0) throw tooMany(wait);
  }
  const wait = await takeTurn(keys.user, FREE_FAILURES, now);
  if (wait > 0) {
    if (keys.source) await giveBack(keys.source);
    throw tooMany(wait);
  }
}

async function giveBack(key: string): Promise<void> {
  await db().signInThrottle.updateMany({ where: { key, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } });
}

/** The password was right: the attempt was not a failure (for the source and the user name). */
export async function refundSignInAttempt(keys: AttemptKeys): Promise<void> {
  if (keys.source) await giveBack(keys.source);
  await giveBack(keys.user);
}

/** A failure found after the password was right (a wrong two-factor code): counts against the user name. */
export async function recordFailedSignIn(key: string, now = new Date()): Promise<void> {
  await db().signInThrottle.upsert({
    where: { key },
    create: { key, failures: 1, lastFailure: now },
    update: { failures: { increment: 1 }, lastFailure: now },
  });
}

export async function clearFailedSignIns(key: string): Promise<void> {
  await db().signInThrottle.deleteMany({ where: { key } });
}
