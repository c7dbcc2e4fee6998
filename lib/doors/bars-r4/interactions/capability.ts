import { findServiceByDosId } from "../../../services/find-service-by-dos-id";
import { now as clockNow } from "../../../time/clock";
import { barsRoute } from "../bars-route";
import { capabilityStatement, messageDefinitions } from "../capability";
import { barsConfig } from "../config";
import { bad, notFound } from "../rec-errors";
import { isDosSystem, parseServiceId } from "../service-id";
import { instant7 } from "../slot-bundle";
import { isUseCaseSystem } from "../use-cases";
import { randomUUID } from "node:crypto";

const SOFTWARE_VERSION = process.env.npm_package_version ?? "0.1.0";

export const metadataRoute = barsRoute({ id: "metadata", methods: ["GET"] }, async () => ({
  status: 200,
  resource: capabilityStatement(barsConfig().baseUrl, SOFTWARE_VERSION, "2026-12-03"),
}));

/**
 * `context` values as senders write them: `[system|]value`, possibly several, and (the assurance tool's use-case
 * variant) one value holding `…|a1t1&context=…|<id>` percent-encoded as one parameter.
 */
function contexts(params: URLSearchParams): string[] {
  const raw = [...params].filter(([k]) => k === "context" || k === "useContext:identifier" || k === "context:identifier").map(([, v]) => v);
  return raw.flatMap((v) => v.split(/&(?:context|useContext:identifier)=/)).map((v) => v.trim()).filter(Boolean);
}

export const messageDefinitionRoute = barsRoute({ id: "message-definition", methods: ["GET"] }, async (ctx) => {
  const values = contexts(ctx.url.searchParams);
  if (values.length === 0) throw bad("required", "context is required: the service's identifier, e.g. https://fhir.nhs.uk/Id/dos-service-id|<id>");
  let useCase: string | undefined;
  let serviceValue: string | undefined;
  for (const v of values) {
    const bar = v.lastIndexOf("|");
    if (bar > 0 && isUseCaseSystem(v.slice(0, bar))) useCase = v.slice(bar + 1).toLowerCase();
    else if (serviceValue === undefined || (bar > 0 && isDosSystem(v.slice(0, bar)))) serviceValue = v;
  }
  if (serviceValue === undefined) throw bad("required", "context must name a service by its Directory of Services id");
  const parsed = parseServiceId(serviceValue);
  if (!parsed.ok) throw bad("value", `context: ${parsed.detail}`);
  const service = await findServiceByDosId(parsed.value);
  if (!service) throw notFound(`No service here has the Directory of Services id ${parsed.value}`);
  const now = clockNow();
  const defs = messageDefinitions(service, "2026-12-03", useCase);
  if (defs.length === 0) throw notFound(`Service ${parsed.value} does not accept use case ${useCase}`);
  return {
    status: 200,
    resource: {
      resourceType: "Bundle",
      id: randomUUID(),
      meta: { lastUpdated: instant7(now) },
      type: "searchset",
      total: defs.length,
      link: [{ relation: "self", url: `${barsConfig().baseUrl}/MessageDefinition${ctx.url.search}` }],
      entry: defs.map((d) => ({ fullUrl: `${barsConfig().baseUrl}/MessageDefinition/${d.id}`, resource: d, search: { mode: "match" } })),
    },
    audit: { entityType: "MessageDefinition", detail: { dosId: parsed.value } },
  };
});
