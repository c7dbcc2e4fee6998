import { findConsumerAppointments } from "../../../booking/find-consumer-appointments";
import { isValidNhsNumber } from "../../../nhs/nhs-number";
import type { AnyResource } from "../model/registry";
import { searchsetBundle } from "../search-bundle";
import { stu3Appointment } from "../appointment-for-consumer";
import type { FhirContext, FhirResult } from "./fhir-route";
import { FhirHttpError } from "./fhir-http-error";

const NHS = "https://fhir.nhs.uk/Id/nhs-number";
const IDENTIFIER_PARAMS = ["identifier", "patient.identifier", "patient:identifier", "Appointment.participant.actor:Patient.identifier"];
const ALLOWED = new Set([...IDENTIFIER_PARAMS, "_id", "version", "_format"]);

/** GET /Appointment?identifier=https://fhir.nhs.uk/Id/nhs-number|<NHS number> (or _id): kept minimal. The search is audited by `findConsumerAppointments`. */
export async function searchAppointmentsFromFhir(ctx: FhirContext): Promise<FhirResult> {
  const params = ctx.url.searchParams;
  for (const key of params.keys()) if (!ALLOWED.has(key)) throw new FhirHttpError("bad-parameter", `Unknown search parameter ${key}`, [key]);
  const raw = IDENTIFIER_PARAMS.map((p) => params.get(p)).find((v) => v !== null) ?? null;
  const id = params.get("_id") ?? undefined;
  let nhsNumber: string | undefined;
  if (raw !== null) {
    const [system, value] = raw.includes("|") ? raw.split("|", 2) : [NHS, raw];
    if (system !== NHS || !isValidNhsNumber(value ?? "")) throw new FhirHttpError("bad-parameter", "identifier must be https://fhir.nhs.uk/Id/nhs-number|<valid NHS number>", ["identifier"]);
    nhsNumber = value.replace(/\s/g, "");
  }
  if (!nhsNumber && !id) throw new FhirHttpError("missing-parameter", "Search by identifier (NHS number) or _id", ["identifier"]);
  const found = await findConsumerAppointments({ nhsNumber, id }, ctx.consumer);
  const bundle = searchsetBundle({ baseUrl: ctx.config.fhirBaseUrl, selfUrl: `${ctx.config.fhirBaseUrl}/Appointment${ctx.url.search}`, matches: found.map(stu3Appointment) as unknown as AnyResource[] });
  return { status: 200, resource: bundle as unknown as Record<string, unknown> };
}
