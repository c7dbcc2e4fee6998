import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { SafeguardingPanel, type SafeguardingPanelData } from "./SafeguardingPanel";

const base: SafeguardingPanelData = {
  door: "bars",
  concern: true,
  barsConcern: true,
  switchOn: true,
  problem: null,
  to: "Wessex Vale NHS 111",
  feedback: null,
  task: { status: "open", reason: "Did not attend with a safeguarding concern in 111's referral R-1", createdAt: new Date("2027-06-15T10:00:00Z"), closedAt: null, closedNote: null },
};
const text = (s: SafeguardingPanelData) => renderToStaticMarkup(<SafeguardingPanel s={s} />).replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'");
const feedback = (state: "pending" | "delivered" | "failed" | "withdrawn", extra = {}) => ({ state, attempts: 0, lastError: null, createdAt: new Date("2027-06-15T10:05:00Z"), deliveredAt: null, failedAt: null, confirmedByName: "Dr Okafor", ...extra });

describe("the booking's safeguarding panel", () => {
  it("shows nothing when there is no task and no feedback", () => {
    expect(text({ ...base, task: null })).toBe("");
  });

  it("always shows the local task: phone or e-mail 111 and the safeguarding lead", () => {
    expect(text(base)).toMatch(/To do: phone or e-mail 111 and the trust's safeguarding lead/);
  });

  it("says the feedback will be sent, then delivered, failed (phone 111) or not sent after a late arrival", () => {
    expect(text({ ...base, feedback: feedback("pending") })).toMatch(/Did-not-attend feedback will be sent to Wessex Vale NHS 111 \(confirmed by Dr Okafor/);
    expect(text({ ...base, feedback: feedback("pending", { attempts: 2, lastError: "The NHS proxy answered 503" }) })).toMatch(/Not delivered yet after 2 attempts: The NHS proxy answered 503/);
    expect(text({ ...base, feedback: feedback("delivered", { deliveredAt: new Date("2027-06-15T10:06:00Z") }) })).toMatch(/Delivered to Wessex Vale NHS 111/);
    expect(text({ ...base, feedback: feedback("failed", { lastError: "111 refused the message (400)" }) })).toMatch(/Not delivered: 111 refused the message \(400\)\. Phone 111 and tell the safeguarding lead/);
    expect(text({ ...base, feedback: feedback("withdrawn") })).toMatch(/Not sent: the patient arrived/);
  });

  it("says why nothing goes over BaRS: switched off, an STU3 booking, or a problem with the referral", () => {
    expect(text({ ...base, switchOn: false })).toMatch(/switched off for this service/);
    expect(text({ ...base, door: "stu3", barsConcern: false, to: null })).toMatch(/no message route back to 111/);
    expect(text({ ...base, problem: "The referral gave no address for a response" })).toMatch(/The referral gave no address for a response\./);
  });
});
