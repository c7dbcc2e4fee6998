// The BaRS conformance suite's HTTP client. Built only from the assurance tool's (TKW) header sets and the BaRS
// implementation guide: nothing here imports product code, so the suite tests the door as a sender sees it.
import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { gunzipSync, gzipSync } from "node:zlib";
import { expect } from "vitest";

/** The service the assurance data set hosts (TKW's `__TO_SERVICE__`). */
export const SERVICE = "999999999";
/** The sender's own service id as TKW writes it into MessageHeader.source.endpoint. */
export const FROM_SERVICE = "TKW0004";
export const DOS = "https://fhir.nhs.uk/Id/dos-service-id";

export const BASE_PATH = "/R4";
export const origin = () => process.env.API_BASE_URL ?? `http://127.0.0.1:${process.env.API_TEST_PORT ?? 3230}`;
/** Every instance the setup started (API_TEST_INSTANCES=2 starts a second on the same database): races spread over them. */
export const origins = () => [origin(), ...(process.env.API_SECOND_BASE_URL ? [process.env.API_SECOND_BASE_URL] : [])];

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64");

/** TKW `credentials` header set (autotest_config/json_header_templates), re-expressed. */
export function credentials(service = SERVICE): Record<string, string> {
  return {
    "NHSD-Target-Identifier": b64({ value: service, system: DOS }),
    "NHSD-End-User-Organisation": b64({
      resourceType: "Organization",
      identifier: [{ value: "A1001", system: "https://fhir.nhs.uk/Id/ods-organization-code" }],
      name: "My service provider name",
    }),
    "NHSD-Requesting-Practitioner": b64({
      resourceType: "PractitionerRole",
      identifier: [{ system: "https://fhir.nhs.uk/Id/sds-role-profile-id", value: "100334993514" }],
      code: [{ coding: [{ system: "http://snomed.info/sct", code: "62247001", display: "General Practitioner" }] }],
    }),
    // As TKW sends it: not valid R4 (deviceName and version are objects); the door must decode it leniently.
    "NHSD-Requesting-Software": b64({
      resourceType: "Device",
      identifier: [{ system: "urn:oid:1.2.36.146.595.217.0.1", value: "SUPP-APP-1" }],
      deviceName: { name: "My software", type: "manufacturer-name" },
      version: { value: "1.0.0" },
    }),
    // TKW's Oauth2AccessToken header set; the door must ignore it.
    Authorization: "Bearer dummy-access-token",
  };
}

export interface Integrity {
  "X-Request-ID": string;
  "X-Correlation-ID": string;
}
export const integrity = (): Integrity => ({ "X-Request-ID": randomUUID(), "X-Correlation-ID": randomUUID() });

export const JSON_ACCEPT = { Accept: "application/fhir+json; version=1.0.0" };
export const XML_ACCEPT = { Accept: "application/fhir+xml; version=1.0.0" };
// TKW writes the header name as `Content-type`.
export const JSON_CONTENT = { "Content-type": "application/fhir+json" };
export const XML_CONTENT = { "Content-type": "application/fhir+xml" };
export const contextHeader = (reason: "new" | "update", category = "referral", event = "servicerequest-request") => ({
  "use-context": `a1t1|${category}|${event}|${reason}`,
});

/** The default header set of every TKW request: credentials, integrity, JSON accept. */
export function tkwHeaders(extra: Record<string, string | string[] | undefined> = {}, ids: Integrity = integrity()) {
  return { ...credentials(), ...ids, ...JSON_ACCEPT, ...extra };
}

export interface BarsResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body after gunzip, when the server gzipped it. */
  body: Buffer;
  text: string;
  wasGzip: boolean;
  json: () => any;
  header: (name: string) => string | undefined;
}

/**
 * One HTTP request, byte-exact: headers sent as given (duplicates as arrays, names as written), the path as written
 * (no normalisation of `/R4/Appointment/` or `$process-message`), the body as given. A gzipped answer is inflated
 * and marked, as TKW's `X-was-Content-Encoding` check does.
 */
export function send(
  method: string,
  path: string,
  opts: { headers?: Record<string, string | string[] | undefined>; body?: string | Buffer; base?: string; timeoutMs?: number } = {},
): Promise<BarsResponse> {
  const url = new URL(opts.base ?? origin());
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) headers[k] = v;
  if (opts.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(opts.body));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method, path: path.startsWith("/R4") || path.startsWith("/STU3") || path.startsWith("/api") ? path : `${BASE_PATH}${path}`, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          let body = Buffer.concat(chunks);
          const wasGzip = /gzip/i.test(String(res.headers["content-encoding"] ?? ""));
          if (wasGzip) body = gunzipSync(body);
          const text = body.toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text,
            wasGzip,
            json: () => JSON.parse(text),
            header: (name) => {
              const v = res.headers[name.toLowerCase()];
              return Array.isArray(v) ? v.join(", ") : v;
            },
          });
        });
      },
    );
    req.setTimeout(opts.timeoutMs ?? 55_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on("error", reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

export const get = (path: string, headers: Record<string, string | string[] | undefined> = tkwHeaders()) => send("GET", path, { headers });

/** POST /$process-message with a JSON body (TKW default content and accept headers). */
export function processMessage(
  body: unknown,
  opts: { headers?: Record<string, string | string[] | undefined>; ids?: Integrity; method?: string; gzip?: boolean; base?: string } = {},
): Promise<BarsResponse> {
  const raw = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const payload = opts.gzip ? gzipBody(raw) : raw;
  const headers = { ...tkwHeaders({}, opts.ids ?? integrity()), ...JSON_CONTENT, ...(opts.gzip ? { "Content-Encoding": "gzip" } : {}), ...opts.headers };
  return send(opts.method ?? "POST", "/$process-message", { headers, body: payload, base: opts.base });
}

export const gzipBody = (body: string | Buffer) => gzipSync(typeof body === "string" ? Buffer.from(body) : body);

// ---------------------------------------------------------------------------------------------------------------
// The TKW window, from the server's clock. The api-tests run the servers on a fixed test clock (ED_TEST_MODE=1 with
// ED_TEST_CLOCK, ticking from ED_TEST_CLOCK_ORIGIN, or frozen with ED_TEST_CLOCK_MODE=frozen); this process sees the
// same environment, so it reads the same clock without importing the product's.

export function serverNow(env: NodeJS.ProcessEnv = process.env): Date {
  const at = env.ED_TEST_MODE === "1" && env.ED_TEST_CLOCK ? Date.parse(env.ED_TEST_CLOCK) : NaN;
  if (Number.isNaN(at)) return new Date();
  if ((env.ED_TEST_CLOCK_MODE ?? "ticking").toLowerCase() === "frozen") return new Date(at);
  const originMs = env.ED_TEST_CLOCK_ORIGIN ? Number(env.ED_TEST_CLOCK_ORIGIN) : Date.now();
  return new Date(at + (Date.now() - originMs));
}

const LONDON = "Europe/London";

/** The London calendar date of an instant, as [year, month (1-12), day]. */
export function londonDate(d: Date): [number, number, number] {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: LONDON, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(d);
  const n = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return [n("year"), n("month"), n("day")];
}

/** London's offset from UTC at an instant, in minutes (0 or 60). */
export function londonOffsetMinutes(d: Date): number {
  const name = new Intl.DateTimeFormat("en-GB", { timeZone: LONDON, timeZoneName: "longOffset" }).formatToParts(d).find((p) => p.type === "timeZoneName")!.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** A London wall-clock time on the London date `daysAhead` days after now's, as an instant. */
export function londonWallClock(daysAhead: number, hour = 0, minute = 0, now = serverNow()): Date {
  const [y, mo, d] = londonDate(now);
  const guess = Date.UTC(y, mo - 1, d + daysAhead, hour, minute);
  let instant = guess - londonOffsetMinutes(new Date(guess)) * 60_000;
  instant = guess - londonOffsetMinutes(new Date(instant)) * 60_000;
  return new Date(instant);
}

/** Java's `yyyy-MM-dd'T'HH:mm:ssXXX` in Europe/London: `Z` at offset zero, `+01:00` in summer. */
export function javaLondon(instant: Date): string {
  const off = londonOffsetMinutes(instant);
  const local = new Date(instant.getTime() + off * 60_000).toISOString().slice(0, 19);
  if (off === 0) return `${local}Z`;
  const sign = off < 0 ? "-" : "+";
  const a = Math.abs(off);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}

/** TKW's window: `[tomorrow 00:00, today + 4 00:00]` Europe/London, as `ge`/`le` values. */
export function tkwWindow(now = serverNow()): { ge: string; le: string; geInstant: Date; leInstant: Date } {
  const geInstant = londonWallClock(1, 0, 0, now);
  const leInstant = londonWallClock(4, 0, 0, now);
  return { ge: javaLondon(geInstant), le: javaLondon(leInstant), geInstant, leInstant };
}

export const enc = encodeURIComponent;
export const INC6 = [
  "Slot:schedule",
  "Schedule:actor:Practitioner",
  "Schedule:actor:PractitionerRole",
  "Schedule:actor:HealthcareService",
  "HealthcareService:location",
  "HealthcareService:providedBy",
] as const;
export const includes = (list: readonly string[] = INC6) => list.map((i) => `_include=${enc(i)}`).join("&");
export const HCS = (service = SERVICE) => `Schedule.actor%3AHealthcareService=${service}`;
export const WINDOW = (w = tkwWindow()) => `start=ge${enc(w.ge)}&start=le${enc(w.le)}`;
/** `GET /Slot?HCS=ours&WINDOW&status=free&INC6`, TKW's slot search. */
export const slotSearchPath = (status = "free", extra = "") => `/Slot?${HCS()}&${WINDOW()}&status=${status}&${includes()}${extra}`;

// ---------------------------------------------------------------------------------------------------------------
// Assertions shared by the suite.

/** Every answer mirrors both integrity headers unchanged (BaRS Core, transactional integrity). */
export function expectMirrored(res: BarsResponse, ids: Integrity) {
  expect(res.header("x-request-id"), "X-Request-ID mirrored").toBe(ids["X-Request-ID"]);
  expect(res.header("x-correlation-id"), "X-Correlation-ID mirrored").toBe(ids["X-Correlation-ID"]);
}

export const expectJson = (res: BarsResponse) => expect(res.header("content-type") ?? "").toMatch(/^application\/fhir\+json/);
export const expectXml = (res: BarsResponse) => expect(res.header("content-type") ?? "").toMatch(/^application\/fhir\+xml/);

/**
 * A one-issue OperationOutcome with one details coding: TKW reads `issue.code` and `issue.details.coding.code` with
 * XPath `matches()`, which fails on two issues. `codes` lists the issue codes TKW accepts.
 */
export function expectOutcome(res: BarsResponse, status: number, codes?: string | string[], rec?: string | RegExp) {
  expect(res.status, `status (body: ${res.text.slice(0, 400)})`).toBe(status);
  expect(res.header("content-type") ?? "").toMatch(/^application\/fhir\+(json|xml)/);
  if (!/json/.test(res.header("content-type") ?? "")) {
    expect(res.text).toContain("<OperationOutcome");
    return;
  }
  const oo = res.json();
  expect(oo.resourceType).toBe("OperationOutcome");
  expect(oo.issue).toHaveLength(1);
  const issue = oo.issue[0];
  expect(issue.severity).toMatch(/^(error|fatal)$/);
  expect(issue.details?.coding ?? []).toHaveLength(1);
  expect(issue.details.coding[0].code).toMatch(/^(REC|SEND)_[A-Z_]+$/);
  if (codes !== undefined) expect([codes].flat()).toContain(issue.code);
  if (rec !== undefined) expect(issue.details.coding[0].code).toMatch(typeof rec === "string" ? new RegExp(`^${rec}$`) : rec);
}

/** The REC_ code each status must carry (BaRS http-error-codes, §7.3). */
export const REC_FOR_STATUS: Record<number, RegExp> = {
  400: /^REC_BAD_REQUEST$/,
  401: /^REC_UNAUTHORIZED$/,
  404: /^REC_NOT_FOUND$/,
  405: /^REC_METHOD_NOT_ALLOWED$/,
  406: /^REC_NOT_ACCEPTABLE$/,
  409: /^REC_CONFLICT$/,
  413: /^REC_(BAD_REQUEST|UNPROCESSABLE_ENTITY|PAYLOAD_TOO_LARGE)$/,
  415: /^REC_BAD_REQUEST$/,
  422: /^REC_UNPROCESSABLE_ENTITY$/,
  425: /^REC_TOO_EARLY$/,
};

export type Resource = Record<string, any> & { resourceType: string };
export type Entry = { fullUrl?: string; resource: Resource; search?: { mode: string } };
export const entriesOf = (bundle: any): Entry[] => (bundle?.entry ?? []) as Entry[];
export const resourcesOf = (bundle: any, type: string): Resource[] => entriesOf(bundle).map((e) => e.resource).filter((r) => r?.resourceType === type);
export const firstOf = (bundle: any, type: string): Resource => {
  const r = resourcesOf(bundle, type)[0];
  if (!r) throw new Error(`no ${type} in the Bundle`);
  return r;
};

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
