import { fhirMethodNotAllowed, fhirRoute } from "@/lib/doors/uec-stu3/interactions/fhir-route";
import { capabilityStatement } from "@/lib/doors/uec-stu3/capability-statement";
import packageJson from "@/package.json";

export const dynamic = "force-dynamic";

// Fixed at build: the statement describes this release, not the moment it was asked for.
const RELEASE_DATE = process.env.RELEASE_DATE || "2026-11-23";

/** The CapabilityStatement: always returnable, no token needed. */
export const GET = fhirRoute("metadata", async (ctx) => ({
  status: 200,
  resource: capabilityStatement({
    publicBaseUrl: ctx.config.fhirBaseUrl,
    softwareName: "ed-capacity",
    softwareVersion: packageJson.version,
    softwareReleaseDate: RELEASE_DATE,
    date: RELEASE_DATE,
  }) as unknown as Record<string, unknown>,
}));

const notAllowed = fhirMethodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH, notAllowed as OPTIONS };
