// TKW APP1 receiver scenarios 60–87: BaRS_111_ReferralRequest.tstp (111 → ED referral, revoke, reads).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as bodies from "./bodies";
import {
  expectJson, expectMirrored, expectOutcome, expectXml, firstOf, get, integrity, processMessage, resourcesOf, send, tkwHeaders, contextHeader,
  UUID_RE, XML_ACCEPT, XML_CONTENT, type BarsResponse,
} from "./client";
import { book, booked, cancelIds, refer, referred, searchFree } from "./flows";

function expectReferred(res: BarsResponse, requestBundleId: string | undefined, ids: { "X-Request-ID": string; "X-Correlation-ID": string }) {
  expect(res.status, res.text.slice(0, 500)).toBe(200);
  expectJson(res);
  expectMirrored(res, ids);
  const b = res.json();
  expect(b.resourceType).toBe("Bundle");
  if (requestBundleId) expect(b.id).toBe(requestBundleId);
  return b;
}

/** Every `id` anywhere in a JSON document. */
function allIds(v: any, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => allIds(x, out));
  else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      if (k === "id" && typeof x === "string") out.push(x);
      else allIds(x, out);
    }
  }
  return out;
}

describe("BaRS_111_ReferralRequest: POST /$process-message servicerequest-request new", () => {
  it("ReferralRequest_111toED_xml_accept: the referral in XML, 200 XML Bundle with the request's Bundle.id", async () => {
    const body = bodies.referralBody();
    const ids = integrity();
    const res = await send("POST", "/$process-message", {
      headers: { ...tkwHeaders(XML_ACCEPT, ids), ...XML_CONTENT, ...contextHeader("new") },
      body: bodies.toXml(body),
    });
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    expectXml(res);
    expectMirrored(res, ids);
    expect(res.text).toMatch(/<Bundle[\s>]/);
    expect(/<Bundle[^>]*>\s*<id value="([^"]+)"/.exec(res.text)?.[1]).toBe(body.id);
  });

  it("ReferralRequest_111toED_json_accept: 200 Bundle echoing the request, our ids, and a planned Encounter with a human-readable reference", async () => {
    const { body, ids, res } = await refer();
    const b = expectReferred(res, body.id, ids);
    const sent = body.entry.map((e) => [e.fullUrl, e.resource.resourceType]);
    expect(b.entry.slice(0, sent.length).map((e: any) => [e.fullUrl, e.resource.resourceType])).toEqual(sent);
    const sr = firstOf(b, "ServiceRequest");
    expect(sr.id).toMatch(UUID_RE);
    expect(sr.status).toBe("active");
    // APP1 Payloads "Encounter Resource": a secondary Encounter, status planned, with our id and an identifier.
    const planned = resourcesOf(b, "Encounter").filter((e) => e.status === "planned");
    expect(planned.length).toBeLessThanOrEqual(1);
    if (planned.length) {
      expect(planned[0].id).toMatch(UUID_RE);
      expect(planned[0].identifier?.[0]?.value).toBeTruthy();
    }
  });

  it("ReferralRequest_111toED_Basic: optional content stripped, 200", async () => {
    const { body, ids, res } = await refer({ transform: bodies.referralBasic });
    expectReferred(res, body.id, ids);
  });

  it("ReferralRequest_111toED_NoNhsNo: Patient.identifier removed, 200", async () => {
    const { body, ids, res } = await refer({ transform: bodies.noNhsNumber });
    expectReferred(res, body.id, ids);
  });

  it("ReferralRequest_111toED_Rank1NotOneself: the rank-1 contact is the patient's brother, 200", async () => {
    const { ids, res } = await refer({ transform: bodies.rank1NotOneself });
    expectReferred(res, undefined, ids);
  });

  it("ReferralRequest_111toED_NoRank1: the rank-1 contact removed, 400 with both integrity headers mirrored", async () => {
    const { ids, res } = await refer({ transform: bodies.noRank1 });
    expectJson(res);
    expectOutcome(res, 400, "invariant", "REC_BAD_REQUEST");
    expectMirrored(res, ids);
  });

  it("ReferralRequest_111toED_TwoRank1: every ContactRank 1, 400 with both integrity headers mirrored", async () => {
    const { ids, res } = await refer({ transform: bodies.twoRank1 });
    expectJson(res);
    expectOutcome(res, 400, "invariant", "REC_BAD_REQUEST");
    expectMirrored(res, ids);
  });

  it("ReferralRequest_111toED_Cancel: refer, then revoke with our ServiceRequest id and the same X-Correlation-ID, 200", async () => {
    const r = await referred();
    const revoke = bodies.revokeBody(r.body, r.json);
    const ids = cancelIds(r.res);
    const res = await processMessage(revoke, { ids, headers: contextHeader("update") });
    const b = expectReferred(res, revoke.id, ids);
    expect(firstOf(b, "ServiceRequest").status).toBe("revoked");
    const read = await get(`/ServiceRequest/${firstOf(r.json, "ServiceRequest").id}`);
    expect(read.status).toBe(200);
    expect(read.json().status).toBe("revoked");
  });

  it("ReferralRequest_111toED_Cancel_InvalidStatus: revoke with ServiceRequest.status completed, 400 invariant REC_BAD_REQUEST", async () => {
    const r = await referred();
    const res = await processMessage(bodies.revokeBody(r.body, r.json, { status: "completed" }), { ids: cancelIds(r.res), headers: contextHeader("update") });
    expectJson(res);
    expectOutcome(res, 400, "invariant", "REC_BAD_REQUEST");
  });

  it("ReferralRequest_111toED_Cancel_ChangeCategory: revoke with every category code changed, 400 invariant REC_BAD_REQUEST", async () => {
    const r = await referred();
    const res = await processMessage(bodies.changeCategory(bodies.revokeBody(r.body, r.json)), { ids: cancelIds(r.res), headers: contextHeader("update") });
    expectJson(res);
    expectOutcome(res, 400, "invariant", "REC_BAD_REQUEST");
  });

  it("ReferralRequest_111toED_Ignore_IDs: TKW's __X__ placeholder ids, 200 with no id matching ^__.+__$", async () => {
    const { body, ids, res } = await refer({ senderIds: bodies.placeholderIds });
    expect(JSON.stringify(body)).toContain("__SERVICE_REQUEST_ID__");
    const b = expectReferred(res, body.id, ids);
    const leaked = allIds(b).filter((id) => /^__.+__$/.test(id));
    expect(leaked).toEqual([]);
  });

  it("ReferralRequest_111toED_WithResentRequestID: the referral rebuilt with a new Bundle.id, same X-Request-ID, new X-Correlation-ID, 409 duplicate REC_CONFLICT", async () => {
    const r = await referred();
    const resend = bodies.extractedReferral(r.json);
    const ids = { "X-Request-ID": r.res.header("x-request-id")!, "X-Correlation-ID": randomUUID() };
    const res = await processMessage(resend, { ids, headers: contextHeader("update") });
    expectOutcome(res, 409, "duplicate", "REC_CONFLICT");
    expectMirrored(res, ids);
  });

  it("ReferralRequest_111toED_WithNoRequestID: no integrity headers, 400 required REC_BAD_REQUEST in JSON", async () => {
    const headers: Record<string, string | undefined> = { ...tkwHeaders(), ...contextHeader("new"), "X-Request-ID": undefined, "X-Correlation-ID": undefined };
    const res = await processMessage(bodies.referralBody(), { headers });
    expectJson(res);
    expectOutcome(res, 400, "required", "REC_BAD_REQUEST");
  });

  it("ReferralRequest_111toED_WithNonGUIDRequestID: non-GUID integrity headers, 400 value or invalid REC_BAD_REQUEST in JSON", async () => {
    const ids = { "X-Request-ID": "xxxxxxxxxxxxxxxxx", "X-Correlation-ID": "yyyyyyyyyyyyyyy" };
    const { res } = await refer({ ids });
    expectJson(res);
    expectOutcome(res, 400, ["value", "invalid"], "REC_BAD_REQUEST");
    expectMirrored(res, ids);
  });

  it("ReferralRequest_111toED_WithResentBundleID: a new referral with the previous one's Bundle.id, 400 invariant REC_BAD_REQUEST", async () => {
    const r = await referred();
    const { res } = await refer({ bundleId: r.body.id });
    expectJson(res);
    expectOutcome(res, 400, "invariant", "REC_BAD_REQUEST");
  });

  it("ReferralRequest_111toED_NotDirectCare: Consent category NDRC, 400 OperationOutcome", async () => {
    const r = await referred();
    const body = bodies.notDirectCare(bodies.extractedReferral(r.json));
    const res = await processMessage(body, { headers: contextHeader("new") });
    expectJson(res);
    expectOutcome(res, 400, undefined, "REC_BAD_REQUEST");
  });

  it("ReferralRequest_111toED_InvalidEventCode: servicerequest-destruction, 400 invariant REC_BAD_REQUEST", async () => {
    const { res } = await refer({ transform: (b) => bodies.invalidEvent(b, "servicerequest-destruction") });
    expectJson(res);
    expectOutcome(res, 400, "invariant", "REC_BAD_REQUEST");
  });

  it("ReferralRequest_111toED_InvalidReasonCode: reason xxxxxxxxxxxxxxxxxxx, 400 invariant REC_BAD_REQUEST", async () => {
    const { res } = await refer({ transform: bodies.invalidReason });
    expectJson(res);
    expectOutcome(res, 400, "invariant", "REC_BAD_REQUEST");
  });

  it("ReferralRequest_111toED_WrongMethod: PUT /$process-message with use-context twice, 405 not-supported REC_METHOD_NOT_ALLOWED", async () => {
    const ids = integrity();
    const res = await processMessage(bodies.referralBody(), {
      ids,
      method: "PUT",
      headers: { "use-context": ["a1t1|referral|servicerequest-request|new", "a1t1|referral|servicerequest-request|new"] } as any,
    });
    expectJson(res);
    expectOutcome(res, 405, "not-supported", "REC_METHOD_NOT_ALLOWED");
    expectMirrored(res, ids);
  });

  it("ReferralRequest_111toED_NoVersionID: Bundle.meta.versionId removed, 400 invariant REC_BAD_REQUEST", async () => {
    const { res } = await refer({ transform: bodies.noVersionId });
    expectJson(res);
    expectOutcome(res, 400, "invariant", "REC_BAD_REQUEST");
  });

  it("ReferralRequest_111toED_CarePlanNotComplete: CarePlan.status active, 400 invariant REC_BAD_REQUEST", async () => {
    const { res } = await refer({ transform: bodies.carePlanNotComplete });
    expectJson(res);
    expectOutcome(res, 400, "invariant", "REC_BAD_REQUEST");
  });

  it("ReferralRequest_111toED_EncounterChanged: Encounter.status planned, 400 invariant REC_BAD_REQUEST", async () => {
    const { res } = await refer({ transform: bodies.encounterChanged });
    expectJson(res);
    expectOutcome(res, 400, "invariant", "REC_BAD_REQUEST");
  });

  it("ReferralRequest_111toED_ChangeCategory: every ServiceRequest.category code nonsense, 400 invariant REC_BAD_REQUEST", async () => {
    const { res } = await refer({ transform: bodies.changeCategory });
    expectJson(res);
    expectOutcome(res, 400, "invariant", "REC_BAD_REQUEST");
  });

  it("a referral without a Consent is 400 required (IG §3.8)", async () => {
    const { res } = await refer({ transform: (b) => bodies.dropEntries(b, "Consent") });
    expectOutcome(res, 400, "required", "REC_BAD_REQUEST");
  });
});

describe("BaRS_111_ReferralRequest: GET /ServiceRequest", () => {
  it("GetServiceRequestPathIdMissing: /ServiceRequest/, 400 required REC_BAD_REQUEST", async () => {
    expectOutcome(await get("/ServiceRequest/"), 400, "required", "REC_BAD_REQUEST");
  });
  it("GetServiceRequestPathIdInvalid: /ServiceRequest/XXXXXXXXX, 400 value REC_BAD_REQUEST", async () => {
    expectOutcome(await get("/ServiceRequest/XXXXXXXXX"), 400, "value", "REC_BAD_REQUEST");
  });
  it("GetServiceRequestPathIdNotFound: an unknown UUID, 404 not-found", async () => {
    expectOutcome(await get("/ServiceRequest/95e58add-0b10-4a8c-817c-2729eb0cab75"), 404, "not-found", "REC_NOT_FOUND");
  });
  it("GetServiceRequestPatientParameterMissing: ?https://fhir.nhs.uk/Id/nhs-number|, 400 required REC_BAD_REQUEST", async () => {
    expectOutcome(await get("/ServiceRequest?https%3A%2F%2Ffhir.nhs.uk%2FId%2Fnhs-number%7C"), 400, "required", "REC_BAD_REQUEST");
  });
  it("GetServiceRequestPatientParameterInvalid: ?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|XXXXXX, 400 value SEND_/REC_BAD_REQUEST", async () => {
    expectOutcome(await get("/ServiceRequest?patient:identifier=https%3A%2F%2Ffhir.nhs.uk%2FId%2Fnhs-number%7CXXXXXX"), 400, "value", /^(SEND|REC)_BAD_REQUEST$/);
  });
  it("a referral is read back as a ServiceRequest and found by the patient's NHS number (IG §2.10)", async () => {
    const r = await referred();
    const id = firstOf(r.json, "ServiceRequest").id;
    const read = await get(`/ServiceRequest/${id}`);
    expect(read.status).toBe(200);
    expect(read.json()).toMatchObject({ resourceType: "ServiceRequest", id, status: "active" });
    const search = await get(`/ServiceRequest?patient:identifier=${encodeURIComponent(`https://fhir.nhs.uk/Id/nhs-number|${bodies.PATIENT_NHS_NUMBER}`)}`);
    expect(search.status).toBe(200);
    expect(resourcesOf(search.json(), "ServiceRequest").map((s) => s.id)).toContain(id);
  });
});

describe("Linking a booking and its referral (IG §4.1, decision D16)", () => {
  it("a referral naming an earlier booking in supportingInfo links both ways: Appointment.basedOn and ServiceRequest.supportingInfo", async () => {
    const b = await booked();
    const apptId = firstOf(b.json, "Appointment").id;
    const r = await referred({ appointment: `Appointment/${apptId}` });
    const srId = firstOf(r.json, "ServiceRequest").id;
    const appt = (await get(`/Appointment/${apptId}`)).json();
    expect((appt.basedOn ?? []).map((x: any) => x.reference)).toContain(`ServiceRequest/${srId}`);
    const sr = (await get(`/ServiceRequest/${srId}`)).json();
    expect((sr.supportingInfo ?? []).map((x: any) => x.reference)).toContain(`Appointment/${apptId}`);
  });

  it("a booking made after its referral (Appointment.basedOn) links both ways", async () => {
    const r = await referred();
    const srId = firstOf(r.json, "ServiceRequest").id;
    const b = await booked({ basedOn: `ServiceRequest/${srId}` });
    const apptId = firstOf(b.json, "Appointment").id;
    const appt = (await get(`/Appointment/${apptId}`)).json();
    expect((appt.basedOn ?? []).map((x: any) => x.reference)).toContain(`ServiceRequest/${srId}`);
    const sr = (await get(`/ServiceRequest/${srId}`)).json();
    expect((sr.supportingInfo ?? []).map((x: any) => x.reference)).toContain(`Appointment/${apptId}`);
  });

  it("a referral naming a booking that does not exist is 400 invalid REC_BAD_REQUEST", async () => {
    const { res } = await refer({ appointment: "Appointment/95e58add-0b10-4a8c-817c-2729eb0cab75" });
    expectOutcome(res, 400, "invalid", "REC_BAD_REQUEST");
  });

  it("a booking based on a referral that does not exist is 400 invalid REC_BAD_REQUEST, and the slot stays free", async () => {
    const { res, body } = await book({ basedOn: "ServiceRequest/95e58add-0b10-4a8c-817c-2729eb0cab75" });
    expectOutcome(res, 400, "invalid", "REC_BAD_REQUEST");
    expect(resourcesOf(await searchFree(), "Slot").map((s) => s.id)).toContain(bodies.res(body, "Slot").id);
  });
});
