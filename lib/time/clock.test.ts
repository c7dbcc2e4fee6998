import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const log = vi.hoisted(() => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() }));
vi.mock("../observability/logger", () => ({ logger: () => log }));

import { clockFromEnv, now, nowMs, resolveClock, setClockForTests } from "./clock";
import { londonParts } from "./london";

const AT = "2027-01-12T09:30:00Z";
const AT_MS = Date.parse(AT);
const REAL = Date.parse("2026-12-03T23:40:00Z"); // late in the evening: what the tests used to trip over

beforeEach(() => {
  vi.useFakeTimers({ now: REAL, toFake: ["Date"] });
  for (const name of ["ED_TEST_CLOCK", "ED_TEST_MODE", "ED_TEST_CLOCK_MODE", "ED_TEST_CLOCK_ORIGIN", "APP_ENV"]) vi.stubEnv(name, undefined);
  setClockForTests(null);
  log.info.mockClear();
  log.warn.mockClear();
  log.error.mockClear();
});

afterEach(() => {
  setClockForTests(null);
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe("clockFromEnv", () => {
  it("is the real clock when nothing is set", () => {
    expect(clockFromEnv({}, 0)).toEqual({ setting: { kind: "real" }, ignored: null });
    expect(clockFromEnv({ ED_TEST_MODE: "1", ED_TEST_CLOCK: " " }, 0)).toEqual({ setting: { kind: "real" }, ignored: null });
  });

  it("in test mode ticks from the instant, counted from the process start or the given origin", () => {
    expect(clockFromEnv({ ED_TEST_MODE: "1", ED_TEST_CLOCK: AT }, 1234).setting).toEqual({ kind: "ticking", at: AT_MS, origin: 1234 });
    expect(clockFromEnv({ ED_TEST_MODE: "1", ED_TEST_CLOCK: AT, ED_TEST_CLOCK_ORIGIN: "5678" }, 1234).setting).toEqual({ kind: "ticking", at: AT_MS, origin: 5678 });
    expect(clockFromEnv({ ED_TEST_MODE: "1", ED_TEST_CLOCK: AT, ED_TEST_CLOCK_MODE: "frozen" }, 1234).setting).toEqual({ kind: "frozen", at: AT_MS });
    expect(clockFromEnv({ ED_TEST_MODE: "1", ED_TEST_CLOCK: "2027-06-15T09:30:00+01:00" }, 0).setting).toMatchObject({ at: Date.parse("2027-06-15T08:30:00Z") });
  });

  it("is ignored, with the reason, without the test switch or on a real deployment", () => {
    expect(clockFromEnv({ ED_TEST_CLOCK: AT }, 0)).toEqual({ setting: { kind: "real" }, ignored: "ED_TEST_MODE=1 is not set" });
    expect(clockFromEnv({ ED_TEST_CLOCK: AT, ED_TEST_MODE: "true" }, 0).ignored).toBe("ED_TEST_MODE=1 is not set");
    const live = clockFromEnv({ ED_TEST_CLOCK: AT, ED_TEST_MODE: "1", APP_ENV: "Production" }, 0);
    expect(live.setting).toEqual({ kind: "real" });
    expect(live.ignored).toMatch(/APP_ENV=production/);
  });

  it("refuses, rather than guesses, a time without an offset and unknown modes or origins", () => {
    expect(() => clockFromEnv({ ED_TEST_MODE: "1", ED_TEST_CLOCK: "2027-01-12T09:30:00" }, 0)).toThrow(/with Z or an offset/);
    expect(() => clockFromEnv({ ED_TEST_MODE: "1", ED_TEST_CLOCK: "tomorrow" }, 0)).toThrow(/ED_TEST_CLOCK/);
    expect(() => clockFromEnv({ ED_TEST_MODE: "1", ED_TEST_CLOCK: AT, ED_TEST_CLOCK_MODE: "slow" }, 0)).toThrow(/ticking or frozen/);
    expect(() => clockFromEnv({ ED_TEST_MODE: "1", ED_TEST_CLOCK: AT, ED_TEST_CLOCK_ORIGIN: "yesterday" }, 0)).toThrow(/ED_TEST_CLOCK_ORIGIN/);
  });
});

describe("now()", () => {
  it("is the real clock by default", () => {
    expect(nowMs()).toBe(REAL);
    expect(now().toISOString()).toBe(new Date(REAL).toISOString());
    expect(log.warn).not.toHaveBeenCalled();
  });

  it("follows ED_TEST_CLOCK in test mode, ticking with real time from the origin", () => {
    vi.stubEnv("ED_TEST_MODE", "1");
    vi.stubEnv("ED_TEST_CLOCK", AT);
    vi.stubEnv("ED_TEST_CLOCK_ORIGIN", String(REAL));
    expect(nowMs()).toBe(AT_MS);
    vi.advanceTimersByTime(90_000);
    expect(now().toISOString()).toBe("2027-01-12T09:31:30.000Z");
    expect(londonParts(now())).toMatchObject({ date: "2027-01-12", time: "09:31", weekday: 2 });
    expect(log.info).toHaveBeenCalledTimes(1);
    expect(log.info.mock.calls[0][0]).toMatchObject({ event: "clock.test-clock", clock: "ticking", startsAt: "2027-01-12T09:30:00.000Z" });
  });

  it("stays put in frozen mode", () => {
    vi.stubEnv("ED_TEST_MODE", "1");
    vi.stubEnv("ED_TEST_CLOCK", AT);
    vi.stubEnv("ED_TEST_CLOCK_MODE", "frozen");
    vi.advanceTimersByTime(3_600_000);
    expect(nowMs()).toBe(AT_MS);
  });

  it("a production start ignores ED_TEST_CLOCK and logs that it did, once", () => {
    vi.stubEnv("APP_ENV", "production");
    vi.stubEnv("ED_TEST_MODE", "1");
    vi.stubEnv("ED_TEST_CLOCK", AT);
    expect(resolveClock()).toEqual({ kind: "real" });
    expect(nowMs()).toBe(REAL);
    nowMs();
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0][0]).toMatchObject({ event: "clock.test-clock-ignored", reason: expect.stringMatching(/APP_ENV=production/) });
    expect(log.info).not.toHaveBeenCalled();
  });

  it("without ED_TEST_MODE=1 ignores ED_TEST_CLOCK and logs that it did", () => {
    vi.stubEnv("ED_TEST_CLOCK", AT);
    expect(nowMs()).toBe(REAL);
    expect(log.warn.mock.calls[0][0]).toMatchObject({ reason: "ED_TEST_MODE=1 is not set" });
  });
});

describe("setClockForTests", () => {
  it("freezes the clock, ticks from a time when asked, and null goes back to the environment", () => {
    setClockForTests(new Date("2027-03-28T00:30:00Z"));
    vi.advanceTimersByTime(60_000);
    expect(now().toISOString()).toBe("2027-03-28T00:30:00.000Z");

    setClockForTests("2027-10-31T00:59:00Z", { ticking: true });
    vi.advanceTimersByTime(120_000);
    expect(now().toISOString()).toBe("2027-10-31T01:01:00.000Z");

    vi.stubEnv("ED_TEST_MODE", "1");
    vi.stubEnv("ED_TEST_CLOCK", AT);
    vi.stubEnv("ED_TEST_CLOCK_MODE", "frozen");
    setClockForTests(null);
    expect(nowMs()).toBe(AT_MS);
    vi.unstubAllEnvs();
    setClockForTests(null);
    expect(nowMs()).toBe(Date.now());
  });

  it("does nothing on a real deployment, and says so", () => {
    vi.stubEnv("APP_ENV", "production");
    setClockForTests(AT_MS);
    expect(nowMs()).toBe(REAL);
    expect(log.error).toHaveBeenCalledTimes(1);
  });
});
