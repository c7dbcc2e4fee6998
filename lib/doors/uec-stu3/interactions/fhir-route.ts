import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { deploymentConfig, edgeTrustFor, type DeploymentConfig } from "../../../config/deployment";
import type { ConsumerActor } from "../../../auth/actor";
import { auditRequest } from "../../http/request-audit";
import { requestLogger } from "../../../observability/logger";
import { observeRequest } from "../../../observability/metrics";
import { contentTypeFor, requestBodyFormat, responseFormat, type FhirFormat } from "../negotiate";
import { fhirErrorKindForDomainError, fhirErrorResponse, type FhirErrorKind } from "../operation-outcome";
import { fhirJsonToXml, fhirXmlToJson, FhirXmlError } from "../xml";
import { edgeTrustProblem } from "../../http/edge-trust";
import { INTERACTIONS, type Interaction, type InteractionId } from "./interactions";
import { readBody } from "../../http/read-body";
import { containsNul, MAX_JSON_DEPTH, nestedDeeperThan } from "../../http/input-guards";
import { authoriseConsumer } from "./authorise-consumer";
import { FhirHttpError } from "./fhir-http-error";
import { doorAnswerHeaders } from "../../http/answer-headers";
import { DatabaseUnavailable } from "../../../errors";

export interface FhirContext {
  req: Request;
  url: URL;
  interaction: Interaction;
  /** The consumer's X-Request-ID (echoed as X-Correlation-ID) */
  requestId: string | null;
  traceId: string | null;
  format: FhirFormat;
  consumer: ConsumerActor;
  body: Record<string, unknown> | null;
  config: DeploymentConfig;
  log: Logger;
}

export interface FhirResult {
  status: number;
  /** The answer's resource; or `render`, which gives its text in the negotiated format directly. */
  resource?: Record<string, unknown>;
  render?: (format: FhirFormat) => string | Uint8Array;
  headers?: Record<string, string>;
  audit?: { entityType?: string; entityId?: string; patientNhsNumber?: string | null; detail?: Record<string, unknown> };
}

export { FhirHttpError };

/** Longer addresses are refused (414): no search this API offers needs more. */
const MAX_URL_LENGTH = 16_384;

function serialise(resource: Record<string, unknown>, format: FhirFormat): string {
  return format === "xml" ? fhirJsonToXml(resource) : JSON.stringify(resource);
}

function respond(req: Request, status: number, resource: Record<string, unknown> | ((format: FhirFormat) => string | Uint8Array), format: FhirFormat, headers: Record<string, string>): Response {
  const text = typeof resource === "function" ? resource(format) : serialise(resource, format);
  const h = doorAnswerHeaders(req, headers);
  h.set("Content-Type", contentTypeFor(format));
  // Compression (gzip when the client accepts it) is done by the Next.js server for every answer.
  return new Response(text as BodyInit, { status, headers: h });
}

/**
 * Wraps a FHIR route handler with the standard's HTTP behaviour, in the check order the assurance tests need:
 * content type (415) → edge trust and JWT (403) → required headers (400) → body (413 / 400) → the handler
 * (404 / 409 / 412 / 422). Every answer carries our X-Request-ID, the caller's as X-Correlation-ID and
 * `Cache-Control: no-store`; every error is a Spine OperationOutcome; nothing a client sends produces a 500
 * with internals; every request is audited with the JWT provenance.
 */
export function fhirRoute<P = unknown>(interactionId: InteractionId, handler: (ctx: FhirContext, params: P) => Promise<FhirResult>) {
  const interaction = INTERACTIONS[interactionId];
  return async (req: Request, routeCtx: { params: Promise<P> }): Promise<Response> => {
    const started = performance.now();
    const url = new URL(req.url);
    const ourId = randomUUID();
    const requestId = req.headers.get("x-request-id");
    const traceId = req.headers.get("ssp-traceid");
    const config = deploymentConfig();
    const log = requestLogger({ requestId: ourId, correlationId: requestId, traceId });
    const baseHeaders: Record<string, string> = { "X-Request-ID": ourId };
    if (requestId) baseHeaders["X-Correlation-ID"] = requestId;
    const negotiated = responseFormat({ format: url.searchParams.get("_format"), accept: req.headers.get("accept"), contentType: req.headers.get("content-type") });
    const format: FhirFormat = negotiated.ok ? negotiated.format : "json";
    let consumer: ConsumerActor = { type: "consumer", asid: req.headers.get("ssp-from") ?? undefined, requestId: requestId ?? undefined, traceId: traceId ?? undefined };
    let status = 500;
    let audit: FhirResult["audit"] | undefined;
    try {
      if (req.url.length > MAX_URL_LENGTH) throw new FhirHttpError("uri-too-long", `The request address is ${req.url.length} characters long; at most ${MAX_URL_LENGTH} are accepted`);
      if (!negotiated.ok) throw new FhirHttpError("unsupported-media-type", `Cannot answer in the format asked for (${negotiated.detail})`);
      let bodyFormat: FhirFormat | null = null;
      if (interaction.body) {
        const b = requestBodyFormat(req.headers.get("content-type"));
        if (!b.ok) throw new FhirHttpError("unsupported-media-type", `Send the body as application/fhir+json or application/fhir+xml (${b.detail})`);
        bodyFormat = b.format;
      }
      const edgeProblem = edgeTrustProblem(req.headers, edgeTrustFor("uec-stu3", config));
      if (edgeProblem) throw new FhirHttpError("forbidden", edgeProblem);
      if (interaction.auth) {
        consumer = await authoriseConsumer(req, interaction, config, { requestId, traceId }, log);
      }
      if (interaction.write && !requestId) throw new FhirHttpError("missing-header", "X-Request-ID is required on every request that changes data");
      let body: Record<string, unknown> | null = null;
      if (interaction.body && bodyFormat) {
        const read = await readBody(req);
        if (!read.ok && read.problem.kind === "too-large") {
          // The rest of the body is left unread: say the connection closes, so the client never sends its next request
          // into a keep-alive connection the server is about to drop (it would be reset).
          throw new FhirHttpError("body-too-large", read.problem.detail, undefined, { Connection: "close" });
        }
        if (!read.ok) throw new FhirHttpError("malformed-body", read.problem.detail);
        body = parseBody(read.text, bodyFormat);
      }
      const params = (await routeCtx.params) as P;
      if (containsNul(params) || containsNul([...url.searchParams])) throw new FhirHttpError("bad-parameter", "The request address holds a NUL character");
      const result = await handler({ req, url, interaction, requestId, traceId, format, consumer, body, config, log }, params);
      status = result.status;
      audit = result.audit;
      return respond(req, result.status, result.render ?? result.resource ?? {}, format, { ...baseHeaders, ...(result.headers ?? {}) });
    } catch (e) {
      const { kind, diagnostics, location } = classify(e, log);
      const err = fhirErrorResponse(kind, { diagnostics, location, id: ourId }, { slotUnavailableStatus: config.slotTakenStatus });
      status = err.status;
      audit = { ...(audit ?? {}), detail: { error: kind, diagnostics } };
      const headers = e instanceof FhirHttpError && e.headers ? { ...baseHeaders, ...e.headers } : e instanceof DatabaseUnavailable ? { ...baseHeaders, "Retry-After": String(e.retryAfterSeconds) } : baseHeaders;
      return respond(req, err.status, err.body as unknown as Record<string, unknown>, format, headers);
    } finally {
      const seconds = (performance.now() - started) / 1000;
      observeRequest(interaction.route, req.method, status, seconds);
      log.info({ interaction: interaction.id, method: req.method, status, ms: Math.round(seconds * 1000), consumerOds: consumer.odsCode, asid: consumer.asid }, "fhir request");
      if (interaction.id !== "metadata") {
        const event = {
          action: `fhir.${interaction.id}`,
          entityType: audit?.entityType,
          entityId: audit?.entityId,
          patientNhsNumber: audit?.patientNhsNumber ?? null,
          outcome: status < 400 ? ("success" as const) : ("refused" as const),
          correlationId: ourId,
          detail: { status, ...(audit?.detail ?? {}), query: interaction.id === "search-slot" ? url.search : undefined },
        };
        // A patient's record shown to a consumer was audited by the use case that read it (once, with the patient's
        // NHS number, before the answer was made). Everything else (searches, refusals, and bookings or cancellations
        // already audited in their own transaction) is recorded here, in the next batch.
        if (!(status < 400 && interaction.showsPatient)) void auditRequest(consumer, event, "batched", log);
      }
    }
  };
}

function parseBody(text: string, format: FhirFormat): Record<string, unknown> {
  if (!text.trim()) throw new FhirHttpError("malformed-body", "The request body is empty");
  if (format === "json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new FhirHttpError("malformed-body", "The request body is not valid JSON");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new FhirHttpError("invalid-body", "The request body must be a FHIR resource");
    if (nestedDeeperThan(parsed, MAX_JSON_DEPTH)) throw new FhirHttpError("malformed-body", `The request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
    if (containsNul(parsed)) throw new FhirHttpError("malformed-body", "The request body holds a NUL character");
    return parsed as Record<string, unknown>;
  }
  try {
    return fhirXmlToJson(text) as unknown as Record<string, unknown>;
  } catch (e) {
    if (e instanceof FhirXmlError) throw new FhirHttpError("invalid-body", e.message);
    throw new FhirHttpError("malformed-body", "The request body is not well-formed FHIR XML");
  }
}

function classify(e: unknown, log: Logger): { kind: FhirErrorKind; diagnostics?: string; location?: string[] } {
  if (e instanceof FhirHttpError) return { kind: e.kind, diagnostics: e.diagnostics, location: e.location };
  const kind = fhirErrorKindForDomainError(e);
  if (e instanceof DatabaseUnavailable) {
    log.error({ err: e.detail ?? e.message }, "database unavailable in FHIR handler");
    return { kind };
  }
  if (kind === "server-error") {
    log.error({ err: e instanceof Error ? e.message : String(e) }, "unexpected error in FHIR handler");
    return { kind, diagnostics: "Unexpected internal server error" };
  }
  const msg = e instanceof Error ? e.message : undefined;
  const existingId = (e as { existingId?: string }).existingId;
  return { kind, diagnostics: existingId ? `${msg}: the booking made with it is ${deploymentConfig().fhirBaseUrl}/Appointment/${existingId}` : msg };
}

/** An OperationOutcome answer made before any interaction runs (no such path, no such method), with our ids. */
function plainError(req: Request, kind: FhirErrorKind, diagnostics: string, extra: Record<string, string> = {}): Response {
  const ourId = randomUUID();
  const err = fhirErrorResponse(kind, { diagnostics, id: ourId });
  const negotiated = responseFormat({ format: new URL(req.url).searchParams.get("_format"), accept: req.headers.get("accept") });
  const headers: Record<string, string> = { "X-Request-ID": ourId, ...extra };
  const rid = req.headers.get("x-request-id");
  if (rid) headers["X-Correlation-ID"] = rid;
  return respond(req, err.status, err.body as unknown as Record<string, unknown>, negotiated.ok ? negotiated.format : "json", headers);
}

/** Answers 405 with an OperationOutcome for methods the standard does not define on a path (OPTIONS included). */
export function fhirMethodNotAllowed(allowed: string[]) {
  return async (req: Request): Promise<Response> => plainError(req, "method-not-allowed", `${req.method} is not supported here; use ${allowed.join(" or ")}`, { Allow: allowed.join(", ") });
}

/** Anything under the FHIR base that is not one of its interactions: 404 with an OperationOutcome, not a web page. */
export async function fhirUnknownPath(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname;
  return plainError(req, "unknown-path", `There is no ${req.method} ${path.slice(0, 200)} on this FHIR API: it offers metadata, Slot and Appointment`);
}
