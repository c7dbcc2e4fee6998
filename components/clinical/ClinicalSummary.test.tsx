import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { parseClinicalDocument } from "@/lib/clinical/cda/parse-clinical-document";
import { readFixture } from "@/lib/testing/fixtures/cda/build-envelope";
import { withCallDetails } from "@/lib/testing/fixtures/cda/call-details";
import { ClinicalSummary } from "./ClinicalSummary";

/** Every start tag in the markup: text is escaped, so each "<" here is a real element. */
const startTags = (html: string) => html.match(/<[a-zA-Z][^>]*>/g) ?? [];
const render = (xml: string) => renderToStaticMarkup(<ClinicalSummary document={parseClinicalDocument(xml)} />);
/** The markup as text a person reads, for order and wording checks. */
const visibleText = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ");

describe("ClinicalSummary", () => {
  it("labels the report's time as 111's arrival time, shows the booked arrival time beside it and warns when they differ", () => {
    const doc = parseClinicalDocument(readFixture("iuc-report-v3.xml")); // 111 says 15:30 on 15 Mar 2026
    const differs = visibleText(renderToStaticMarkup(<ClinicalSummary document={doc} booking={{ start: new Date("2026-03-15T16:00:00Z"), end: new Date("2026-03-15T16:30:00Z") }} />));
    // Our own label never calls it an appointment (111's narrative and URLs are theirs to word).
    expect(differs).not.toMatch(/Appointment (Mon|Tue|Wed|Thu|Fri|Sat|Sun)/);
    expect(differs).toMatch(/Arrival time in 111's report Sun,? 15 Mar 2026, 15:30/);
    expect(differs).toMatch(/Booked arrival time Sun,? 15 Mar 2026, 16:00 to 16:30/);
    expect(differs).toContain("The arrival time in 111's report is not the booked arrival time");
    const same = visibleText(renderToStaticMarkup(<ClinicalSummary document={doc} booking={{ start: new Date("2026-03-15T15:30:00Z"), end: new Date("2026-03-15T16:00:00Z") }} />));
    expect(same).not.toContain("is not the booked arrival time");
  });

  it("a booked arrival time ending after midnight shows the end's date, not a bare 00:15", () => {
    const doc = parseClinicalDocument(readFixture("iuc-report-v3.xml"));
    const text = visibleText(renderToStaticMarkup(<ClinicalSummary document={doc} booking={{ start: new Date("2027-01-12T23:45:00Z"), end: new Date("2027-01-13T00:15:00Z"), today: "2027-01-12" }} />));
    expect(text).toMatch(/Booked arrival time Tue,? 12 Jan 2027, 23:45 to Wed,? 13 Jan 2027, 00:15/);
    expect(text).not.toMatch(/23:45 to 00:15/);
  });

  it("shows the call's start and end, who triaged, 111's call-back number, the case reference and journey id, the patient's contact details and address, and the caller", () => {
    const text = visibleText(render(withCallDetails(readFixture("iuc-report-v3.xml"))));
    expect(text).toMatch(/Call started Sun,? 15 Mar 2026, 14:05/);
    expect(text).toMatch(/Call ended Sun,? 15 Mar 2026, 14:28/);
    expect(text).toContain("Triaged by Tomas Weller, Nurse Triage Practitioner, Northshire 111");
    expect(text).toContain("111 call-back number 01632960999 (Northshire 111 Clinical Hub, Clinical Supervisor)");
    expect(text).toContain("Case reference NZZ01-REF-88231");
    expect(text).toContain("Journey id 5E8D1C20-7A3B-4C9F-B2E1-0D6F4A8C3B75");
    expect(text).toContain("Patient's phone 07700900417 (mobile)");
    expect(text).toContain("Patient's address 12 Larkspur Row, Eastbury, Northshire, ZZ1 1ZZ");
    expect(text).toContain("Caller Marta Quell (Mother), 07700900981 (mobile)");
    // Nothing missing is shown as nothing.
    const bare = visibleText(render(readFixture("iuc-report-v3.xml")));
    expect(bare).toContain("111 call-back number Not sent by 111");
    expect(bare).toContain("Caller Not sent by 111");
  });

  it("leads with reason for call, disposition with its timeframe and allergies, then the other sections in order", () => {
    const text = visibleText(render(readFixture("iuc-report-v3.xml")));
    const order = [
      "Integrated Urgent Care Report",
      "Reason for call",
      "Central chest tightness since 11:00",
      "Disposition",
      "Attend an Emergency Treatment Centre within 1 hour (Dx02)",
      "Timeframe: within 1 hour",
      "Allergies",
      "No known allergies, as recorded by 111",
      "Permission to View",
      "Clinical Summary",
      "Information and advice given",
      "Triage Report",
      "Prescribed Items",
      "Additional Patient Notes",
      "Access information",
      "Appointment Reference",
    ];
    const positions = order.map((s) => text.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain("Ms Priya Anne O'Connell-Hart");
    expect(text).toContain("999 376 6984 (verified)");
    // London time, whatever the ICU version's punctuation after the weekday.
    expect(text).toMatch(/From Northshire 111 \(NZZ01\), Sun,? 15 Mar 2026, 14:30/);
    expect(text).toMatch(/Arrival time in 111's report Sun,? 15 Mar 2026, 15:30/);
  });

  it("says allergies were not sent rather than showing nothing or an all-clear", () => {
    const html = render(readFixture("nhs111-report-v2.xml"));
    const text = visibleText(html);
    const allergies = text.slice(text.indexOf("Allergies"), text.indexOf("Allergies") + 120);
    expect(allergies).toContain("Not sent by 111");
    expect(allergies).toContain("Ask the patient");
    expect(text).not.toMatch(/no known allergies/i);
    expect(text).toContain("Timeframe: within 4 hours");
    expect(text).toContain("Safeguarding Concerns");
    expect(text).toContain("GP practice Not known to 111");
  });

  it("says an empty allergies section means not recorded, and flags a section it could not read", () => {
    const html = render(readFixture("hostile-narrative.xml"));
    const text = visibleText(html);
    expect(text).toContain("Not recorded by 111: ask the patient");
    expect(text).not.toMatch(/no known allergies/i);
    expect(html).toMatch(/role="alert"[^>]*>This section could not be read and is not shown\. Section text is encoded \(B64\)/);
    expect(text).toContain("Timeframe: within 12 hours");
  });

  it("never renders the hostile narrative as live HTML", () => {
    const html = render(readFixture("hostile-narrative.xml"));
    expect(html).not.toMatch(/<script|<img|<iframe|<style/i);
    expect(startTags(html).filter((t) => /\son[a-z]+\s*=|\sstyle\s*=|\ssrc\s*=/i.test(t))).toEqual([]);
    expect(startTags(html).filter((t) => /javascript:|data:/i.test(t))).toEqual([]);
    expect(html).not.toContain("PHNjcmlwdD5hbGVydCgnYjY0Jyk8L3NjcmlwdD4="); // the B64 section is not decoded and shown
    // The only link is the https one; its onclick is gone.
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain(`href="https://www.nhs.uk/conditions/headaches/"`);
    // Markup-looking text is shown as text.
    expect(html).toContain("&lt;script&gt;alert(&#x27;cdata&#x27;)&lt;/script&gt;");
    expect(html).toContain("&lt;b onmouseover=&quot;alert(&#x27;escaped&#x27;)&quot;&gt;");
    expect(html).toContain("removed because they could not be shown safely");
  });

  it("shows the document's warnings for the clinician to check", () => {
    const xml = readFixture("nhs111-report-v2.xml").replace(`extension="9999492304"`, `extension="0000000000"`);
    const text = visibleText(render(xml));
    expect(text).toContain("Please check");
    expect(text).toContain("NHS number 0000000000 is not usable (placeholder)");
    expect(text).toContain("000 000 0000 (not a valid NHS number)");
  });
});

describe("ClinicalSummary: nested sections", () => {
  it("keeps a section nested under the reason for call with it, titled", () => {
    const xml = readFixture("iuc-report-v3.xml").replace(
      `<text><content>Central chest tightness since 11:00, worse on climbing stairs.</content></text>`,
      `<text><content>Central chest tightness since 11:00, worse on climbing stairs.</content></text>
       <component><section><title>Caller's own words</title><text>It feels like a band round my chest.</text></section></component>`,
    );
    const text = visibleText(render(xml));
    const reason = text.indexOf("Reason for call");
    const nested = text.indexOf("Caller's own words It feels like a band round my chest.");
    expect(reason).toBeGreaterThan(-1);
    expect(nested).toBeGreaterThan(reason);
    expect(nested).toBeLessThan(text.indexOf("Disposition"));
    expect(text.match(/It feels like a band/g)).toHaveLength(1);
  });
});
