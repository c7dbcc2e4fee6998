/**
 * The BaRS door's HTTP behaviour, once for every interaction, in the check order the assurance tests need
 * (BARS-RECEIVER §8): method (405) → edge trust (403) → integrity headers (400) → Accept version (406) →
 * addressed service (404) → the interaction. Every answer mirrors the caller's X-Request-ID and X-Correlation-ID
 * unchanged (errors too: not the STU3 door's behaviour), is never cached, and every error is a one-issue
 * OperationOutcome with its REC_ code. Every request is audited with the decoded NHSD-* headers.
 */
import type { Logger } from "pino";
import type { ConsumerActor } from "../../auth/actor";
import { edgeTrustFor } from "../../config/deployment";
import { requestLogger } from "../../observability/logger";
import { observeRequest } from "../../observability/metrics";
import { doorAnswerHeaders } from "../http/answer-headers";
import { edgeTrustProblem } from "../http/edge-trust";
import { auditRequest } from "../http/request-audit";
import { checkIntegrity, integrityEcho, senderHeaders, type Integrity, type SenderHeaders } from "./headers";
import { BarsError, barsErrorForDomainError, operationOutcome } from "./rec-errors";
import { acceptVersionR4, negotiateR4Format, requestBodyFormatR4, serialiseR4, type R4Format, type R4Resource } from "./wire";

export interface BarsContext {
  req: Request;
  url: URL;
  format: R4Format;
  integrity: Integrity;
  sender: SenderHeaders;
  actor: ConsumerActor;
  log: Logger;
}

export interface BarsResult {
  status: number;
  resource: Record<string, unknown>;
  /** The answer's text in a format written directly (a search's cached JSON); otherwise `resource` is serialised. */
  render?: (format: R4Format) => string | null;
  audit?: { entityType?: string; entityId?: string; patientNhsNumber?: string | null; detail?: Record<string, unknown>; audited?: boolean };
}

export interface BarsRouteOptions {
  /** The interaction's name in logs, metrics and audit. */
  id: string;
  /** The methods this address answers; any other is 405. */
  methods: readonly string[];
  /** The interaction takes a FHIR body: its Content-Type is checked (415) straight after the method. */
  body?: boolean;
}

const MAX_URL_LENGTH = 16_384;

function contentType(format: R4Format): string {
  return format === "xml" ? "application/fhir+xml; charset=utf-8" : "application/fhir+json; charset=utf-8";
}

function respond(req: Request, status: number, resource: Record<string, unknown>, format: R4Format, headers: Record<string, string>, render?: BarsResult["render"]): Response {
  const h = doorAnswerHeaders(req, headers);
  h.set("Content-Type", contentType(format));
  let text: string;
  try {
    text = render?.(format) ?? serialiseR4(resource as R4Resource, format);
  } catch {
    // An answer that cannot be written in XML is still given, in JSON, rather than lost.
    h.set("Content-Type", contentType("json"));
    text = JSON.stringify(resource);
  }
  return new Response(text, { status, headers: h });
}

export function barsRoute<P = unknown>(options: BarsRouteOptions, handler: (ctx: BarsContext, params: P) => Promise<BarsResult>) {
  return async (req: Request, routeCtx?: { params: Promise<P> }): Promise<Response> => {
    const started = performance.now();
    const url = new URL(req.url);
    const echo = integrityEcho(req.headers);
    const log = requestLogger({ requestId: echo["X-Request-ID"] ?? "none", correlationId: echo["X-Correlation-ID"] ?? null, traceId: null });
    const format = negotiateR4Format({ format: url.searchParams.get("_format"), accept: req.headers.get("accept"), contentType: req.headers.get("content-type") });
    const sender = senderHeaders(req.headers);
    const actor: ConsumerActor = {
      type: "consumer",
      odsCode: sender.endUserOrganisation?.odsCode ?? undefined,
      orgName: sender.endUserOrganisation?.name ?? undefined,
      device: sender.requestingSoftware?.name ?? sender.requestingSoftware?.id ?? undefined,
      practitioner: sender.requestingPractitioner?.roleProfileId ?? undefined,
      requestId: echo["X-Request-ID"],
    };
    let status = 500;
    let audit: BarsResult["audit"];
    let rec: string | undefined;
    try {
      if (req.url.length > MAX_URL_LENGTH) throw new BarsError("REC_BAD_REQUEST", "too-long", `The request address is longer than ${MAX_URL_LENGTH} characters`, {}, 414);
      if (!options.methods.includes(req.method)) {
        throw new BarsError("REC_METHOD_NOT_ALLOWED", "not-supported", `${req.method} is not allowed here: use ${options.methods.join(" or ")}`, { Allow: options.methods.join(", ") });
      }
      if (options.body && requestBodyFormatR4(req.headers.get("content-type")) === "unsupported") {
        throw new BarsError("REC_BAD_REQUEST", "not-supported", "Send the message as application/fhir+json or application/fhir+xml", {}, 415);
      }
      const edgeProblem = edgeTrustProblem(req.headers, edgeTrustFor("bars-r4"));
      if (edgeProblem) throw new BarsError("REC_FORBIDDEN", "forbidden", edgeProblem);
      const integrity = checkIntegrity(req.headers);
      if (acceptVersionR4(req.headers.get("accept")) === "too-new") throw new BarsError("REC_NOT_ACCEPTABLE", "processing", "The version asked for in Accept is not supported: this receiver implements version 1");
      if (sender.unreadable.length) log.warn({ unreadable: sender.unreadable }, "BaRS headers that could not be decoded");
      const result = await handler({ req, url, format, integrity, sender, actor, log }, ((await routeCtx?.params) ?? {}) as P);
      status = result.status;
      audit = result.audit;
      return respond(req, result.status, result.resource, format, echo, result.render);
    } catch (e) {
      let err = barsErrorForDomainError(e);
      if (!err) {
        log.error({ err: (e as Error)?.message, stack: (e as Error)?.stack }, "BaRS request failed");
        err = new BarsError("REC_SERVER_ERROR", "exception", "The receiver could not process the request");
      }
      status = err.status;
      rec = err.rec;
      audit = { ...(audit ?? {}), detail: { ...(audit?.detail ?? {}), error: err.rec, issue: err.issue, diagnostics: err.message } };
      return respond(req, err.status, operationOutcome(err.rec, err.issue, err.message), format, { ...echo, ...err.headers });
    } finally {
      const seconds = (performance.now() - started) / 1000;
      observeRequest(`/R4/${options.id}`, req.method, status, seconds);
      log.info({ interaction: `bars.${options.id}`, method: req.method, status, rec, ms: Math.round(seconds * 1000), senderOds: actor.odsCode }, "bars request");
      if (options.id !== "metadata" && !audit?.audited) {
        void auditRequest(actor, {
          action: `bars.${options.id}`,
          entityType: audit?.entityType,
          entityId: audit?.entityId,
          patientNhsNumber: audit?.patientNhsNumber ?? null,
          outcome: status < 400 ? "success" : "refused",
          correlationId: echo["X-Correlation-ID"],
          detail: {
            status,
            path: url.pathname,
            query: url.search || undefined,
            target: sender.targetServiceId ?? undefined,
            software: sender.requestingSoftware ?? undefined,
            practitioner: sender.requestingPractitioner ?? undefined,
            ...(audit?.detail ?? {}),
          },
        }, "batched", log);
      }
    }
  };
}
