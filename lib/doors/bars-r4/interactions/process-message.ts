/**
 * POST /$process-message, in the check order of BARS-RECEIVER §8: Content-Type (415) → integrity headers (in
 * barsRoute) → body size (413) → the X-Request-Id claimed in the database (409 duplicate / 425 in flight), with the
 * message stored whole → structure → versionId → event → reason → Bundle.id reuse → addressed service →
 * workflow → use case → MessageDefinition → references and state, in the use cases. The outcome is recorded on
 * the stored message whatever it is.
 */
import { claimInboundMessage, finishInboundMessage } from "../../../inbound/inbound-messages";
import { findServiceByDosId } from "../../../services/find-service-by-dos-id";
import { now as clockNow } from "../../../time/clock";
import { readBody } from "../../http/read-body";
import { barsRoute, type BarsContext } from "../bars-route";
import { bookFromMessage, cancelFromMessage, type MessageResult } from "../booking-messages";
import { barsConfig } from "../config";
import { refuseIfBlocked } from "../sender-standing";
import { destinationServiceId, readMessage, sourceEndpoint, text, type Message } from "../message";
import { BarsError, bad, barsErrorForDomainError, notFound } from "../rec-errors";
import { referFromMessage, revokeFromMessage } from "../referral-messages";
import { parseServiceId } from "../service-id";
import { offeredUseCases } from "../use-cases";
import { checkDefinition, readWorkflow } from "../workflow";
import { parseR4Body, requestBodyFormatR4, validateR4 } from "../wire";

export const processMessageRoute = barsRoute({ id: "process-message", methods: ["POST"], body: true }, async (ctx) => {
  const cfg = barsConfig();
  const bodyFormat = requestBodyFormatR4(ctx.req.headers.get("content-type")) === "xml" ? "xml" : "json";
  const read = await readBody(ctx.req, cfg.maxBodyBytes);
  if (!read.ok) {
    if (read.problem.kind === "too-large") throw new BarsError("REC_BAD_REQUEST", "too-long", read.problem.detail, { Connection: "close" }, 413);
    throw bad("structure", read.problem.detail);
  }
  // Reading the body changes nothing, so it comes first: the claim can then also say whether the Bundle.id was
  // used before (one database round). Its errors are answered only after the claim, in the §8 order.
  const parsed = parseR4Body(read.text, bodyFormat, { maxBytes: cfg.maxBodyBytes });
  const bundleId = parsed.ok && parsed.resource.resourceType === "Bundle" ? text(parsed.resource.id) : null;
  const claim = await claimInboundMessage({
    bundleId,
    requestId: ctx.integrity.requestId,
    correlationId: ctx.integrity.correlationId,
    format: bodyFormat,
    body: read.text,
    serviceDosId: ctx.sender.targetServiceId,
    senderOds: ctx.actor.odsCode ?? null,
    headers: { endUserOrganisation: ctx.sender.endUserOrganisation, requestingSoftware: ctx.sender.requestingSoftware, requestingPractitioner: ctx.sender.requestingPractitioner, unreadable: ctx.sender.unreadable },
  });
  if (claim.kind === "duplicate") throw new BarsError("REC_CONFLICT", "duplicate", "This X-Request-ID has already been processed: the message was received");
  if (claim.kind === "in-flight") throw new BarsError("REC_TOO_EARLY", "processing", "This X-Request-ID is still being processed: try again shortly", { "Retry-After": "2" });

  let message: Message | null = null;
  let status = 500;
  let rec: string | null = "REC_SERVER_ERROR";
  let result: MessageResult | null = null;
  try {
    result = await process(ctx, parsed, claim.id, claim.bundleIdUsedBefore ? bundleId : null, (m) => (message = m));
    status = 200;
    rec = null;
    return {
      status: 200,
      resource: result.bundle,
      audit: { entityType: result.referralId ? "ServiceRequest" : "Appointment", entityId: result.referralId ?? result.appointmentId, patientNhsNumber: result.patientNhsNumber ?? null, detail: { messageId: claim.id } },
    };
  } catch (e) {
    const err = barsErrorForDomainError(e);
    status = err?.status ?? 500;
    rec = err?.rec ?? "REC_SERVER_ERROR";
    throw e;
  } finally {
    const m = message as Message | null;
    // A booking or cancellation stored the message's outcome in its own transaction.
    const recorded = status === 200 && (result as MessageResult | null)?.outcomeRecorded === true;
    if (!recorded) await finishInboundMessage(claim.id, {
      state: status === 200 ? "done" : "failed",
      httpStatus: status,
      recCode: rec,
      bundleId: m?.bundleId ?? null,
      event: m?.event ?? null,
      reason: m?.reason ?? null,
      sourceEndpoint: m ? sourceEndpoint(m) : null,
      appointmentId: result?.appointmentId ?? null,
      referralId: result?.referralId ?? null,
    }).catch((err) => ctx.log.error({ err: (err as Error).message }, "could not record the outcome of a BaRS message"));
  }
});

async function process(ctx: BarsContext, parsed: ReturnType<typeof parseR4Body>, messageId: string, reusedBundleId: string | null, seen: (m: Message) => void): Promise<MessageResult> {
  const cfg = barsConfig();
  if (!parsed.ok) throw bad(parsed.kind === "structure" ? "structure" : "invalid", parsed.detail);
  const validation = validateR4(parsed.resource);
  const unknownType = validation.errors.find((e) => e.kind === "unknown-resource");
  if (unknownType) throw bad("invalid", `${unknownType.path || "The body"}: ${unknownType.message}`);
  const message = readMessage(parsed.resource, cfg.messageMajors);
  seen(message);
  if (message.reason === "new" && reusedBundleId !== null && message.bundleId === reusedBundleId) {
    throw bad("invariant", "This Bundle.id was already used by an earlier message: every new message needs its own Bundle.id");
  }
  const destination = destinationServiceId(message);
  if (!destination) throw bad("required", "MessageHeader.destination.endpoint is required: the receiving service's Directory of Services id");
  const dest = parseServiceId(destination);
  if (!dest.ok) throw bad("value", `MessageHeader.destination.endpoint: ${dest.detail}`);
  if (ctx.sender.targetServiceId && ctx.sender.targetServiceId !== dest.value) {
    throw bad("invariant", `The message is addressed to service ${dest.value} but NHSD-Target-Identifier names ${ctx.sender.targetServiceId.slice(0, 30)}`);
  }
  const service = await findServiceByDosId(dest.value);
  if (!service) throw notFound(`No service here has the Directory of Services id ${dest.value}`);
  const wf = readWorkflow(message, offeredUseCases(service.kind));
  if (wf.nonStandard) ctx.log.warn({ nonStandard: wf.nonStandard }, "BaRS message accepted in a non-standard form");
  checkDefinition(message, wf.workflow);
  // Not an R4 resource as the specification defines it (types, cardinality, choices): refused in its entirety
  // (principle 4), after the workflow checks the assurance tests give their own answers.
  const broken = validation.errors[0];
  if (broken) throw bad(broken.kind === "required" || broken.kind === "cardinality" ? "required" : "value", `${broken.path}: ${broken.message}`.slice(0, 500));
  for (const w of validation.warnings.slice(0, 20)) ctx.log.info({ path: w.path, kind: w.kind }, "BaRS message: element tolerated");
  if (wf.workflow === "book" || wf.workflow === "refer") await refuseIfBlocked(ctx.actor);
  if (wf.workflow === "refer" && !cfg.acceptReferrals) {
    throw new BarsError("REC_NOT_IMPLEMENTED", "not-supported", "This Emergency Department does not take BaRS referrals: phone the department to hand over the patient");
  }
  const now = clockNow();
  switch (wf.workflow) {
    case "book":
      return bookFromMessage(message, wf, service, ctx.actor, ctx.integrity.requestId, messageId, now);
    case "cancel-booking":
      return cancelFromMessage(message, wf, service, ctx.actor, ctx.integrity.requestId, messageId, now);
    case "refer":
      return referFromMessage(message, wf, service, ctx, messageId, now);
    case "revoke-referral":
      return revokeFromMessage(message, wf, service, ctx, messageId, now);
  }
}
