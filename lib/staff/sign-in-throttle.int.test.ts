/**
 * The sign-in throttle under parallel attempts, on the real database (SQLite here, PostgreSQL in the PostgreSQL
 * suite): attempts are counted before the password is checked, so a burst cannot get more guesses than the schedule
 * allows; one source spraying many user names is slowed; a ceiling holds for everyone; nobody is ever locked out.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemoStaff, DEMO_PASSWORD } from "../seed/staff";
import { verifyStaffSignIn } from "./verify-sign-in";
import { InvalidInput, Throttled } from "../errors";
import { FREE_FAILURES, FREE_SOURCE_FAILURES } from "../auth/throttle";

type Outcome = "checked-wrong" | "signed-in" | "throttled" | "other";

async function outcome(p: Promise<unknown>): Promise<Outcome> {
  try {
    await p;
    return "signed-in";
  } catch (e) {
    if (e instanceof Throttled) return "throttled";
    if (e instanceof InvalidInput) return "checked-wrong";
    return "other";
  }
}

const count = (xs: Outcome[], k: Outcome) => xs.filter((x) => x === k).length;
const NOW = new Date("2027-02-01T10:00:00Z");

describe("sign-in throttling under parallel attempts", () => {
  beforeAll(async () => {
    await seedDemoStaff(db());
  });

  it("checks at most the free attempts of 25 simultaneous wrong passwords for one user name", async () => {
    const results = await Promise.all(Array.from({ length: 25 }, () => outcome(verifyStaffSignIn({ username: "manager", password: "guess", now: NOW }))));
    expect(count(results, "checked-wrong")).toBe(FREE_FAILURES);
    expect(count(results, "throttled")).toBe(25 - FREE_FAILURES);
    expect(count(results, "other")).toBe(0);
    // Only the checked attempts are recorded as refused sign-ins: the rest never reached the password.
    expect(await db().auditEvent.count({ where: { action: "staff.sign-in", outcome: "refused", detail: { contains: '"username":"manager"' } } })).toBe(FREE_FAILURES);
  });

  it("lets the right password through only in its turn, among simultaneous wrong ones", async () => {
    const attempts = [...Array.from({ length: 6 }, () => "guess"), DEMO_PASSWORD].map((password) => outcome(verifyStaffSignIn({ username: "clerk", password, now: NOW })));
    const results = await Promise.all(attempts);
    // At most the free attempts reach the password check, whichever they are.
    expect(count(results, "checked-wrong") + count(results, "signed-in")).toBeLessThanOrEqual(FREE_FAILURES);
    expect(count(results, "throttled")).toBeGreaterThanOrEqual(7 - FREE_FAILURES);
    // Not a lockout: after the wait the right password works and clears the count.
    const later = new Date(NOW.getTime() + 61_000);
    expect(await outcome(verifyStaffSignIn({ username: "clerk", password: DEMO_PASSWORD, now: later }))).toBe("signed-in");
    expect(await db().signInThrottle.count({ where: { key: "user:clerk" } })).toBe(0);
  });

  it("slows one source trying many user names once each", async () => {
    const names = Array.from({ length: FREE_SOURCE_FAILURES + 5 }, (_, i) => `spray.${i}`);
    const results: Outcome[] = [];
    for (const username of names) results.push(await outcome(verifyStaffSignIn({ username, password: "guess", ip: "198.51.100.23", now: NOW })));
    expect(count(results, "checked-wrong")).toBe(FREE_SOURCE_FAILURES);
    expect(count(results, "throttled")).toBe(5);
    // Another source is not slowed by it, and a right password from that source still signs in (after the wait).
    expect(await outcome(verifyStaffSignIn({ username: "spray.x", password: "guess", ip: "198.51.100.24", now: NOW }))).toBe("checked-wrong");
    expect(await outcome(verifyStaffSignIn({ username: "clinician", password: DEMO_PASSWORD, ip: "198.51.100.23", now: new Date(NOW.getTime() + 61_000) }))).toBe("signed-in");
  });

  it("holds a ceiling for everyone in a minute, then lets attempts through the next minute", async () => {
    const saved = process.env.SIGN_IN_CEILING_PER_MINUTE;
    process.env.SIGN_IN_CEILING_PER_MINUTE = "5";
    try {
      const at = new Date("2027-02-01T11:00:10Z");
      const results = await Promise.all(Array.from({ length: 9 }, (_, i) => outcome(verifyStaffSignIn({ username: `ceiling.${i}`, password: "guess", ip: `192.0.2.${i + 1}`, now: at }))));
      expect(count(results, "checked-wrong")).toBe(5);
      expect(count(results, "throttled")).toBe(4);
      const nextMinute = new Date("2027-02-01T11:01:05Z");
      expect(await outcome(verifyStaffSignIn({ username: "manager", password: DEMO_PASSWORD, now: nextMinute }))).toBe("signed-in");
    } finally {
      if (saved === undefined) delete process.env.SIGN_IN_CEILING_PER_MINUTE;
      else process.env.SIGN_IN_CEILING_PER_MINUTE = saved;
    }
  });
});
