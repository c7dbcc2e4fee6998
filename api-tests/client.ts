import { randomUUID } from "node:crypto";

/** The metrics endpoint's token on the suite's own server (global-setup.ts). */
export const API_METRICS_TOKEN = "api-tests-only-metrics-token";

export const BASE = () => `${process.env.API_BASE_URL}/STU3/1`;

/** An unsigned consumer JWT shaped like the NHS test tool's (alg none, trailing dot). */
export function consumerJwt(opts: { scope: string; aud?: string; ods?: string; expOffsetSeconds?: number; practitioner?: boolean } ): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: "none", typ: "JWT" };
  const payload: Record<string, unknown> = {
    iss: "https://ConsumerSystemURL",
    sub: "1",
    aud: opts.aud ?? BASE(),
    exp: now + (opts.expOffsetSeconds ?? 300),
    iat: now,
    reason_for_request: "directcare",
    requested_scope: opts.scope,
    requesting_device: { resourceType: "Device", id: "1", identifier: [{ system: "https://consumersupplier.example/Id/device", value: "111-sim" }], model: "Simulator", version: "1.0" },
    requesting_organization: { resourceType: "Organization", identifier: [{ system: "https://fhir.nhs.uk/Id/ods-organization-code", value: opts.ods ?? "GPCA0001" }], name: "Emergency Booking Assurance" },
  };
  if (opts.practitioner !== false) {
    payload.requesting_practitioner = {
      resourceType: "Practitioner",
      id: "1",
      name: [{ family: "Tester", given: ["Sam"], prefix: ["Mr"] }],
      identifier: [
        { system: "https://fhir.nhs.uk/Id/sds-user-id", value: "G13579135" },
        { system: "https://fhir.nhs.uk/Id/sds-role-profile-id", value: "UNK" },
        { system: "LocalIdentifierSystem", value: "1" },
      ],
    };
  }
  const enc = (o: object) => Buffer.from(JSON.stringify(o, null, "\t")).toString("base64url");
  return `${enc(header)}.${enc(payload)}.`;
}

export const SCOPES = { slotRead: "organization/slot.read", write: "patient/appointment.write", read: "patient/appointment.read" } as const;

const INTERACTION = {
  metadata: "urn:nhs:names:services:careconnect:fhir:rest:read:metadata",
  slot: "urn:nhs:names:services:careconnect:fhir:rest:search:slot",
  create: "urn:nhs:names:services:careconnect:fhir:rest:create:appointment",
  read: "urn:nhs:names:services:careconnect:fhir:rest:read:appointment",
  update: "urn:nhs:names:services:careconnect:fhir:rest:update:appointment",
} as const;

export function sspHeaders(interaction: keyof typeof INTERACTION, requestId = randomUUID()): Record<string, string> {
  return {
    "Ssp-TraceID": randomUUID(),
    "Ssp-From": "918999198993",
    "Ssp-To": "918999198738",
    "Ssp-InteractionID": INTERACTION[interaction],
    "X-Request-ID": requestId,
  };
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  json: () => Record<string, any>;
}

export async function call(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<ApiResponse> {
  const res = await fetch(path.startsWith("http") ? path : `${BASE()}${path}`, init);
  // fetch undoes gzip itself.
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}
