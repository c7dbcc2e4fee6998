// BaRS requirements beyond TKW's scenarios: transactional integrity (BaRS Core), error shape, hostile input, and one
// booking whichever door (the R4 door and the STU3 door share slots).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as bodies from "./bodies";
import {
  expectMirrored, expectOutcome, firstOf, get, integrity, origins, processMessage, REC_FOR_STATUS, resourcesOf, send, slotSearchPath, tkwHeaders,
  JSON_CONTENT, XML_CONTENT, type BarsResponse,
} from "./client";
import { booked, cancelIds, r4SlotIds, searchFree, stu3Book, stu3Cancel, stu3FreeSlots, STU3_LOCATION } from "./flows";

const GOOD_BODY = () => bodies.referralBody();

describe("Transactional integrity (BaRS Core: X-Request-ID, X-Correlation-ID)", () => {
  const requests: [string, (ids: ReturnType<typeof integrity>) => Promise<BarsResponse>][] = [
    ["GET /metadata", (ids) => get("/metadata", tkwHeaders({}, ids))],
    ["GET /MessageDefinition without context", (ids) => get("/MessageDefinition", tkwHeaders({}, ids))],
    ["GET /Slot", (ids) => get(slotSearchPath(), tkwHeaders({}, ids))],
    ["GET /Slot without status", (ids) => get(slotSearchPath().replace("&status=free", ""), tkwHeaders({}, ids))],
    ["GET /Appointment/XXXXXXXXX", (ids) => get("/Appointment/XXXXXXXXX", tkwHeaders({}, ids))],
    ["GET /ServiceRequest/<unknown>", (ids) => get("/ServiceRequest/95e58add-0b10-4a8c-817c-2729eb0cab75", tkwHeaders({}, ids))],
    ["GET /Nonsense", (ids) => get("/Nonsense", tkwHeaders({}, ids))],
    ["DELETE /$process-message", (ids) => processMessage(GOOD_BODY(), { ids, method: "DELETE" })],
    ["POST /$process-message as application/xml", (ids) => processMessage(GOOD_BODY(), { ids, headers: { "Content-type": "application/xml" } })],
    ["POST /$process-message truncated JSON", (ids) => processMessage(JSON.stringify(GOOD_BODY()).slice(0, 500), { ids })],
    ["POST /$process-message without versionId", (ids) => processMessage(bodies.noVersionId(GOOD_BODY()), { ids })],
  ];

  it("X-Request-ID and X-Correlation-ID are echoed unchanged on every answer, errors included", async () => {
    for (const [name, run] of requests) {
      const ids = integrity();
      const res = await run(ids);
      expect(res.status, name).toBeGreaterThan(0);
      expect(res.header("x-request-id"), `${name}: X-Request-ID`).toBe(ids["X-Request-ID"]);
      expect(res.header("x-correlation-id"), `${name}: X-Correlation-ID`).toBe(ids["X-Correlation-ID"]);
    }
  });

  it("every error is a one-issue OperationOutcome with the REC_ code of its status in issue.details.coding.code", async () => {
    let errors = 0;
    for (const [name, run] of requests) {
      const res = await run(integrity());
      if (res.status < 400) continue;
      errors += 1;
      expect(res.status, name).toBeLessThan(500);
      expectOutcome(res, res.status, undefined, REC_FOR_STATUS[res.status] ?? /^REC_/);
    }
    expect(errors).toBeGreaterThanOrEqual(8);
  });

  it("an Accept asking for a later major version is 406 REC_NOT_ACCEPTABLE; another minor version is served (decision D2)", async () => {
    expectOutcome(await get("/metadata", tkwHeaders({ Accept: "application/fhir+json; version=2.0.0" })), 406, undefined, "REC_NOT_ACCEPTABLE");
    expect((await get("/metadata", tkwHeaders({ Accept: "application/fhir+json; version=1.1.0" }))).status).toBe(200);
    expect((await get("/metadata", tkwHeaders({ Accept: "application/fhir+json" }))).status).toBe(200);
  });

  it("integrity header names are case-insensitive (lower-case names are honoured and mirrored)", async () => {
    const rid = randomUUID();
    const cid = randomUUID();
    const res = await get("/metadata", { ...tkwHeaders(), "X-Request-ID": undefined, "X-Correlation-ID": undefined, "x-request-id": rid, "x-correlation-id": cid } as any);
    expect(res.status).toBe(200);
    expectMirrored(res, { "X-Request-ID": rid, "X-Correlation-ID": cid });
  });

  it("five parallel identical $process-message retries (same X-Request-ID): exactly one 200, the rest 409 duplicate or 425 in flight", async () => {
    const pick = bodies.pickSlot(await searchFree());
    const body = JSON.stringify(bodies.bookingBody(pick));
    const ids = integrity();
    const all = origins();
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => processMessage(body, { ids, base: all[i % all.length] })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200), statuses.join(",")).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 200)) {
      expect([409, 425]).toContain(a.status);
      if (a.status === 409) expectOutcome(a, 409, "duplicate", "REC_CONFLICT");
      else expectOutcome(a, 425, undefined, "REC_TOO_EARLY");
      expectMirrored(a, ids);
    }
    // Only one booking exists for the slot: a later retry is a duplicate too.
    expectOutcome(await processMessage(body, { ids }), 409, "duplicate", "REC_CONFLICT");
  });

  it("a retry of a message whose first attempt failed is processed again, not answered 409 duplicate", async () => {
    const pick = bodies.pickSlot(await searchFree());
    const ids = integrity();
    const bad = bodies.noVersionId(bodies.bookingBody(pick));
    expect((await processMessage(bad, { ids })).status).toBe(400);
    expect((await processMessage(bad, { ids })).status).toBe(400);
  });
});

describe("Hostile input: 4xx, never 5xx, and the server keeps answering", () => {
  async function stillAnswers() {
    const res = await get("/metadata");
    expect(res.status).toBe(200);
  }
  const cases: [string, () => { body: string | Buffer; headers?: Record<string, string> }][] = [
    ["JSON nested 100,000 deep", () => ({ body: `{"resourceType":"Bundle","type":"message","entry":${"[".repeat(100_000)}${"]".repeat(100_000)}}` })],
    [
      "extensions nested 20,000 deep",
      () => {
        const b = bodies.referralBody();
        const json = JSON.stringify(b);
        const nest = `${'{"url":"https://example.org/x","extension":['.repeat(20_000)}{"url":"https://example.org/x","valueString":"x"}${"]}".repeat(20_000)}`;
        return { body: json.replace('"resourceType":"Patient",', `"resourceType":"Patient","modifierExtension":[${nest}],`) };
      },
    ],
    [
      "XML with a DOCTYPE and an entity bomb",
      () => ({
        headers: XML_CONTENT,
        body:
          '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
          '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">' +
          '<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">]>' +
          '<Bundle xmlns="http://hl7.org/fhir"><id value="&lol6;"/><type value="message"/></Bundle>',
      }),
    ],
    ["XML with an external entity", () => ({ headers: XML_CONTENT, body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Bundle xmlns="http://hl7.org/fhir"><id value="&xxe;"/></Bundle>' })],
    ["truncated JSON", () => ({ body: JSON.stringify(GOOD_BODY()).slice(0, 2000) })],
    ["not a Bundle", () => ({ body: JSON.stringify(bodies.patient()) })],
    [
      "a message Bundle without a MessageHeader",
      () => {
        const b = GOOD_BODY();
        return { body: JSON.stringify(bodies.dropEntries(b, "MessageHeader")) };
      },
    ],
    [
      "an unknown resource type",
      () => {
        const b = GOOD_BODY();
        b.entry.push({ fullUrl: `urn:uuid:${randomUUID()}`, resource: { resourceType: "Invoicee", id: "x" } });
        return { body: JSON.stringify(b) };
      },
    ],
    ["an empty body", () => ({ body: "" })],
    ["JSON that is not an object", () => ({ body: "[1,2,3]" })],
  ];
  for (const [name, make] of cases) {
    it(`${name}: 4xx OperationOutcome, then GET /metadata still answers`, async () => {
      const { body, headers } = make();
      const ids = integrity();
      const res = await processMessage(body, { ids, headers: { ...JSON_CONTENT, ...headers } });
      expect(res.status, `${name}: ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expectOutcome(res, res.status, undefined, REC_FOR_STATUS[res.status] ?? /^REC_/);
      expectMirrored(res, ids);
      await stillAnswers();
    });
  }
  it("a body over the door's limit, gzipped small, is refused 4xx after inflating (a gzip bomb)", async () => {
    const big = JSON.stringify({ ...GOOD_BODY(), padding: "x".repeat(8 * 1024 * 1024) });
    const res = await processMessage(big, { gzip: true });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await stillAnswers();
  });
});

describe("One booking whichever door (R4 and STU3 share slots)", () => {
  it("a slot has the same logical id in both doors: the R4 and STU3 searches of one window offer the same Slot ids", async () => {
    const r4 = (await r4SlotIds()).sort();
    const stu3 = (await stu3FreeSlots()).map((s) => s.id).sort();
    expect(r4.length).toBeGreaterThan(0);
    expect(r4).toEqual(stu3);
  });

  it("cross-door race: 20 parallel bookings of one slot, half BaRS and half STU3, exactly one succeeds; BaRS losers 409 REC_CONFLICT conflict, STU3 losers 422", async () => {
    const searchset = await searchFree();
    const pick = bodies.pickSlot(searchset);
    const stu3Slot = (await stu3FreeSlots()).find((s) => s.id === pick.slot.id);
    expect(stu3Slot, "the R4 slot is offered by the STU3 door under the same id").toBeTruthy();
    const all = origins();
    const bars = Array.from({ length: 10 }, (_, i) => processMessage(bodies.bookingBody(pick), { base: all[i % all.length] }));
    const stu3 = Array.from({ length: 10 }, (_, i) => stu3Book(stu3Slot!, all[(i + 1) % all.length]));
    const [barsAnswers, stu3Answers] = await Promise.all([Promise.all(bars), Promise.all(stu3)]);
    const wins = barsAnswers.filter((a) => a.status === 200).length + stu3Answers.filter((a) => a.status === 201).length;
    expect(wins, `BaRS ${barsAnswers.map((a) => a.status)} STU3 ${stu3Answers.map((a) => a.status)}`).toBe(1);
    for (const a of barsAnswers.filter((x) => x.status !== 200)) expectOutcome(a, 409, "conflict", "REC_CONFLICT");
    for (const a of stu3Answers.filter((x) => x.status !== 201)) expect(a.status).toBe(422);
  });

  it("a BaRS cancel frees the slot in both doors", async () => {
    const b = await booked();
    const slotId = firstOf(b.json, "Slot").id;
    expect((await stu3FreeSlots()).map((s) => s.id)).not.toContain(slotId);
    const res = await processMessage(bodies.cancelBody(b.body, b.json), { ids: cancelIds(b.res) });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(await r4SlotIds()).toContain(slotId);
    expect((await stu3FreeSlots()).map((s) => s.id)).toContain(slotId);
  });

  it("an STU3 cancel frees the slot in both doors, and an STU3 booking is read through BaRS", async () => {
    const slot = (await stu3FreeSlots())[0];
    const made = await stu3Book(slot);
    expect(made.status, made.text.slice(0, 300)).toBe(201);
    const id = STU3_LOCATION.exec(made.headers.get("location") ?? "")![1];
    expect(await r4SlotIds()).not.toContain(slot.id);
    const read = await get(`/Appointment/${id}`);
    expect(read.status, read.text.slice(0, 300)).toBe(200);
    expect(read.json()).toMatchObject({ resourceType: "Appointment", id, status: "booked" });
    const cancelled = await stu3Cancel(id);
    expect(cancelled.status, cancelled.text.slice(0, 300)).toBe(200);
    expect(await r4SlotIds()).toContain(slot.id);
    expect((await stu3FreeSlots()).map((s) => s.id)).toContain(slot.id);
  });

  it("a BaRS booking is visible to the STU3 door: its slot is no longer offered there, and it is busy in the R4 busy search", async () => {
    const b = await booked();
    const slotId = firstOf(b.json, "Slot").id;
    expect((await stu3FreeSlots()).map((s) => s.id)).not.toContain(slotId);
    expect(await r4SlotIds("busy")).toContain(slotId);
  });
});

describe("Routing (IG §1.2, §2.4)", () => {
  it("a booking addressed in MessageHeader.destination to a service we do not host is refused 4xx", async () => {
    const pick = bodies.pickSlot(await searchFree());
    const b = bodies.bookingBody(pick);
    bodies.res(b, "MessageHeader").destination[0].endpoint = "https://fhir.nhs.uk/Id/dos-service-id|2000000001";
    const res = await processMessage(b);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expectOutcome(res, res.status, undefined, REC_FOR_STATUS[res.status] ?? /^REC_/);
    // The slot was not booked.
    expect(resourcesOf(await searchFree(), "Slot").map((s) => s.id)).toContain(pick.slot.id);
  });

  it("a request without NHSD-End-User-Organisation is served (an unidentified sender), never refused for its absence", async () => {
    const res = await send("GET", slotSearchPath(), { headers: { ...tkwHeaders(), "NHSD-End-User-Organisation": undefined } });
    expect(res.status).toBe(200);
  });
});
