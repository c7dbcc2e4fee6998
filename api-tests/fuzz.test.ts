// Property-based fuzzing of the FHIR and ITK doors over real HTTP (HAZ-022). Whatever a client sends:
//  - never a 5xx (the ITK door's SOAP Fault on HTTP 500 is the ITK specification's own answer to a refused
//    message, and must blame the sender: faultcode Client or MustUnderstand, never Server);
//  - never a stack trace, a file path, or Prisma/SQL text in the body;
//  - every FHIR answer of 400 or more is a Spine OperationOutcome in the format its Content-Type says.
// Bounded in time (fixed seed and numRuns; the seed is printed on failure). FUZZ_SEED and FUZZ_RUNS_SCALE change them.
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fhirJsonToXml, fhirXmlToJson } from "../lib/doors/uec-stu3/xml";
import { SPINE_CODES, SPINE_CODE_SYSTEM } from "../lib/doors/uec-stu3/spine-codes";
import { fixtureBody, soapEnvelope } from "../lib/testing/fixtures/cda/build-envelope";
import { BASE, consumerJwt, SCOPES, sspHeaders } from "./client";
import { bookingBody, type SlotEntry } from "./booking-body";
import { auth, bookHeaders, freeSlot, slotQuery } from "./helpers";

const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const SCALE = Number(process.env.FUZZ_RUNS_SCALE ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
const params = (numRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns: runs(numRuns), interruptAfterTimeLimit: 25_000, markInterruptAsFailure: false });

let totalRequests = 0;
const started = performance.now();

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/**
 * The fuzz speaks as its own consumer (ASID), so its thousands of requests a minute count against its own abuse
 * ceiling, not against the consumer the rest of the suite uses.
 */
const FUZZ_ASID = "918999100022";

async function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Answer> {
  totalRequests++;
  if (init.headers?.["Ssp-From"] === "918999198993") init = { ...init, headers: { ...init.headers, "Ssp-From": FUZZ_ASID } };
  const res = await fetch(url.startsWith("http") ? url : `${BASE()}${url}`, { method: init.method ?? "GET", headers: init.headers, body: typeof init.body === "string" || init.body === undefined ? init.body : new Uint8Array(init.body), redirect: "manual" });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text };
}

// ---- the properties ----------------------------------------------------------------------------------------

/** Text that must never reach a client: stack frames, our file paths, database internals. */
const LEAKS: [string, RegExp][] = [
  ["stack frame", /\n\s+at [^\n]+:\d+:\d+\)?/],
  ["stack frame", /\bat (async )?[\w.<>$]+ \((file:\/\/|\/|node:)/],
  ["file path", /\/(work|app|home|usr|srv|opt)\/[\w.-]+\/[\w./-]+/],
  ["file path", /node_modules|\.next\/server|webpack-internal|turbopack/],
  ["source file", /\.(tsx?|mjs|cjs):\d+/],
  ["Prisma", /prisma/i],
  ["SQL", /SQLITE_|sqlite3?\b|\bSELECT\b.+\bFROM\b|\bINSERT INTO\b|\bUPDATE\b.+\bSET\b|duplicate key value|violates .* constraint|relation "\w+"/i],
  ["JavaScript error", /\b(TypeError|ReferenceError|RangeError|Cannot read propert|is not a function|undefined is not)\b/],
];

function expectNoLeak(a: Answer, what: string): void {
  for (const [name, re] of LEAKS) if (re.test(a.text)) throw new Error(`[${a.status} leaks ${name}] ${a.text.slice(0, 400)} <- ${what}`);
}

const FHIR_JSON = /^application\/fhir\+json(;|$)/;
const FHIR_XML = /^application\/fhir\+xml(;|$)/;

/** Every FHIR answer: below 500, no leak, the body parses in its declared format, and errors are Spine OperationOutcomes. */
function expectFhirAnswer(a: Answer, what: string): void {
  // Node's HTTP server refuses a request line and headers over 16 KB itself (431), before any of our code runs.
  if (a.status === 431) return expectNoLeak(a, what);
  if (a.status >= 500) throw new Error(`[${a.status}] ${a.text.slice(0, 400)} <- ${what}`);
  expectNoLeak(a, what);
  let resource: Record<string, unknown>;
  if (FHIR_JSON.test(a.contentType)) resource = JSON.parse(a.text) as Record<string, unknown>;
  else if (FHIR_XML.test(a.contentType)) resource = fhirXmlToJson(a.text) as unknown as Record<string, unknown>;
  else throw new Error(`[${a.status} answered as ${a.contentType || "no content type"}] ${a.text.slice(0, 200)} <- ${what}`);
  if (a.status < 400) return;
  const issue = (resource.issue as Record<string, any>[] | undefined)?.[0];
  const coding = issue?.details?.coding?.[0];
  const ok =
    resource.resourceType === "OperationOutcome" &&
    ["fatal", "error", "warning", "information"].includes(issue?.severity) &&
    typeof issue?.code === "string" &&
    coding?.system === SPINE_CODE_SYSTEM &&
    Object.prototype.hasOwnProperty.call(SPINE_CODES, coding?.code) &&
    coding?.display === SPINE_CODES[coding.code as keyof typeof SPINE_CODES];
  if (!ok) throw new Error(`[${a.status} is not a Spine OperationOutcome] ${a.text.slice(0, 400)} <- ${what}`);
}

/** The ITK door: 200 SOAP OK, 403 or 500 SOAP Fault blaming the sender (never Server), no leak. */
function expectItkAnswer(a: Answer, what: string): void {
  expectNoLeak(a, what);
  if (!/^text\/xml/.test(a.contentType)) throw new Error(`[${a.status} answered as ${a.contentType}] ${a.text.slice(0, 200)} <- ${what}`);
  if (a.status === 200) {
    if (!a.text.includes("SimpleMessageResponse>OK<")) throw new Error(`[200 without OK] ${a.text.slice(0, 300)} <- ${what}`);
    return;
  }
  if (a.status !== 500 && a.status !== 403) throw new Error(`[unexpected status ${a.status}] ${a.text.slice(0, 300)} <- ${what}`);
  const fault = /<soap:Fault>[\s\S]*<faultcode>soap:(\w+)<\/faultcode>[\s\S]*<itk:ErrorCode [^>]*>(\d+)<\/itk:ErrorCode>/.exec(a.text);
  if (!fault) throw new Error(`[${a.status} is not a SOAP Fault] ${a.text.slice(0, 300)} <- ${what}`);
  if (fault[1] === "Server") throw new Error(`[Server fault: an internal error for something the sender sent] ${a.text.slice(0, 600)} <- ${what}`);
}

/** Runs a property and fails with the seed and counterexample (fast-check's own report) when it breaks. */
async function holds<T>(arb: fc.Arbitrary<T>, predicate: (v: T) => Promise<void>, numRuns: number): Promise<void> {
  const out = await fc.check(fc.asyncProperty(arb, predicate), params(numRuns));
  if (out.failed) {
    const example = JSON.stringify(out.counterexample, (_k, v) => (typeof v === "string" && v.length > 300 ? `${v.slice(0, 300)}…(${v.length} chars)` : v));
    const error = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
    throw new Error(`Property failed after ${out.numRuns} runs (seed ${out.seed}, path ${out.counterexamplePath}; FUZZ_SEED=${SEED} reproduces this run)\n${error.slice(0, 1500)}\ncounterexample: ${example.slice(0, 3000)}`);
  }
}

// ---- arbitraries -------------------------------------------------------------------------------------------

/** Strings that a header may carry (visible Latin-1, no CR/LF/NUL). */
const headerText = (maxLength = 200) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength });

const nasty = fc.constantFrom(
  "",
  " ",
  "%",
  "%zz",
  "%00",
  "%E0%A4%A",
  "%C0%AE%C0%AE",
  "\u00e9",
  "\u202e",
  "\ud83d\ude91",
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "${jndi:ldap://x}",
  "{{7*7}}",
  "null",
  "-1",
  "1e309",
  "9".repeat(400),
  "a".repeat(4000),
  "ge",
  "le2026-13-45",
  "ge2026-02-30T25:61:00Z",
  "eq",
  "sa",
  "ap2026",
  "true",
  "_count",
);

const fuzzValue = fc.oneof(nasty, fc.string({ maxLength: 50 }), fc.string({ unit: "grapheme", maxLength: 30 }), fc.integer().map(String), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));

const SLOT_PARAMS = ["schedule.actor:healthcareservice", "schedule.actor%3Ahealthcareservice", "status", "start", "_include", "_format", "_count", "_sort", "_id", "schedule", "Slot.start", "start:missing", "_summary", "_elements", "_revinclude"];
const PREFIXES = ["", "ge", "le", "gt", "lt", "eq", "ne", "sa", "eb", "ap", "GE", "Ge", "g", "gee"];

const queryPart = fc.oneof(
  fc.tuple(fc.constantFrom(...SLOT_PARAMS), fc.constantFrom(...PREFIXES), fuzzValue).map(([k, p, v]) => `${k}=${p}${encodeURIComponent(v)}`),
  fc.tuple(fc.constantFrom(...SLOT_PARAMS), fuzzValue).map(([k, v]) => `${k}=${v.replace(/[#\s]/g, "")}`),
  fc.tuple(fc.string({ maxLength: 20 }), fuzzValue).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`),
  fc.constantFrom("&", "=", "==", "&&&", "a", "%", "?", "start", "start=", "=x", "_include", "_format=xml", "_format=json", "_format=text/html", "_format=application/fhir+xml;q=0.1"),
);

/** A near-valid slot search with some parameters mutated, repeated or added, or a random one. */
const slotSearch = fc.oneof(
  fc.tuple(fc.array(queryPart, { maxLength: 8 }), fc.array(queryPart, { maxLength: 4 })).map(([a, b]) => `/Slot?${[...a, ...b].join("&")}`),
  fc.tuple(fc.array(queryPart, { maxLength: 6 }), fc.boolean()).map(([extra, base]) => {
    const valid = slotQuery("999999999", "", []).replace(/^\/Slot\?/, "").split("&");
    const kept = base ? valid.filter((_, i) => i % 2 === 0) : valid;
    return `/Slot?${[...kept, ...extra].join("&")}`;
  }),
  fc.array(queryPart, { minLength: 50, maxLength: 200 }).map((parts) => `/Slot?${parts.join("&")}`),
);

const b64url = (s: string | Buffer) => Buffer.from(s).toString("base64url");

/** Authorization headers: valid, random, truncated, wrong alg, bad base64, huge or mistyped claims. */
function jwtArbitrary(scope: string): fc.Arbitrary<string> {
  const valid = () => consumerJwt({ scope });
  const claimNames = ["iss", "sub", "aud", "exp", "iat", "reason_for_request", "requested_scope", "requesting_device", "requesting_organization", "requesting_practitioner"];
  const mutatedClaims = fc
    .tuple(fc.constantFrom(...claimNames), fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined), fc.constantFrom("\u0000", { name: "x\u0000" }, [{ value: "\u0000" }]), fc.string({ maxLength: 3000 }), fc.constant("x".repeat(6000))))
    .map(([claim, value]) => {
      const [h, p] = valid().split(".");
      const payload = JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>;
      if (value === undefined) delete payload[claim];
      else payload[claim] = value;
      return `Bearer ${h}.${b64url(JSON.stringify(payload))}.`;
    });
  return fc.oneof(
    fc.constant(`Bearer ${valid()}`),
    mutatedClaims,
    fc.constantFrom("HS256", "RS256", "none ", "NONE", "", "ES512", "dir").map((alg) => `Bearer ${b64url(JSON.stringify({ alg, typ: "JWT" }))}.${valid().split(".")[1]}.c2ln`),
    fc.integer({ min: 0, max: 600 }).map((n) => `Bearer ${valid().slice(0, n)}`),
    fc.tuple(headerText(300), headerText(300)).map(([a, b]) => `Bearer ${a}.${b}.`),
    headerText(400),
    fc.constantFrom("Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer x.y.z", "Bearer ....", "Bearer a.b.c.d.e", `Bearer ${b64url("[]")}.${b64url("[]")}.`, `Bearer ${b64url("null")}.${b64url("1")}.`, `Bearer !!!.@@@.`),
    fc.jsonValue({ maxDepth: 4 }).map((v) => `Bearer ${b64url(JSON.stringify({ alg: "none" }))}.${b64url(JSON.stringify(v))}.`),
  );
}

const requestIds = fc.oneof(fc.uuid().map(String), headerText(100), fc.constantFrom("", "x".repeat(5000), "00000000-0000-0000-0000-000000000000"));
const accepts = fc.constantFrom("application/fhir+json", "application/fhir+xml", "application/json", "application/xml", "text/html", "*/*", "application/*", "", "application/fhir+json;q=0,application/fhir+xml;q=1", "application/fhir+xml;charset=latin1", ";;;", "image/png");
const formats = fc.constantFrom(undefined, "json", "xml", "application/fhir+json", "application/fhir+xml", "text/turtle", "", "html", "xml;q=");
const contentTypes = fc.constantFrom("application/fhir+json", "application/fhir+json; charset=utf-8", "application/fhir+xml", "application/json", "application/xml", "text/plain", "", "multipart/form-data; boundary=x", "application/fhir+json; charset=ebcdic", "application/x-www-form-urlencoded");
const contentEncodings = fc.constantFrom(undefined, "gzip", "deflate", "br", "identity", "gzip, gzip", "x-gzip", "compress", "");

/** Ssp-*, X-Request-ID, Accept, Authorization: each either as the standard wants, missing, or mutated. */
function headerSet(interaction: "slot" | "create" | "read" | "update", scope: string) {
  return fc
    .record({
      jwt: fc.option(jwtArbitrary(scope), { freq: 6 }),
      requestId: fc.option(requestIds, { freq: 3 }),
      traceId: fc.option(headerText(80), { freq: 3 }),
      from: fc.option(fc.oneof(fc.constant("918999198993"), headerText(60)), { freq: 3 }),
      interactionId: fc.option(headerText(120), { freq: 3 }),
      accept: fc.option(accepts, { freq: 3 }),
      extra: fc.dictionary(fc.constantFrom("If-Match", "Prefer", "X-Forwarded-For", "X-Forwarded-Proto", "Ssp-Version", "X-Edge-Secret", "Cookie", "Range"), headerText(100), { maxKeys: 3 }),
    })
    .map((r) => {
      const h: Record<string, string> = { ...sspHeaders(interaction) };
      if (r.jwt !== null) h.Authorization = r.jwt;
      if (r.requestId !== null) h["X-Request-ID"] = r.requestId;
      if (r.traceId !== null) h["Ssp-TraceID"] = r.traceId;
      if (r.from !== null) h["Ssp-From"] = r.from;
      if (r.interactionId !== null) h["Ssp-InteractionID"] = r.interactionId;
      if (r.accept !== null) h.Accept = r.accept;
      return { ...h, ...r.extra };
    });
}

/** Mutations of a valid JSON resource: drop, duplicate, retype fields; nest deeply; huge arrays. */
function mutateJson(valid: Record<string, any>): fc.Arbitrary<unknown> {
  type Path = (string | number)[];
  const paths: Path[] = [];
  const walk = (v: unknown, p: Path) => {
    paths.push(p);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
    else if (v && typeof v === "object") for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...p, k]);
  };
  walk(valid, []);
  const replacement = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(null, "", 0, -1, true, [], {}, "\u0000", "a\u0000b", "\u0001\uFFFE\uD800", "9999999999", "999 376 6984", "2026-02-30T25:00:00Z", "#P1", "#nope", "Appointment/../../x"),
    fc.integer({ min: 0, max: 20_000 }).map((n) => Array.from({ length: n }, () => 1)),
    fc.integer({ min: 10, max: 1_000 }).map((depth) => {
      let v: unknown = "x";
      for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
      return v;
    }),
  );
  const op = fc.record({ path: fc.constantFrom(...paths.filter((p) => p.length > 0)), kind: fc.constantFrom("drop", "replace", "duplicate", "stringify"), value: replacement });
  return fc.array(op, { minLength: 1, maxLength: 4 }).map((ops) => {
    const copy = structuredClone(valid);
    for (const o of ops) {
      let parent: any = copy;
      for (const k of o.path.slice(0, -1)) parent = parent?.[k];
      const last = o.path[o.path.length - 1];
      if (parent === null || typeof parent !== "object") continue;
      if (o.kind === "drop") {
        if (Array.isArray(parent) && typeof last === "number") parent.splice(last, 1);
        else delete parent[last];
      } else if (o.kind === "replace") parent[last] = o.value;
      else if (o.kind === "duplicate") {
        if (Array.isArray(parent)) parent.push(structuredClone(parent[last as number]));
        else parent[`${String(last)}`] = [parent[last], parent[last]];
      } else parent[last] = JSON.stringify(parent[last]) ?? "undefined";
    }
    return copy;
  });
}

/** Random edits of a text: insert, delete, replace or repeat a slice. */
function mutateText(valid: string): fc.Arbitrary<string> {
  const edit = fc.record({
    at: fc.nat({ max: valid.length }),
    len: fc.nat({ max: 200 }),
    kind: fc.constantFrom("insert", "delete", "replace", "repeat"),
    text: fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom("<", ">", "&", "&amp;", "&lt", "&#0;", "&#xD800;", "&bogus;", "]]>", "<![CDATA[x]]>", "<?pi x?>", "<!-- -->", '"', "'", "<x>", "</x>", "<a xmlns:b='urn:x'><b:c/></a>", "\u0000", "\uFFFE", "<!DOCTYPE x>", '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "&e;", "xmlns=\"\""),
    ),
  });
  return fc.array(edit, { minLength: 1, maxLength: 5 }).map((edits) => {
    let s = valid;
    for (const e of edits) {
      const at = Math.min(e.at, s.length);
      if (e.kind === "insert") s = s.slice(0, at) + e.text + s.slice(at);
      else if (e.kind === "delete") s = s.slice(0, at) + s.slice(at + e.len);
      else if (e.kind === "replace") s = s.slice(0, at) + e.text + s.slice(at + e.len);
      else s = s.slice(0, at) + s.slice(at, at + e.len).repeat(3) + s.slice(at);
    }
    return s;
  });
}

/** Deeply nested JSON as text (built without recursion), in place of one field of a valid body. */
const deepJson = (valid: Record<string, any>) =>
  fc.tuple(fc.integer({ min: 1_000, max: 100_000 }), fc.boolean()).map(([depth, arrays]) => {
    const [open, close] = arrays ? ["[", "]"] : ['{"a":', "}"];
    return JSON.stringify({ ...valid, description: "DEEP" }).replace('"DEEP"', `${open.repeat(depth)}1${close.repeat(depth)}`);
  });

const deepXml = fc.integer({ min: 100, max: 20_000 }).map((depth) => `<Appointment xmlns="http://hl7.org/fhir">${"<extension>".repeat(depth)}${"</extension>".repeat(depth)}</Appointment>`);

/** Bodies for POST and PUT, with a Content-Type and Content-Encoding to send them under. */
function bodies(validJson: Record<string, any>): fc.Arbitrary<{ body: string | Buffer; contentType: string; encoding?: string }> {
  const validXml = fhirJsonToXml(validJson);
  const json = (b: unknown) => ({ body: JSON.stringify(b) ?? "", contentType: "application/fhir+json" });
  return fc.oneof(
    { weight: 4, arbitrary: mutateJson(validJson).map(json) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 5 }).map(json) },
    { weight: 1, arbitrary: fc.string({ maxLength: 500 }).map((s) => ({ body: s, contentType: "application/fhir+json" })) },
    { weight: 3, arbitrary: mutateText(validXml).map((s) => ({ body: s, contentType: "application/fhir+xml" })) },
    { weight: 1, arbitrary: mutateText(JSON.stringify(validJson)).map((s) => ({ body: s, contentType: "application/fhir+json" })) },
    { weight: 1, arbitrary: deepXml.map((s) => ({ body: s, contentType: "application/fhir+xml" })) },
    { weight: 1, arbitrary: deepJson(validJson).map((s) => ({ body: s, contentType: "application/fhir+json" })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2000 }).map((b) => ({ body: Buffer.from(b), contentType: "application/fhir+json", encoding: "gzip" })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2000 }).map((b) => ({ body: gzipSync(Buffer.from(b)), contentType: "application/fhir+xml", encoding: "gzip" })) },
    {
      weight: 1,
      arbitrary: fc.tuple(mutateJson(validJson), fc.nat({ max: 400 })).map(([b, cut]) => {
        const gz = gzipSync(JSON.stringify(b));
        return { body: gz.subarray(0, Math.max(0, gz.length - cut)), contentType: "application/fhir+json", encoding: "gzip" };
      }),
    },
    { weight: 1, arbitrary: fc.tuple(mutateJson(validJson), contentTypes, contentEncodings).map(([b, ct, enc]) => ({ body: JSON.stringify(b), contentType: ct, encoding: enc })) },
  );
}

const ids = fc.oneof(
  fc.uuid().map(String),
  fc.string({ maxLength: 80 }).map(encodeURIComponent),
  fc.string({ unit: "grapheme", maxLength: 20 }).map(encodeURIComponent),
  nasty.map((s) => s.replace(/[/?#\s]/g, "")),
  fc.constantFrom("1", "0", "-1", "%2F", "%2e%2e", "..%2F..%2Fetc", "a%00b", "%", "%zz", "%E0%A4%A", "x".repeat(1500), "_history", "$everything", "Appointment", "1;DROP", "1'--"),
).filter((id) => !/^(\.|%2e){0,2}$/i.test(id)); // an empty or dot segment is another address (a redirect), not an id

// ---- the runs ----------------------------------------------------------------------------------------------

describe("hostile input over HTTP: never a 5xx, never internals, always a clear error (HAZ-022)", () => {
  let bookable: SlotEntry;
  let appointment: { id: string; resource: Record<string, any>; etag: string };
  const fakeSlot = (slot: SlotEntry): SlotEntry => ({ ...slot, id: randomUUID(), identifier: undefined });

  beforeAll(async () => {
    bookable = await freeSlot();
    const made = await send("/Appointment", { method: "POST", headers: bookHeaders(), body: JSON.stringify(bookingBody(await freeSlot())) });
    expect(made.status).toBe(201);
    const id = JSON.parse(made.text).id as string;
    const read = await fetch(`${BASE()}/Appointment/${id}`, { headers: { ...sspHeaders("read"), ...auth(SCOPES.read) } });
    expect(read.status).toBe(200);
    appointment = { id, resource: (await read.json()) as Record<string, any>, etag: read.headers.get("etag")! };
  });

  afterAll(() => {
    console.log(`fuzz: ${totalRequests} requests in ${((performance.now() - started) / 1000).toFixed(1)} s, seed ${SEED}`);
  });

  it("GET /Slot with random and near-valid query strings", async () => {
    await holds(
      fc.tuple(slotSearch, formats),
      async ([path, format]) => {
        const url = format === undefined ? path : `${path}&_format=${encodeURIComponent(format)}`;
        expectFhirAnswer(await send(url, { headers: { ...sspHeaders("slot"), ...auth(SCOPES.slotRead) } }), `GET ${url}`);
      },
      600,
    );
  });

  it("GET /Slot with random and mutated headers (JWTs, Ssp-*, X-Request-ID, Accept)", async () => {
    const query = slotQuery("999999999", "", []);
    await holds(
      fc.tuple(headerSet("slot", SCOPES.slotRead), formats),
      async ([headers, format]) => {
        const url = format === undefined ? query : `${query}&_format=${encodeURIComponent(format)}`;
        expectFhirAnswer(await send(url, { headers }), `GET /Slot with ${JSON.stringify(headers).slice(0, 300)}`);
      },
      450,
    );
  });

  it("POST /Appointment with mutated, random, XML and gzip bodies and mutated headers", async () => {
    // The valid shape points at the one real free slot kept for this test (at most one booking can succeed) or at
    // a slot that does not exist.
    await holds(
      fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), headerSet("create", SCOPES.write), contentTypes, formats).chain(([real, plainHeaders, bodyType, headers, ct, format]) =>
        bodies(bookingBody(real ? bookable : fakeSlot(bookable))).map((b) => ({ b, headers: plainHeaders ? bookHeaders() : headers, ct: plainHeaders || bodyType ? b.contentType : ct, format })),
      ),
      async ({ b, headers, ct, format }) => {
        const h: Record<string, string> = { ...headers, "Content-Type": ct };
        if (b.encoding !== undefined) h["Content-Encoding"] = b.encoding;
        const url = format === undefined ? "/Appointment" : `/Appointment?_format=${encodeURIComponent(format)}`;
        expectFhirAnswer(await send(url, { method: "POST", headers: h, body: b.body }), `POST ${url} ${String(b.body).slice(0, 200)}`);
      },
      550,
    );
  });

  it("PUT /Appointment/{id} with mutated cancellations, random bodies and If-Match values", async () => {
    const cancel = { ...appointment.resource, status: "cancelled" };
    const putHeaders = (ifMatch: string | null, ct: string) => ({ ...sspHeaders("update"), ...auth(SCOPES.write), "Content-Type": ct, ...(ifMatch === null ? {} : { "If-Match": ifMatch }) });
    await holds(
      fc.record({
        b: bodies(cancel),
        ifMatch: fc.option(fc.oneof(fc.constant(appointment.etag), fc.constantFrom('W/"1"', 'W/"2"', 'W/""', "*", 'W/"-1"', '"1"', 'W/"99999999999999999999"'), headerText(60)), { freq: 5 }),
        id: fc.oneof(fc.constant(appointment.id), ids),
      }),
      async ({ b, ifMatch, id }) => {
        const headers: Record<string, string> = putHeaders(ifMatch, b.contentType);
        if (b.encoding !== undefined) headers["Content-Encoding"] = b.encoding;
        expectFhirAnswer(await send(`/Appointment/${id}`, { method: "PUT", headers, body: b.body }), `PUT /Appointment/${id.slice(0, 60)} ${String(b.body).slice(0, 200)}`);
      },
      300,
    );
  });

  it("GET /Appointment/{id} and /_history/{vid} with hostile ids", async () => {
    await holds(
      fc.tuple(ids, fc.option(ids, { freq: 2 }), headerSet("read", SCOPES.read)),
      async ([id, vid, headers]) => {
        const url = vid === null ? `/Appointment/${id}` : `/Appointment/${id}/_history/${vid}`;
        expectFhirAnswer(await send(url, { headers }), `GET ${url.slice(0, 200)}`);
        expectFhirAnswer(await send(url, { headers: { ...sspHeaders("read"), ...auth(SCOPES.read) } }), `GET ${url.slice(0, 200)}`);
      },
      300,
    );
  });

  it("GET /Appointment?… searches with random and near-valid parameters", async () => {
    const key = fc.constantFrom("identifier", "patient.identifier", "patient:identifier", "_id", "version", "_format", "status", "");
    const value = fc.oneof(
      fuzzValue,
      fc.constantFrom("https://fhir.nhs.uk/Id/nhs-number|9993766984", "https://fhir.nhs.uk/Id/nhs-number|", "|9993766984", "9993766984", "https://fhir.nhs.uk/Id/nhs-number|999 376 6984", "a|b|c", appointment.id, "%00", "\u0000"),
    );
    await holds(
      fc.array(fc.tuple(key, value), { maxLength: 5 }),
      async (pairs) => {
        const url = `/Appointment?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`;
        expectFhirAnswer(await send(url, { headers: { ...sspHeaders("read"), ...auth(SCOPES.read) } }), `GET ${url.slice(0, 300)}`);
      },
      200,
    );
  });

  it("POST /itk/nhs111 with random and mutated ITK SOAP envelopes", async () => {
    const cda = fixtureBody("nhs111-report-v2.xml");
    const valid = soapEnvelope({ payloads: [{ id: "uuid_A", xml: cda }], messageId: randomUUID().toUpperCase(), trackingId: randomUUID().toUpperCase() });
    const base64 = soapEnvelope({ payloads: [{ id: "uuid_A", xml: cda, base64: true }] });
    const envelope = fc.oneof(
      { weight: 5, arbitrary: mutateText(valid) },
      { weight: 2, arbitrary: mutateText(base64) },
      { weight: 1, arbitrary: fc.string({ maxLength: 500 }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((s) => valid.replace("uuid_A</", `${s}</`).replace('base64="true"', "")) },
      { weight: 1, arbitrary: fc.base64String({ maxLength: 400 }).map((s) => base64.replace(/(<itk:payload id="uuid_A">)[^<]*/, `$1${s}`)) },
      { weight: 1, arbitrary: fc.constantFrom("base64=\"true\" compressed=\"true\"", 'encrypted="true"', 'base64="yes"', 'base64="true" compressed="1"').map((attr) => base64.replace(/base64="true"/, attr)) },
    );
    await holds(
      fc.tuple(envelope, fc.constantFrom("text/xml; charset=utf-8", "application/soap+xml", "", "application/json"), contentEncodings, fc.boolean()),
      async ([xml, ct, enc, gz]) => {
        const headers: Record<string, string> = { SOAPAction: "urn:nhs-itk:services:201005:SendNHS111Report-v2-0" };
        if (ct) headers["Content-Type"] = ct;
        let body: string | Buffer = xml;
        if (gz) {
          body = gzipSync(xml);
          headers["Content-Encoding"] = "gzip";
        } else if (enc !== undefined) headers["Content-Encoding"] = enc;
        expectItkAnswer(await send(`${process.env.API_BASE_URL}/itk/nhs111`, { method: "POST", headers, body }), `POST /itk/nhs111 ${xml.slice(0, 300)}`);
      },
      400,
    );
  });
});
