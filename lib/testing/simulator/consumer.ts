import { randomUUID } from "node:crypto";
import type { SimulatedService } from "./synthetic";

/**
 * What a 111 system sends with every FHIR request under the UEC Booking Standard: an unsigned JWT
 * (alg none, trailing dot) with the standard's claims, and the Spine Secure Proxy headers.
 */
export const SCOPE = { slotRead: "organization/slot.read", write: "patient/appointment.write", read: "patient/appointment.read" } as const;

export const INTERACTION = {
  slot: "urn:nhs:names:services:careconnect:fhir:rest:search:slot",
  create: "urn:nhs:names:services:careconnect:fhir:rest:create:appointment",
  read: "urn:nhs:names:services:careconnect:fhir:rest:read:appointment",
  update: "urn:nhs:names:services:careconnect:fhir:rest:update:appointment",
} as const;

/** The provider's ASID the simulator addresses (Ssp-To); the app's default PROVIDER_ASID. */
export const DEFAULT_PROVIDER_ASID = "918999198738";

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

/** The JWT template of the standard: device and practitioner (the logged-on call handler) of this service. */
export function consumerJwt(service: SimulatedService, scope: string, audience: string, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const p = service.practitioner;
  return `${b64url({ alg: "none", typ: "JWT" })}.${b64url({
    iss: `https://nzz${service.index + 1}.nhs111.example`,
    sub: p.id,
    aud: audience,
    exp: iat + 300,
    iat,
    reason_for_request: "directcare",
    requested_scope: scope,
    requesting_device: {
      resourceType: "Device",
      id: service.device.id,
      identifier: [{ system: service.device.system, value: service.device.value }],
      model: service.device.model,
      version: service.device.version,
    },
    requesting_organization: {
      resourceType: "Organization",
      identifier: [{ system: "https://fhir.nhs.uk/Id/ods-organization-code", value: service.ods }],
      name: service.name,
    },
    requesting_practitioner: {
      resourceType: "Practitioner",
      id: p.id,
      name: [{ family: p.family, given: [p.given], prefix: [p.prefix] }],
      identifier: [
        { system: "https://fhir.nhs.uk/Id/sds-user-id", value: p.sdsUserId },
        { system: "https://fhir.nhs.uk/Id/sds-role-profile-id", value: p.sdsRoleProfileId },
        { system: `https://nzz${service.index + 1}.nhs111.example/Id/user`, value: p.id },
      ],
    },
  })}.`;
}

export function fhirHeaders(
  service: SimulatedService,
  opts: { interaction: keyof typeof INTERACTION; scope: string; audience: string; providerAsid: string; requestId?: string; extra?: Record<string, string> },
): Record<string, string> {
  return {
    Authorization: `Bearer ${consumerJwt(service, opts.scope, opts.audience)}`,
    "Ssp-TraceID": randomUUID(),
    "Ssp-From": service.asid,
    "Ssp-To": opts.providerAsid,
    "Ssp-InteractionID": INTERACTION[opts.interaction],
    "X-Request-ID": opts.requestId ?? randomUUID(),
    Accept: "application/fhir+json",
    ...opts.extra,
  };
}
