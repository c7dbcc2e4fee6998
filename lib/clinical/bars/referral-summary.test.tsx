/**
 * A BaRS referral's (and booking's) resources read into the summary the board and booking page show for CDA
 * reports: one synthetic message shaped like each IG example and each assurance-tool referral template, every
 * clinically relevant field asserted on the rendered page. Times are fixed in the fixtures (15 June 2027, BST).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { summariseDocument } from "../document-summary";
import { parseR4Body } from "../../doors/bars-r4/wire";
import { firstEntry, addEntries, bookingBundle, igFullReferral, NO_SAFEGUARDING, SAFEGUARDING_CONCERN, tkwTemplate01, tkwTemplate02, tkwTemplate03, tkwTemplate04, unknownFlagReferral } from "../../testing/fixtures/bars/referral-fixtures";
import { summaryMarkup, visibleText } from "../../testing/fixtures/bars/render-summary";
import { referralMessage } from "../../testing/bars-messages";
import { clinicalDocumentFromBars, OTHER_INFORMATION_TITLE, splitLines } from "./referral-summary";

type Json = Record<string, unknown>;
const read = (bundle: Json, referral?: { status: string; endedAt: string | null }) => clinicalDocumentFromBars(bundle, { recordId: "rec-1", reference: "EDR-7KQ2M9", referral });
const page = (bundle: Json) => visibleText(summaryMarkup(read(bundle)));

describe("BaRS referral → clinical summary", () => {
  it("IG full 111-to-ED referral (REFREQ01 shape): every clinically relevant field is on the page", () => {
    const bundle = igFullReferral();
    const doc = read(bundle);
    const text = page(bundle);
    // The 111 call: case number, journey id, call times (London), who triaged, how to ring 111 back.
    expect(doc.encounter?.caseReference).toBe("NSH-2027-0615-0042");
    expect(text).toContain("Case reference NSH-2027-0615-0042");
    expect(text).toContain("Journey id JRN-77120");
    expect(text).toMatch(/Call started Tue,? 15 Jun 2027, 08:31/);
    expect(text).toMatch(/Call ended Tue,? 15 Jun 2027, 08:58/);
    expect(text).toContain("Triaged by Dr Nneka Okafor, Emergency department doctor, Test 111 service");
    expect(text).toContain("111 call-back number 0300 555 0111 (Test 111 service, Test 111)");
    // The assessment: disposition (Dx code and text, timeframe), pathway, symptom group and discriminator, narrative.
    expect(text).toContain("The individual needs to attend an emergency treatment centre within 1 hour. (DX02)");
    expect(text).toContain("Timeframe: within 1 hour");
    expect(text).toContain("Pathway: Falls and Blackouts (PA36)");
    expect(text).toContain("Symptom group: Falls (1043)");
    expect(text).toContain("Symptom discriminator: Head injury with new confusion (4217)");
    const assessment = doc.sections.find((s) => s.kind === "assessment")!;
    expect(assessment.plainText.split("\n")).toEqual(["PATHWAYS ASSESSMENT:", "Fell at home this morning, hit head on door frame.", "New confusion since the fall.", "Not on blood thinners."]);
    expect(text).toMatch(/Be seen by: Tue,? 15 Jun 2027, 10:00/);
    expect(text).toContain("111's advice to the patient: Go to the emergency department within 1 hour; bring your medicines.");
    // Allergies, medication, conditions, observations.
    expect(text).toContain("Allergies recorded by 111");
    expect(text).toContain("Allergy to amoxicillin: medication, allergy, Active, Confirmed, reaction: Skin rash, moderate");
    expect(text).toContain("Ramipril 5mg capsules: One capsule each morning, active");
    expect(text).toContain("Hypertension: Active");
    expect(text).toContain("Lives Alone");
    expect(text).toContain("Expectations and wishes: Wants her son told before any transfer");
    expect(text).toContain("Systolic blood pressure: 152 mm[Hg]");
    // Questionnaire answers: Special Patient Notes, Additional Information Sources, Rejected Services with reasons.
    expect(text).toContain("Special patient notes (Special Patient Notes)");
    expect(text).toContain("Special Patient Note › Note: Lives with her son who is her main carer; keyholder at number 14.");
    expect(text).toContain("Additional Lookup Sources › Source1 › SourceName: Regional shared care record");
    expect(text).toContain("Rejected Services › Service1 › ServiceName: Westgate Urgent Treatment Centre");
    expect(text).toContain("Rejected Services › Service1 › RejectionReason: Unsuitable due to transport (21)");
    expect(text).toContain("Rejected Services › Service1 › RejectionComment: No lift available before 18:00");
    // Flags: safeguarding prominent, reasonable adjustment, rejected services as information.
    expect(text).toContain("Safeguarding concern flagged by 111 Adult safeguarding concern (finding)");
    expect(text).toContain("Reasonable adjustments requested by 111 Adjust for hearing impairment: speak facing the patient");
    expect(text).toContain("Rejected Services: Patient choice; Patient Choice in Service Selection");
    // Consent, next of kin, contacts in rank order, demographics and address.
    expect(text).toContain("Consent: Direct Care, patient-privacy, IMPLIED, active");
    expect(text).toContain("Next of kin next of kin: Gareth Marwood — 07700 900456 (rank 1)");
    expect(text).toContain("Call-back first: Rank 1, self: 07700 900123 (mobile, rank 1)");
    expect(text).toContain("Rank 2, son: Gareth Marwood — 07700 900456 (mobile, rank 1)");
    expect(text).toContain("Patient's phone 07700 900123 (mobile, rank 1)");
    expect(text).toContain("Patient's address 1 Test Street, Leeds, LS6 2QT (home)");
    expect(text).toContain("NHS number 999 560 7875 (verified)");
    expect(text).toContain("Ethnic category: British, Mixed British");
    expect(text).toContain("Language: Welsh, preferred");
    expect(text).toContain("GP practice Test Surgery, Y00001");
    // Our human-readable reference, the CDSS, the service addressed; no GUID on the page.
    expect(text).toContain("Our reference: EDR-7KQ2M9");
    expect(text).toContain("Assessed with: Pathways 30.2.0");
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);

    const s = summariseDocument(doc);
    expect(s.disposition).toMatchObject({ code: "DX02", timeframeMinutes: 60 });
    expect(s.allergies).toBe("recorded");
    expect(s.safeguarding).toBe("possible-concern");
    expect(s.safeguardingReasons).toContain("111 safeguarding flag: Adult safeguarding concern (finding)");
    expect(s.bars).toEqual({ nhsNumberVerified: true, referralStatus: "active", endedAt: null, adjustments: ["Adjust for hearing impairment: speak facing the patient"], otherFlags: ["Rejected Services: Patient choice; Patient Choice in Service Selection"] });
  });

  it("template 01: unspecified safeguarding concern (U) is a concern; needle phobia is a reasonable adjustment; a 4-hour disposition", () => {
    const doc = read(tkwTemplate01());
    const s = summariseDocument(doc);
    expect(s.safeguarding).toBe("possible-concern");
    expect(s.disposition).toMatchObject({ code: "DX03", timeframeMinutes: 240 });
    expect(s.bars?.adjustments).toEqual(["Adjust for needle phobia"]);
    const text = page(tkwTemplate01());
    expect(text).toContain("Safeguarding concern flagged by 111 Unspecified Safeguarding Concern Identified");
    expect(text).toContain("Nursing Home");
    expect(text).toContain("Body height: 171 cm");
    expect(text).toContain("Estimated age: 60 years");
    expect(text).toContain("Sex at birth: Female");
    expect(text).toContain("Allergy to penicillin");
    expect(text).toContain("Paracetamol 500mg tablets: Two tablets up to four times a day, active");
    expect(text).toContain("Caller reports sudden chest tightness while gardening.");
  });

  it("template 02: no AllergyIntolerance is 'not sent', never 'no known allergies'; no medication and no safeguarding flag say so", () => {
    const doc = read(tkwTemplate02());
    const s = summariseDocument(doc);
    expect(s.allergies).toBe("not-sent");
    expect(s.safeguarding).toBe("not-sent");
    const text = page(tkwTemplate02());
    expect(text).toContain("Allergies Not sent by 111");
    expect(text).not.toContain("No known allergies");
    expect(text).toContain("No medications stated by 111");
    expect(text).toContain("Location sent by 111: Caller's workplace, Unit 4, Canal Wharf, Leeds, LS11 5PS");
    expect(text).toContain("Able to bear weight: false");
    expect(text).toContain("Wrist swollen after a fall on ice.");
  });

  it("an explicit 'no known allergy' is shown as 111's all-clear", () => {
    const b = tkwTemplate02();
    addEntries(b, { resourceType: "AllergyIntolerance", code: { coding: [{ system: "http://snomed.info/sct", code: "716186003", display: "No known allergy" }] } });
    expect(summariseDocument(read(b)).allergies).toBe("no-known-allergies");
    expect(page(b)).toContain("No known allergies, as recorded by 111");
  });

  it("template 03 (the minimum): the disposition, narrative, triaging clinician and consent", () => {
    const text = page(tkwTemplate03());
    expect(text).toContain("Attend an emergency treatment centre within 1 hour (DX02)");
    expect(text).toContain("Chest pain for 20 minutes, no radiation.");
    expect(text).toContain("Triaged by Test Clinician");
    expect(text).toContain("Case reference CASE-0001");
    expect(text).toContain("Consent: Direct Care");
  });

  it("template 04: 'no safeguarding issues identified' (861931000000100) is not a concern; scene safety, communication, procedure, task and questionnaire are shown", () => {
    const doc = read(tkwTemplate04());
    const s = summariseDocument(doc);
    expect(s.safeguarding).toBe("none-recorded");
    const text = page(tkwTemplate04());
    expect(text).not.toContain("Safeguarding concern flagged by 111");
    expect(text).toContain("111 recorded: no safeguarding issues identified.");
    expect(text).toContain("Scene Safety: The Scene is unsafe; Dog loose in the garden");
    expect(text).toContain("Neighbour holding the door open for the crew");
    expect(text).toContain("Application of sling");
    expect(text).toContain("Transportation by ambulance: Needs a stretcher on arrival, requested");
    expect(text).toContain("What is the nature of call?: Fall from height (FALL)");
    expect(text).toContain("Nature of Call Questionnaire");
    expect(text).toContain("Presenting complaint; Fall from ladder");
  });

  it("a concern beside 'no safeguarding issues' (FLA10-style, several flags) is still a concern", () => {
    const b = tkwTemplate03();
    addEntries(b, NO_SAFEGUARDING, SAFEGUARDING_CONCERN);
    expect(summariseDocument(read(b)).safeguarding).toBe("possible-concern");
  });

  it("unknown flag categories and a flag with only code.text (FLAG12) are shown verbatim", () => {
    const text = page(unknownFlagReferral());
    expect(text).toContain("Clinically vulnerable: Immunosuppressed after transplant");
    expect(text).toContain("AC: Police informed by caller");
  });

  it("a booking's resources (BOOKREQ01 shape) read into the same model", () => {
    const found = { slot: { resourceType: "Slot", start: "2027-06-15T10:00:00+01:00", end: "2027-06-15T10:30:00+01:00", schedule: { reference: "Schedule/s1" }, status: "free" } };
    const doc = read(bookingBundle(found));
    expect(doc.title).toBe("NHS 111 booking (BaRS)");
    expect(doc.patient?.name?.text).toBe("Elsie Marwood");
    const text = visibleText(summaryMarkup(doc));
    expect(text).toContain("Reason given in the booking: Chest pain, advised to attend within 1 hour");
    expect(text).toMatch(/Booked arrival time \(as 111 sent it\): Tue,? 15 Jun 2027, 10:00/);
  });

  it("the R4 XML referral reads into the same summary as its JSON (format does not matter)", () => {
    const xml = readFileSync(path.join(__dirname, "../../doors/bars-r4/wire/fixtures/referral-full.xml"), "utf8");
    const parsed = parseR4Body(xml, "xml");
    if (!parsed.ok) throw new Error("fixture did not parse");
    const doc = read(parsed.resource as Json);
    expect(doc.encounter?.caseReference).toBe("CASE-000123");
    expect(doc.sections.find((s) => s.kind === "allergies")?.plainText).toContain("Allergy to penicillin");
    // Its flags are not BaRS-coded: they still show, and their words raise the safeguarding prompt.
    expect(summariseDocument(doc).safeguarding).toBe("possible-concern");
    expect(visibleText(summaryMarkup(doc))).toContain("Salbutamol 100micrograms/dose inhaler: Two puffs when required, active");
  });

  it("what has no place is listed under 'Other information sent by 111', and hostile text stays text", () => {
    const b = tkwTemplate03();
    const sr = firstEntry(b, "ServiceRequest").resource;
    sr.priority = "urgent";
    sr.extension = [{ url: "https://sender.example/StructureDefinition/CallerMood", valueString: "<script>alert('x')</script> anxious" }];
    const html = summaryMarkup(read(b));
    const text = visibleText(html);
    expect(text).toContain(OTHER_INFORMATION_TITLE);
    expect(text).toContain("Referral, priority: urgent");
    expect(text).toContain("Referral, caller mood: <script>alert('x')</script> anxious");
    expect(html).not.toContain("<script");
  });

  it("a revoked referral says so, with when, above the summary", () => {
    const doc = read(tkwTemplate03(), { status: "revoked", endedAt: "2027-06-15T09:12:00Z" });
    const text = visibleText(summaryMarkup(doc));
    expect(text).toMatch(/111 revoked this referral On Tue,? 15 Jun 2027, 10:12\. It is shown for the record, not as a current referral/);
    expect(summariseDocument(doc).bars?.referralStatus).toBe("revoked");
  });

  it("line separators: newlines, literal \\n and /n between lines, never the /n inside a word or URL", () => {
    expect(splitLines("A/nB\\nC\nD")).toEqual(["A", "B", "C", "D"]);
    expect(splitLines("and/not https://x.example/nhs")).toEqual(["and/not https://x.example/nhs"]);
  });

  it("a referral without an NHS number, or with one not verified, says so", () => {
    const unverified = referralMessage({ patient: { family: "Nobody", given: "Known", birthDate: "1990-01-01", nhsNumber: null } });
    expect(read(unverified).patient?.nhsNumber).toBeNull();
    expect(page(unverified)).toContain("NHS number Not sent by 111");
  });
});
