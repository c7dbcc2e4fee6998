// The abuse ceiling over HTTP (HAZ-022), on an instance of its own started with a tiny ceiling: searches above it get
// 429 + Retry-After + an OperationOutcome, a booking above it is still made, and the alert metric counts the consumer.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_METRICS_TOKEN, consumerJwt, SCOPES, sspHeaders } from "./client";
import { bookingBody, type SlotEntry } from "./booking-body";
import { slotQuery } from "./helpers";

const PORT = Number(process.env.API_TEST_PORT ?? 3230) + 10;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const FHIR = `${ORIGIN}/STU3/1`;
const CEILING = 6;
let server: ChildProcess;

const bearer = (scope: string) => ({ Authorization: `Bearer ${consumerJwt({ scope, aud: FHIR, ods: "NZZ99" })}` });
const search = () => fetch(`${FHIR}${slotQuery("999999999", "", [])}`, { headers: { ...sspHeaders("slot"), ...bearer(SCOPES.slotRead) } });

beforeAll(async () => {
  rmSync("data/api-tests-ceiling", { recursive: true, force: true });
  server = spawn(process.execPath, ["scripts/start.mjs"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      // No balancer in front: stop at once on SIGTERM (README, Rolling upgrades).
      SHUTDOWN_DRAIN_MS: process.env.SHUTDOWN_DRAIN_MS ?? "0",
      PORT: String(PORT),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: "file:./data/api-tests-ceiling/ed.db",
      SEED_PROFILE: "assurance",
      PUBLIC_URL: ORIGIN,
      NEXTAUTH_SECRET: "api-tests-only-secret-not-for-production",
      METRICS_TOKEN: API_METRICS_TOKEN,
      LOG_LEVEL: "error",
      SLOT_GENERATION: "off",
      HL7_MLLP_PORT: "0",
      ARRIVALS_SCHEDULE: "off",
      FHIR_CONSUMER_CEILING_PER_MINUTE: String(CEILING),
      FHIR_CONSUMER_ALERT_PERCENT: "50",
    },
  });
  const until = Date.now() + 240_000;
  for (;;) {
    try {
      if ((await fetch(`${ORIGIN}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error("the ceiling test instance did not start");
    await new Promise((r) => setTimeout(r, 300));
  }
});

afterAll(() => {
  server?.kill("SIGTERM");
});

describe("the abuse ceiling per consumer, over HTTP (HAZ-022)", () => {
  it("refuses searches above the ceiling with 429, Retry-After and an OperationOutcome; never a booking", async () => {
    const first = await search();
    expect(first.status).toBe(200);
    const slot = ((await first.json()) as { entry: { resource: SlotEntry & { resourceType: string } }[] }).entry.map((e) => e.resource).find((r) => r.resourceType === "Slot")!;
    for (let i = 1; i < CEILING; i++) expect((await search()).status).toBe(200);

    const refused = await search();
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toMatchObject({
      resourceType: "OperationOutcome",
      issue: [{ severity: "error", code: "throttled", details: { coding: [{ code: "ACCESS DENIED" }] }, diagnostics: expect.stringMatching(/More than 6 requests a minute/) }],
    });

    // A booking from the same consumer, above its ceiling, is still made.
    const booked = await fetch(`${FHIR}/Appointment`, {
      method: "POST",
      headers: { ...sspHeaders("create"), ...bearer(SCOPES.write), "Content-Type": "application/fhir+json" },
      body: JSON.stringify(bookingBody(slot)),
    });
    expect(booked.status).toBe(201);

    // Another consumer is not affected.
    const other = await fetch(`${FHIR}${slotQuery("999999999", "", [])}`, { headers: { ...sspHeaders("slot"), "Ssp-From": "918999100033", ...bearer(SCOPES.slotRead) } });
    expect(other.status).toBe(200);

    const metrics = await (await fetch(`${ORIGIN}/api/metrics`, { headers: { Authorization: `Bearer ${API_METRICS_TOKEN}` } })).text();
    expect(metrics).toMatch(/^fhir_consumer_alerts_total\{asid="918999198993"\} 1$/m);
  });
});
