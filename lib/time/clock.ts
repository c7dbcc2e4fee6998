/**
 * The server's clock: code that decides behaviour from "the current time" (slot generation and visibility, limits
 * windows, suspensions, "today" on staff pages, demo data) reads it here, so a test can say what time it is.
 *
 * Default: the real clock. Tests set it with ED_TEST_CLOCK (an instant with Z or an offset), honoured only when
 * ED_TEST_MODE=1 is also set and the deployment is not a real one (APP_ENV=production): the e2e and API suites run a
 * production build with `next start`, so NODE_ENV cannot tell a test server from a live one. A live system that finds
 * ED_TEST_CLOCK set keeps the real clock and logs that it ignored it.
 *   ED_TEST_CLOCK_MODE   `ticking` (default): starts at ED_TEST_CLOCK and advances with real time; `frozen`: stays there
 *   ED_TEST_CLOCK_ORIGIN the real instant (epoch ms) at which the clock reads ED_TEST_CLOCK (default: when the process
 *                        started), so a test runner, the seed and every server instance agree to the millisecond
 *
 * What stays on the real clock: session, JWT and token expiry, TOTP codes, sign-in throttling, rate limits, timeouts
 * and durations. A test clock must never make an expired credential valid or a lock-out shorter.
 */
import { logger } from "../observability/logger";

export type ClockEnv = Record<string, string | undefined>;

export type ClockSetting =
  | { kind: "real" }
  | { kind: "frozen"; at: number }
  /** Reads `at` at the real instant `origin`, and moves on with real time. */
  | { kind: "ticking"; at: number; origin: number };

export interface ClockDecision {
  setting: ClockSetting;
  /** Why ED_TEST_CLOCK was set but not used, for the log. */
  ignored: string | null;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseInstant(value: string, name: string): number {
  const ms = INSTANT.test(value) ? Date.parse(value) : NaN;
  // A local time without an offset would mean different instants on different machines.
  if (!Number.isFinite(ms)) throw new Error(`${name} must be an ISO 8601 instant with Z or an offset, like 2027-01-12T09:30:00Z (got "${value}")`);
  return ms;
}

/** What the environment asks for. Throws when a test asks for a clock it cannot have, so it fails at once. */
export function clockFromEnv(env: ClockEnv, processStartMs: number): ClockDecision {
  const value = env.ED_TEST_CLOCK?.trim();
  if (!value) return { setting: { kind: "real" }, ignored: null };
  if ((env.APP_ENV ?? "").toLowerCase() === "production") {
    return { setting: { kind: "real" }, ignored: "APP_ENV=production: a real deployment always runs on the real clock" };
  }
  if (env.ED_TEST_MODE !== "1") return { setting: { kind: "real" }, ignored: "ED_TEST_MODE=1 is not set" };
  const at = parseInstant(value, "ED_TEST_CLOCK");
  const mode = (env.ED_TEST_CLOCK_MODE?.trim() || "ticking").toLowerCase();
  if (mode === "frozen") return { setting: { kind: "frozen", at }, ignored: null };
  if (mode !== "ticking") throw new Error(`ED_TEST_CLOCK_MODE must be ticking or frozen (got "${env.ED_TEST_CLOCK_MODE}")`);
  const originText = env.ED_TEST_CLOCK_ORIGIN?.trim();
  if (originText && !/^\d+$/.test(originText)) throw new Error(`ED_TEST_CLOCK_ORIGIN must be a time in milliseconds since 1970 (got "${originText}")`);
  return { setting: { kind: "ticking", at, origin: originText ? Number(originText) : processStartMs }, ignored: null };
}

// On globalThis: Next.js bundles this module more than once (instrumentation, each route), and they must share one clock.
const shared = globalThis as unknown as { __edClock?: ClockSetting };

function processStartMs(): number {
  return Math.round(performance.timeOrigin);
}

function describe(s: ClockSetting): Record<string, unknown> {
  if (s.kind === "real") return { clock: "real" };
  return { clock: s.kind, startsAt: new Date(s.at).toISOString(), ...(s.kind === "ticking" ? { origin: new Date(s.origin).toISOString() } : {}) };
}

/** The clock this process runs on, read from the environment once (and logged then). */
export function resolveClock(): ClockSetting {
  if (shared.__edClock) return shared.__edClock;
  const { setting, ignored } = clockFromEnv(process.env, processStartMs());
  shared.__edClock = setting;
  if (ignored) logger().warn({ event: "clock.test-clock-ignored", reason: ignored }, `ED_TEST_CLOCK ignored: ${ignored}`);
  else if (setting.kind !== "real") logger().info({ event: "clock.test-clock", ...describe(setting) }, "running on a test clock");
  return setting;
}

export function nowMs(): number {
  const s = shared.__edClock ?? resolveClock();
  if (s.kind === "real") return Date.now();
  if (s.kind === "frozen") return s.at;
  return s.at + (Date.now() - s.origin);
}

export function now(): Date {
  return new Date(nowMs());
}

/**
 * Unit and integration tests only: sets this process's clock (frozen, or ticking from `at` with `{ ticking: true }`);
 * null goes back to what the environment says. A real deployment ignores it.
 */
export function setClockForTests(at: Date | number | string | null, options: { ticking?: boolean } = {}): void {
  if ((process.env.APP_ENV ?? "").toLowerCase() === "production") {
    logger().error({ event: "clock.test-clock-ignored", reason: "setClockForTests called with APP_ENV=production" }, "setClockForTests ignored in production");
    return;
  }
  if (at === null) {
    delete shared.__edClock;
    return;
  }
  const ms = typeof at === "string" ? parseInstant(at, "setClockForTests") : typeof at === "number" ? at : at.getTime();
  if (!Number.isFinite(ms)) throw new Error("setClockForTests needs a valid time");
  shared.__edClock = options.ticking ? { kind: "ticking", at: ms, origin: Date.now() } : { kind: "frozen", at: ms };
}
