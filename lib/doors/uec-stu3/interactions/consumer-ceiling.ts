import { logger } from "../../../observability/logger";
import { metrics } from "../../../observability/metrics";

/**
 * The abuse ceiling per consumer on the FHIR door (HAZ-022): a rate far above real 111 traffic, counted in this
 * instance's memory with a sliding-window counter (two fixed one-minute windows, the previous one weighted by how
 * much of it still lies inside the last 60 seconds). O(1) per request: no database, no awaits.
 *
 * - Above the alert threshold (a percentage of the ceiling): only an alert, at most once a minute per consumer
 *   (a metric and a warn log line).
 * - Above the ceiling: searches and reads are refused (429 + Retry-After). Bookings and cancellations are never
 *   refused by the ceiling, only counted and alerted on: a well-behaved booking must never be turned away.
 */
export interface ConsumerCeilingOptions {
  /** Requests per minute per consumer above which searches and reads are refused; 0 turns the ceiling off. */
  perMinute: number;
  /** Percentage of the ceiling above which the consumer is alerted on (never refused for it). */
  alertPercent: number;
  now?: () => number;
  /** Called at most once a minute per consumer while it is above the alert threshold. */
  onAlert?: (alert: ConsumerAlert) => void;
  /** Most consumers tracked at once (stale ones are dropped first). */
  maxConsumers?: number;
}

export interface ConsumerAlert {
  key: string;
  asid: string;
  /** Estimated requests in the last 60 seconds */
  rate: number;
  perMinute: number;
  refusing: boolean;
}

export type CeilingDecision = { refuse: false } | { refuse: true; retryAfterSeconds: number; rate: number };

interface Window {
  start: number;
  current: number;
  previous: number;
  alertedAt: number;
}

const MINUTE = 60_000;
const ALLOW: CeilingDecision = { refuse: false };

export class ConsumerCeiling {
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;
  private readonly maxConsumers: number;
  private readonly alertAt: number;
  private lastSweep = -Infinity;

  constructor(private readonly options: ConsumerCeilingOptions) {
    this.now = options.now ?? Date.now;
    this.maxConsumers = options.maxConsumers ?? 10_000;
    this.alertAt = (options.perMinute * options.alertPercent) / 100;
  }

  /**
   * Counts one request from a consumer and says whether to refuse it. `refusable` is false for bookings and
   * cancellations: they are counted (and alerted on) but never refused.
   */
  hit(key: string, asid: string, refusable: boolean): CeilingDecision {
    const { perMinute } = this.options;
    if (!(perMinute > 0)) return ALLOW;
    const now = this.now();
    const w = this.window(key, now);
    const elapsed = now - w.start;
    const rateBefore = w.previous * (1 - elapsed / MINUTE) + w.current;
    const refuse = refusable && rateBefore + 1 > perMinute;
    // A refused request is not counted: a consumer that backs off gets back under the ceiling.
    if (!refuse) w.current++;
    const rate = refuse ? rateBefore : rateBefore + 1;
    if (rate > this.alertAt && now - w.alertedAt >= MINUTE) {
      w.alertedAt = now;
      this.options.onAlert?.({ key, asid, rate: Math.round(rate), perMinute, refusing: rate >= perMinute });
    }
    if (!refuse) return ALLOW;
    return { refuse: true, retryAfterSeconds: this.retryAfter(w, now), rate: Math.round(rateBefore) };
  }

  /** Consumers currently tracked (for tests and the memory bound). */
  get size(): number {
    return this.windows.size;
  }

  private window(key: string, now: number): Window {
    let w = this.windows.get(key);
    if (!w) {
      if (this.windows.size >= this.maxConsumers) this.evict(now);
      w = { start: now - (now % MINUTE), current: 0, previous: 0, alertedAt: -Infinity };
      this.windows.set(key, w);
      return w;
    }
    if (now - w.start >= MINUTE) {
      const windowsPassed = Math.floor((now - w.start) / MINUTE);
      w.previous = windowsPassed === 1 ? w.current : 0;
      w.current = 0;
      w.start += windowsPassed * MINUTE;
    }
    return w;
  }

  /** Seconds until the weighted rate drops under the ceiling (at least 1, at most 60). */
  private retryAfter(w: Window, now: number): number {
    const { perMinute } = this.options;
    const elapsed = now - w.start;
    // Within this window the previous one's weight falls; solve previous * (1 - t/60s) + current + 1 <= perMinute.
    if (w.previous > 0 && w.current + 1 <= perMinute) {
      const t = (1 - (perMinute - w.current - 1) / w.previous) * MINUTE;
      if (t <= MINUTE) return Math.min(60, Math.max(1, Math.ceil((t - elapsed) / 1000)));
    }
    return Math.min(60, Math.max(1, Math.ceil((MINUTE - elapsed) / 1000)));
  }

  /**
   * Drops consumers idle for two minutes (a full sweep at most once a second, so a flood of new keys stays cheap);
   * if the map is still full, the oldest tracked consumer (Map keeps insertion order).
   */
  private evict(now: number): void {
    if (now - this.lastSweep >= 1000) {
      this.lastSweep = now;
      for (const [k, w] of this.windows) if (now - w.start >= 2 * MINUTE) this.windows.delete(k);
    }
    if (this.windows.size >= this.maxConsumers) {
      const oldest = this.windows.keys().next();
      if (!oldest.done) this.windows.delete(oldest.value);
    }
  }
}

// ---- this instance's ceiling ---------------------------------------------------------------------------------

const globalForCeiling = globalThis as unknown as { __edConsumerCeiling?: { ceiling: ConsumerCeiling; perMinute: number; alertPercent: number } };

/** This instance's ceiling, built from the deployment settings (alerts go to the metric and a warn log line). */
export function consumerCeiling(settings: { perMinute: number; alertPercent: number }): ConsumerCeiling {
  const held = globalForCeiling.__edConsumerCeiling;
  if (held && held.perMinute === settings.perMinute && held.alertPercent === settings.alertPercent) return held.ceiling;
  const ceiling = new ConsumerCeiling({
    ...settings,
    onAlert: (a) => {
      metrics().consumerAlerts.inc({ asid: a.asid });
      logger().warn({ asid: a.asid, consumer: a.key, ratePerMinute: a.rate, ceilingPerMinute: a.perMinute, refusing: a.refusing }, "FHIR consumer above the alert threshold of its ceiling");
    },
  });
  globalForCeiling.__edConsumerCeiling = { ceiling, ...settings };
  return ceiling;
}
