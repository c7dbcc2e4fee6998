import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemo } from "../seed/demo";
import { handleItkRequest } from "../doors/itk/itk-http";
import { testReportXml, hl7Utc } from "../testing/test-report";
import { bookTestPatient } from "../testing/book-test-patient";
import {
  COPY_RECIPIENT_INTERACTION,
  dosAddress,
  odsAddress,
  readFixture,
  REPEAT_CALLER_SET_INTERACTION,
  soapEnvelope,
  type FixtureName,
} from "../testing/fixtures/cda/build-envelope";
import { listDocumentsNeedingAttention, listExpectedWalkIns } from "./list-documents";
import { sweepAwaitingDocuments } from "./sweep-awaiting-documents";
import { linkAwaitingDocuments } from "./link-awaiting-documents";
import { parseSummary } from "./document-summary";
import { loadBoard } from "../arrivals/load-board";
import { londonToday } from "../time/london";
import { now as clockNow } from "../time/clock";
import type { StaffActor } from "../auth/actor";

/**
 * Issue 12, points 4 and 5 and the unreadable-document hazard, through the real ITK door: which reports
 * become expected walk-ins, which are kept for information, which are refused, and what the board says
 * about safeguarding. HAZ-050 to HAZ-056 name these tests.
 */
const clinician: StaffActor = { type: "staff", id: "clinician-routing", name: "Cam Clinician", role: "clinician" };
const GP_ODS = "NZZ55";

async function postItk(xml: string) {
  const res = await handleItkRequest(new Request("http://localhost/itk/nhs111", { method: "POST", headers: { "Content-Type": "text/xml" }, body: xml }));
  return { status: res.status, text: await res.text() };
}

const bare = (xml: string) => xml.replace(/^<\?xml[^>]*\?>\s*/, "").replace(/<!--[\s\S]*?-->\s*/, "");
const recentCall = () => new Date(clockNow().getTime() - 40 * 60_000);
const report = (o: { encounterStart?: Date; family?: string } = {}) => bare(testReportXml({ documentId: randomUUID().toUpperCase(), encounterStart: o.encounterStart ?? recentCall(), family: o.family }));

/** A fixture with a fresh document id and its call moved to `start` (the fixtures carry fixed 2026 times). */
function fixture(name: FixtureName, start = recentCall(), id = randomUUID().toUpperCase()) {
  const sent = hl7Utc(new Date(start.getTime() + 25 * 60_000));
  return bare(readFixture(name))
    .replace(/<id root="[0-9A-F-]{36}" \/>/, `<id root="${id}" />`)
    .replace(/<setId root="[0-9A-F-]{36}" \/>/, `<setId root="${id}" />`)
    .replace('<low value="20260714091044+0100" />', `<low value="${hl7Utc(start)}" />`)
    .replace('<high value="20260714093500+0100" />', `<high value="${sent}" />`)
    .replace('<effectiveTime value="20260714093512+01" />', `<effectiveTime value="${sent}" />`);
}

const message = (payloads: string[], o: { addresses?: { uri: string; type?: string }[]; interaction?: string } = {}) =>
  soapEnvelope({ messageId: randomUUID().toUpperCase(), trackingId: randomUUID().toUpperCase(), payloads: payloads.map((xml, i) => ({ id: `uuid_P${i}`, xml })), ...o });

const documentIdOf = (xml: string) => /<id root="([0-9A-F-]{36})" \/>/.exec(xml)![1];
const rowFor = (documentId: string) => db().clinicalDocument.findFirstOrThrow({ where: { documentId } });

describe("routing 111 reports on their ITK addressing (issue 12 point 4)", () => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("keeps a copy-recipient report for the patient's GP for information: stored, listed, never an expected walk-in", async () => {
    const xml = report({ family: "Copyman" });
    const res = await postItk(message([xml], { addresses: [odsAddress(GP_ODS), odsAddress("RZZ01")], interaction: COPY_RECIPIENT_INTERACTION }));
    expect(res.status).toBe(200);
    expect(res.text).toContain("<itk:SimpleMessageResponse>OK</itk:SimpleMessageResponse>");
    const row = await rowFor(documentIdOf(xml));
    expect(row.state).toBe("information");
    expect(row.reviewNote).toMatch(/copy recipient/);

    // However long it waits, it never turns into a walk-in.
    await sweepAwaitingDocuments(new Date(clockNow().getTime() + 3 * 3600_000), 60);
    expect((await rowFor(documentIdOf(xml))).state).toBe("information");
    expect((await listExpectedWalkIns(clinician)).map((r) => r.id)).not.toContain(row.id);
    const lists = await listDocumentsNeedingAttention(clinician);
    expect(lists.walkIns.map((r) => r.id)).not.toContain(row.id);
    expect(lists.information.find((r) => r.id === row.id)?.informationReason).toMatch(/for information only/);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "document.receive", entityId: row.id } });
    expect(JSON.parse(audit.detail ?? "{}")).toMatchObject({ route: "information", informationReason: "copy-recipient", interaction: COPY_RECIPIENT_INTERACTION });
  });

  it("refuses a message addressed only to a GP practice with a client fault, storing nothing and auditing why", async () => {
    const before = await db().clinicalDocument.count();
    const res = await postItk(message([report()], { addresses: [odsAddress(GP_ODS)], interaction: COPY_RECIPIENT_INTERACTION }));
    expect(res.status).toBe(500);
    expect(res.text).toContain("<faultcode>soap:Client</faultcode>");
    expect(res.text).toContain('<itk:ErrorCode codeSystem="2.16.840.1.113883.2.1.3.2.4.17.268">1000</itk:ErrorCode>');
    expect(res.text).toContain("The message is not addressed to this service");
    expect(res.text).toContain(`ODS ${GP_ODS}`);
    expect(await db().clinicalDocument.count()).toBe(before);
    const refused = await db().auditEvent.findFirstOrThrow({ where: { action: "itk.receive", outcome: "refused" }, orderBy: { at: "desc" } });
    expect(JSON.parse(refused.detail ?? "{}")).toMatchObject({ reason: "not-addressed-here" });
  });

  it("refuses a 111 Online pharmacy report addressed to a pharmacy, and takes a report addressed by this ED's DoS service id alone", async () => {
    const pharmacy = await postItk(message([fixture("pharmacy-dx80-111-online.xml")], { addresses: [odsAddress("FZZ68"), dosAddress("2000099999")] }));
    expect(pharmacy.status).toBe(500);
    expect(pharmacy.text).toContain("The message is not addressed to this service");

    const dos = (await db().dosServiceId.findFirstOrThrow()).value;
    const xml = report();
    const ours = await postItk(message([xml], { addresses: [dosAddress(dos)] }));
    expect(ours.status).toBe(200);
    expect((await rowFor(documentIdOf(xml))).state).toBe("awaiting-booking");
  });

  it("keeps a repeat-caller set of six reports from 2020 for information instead of six expected walk-ins", async () => {
    const calls = ["2020-10-29T13:13:33Z", "2020-10-29T13:37:02Z", "2020-10-29T13:50:42Z", "2020-10-30T09:42:40Z", "2020-10-30T16:26:30Z", "2020-10-30T18:28:13Z"];
    const payloads = calls.map((t) => report({ encounterStart: new Date(t), family: "Repeatcaller" }));
    const res = await postItk(message(payloads, { addresses: [odsAddress("RZZ01")], interaction: REPEAT_CALLER_SET_INTERACTION }));
    expect(res.status).toBe(200);
    const rows = await db().clinicalDocument.findMany({ where: { documentId: { in: payloads.map(documentIdOf) } } });
    expect(rows.map((r) => r.state)).toEqual(Array(6).fill("information"));

    // The same old calls sent as if for action are still not current referrals.
    const old = report({ encounterStart: new Date("2020-10-30T18:28:13Z") });
    expect((await postItk(message([old]))).status).toBe(200);
    const oldRow = await rowFor(documentIdOf(old));
    expect(oldRow.state).toBe("information");
    expect(oldRow.reviewNote).toMatch(/too long ago.*more than 48 hours/);
    await sweepAwaitingDocuments(new Date(clockNow().getTime() + 3 * 3600_000), 60);
    const walkIns = (await listExpectedWalkIns(clinician, new Date(clockNow().getTime() + 3 * 3600_000))).map((r) => r.id);
    for (const r of [...rows, oldRow]) expect(walkIns).not.toContain(r.id);
  });

  it("never drops a 111 Online repeat-prescription report (Dx80) addressed to this ED as primary: it stays a walk-in, flagged 'Disposition not usually ED'", async () => {
    const xml = fixture("pharmacy-dx80-111-online.xml");
    expect((await postItk(message([xml]))).status).toBe(200);
    const row = await rowFor(documentIdOf(xml));
    expect(row.state).toBe("awaiting-booking");
    expect(parseSummary(row.summaryJson)?.disposition).toMatchObject({ code: "Dx80", notUsuallyEd: true });
    const later = new Date(clockNow().getTime() + 2 * 3600_000);
    await sweepAwaitingDocuments(later, 60);
    const walkIn = (await listExpectedWalkIns(clinician, later)).find((r) => r.id === row.id);
    expect(walkIn?.disposition?.notUsuallyEd).toBe(true);
    expect(walkIn?.informationReason).toBeNull();
  });

  it("still attaches a report kept for information to a booking made later that names it", async () => {
    const id = randomUUID().toUpperCase();
    const xml = bare(testReportXml({ documentId: id, encounterStart: recentCall() }));
    expect((await postItk(message([xml], { interaction: COPY_RECIPIENT_INTERACTION }))).status).toBe(200);
    expect((await rowFor(id)).state).toBe("information");
    const booking = await bookTestPatient({ documentRefId: id });
    await linkAwaitingDocuments(booking.appointmentId);
    expect(await rowFor(id)).toMatchObject({ state: "linked", appointmentId: booking.appointmentId });
  });

  it("acts on a report first received as a copy once it arrives again addressed to this ED as primary recipient", async () => {
    const xml = report();
    expect((await postItk(message([xml], { interaction: COPY_RECIPIENT_INTERACTION }))).status).toBe(200);
    expect((await rowFor(documentIdOf(xml))).state).toBe("information");
    expect((await postItk(message([xml]))).status).toBe(200);
    const row = await rowFor(documentIdOf(xml));
    expect(row.state).toBe("awaiting-booking");
    expect(await db().clinicalDocument.count({ where: { documentId: documentIdOf(xml) } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "document.receive-duplicate", entityId: row.id } })).toBe(1);
  });
});

describe("safeguarding on real 111 traffic (issue 12 point 5)", () => {
  it("flags a Dx42 child-protection report whose concern is only in Special Patient Notes, on the board and in the stored summary", async () => {
    const id = randomUUID().toUpperCase();
    const booking = await bookTestPatient({
      documentRefId: id,
      patient: { nhsNumber: "9990010579", given: "Maisie", family: "Thornbury", birthDate: "2020-03-05", gender: "female" },
      description: "Unexplained bruising",
    });
    const xml = fixture("child-protection-dx42.xml", recentCall(), id);
    expect((await postItk(message([xml]))).status).toBe(200);
    const row = await rowFor(id);
    expect(row.state).toBe("linked");
    const summary = parseSummary(row.summaryJson)!;
    expect(summary.safeguarding).toBe("possible-concern");
    expect(summary.safeguardingReasons?.join("\n")).toMatch(/111 disposition: Child protection \/ Vulnerable adult immediate referral.*\(Dx42\)/);
    expect(summary.safeguardingReasons?.join("\n")).toMatch(/Special Patient Notes mentions “child protection”/);

    const { start } = await db().appointment.findUniqueOrThrow({ where: { id: booking.appointmentId } });
    const board = await loadBoard({ kind: "date", date: londonToday(start) }, clinician);
    expect(board.rows.find((r) => r.id === booking.appointmentId)?.flags?.safeguarding).toBe("possible-concern");
  });

  it("does not flag a report whose notes say there are no safeguarding or child protection concerns", async () => {
    const xml = fixture("child-protection-dx42.xml")
      .replace('code="Dx42" displayName="Child protection / Vulnerable adult immediate referral&#10;"', 'code="Dx03" displayName="Attend an Emergency Treatment Centre within 4 hours"')
      .replace("Child protection / Vulnerable adult immediate referral (Dx42)", "Attend an Emergency Treatment Centre within 4 hours (Dx03)")
      .replace("Child is subject to a child protection plan. Social worker: Westford Children's Services.", "No child protection concerns. No safeguarding concerns identified.")
      .replace("If you are worried about the safety of a child at any time, call 999.", "");
    expect((await postItk(message([xml]))).status).toBe(200);
    const summary = parseSummary((await rowFor(documentIdOf(xml))).summaryJson)!;
    expect(summary.safeguardingReasons).toEqual([]);
    expect(summary.safeguarding).toBe("not-sent");
  });
});

describe("a truncated or unreadable report (HAZ-056)", () => {
  const countAll = () => db().clinicalDocument.count();

  it("refuses an ITK message cut off mid-document as not valid XML, storing nothing", async () => {
    const full = message([report()]);
    const before = await countAll();
    const res = await postItk(full.slice(0, Math.floor(full.length * 0.6)));
    expect(res.status).toBe(500);
    expect(res.text).toContain("<faultcode>soap:Client</faultcode>");
    expect(res.text).toContain("This is not a valid XML message");
    expect(await countAll()).toBe(before);
  });

  it("refuses a base64 or compressed payload cut off in transit, storing nothing", async () => {
    const before = await countAll();
    const doc = report();
    const b64 = Buffer.from(doc).toString("base64");
    const cut = b64.slice(0, Math.floor(b64.length / 8) * 4); // still valid base64, half a document
    const truncatedBase64 = message([doc]).replace(/<itk:payload id="uuid_P0">[\s\S]*?<\/itk:payload>/, `<itk:payload id="uuid_P0">${cut}</itk:payload>`).replace('profileid="urn:nhs-en:profile:nhs111CDADocument-v2-0"', 'profileid="urn:nhs-en:profile:nhs111CDADocument-v2-0" base64="true"');
    const a = await postItk(truncatedBase64);
    expect(a.status).toBe(500);
    expect(a.text).toMatch(/A payload could not be read|This is not a valid XML message/);

    const gz = gzipSync(Buffer.from(doc)).toString("base64");
    const truncatedGzip = message([doc]).replace(/<itk:payload id="uuid_P0">[\s\S]*?<\/itk:payload>/, `<itk:payload id="uuid_P0">${gz.slice(0, Math.floor(gz.length / 8) * 4)}</itk:payload>`).replace('profileid="urn:nhs-en:profile:nhs111CDADocument-v2-0"', 'profileid="urn:nhs-en:profile:nhs111CDADocument-v2-0" base64="true" compressed="true"');
    const b = await postItk(truncatedGzip);
    expect(b.status).toBe(500);
    expect(b.text).toContain("A payload could not be read");
    expect(await countAll()).toBe(before);
  });

  it("stores a well-formed report that lost its body, but flags it as having no readable clinical content", async () => {
    const xml = report().replace(/<component typeCode="COMP" contextConductionInd="true">\s*<structuredBody[\s\S]*<\/structuredBody>\s*<\/component>/, "");
    expect(xml).not.toContain("structuredBody");
    expect((await postItk(message([xml]))).status).toBe(200);
    const row = await rowFor(documentIdOf(xml));
    expect(parseSummary(row.summaryJson)?.noClinicalContent).toBe(true);
    const later = new Date(clockNow().getTime() + 2 * 3600_000);
    await sweepAwaitingDocuments(later, 60);
    expect((await listExpectedWalkIns(clinician, later)).find((r) => r.id === row.id)?.noClinicalContent).toBe(true);
  });
});
