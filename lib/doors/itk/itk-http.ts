import { randomUUID } from "node:crypto";
import { auditRequest } from "../http/request-audit";
import type { ConsumerActor } from "../../auth/actor";
import { edgeTrustFor } from "../../config/deployment";
import { edgeTrustProblem } from "../http/edge-trust";
import { readBody } from "../http/read-body";
import { setNonPageSecurityHeaders } from "../../security/content-security-policy";
import { doorAnswerHeaders } from "../http/answer-headers";
import { requestLogger } from "../../observability/logger";
import { metrics, observeRequest } from "../../observability/metrics";
import { buildSoapFault, buildSoapOkResponse, DEFAULT_ITK_LIMITS, ItkRejected, parseItkMessage, soapFaultFor, type ItkMessage, type SoapResponse } from "./itk";
import { ITK_CLIENT_ERROR } from "./itk-responses";
import { ClinicalDocumentRejected } from "../../clinical/cda/parse-clinical-document";
import { receiveClinicalDocuments, type ReceivedDocument } from "../../clinical/receive-clinical-document";
import { ReportNotAddressedHere } from "../../clinical/classify-report-route";
import { reportAddressingOf } from "./itk-addressing";

const ROUTE = "/itk/nhs111";

/**
 * The ITK receiver for NHS 111 reports (POST /itk/nhs111). Callers reach it only through the Spine/ITK
 * network (not the Spine Secure Proxy), so it has its own edge trust (EDGE_TRUST_ITK_*, defaulting to the shared EDGE_*); a refused caller gets a SOAP Fault with HTTP
 * 403. The body is bounded before parsing. Every payload is received (stored, matched, audited) before
 * the synchronous SOAP OK; anything refused gets the SOAP Fault the ITK specification describes (HTTP 500),
 * and in that case nothing from the message is stored.
 */
export async function handleItkRequest(req: Request): Promise<Response> {
  const started = performance.now();
  const ourId = randomUUID();
  const log = requestLogger({ requestId: ourId });
  let status = 500;
  let message: ItkMessage | null = null;
  let actor: ConsumerActor = { type: "consumer", requestId: ourId };
  let closeConnection = false;
  const answer = (r: SoapResponse, statusOverride?: number) => {
    status = statusOverride ?? r.status;
    const headers = doorAnswerHeaders(req, { "Content-Type": r.contentType, "X-Request-ID": ourId, ...(closeConnection ? { Connection: "close" } : {}) });
    return new Response(r.body, { status, headers });
  };
  try {
    const problem = edgeTrustProblem(req.headers, edgeTrustFor("itk"));
    if (problem) {
      await audit(actor, "refused", { reason: "edge-trust", diagnostics: problem });
      return answer(buildSoapFault({ faultCode: "Client", error: { errorCode: ITK_CLIENT_ERROR, errorText: "The sender is not trusted", errorDiagnosticText: problem } }), 403);
    }
    const body = await readBody(req, DEFAULT_ITK_LIMITS.maxMessageBytes);
    // A body over the limit is left unread: the connection closes after the fault (never reused, so never reset).
    if (!body.ok && body.problem.kind === "too-large") closeConnection = true;
    if (!body.ok) throw new ItkRejected(body.problem.kind === "too-large" ? "too-large" : "malformed", body.problem.detail);
    message = parseItkMessage(body.text);
    actor = senderActor(message, ourId);
    const received = await receiveClinicalDocuments(message, {
      source: "itk",
      actor,
      itk: { trackingId: message.envelope?.trackingId ?? null, messageId: message.soap?.messageId ?? null },
      addressing: message.envelope ? reportAddressingOf(message.envelope) : null,
    });
    await audit(actor, "success", { payloads: received.length, documents: received.map(summary) });
    return answer(buildSoapOkResponse({ relatesTo: message.soap?.messageId ?? null, action: message.soap?.action }));
  } catch (e) {
    const fault = soapFaultFor(e, { messageId: message?.soap?.messageId ?? null });
    const senderFault = e instanceof ItkRejected || e instanceof ClinicalDocumentRejected || e instanceof ReportNotAddressedHere;
    if (!senderFault) log.error({ err: e instanceof Error ? e.message : String(e) }, "ITK message could not be processed");
    metrics().documents.inc({ state: senderFault ? "refused" : "error" });
    const reason = e instanceof ItkRejected || e instanceof ClinicalDocumentRejected ? e.reason : e instanceof ReportNotAddressedHere ? "not-addressed-here" : "internal-error";
    await audit(actor, senderFault ? "refused" : "failed", { reason, diagnostics: senderFault ? (e as Error).message : undefined });
    return answer(fault);
  } finally {
    const seconds = (performance.now() - started) / 1000;
    observeRequest(ROUTE, req.method, status, seconds);
    log.info({ route: ROUTE, status, ms: Math.round(seconds * 1000), senderOds: actor.odsCode }, "itk request");
  }

  async function audit(a: ConsumerActor, outcome: "success" | "refused" | "failed", detail: Record<string, unknown>) {
    await auditRequest(
      a,
      {
        action: "itk.receive",
        outcome,
        correlationId: ourId,
        detail: { trackingId: message?.envelope?.trackingId ?? null, messageId: message?.soap?.messageId ?? null, service: message?.envelope?.service ?? null, ...detail },
      },
      "before-answer",
      log,
    );
  }
}

/** Anything but POST: a plain-text hint, with the headers every answer of this endpoint carries. */
export function itkMethodNotAllowed(req: Request): Response {
  const headers = new Headers({ Allow: "POST", "Content-Type": "text/plain; charset=utf-8" });
  setNonPageSecurityHeaders(headers, req.headers.get("x-forwarded-proto"));
  return new Response("Send NHS 111 reports here with an ITK SOAP POST.", { status: 405, headers });
}

function summary(r: ReceivedDocument) {
  return { recordId: r.recordId, outcome: r.outcome, state: r.state, redelivery: r.redelivery };
}

/** Who sent it, as the ITK envelope says (for the audit trail; trust comes from the edge, not from this). */
function senderActor(message: ItkMessage, requestId: string): ConsumerActor {
  const uri = message.envelope?.senderAddress ?? message.envelope?.auditIdentities[0]?.uri ?? null;
  const ods = uri ? /:ods:([A-Za-z0-9]+)$/.exec(uri)?.[1] : undefined;
  return { type: "consumer", odsCode: ods, requestId: message.soap?.messageId ?? requestId };
}
