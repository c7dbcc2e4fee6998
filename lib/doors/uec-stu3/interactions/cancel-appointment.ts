import { cancelBooking } from "../../../booking/cancel-booking";
import { db } from "../../../db/client";
import { cancelDifferences } from "../booking-request";
import type { FhirContext, FhirResult } from "./fhir-route";
import { FhirHttpError } from "./fhir-http-error";
import { appointmentHeaders, versionFromIfMatch } from "./resource-headers";

/**
 * The FHIR cancel, in the order the assurance tests need: If-Match present (412) → version matches (409) →
 * only `status` changed, to cancelled (422). The stored resource is what the consumer PUT, with id and meta.
 */
export async function cancelAppointmentFromFhir(ctx: FhirContext, id: string): Promise<FhirResult> {
  const ifMatch = ctx.req.headers.get("if-match");
  if (!ifMatch) throw new FhirHttpError("missing-if-match", "Send If-Match with the ETag of the version you read");
  const current = await db().appointment.findUnique({ where: { id }, select: { fhirVersion: true } });
  if (!current) throw new FhirHttpError("not-found", `No Appointment with id ${id}`);
  const expected = versionFromIfMatch(ifMatch);
  if (expected === null || expected !== current.fhirVersion) {
    throw new FhirHttpError("version-conflict", `If-Match ${ifMatch} does not match the current version W/"${current.fhirVersion}"`);
  }
  const submitted = ctx.body!;
  if (submitted.resourceType !== "Appointment") throw new FhirHttpError("invalid-body", "The body must be an Appointment");
  if (submitted.id !== undefined && submitted.id !== id) throw new FhirHttpError("invalid-resource", `The body's id ${String(submitted.id)} is not ${id}`);
  if (submitted.status !== "cancelled") throw new FhirHttpError("cancel-differences", "Only a change of status to cancelled is accepted");
  const stored = await db().appointmentVersion.findUniqueOrThrow({ where: { appointmentId_versionId: { appointmentId: id, versionId: current.fhirVersion } } });
  const differences = cancelDifferences(JSON.parse(stored.resource), submitted);
  if (differences.length > 0) {
    throw new FhirHttpError("cancel-differences", `Only the status may change when cancelling; these differ: ${differences.slice(0, 10).join(", ")}`);
  }
  const result = await cancelBooking(
    {
      appointmentId: id,
      expectedVersion: expected,
      by: "consumer",
      newResource: () => submitted,
      idempotency: ctx.requestId ? { scope: consumerScope(ctx), requestId: ctx.requestId } : undefined,
    },
    ctx.consumer,
  );
  return {
    status: 200,
    resource: result.resource,
    headers: appointmentHeaders(ctx.config.fhirBaseUrl, id, result.versionId, result.lastUpdated),
    audit: { entityType: "Appointment", entityId: id },
  };
}

/** Idempotency keys are scoped per consumer: its ASID, else its organisation. */
export function consumerScope(ctx: FhirContext): string {
  return ctx.consumer.asid ? `asid:${ctx.consumer.asid}` : `ods:${ctx.consumer.odsCode ?? "unknown"}`;
}
