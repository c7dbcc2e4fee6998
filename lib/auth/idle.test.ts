import { describe, expect, it } from "vitest";
import { idleMessage, isActivity, isIdle } from "./idle";
import { cis2Enabled, cis2Settings, idleMinutes } from "./identity-config";

const h = (headers: Record<string, string> = {}) => new Headers(headers);

describe("idle sign-out", () => {
  it("counts a session idle only after the configured minutes, and a token without activity as idle", () => {
    const now = 1_800_000_000_000;
    expect(isIdle(now / 1000 - 30 * 60, 30, now)).toBe(false);
    expect(isIdle(now / 1000 - 30 * 60 - 1, 30, now)).toBe(true);
    expect(isIdle(undefined, 30, now)).toBe(true);
    expect(isIdle("123", 30, now)).toBe(true);
    expect(idleMessage(30)).toBe("You were signed out after 30 minutes without activity. Sign in again to continue.");
  });

  it("reads STAFF_IDLE_MINUTES with a default of 30", () => {
    expect(idleMinutes({})).toBe(30);
    expect(idleMinutes({ STAFF_IDLE_MINUTES: "15" })).toBe(15);
    expect(idleMinutes({ STAFF_IDLE_MINUTES: "0" })).toBe(30);
    expect(idleMinutes({ STAFF_IDLE_MINUTES: "soon" })).toBe(30);
    expect(idleMinutes({ STAFF_IDLE_MINUTES: "100000" })).toBe(720);
  });

  it("renews activity for pages and actions, never for polling or prefetches", () => {
    expect(isActivity("GET", "/arrivals", h())).toBe(true);
    expect(isActivity("POST", "/capacity", h({ "next-action": "abc" }))).toBe(true);
    expect(isActivity("GET", "/arrivals", h({ "next-router-prefetch": "1" }))).toBe(false);
    expect(isActivity("GET", "/arrivals", h({ "sec-purpose": "prefetch" }))).toBe(false);
    expect(isActivity("GET", "/api/arrivals", h())).toBe(false);
    expect(isActivity("POST", "/api/arrivals/presence", h())).toBe(false);
    expect(isActivity("GET", "/api/session/activity", h())).toBe(false);
    expect(isActivity("POST", "/api/session/activity", h())).toBe(true);
  });
});

describe("CIS2 settings", () => {
  it("are on only with issuer, client id and secret", () => {
    expect(cis2Settings({})).toBeNull();
    expect(cis2Enabled({ CIS2_ISSUER: "https://x", CIS2_CLIENT_ID: "c" })).toBe(false);
    expect(cis2Settings({ CIS2_ISSUER: "https://x/", CIS2_CLIENT_ID: "c", CIS2_CLIENT_SECRET: "s" })).toMatchObject({ issuer: "https://x", clientId: "c", minAal: 3 });
  });

  it("read the minimum assurance level for clinicians and administrators, refusing anything but 2 or 3", () => {
    const base = { CIS2_ISSUER: "https://x", CIS2_CLIENT_ID: "c", CIS2_CLIENT_SECRET: "s" };
    expect(cis2Settings({ ...base, CIS2_MIN_AAL: "2" })?.minAal).toBe(2);
    expect(() => cis2Settings({ ...base, CIS2_MIN_AAL: "1" })).toThrow(/CIS2_MIN_AAL/);
  });
});
