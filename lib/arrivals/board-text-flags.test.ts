import { describe, expect, it } from "vitest";
import { dispositionText, summaryText } from "./board-text";

/** HAZ-053 and HAZ-056: what the board, its print view and CSV say about a report's disposition and readability. */
describe("report flags in the board's words", () => {
  const received = { state: "received" as const, receivedAt: "2026-12-03T09:32:00Z", replacedAt: null, chase: null };

  it("adds 'Disposition not usually ED: check with 111' to a disposition that does not usually send patients here", () => {
    const pharmacy = { code: "Dx80", text: "Repeat prescription required within 6 hours", timeframeMinutes: 360, timeframeText: "within 6 hours", notUsuallyEd: true };
    expect(dispositionText({ summary: received, disposition: pharmacy })).toBe("Repeat prescription required within 6 hours. Disposition not usually ED: check with 111");
    const ed = { code: "Dx03", text: "Attend an Emergency Treatment Centre within 4 hours", timeframeMinutes: 240, timeframeText: "within 4 hours", notUsuallyEd: false };
    expect(dispositionText({ summary: received, disposition: ed })).toBe("Attend an Emergency Treatment Centre within 4 hours");
  });

  it("never shows a report with nothing readable in it as a summary that arrived", () => {
    expect(summaryText({ summary: { ...received, noClinicalContent: true } }, "2026-12-03")).toMatch(/^Received \d\d:\d\d with nothing readable: phone 111$/);
    expect(summaryText({ summary: received }, "2026-12-03")).toMatch(/^Received \d\d:\d\d$/);
  });
});
