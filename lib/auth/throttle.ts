import { db } from "../db/client";

/**
 * Progressive delay after failed sign-ins for one user name: the first three failures are free, then each
 * wait doubles (1 s, 2 s, 4 s … capped at 60 s). Never a lockout: a stranger guessing at a consultant's
 * account mid-shift can slow it down by a minute at most, never lock them out of it.
 */
export const FREE_FAILURES = 3;
export const MAX_DELAY_SECONDS = 60;

export function delaySeconds(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS);
}

/** Seconds the caller must still wait before the next attempt (0 = may try now). */
export async function secondsToWait(key: string, now = new Date()): Promise<number> {
  const row = await db().signInThrottle.findUnique({ where: { key } });
  if (!row) return 0;
  const readyAt = row.lastFailure.getTime() + delaySeconds(row.failures) * 1000;
  return Math.max(0, Math.ceil((readyAt - now.getTime()) / 1000));
}

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
