import { bookingFacts, type BookingFacts } from "../../../booking/booking-facts";
import { stu3AppointmentFromFacts } from "../appointment-for-consumer";
import { cancelAppointment } from "../../../booking/cancel-appointment";
import { NotFound, StaleVersion } from "../../../errors";
import { cancelDifferences } from "../booking-request";
import type { FhirContext, FhirResult } from "./fhir-route";
import { FhirHttpError } from "./fhir-http-error";
import { consumerScope } from "./consumer-scope";
import { appointmentHeaders, versionFromIfMatch } from "./resource-headers";

/**
 * The FHIR cancel, in the order the assurance tests need: If-Match present (412) → the booking exists (404) →
 * version matches (409) → only `status` changed, to cancelled (422). The checks against the stored version run
 * inside the cancellation use case (`newResource`), so what is compared is what is changed. The stored resource
 * is what the consumer PUT, with id and meta.
 */
/** Thrown (before anything is written) when the stored version is R4 and its facts are needed to compare. */
class NeedsFacts extends Error {}

function servedFromFacts(id: string, current: Record<string, unknown>, facts: BookingFacts): Record<string, unknown> {
  const meta = (current.meta as { versionId?: string; lastUpdated?: string } | undefined) ?? {};
  return stu3AppointmentFromFacts({ id, versionId: Number(meta.versionId ?? 1), lastUpdated: new Date(meta.lastUpdated ?? Date.now()), booking: facts });
}

export async function cancelAppointmentFromFhir(ctx: FhirContext, id: string): Promise<FhirResult> {
  const ifMatch = ctx.req.headers.get("if-match");
  if (!ifMatch) throw new FhirHttpError("missing-if-match", "Send If-Match with the ETag of the version you read");
  try {
  const submitted = ctx.body!;
  // A booking made through the BaRS door is stored in R4: what the consumer read here, and PUTs back, is the
  // CareConnect Appointment this door wrote from the booking's facts, so that is what the PUT is compared with.
  let facts: BookingFacts | null = null;
  for (;;) {
    try {
      const result = await cancelAppointment(
        {
          appointmentId: id,
          expectedVersion: versionFromIfMatch(ifMatch),
          by: "consumer",
          newResource: (current, standard) => {
            if (submitted.resourceType !== "Appointment") throw new FhirHttpError("invalid-body", "The body must be an Appointment");
            if (submitted.id !== undefined && submitted.id !== id) throw new FhirHttpError("invalid-resource", `The body's id ${String(submitted.id)} is not ${id}`);
            if (submitted.status !== "cancelled") throw new FhirHttpError("cancel-differences", "Only a change of status to cancelled is accepted");
            if (standard === "r4" && !facts) throw new NeedsFacts();
            const served = standard === "r4" ? servedFromFacts(id, current, facts!) : current;
            const differences = cancelDifferences(served, submitted);
            if (differences.length > 0) {
              throw new FhirHttpError("cancel-differences", `Only the status may change when cancelling; these differ: ${differences.slice(0, 10).join(", ")}`);
            }
            return standard === "r4" ? { ...current, status: "cancelled" } : submitted;
          },
          idempotency: ctx.requestId ? { scope: consumerScope(ctx.consumer), requestId: ctx.requestId } : undefined,
        },
        ctx.consumer,
      );
      const resource = facts ? stu3AppointmentFromFacts({ id, versionId: result.versionId, lastUpdated: result.lastUpdated, booking: { ...(facts as BookingFacts), status: "cancelled" } }) : result.resource;
      return {
        status: 200,
        resource,
        headers: appointmentHeaders(ctx.config.fhirBaseUrl, id, result.versionId, result.lastUpdated),
        audit: { entityType: "Appointment", entityId: id },
      };
    } catch (e) {
      if (e instanceof NeedsFacts) {
        facts = await bookingFacts(id);
        if (!facts) throw new FhirHttpError("not-found", `No Appointment with id ${id}`);
        continue;
      }
      throw e;
    }
  }
  } catch (e) {
    if (e instanceof StaleVersion) throw new FhirHttpError("version-conflict", `If-Match ${ifMatch} does not match the current version W/"${e.currentVersion}"`);
    if (e instanceof NotFound) throw new FhirHttpError("not-found", `No Appointment with id ${id}`);
    throw e;
  }
}
