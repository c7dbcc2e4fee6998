import { describe, expect, it } from "vitest";
import { readDeploymentConfig } from "../../../config/deployment";
import { ConsumerCeiling, type ConsumerAlert } from "./consumer-ceiling";

function clock(start = Date.UTC(2026, 10, 23, 12, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function ceiling(perMinute: number, alertPercent = 50, maxConsumers?: number) {
  const c = clock();
  const alerts: ConsumerAlert[] = [];
  const limiter = new ConsumerCeiling({ perMinute, alertPercent, now: c.now, onAlert: (a) => alerts.push(a), maxConsumers });
  return { c, alerts, limiter };
}

describe("the abuse ceiling per consumer (HAZ-022)", () => {
  it("lets searches through up to the ceiling, then refuses with a Retry-After of at most a minute", () => {
    const { limiter } = ceiling(10);
    for (let i = 0; i < 10; i++) expect(limiter.hit("A|ODS1", "A", true)).toEqual({ refuse: false });
    const refused = limiter.hit("A|ODS1", "A", true);
    expect(refused.refuse).toBe(true);
    if (refused.refuse) {
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
  });

  it("never refuses a booking or a cancellation, however fast: they are counted and alerted on", () => {
    const { limiter, alerts } = ceiling(10);
    for (let i = 0; i < 100; i++) expect(limiter.hit("A|ODS1", "A", false)).toEqual({ refuse: false });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ asid: "A", rate: 6, refusing: false });
    // …and the writes count towards the ceiling for searches.
    expect(limiter.hit("A|ODS1", "A", true).refuse).toBe(true);
  });

  it("keeps each consumer's count apart", () => {
    const { limiter } = ceiling(5);
    for (let i = 0; i < 5; i++) limiter.hit("A|ODS1", "A", true);
    expect(limiter.hit("A|ODS1", "A", true).refuse).toBe(true);
    expect(limiter.hit("A|ODS2", "A", true).refuse).toBe(false);
    expect(limiter.hit("B|ODS1", "B", true).refuse).toBe(false);
  });

  it("slides: the previous minute's count weighs less as time passes, so a consumer that backs off is served again", () => {
    const { limiter, c } = ceiling(60);
    for (let i = 0; i < 60; i++) limiter.hit("A|X", "A", true);
    expect(limiter.hit("A|X", "A", true).refuse).toBe(true);
    c.advance(60_000); // next window: previous = 60 at full weight
    expect(limiter.hit("A|X", "A", true).refuse).toBe(true);
    c.advance(30_000); // half a minute in: previous weighs 30
    for (let i = 0; i < 30; i++) expect(limiter.hit("A|X", "A", true).refuse).toBe(false);
    expect(limiter.hit("A|X", "A", true).refuse).toBe(true);
    c.advance(120_000); // two idle minutes: nothing left
    for (let i = 0; i < 60; i++) expect(limiter.hit("A|X", "A", true).refuse).toBe(false);
  });

  it("does not count refused requests, so hammering does not extend the refusal", () => {
    const { limiter, c } = ceiling(10);
    for (let i = 0; i < 10; i++) limiter.hit("A|X", "A", true);
    for (let i = 0; i < 1000; i++) limiter.hit("A|X", "A", true);
    c.advance(120_000);
    expect(limiter.hit("A|X", "A", true).refuse).toBe(false);
  });

  it("alerts above the alert threshold at most once a minute per consumer, without refusing", () => {
    const { limiter, alerts, c } = ceiling(100, 50);
    for (let i = 0; i < 50; i++) limiter.hit("A|X", "A", true);
    expect(alerts).toHaveLength(0);
    for (let i = 0; i < 20; i++) expect(limiter.hit("A|X", "A", true).refuse).toBe(false);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ key: "A|X", asid: "A", rate: 51, perMinute: 100, refusing: false });
    c.advance(59_000);
    limiter.hit("A|X", "A", true);
    expect(alerts).toHaveLength(1);
    c.advance(1_000);
    for (let i = 0; i < 60; i++) limiter.hit("A|X", "A", true);
    expect(alerts).toHaveLength(2);
    limiter.hit("B|X", "B", true);
    expect(alerts).toHaveLength(2);
  });

  it("is off when the ceiling is 0", () => {
    const { limiter, alerts } = ceiling(0);
    for (let i = 0; i < 1000; i++) expect(limiter.hit("A|X", "A", true).refuse).toBe(false);
    expect(alerts).toHaveLength(0);
  });

  it("tracks a bounded number of consumers, so a flood of made-up ASIDs cannot grow memory without end", () => {
    const { limiter } = ceiling(100, 50, 50);
    for (let i = 0; i < 10_000; i++) limiter.hit(`asid-${i}|X`, `asid-${i}`, true);
    expect(limiter.size).toBeLessThanOrEqual(50);
  });

  it("is cheap: a million checks in well under two seconds", () => {
    const { limiter } = ceiling(1_000_000_000);
    const started = performance.now();
    for (let i = 0; i < 1_000_000; i++) limiter.hit(`A${i & 15}|X`, "A", true);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("reads its settings from the environment, 6000 a minute and alerts at 50% by default", () => {
    expect(readDeploymentConfig({}).consumerCeiling).toEqual({ perMinute: 6000, alertPercent: 50 });
    expect(readDeploymentConfig({ FHIR_CONSUMER_CEILING_PER_MINUTE: "120", FHIR_CONSUMER_ALERT_PERCENT: "75" }).consumerCeiling).toEqual({ perMinute: 120, alertPercent: 75 });
    expect(readDeploymentConfig({ FHIR_CONSUMER_CEILING_PER_MINUTE: "0" }).consumerCeiling.perMinute).toBe(0);
    expect(readDeploymentConfig({ FHIR_CONSUMER_CEILING_PER_MINUTE: "lots", FHIR_CONSUMER_ALERT_PERCENT: "500" }).consumerCeiling).toEqual({ perMinute: 6000, alertPercent: 50 });
  });
});
