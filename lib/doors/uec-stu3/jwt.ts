/**
 * The consumer's bearer JWT (UEC-BOOKING §3.2). 111 systems make the token themselves: unsigned (`alg: none`,
 * empty signature, so a trailing `.`). Trust comes from the Spine Secure Proxy's mutual TLS, not from the token,
 * so a signed token is accepted too and its signature ignored (the check says so in `tolerated`, and the door logs it). Parsing is lenient about encoding (base64url or
 * base64, with or without padding; JSON with newlines, tabs, or even raw control characters inside strings, as
 * the TKW templates carry), strict about meaning: mandatory claims, `aud` (configurable list), `exp`/`iat` with a
 * small clock skew, `reason_for_request`, and the scope each interaction needs (reads accept the write scope too).
 * Every failure is a typed reason; the edge answers all of them with 403 ACCESS DENIED.
 */
import { decodeJwt, decodeProtectedHeader } from "jose";
import { z } from "zod";
import { SYSTEM } from "./systems";
import { declareInstanceCache } from "../../cache/instance-cache";

export type FhirInteraction = "metadata" | "search-slots" | "book-appointment" | "read-appointment" | "cancel-appointment" | "search-appointments";

export const SCOPE = {
  slotRead: "organization/slot.read",
  appointmentRead: "patient/appointment.read",
  appointmentWrite: "patient/appointment.write",
} as const;

/** The scopes that allow each interaction. Reads take the write scope as well (the standard flip-flopped; TKW issue #6). */
export const ACCEPTED_SCOPES: Readonly<Record<FhirInteraction, readonly string[]>> = {
  metadata: [SCOPE.slotRead],
  "search-slots": [SCOPE.slotRead],
  "book-appointment": [SCOPE.appointmentWrite],
  "cancel-appointment": [SCOPE.appointmentWrite],
  "read-appointment": [SCOPE.appointmentRead, SCOPE.appointmentWrite],
  "search-appointments": [SCOPE.appointmentRead, SCOPE.appointmentWrite],
};

export interface JwtCheckOptions {
  /** Accepted `aud` values: the public service root URL by default (trailing slashes are ignored). */
  audiences: readonly string[];
  now?: Date;
  /** Allowed clock difference with the consumer, in seconds. Default 60. */
  clockSkewSeconds?: number;
  /**
   * The longest life a token may claim, in seconds (default 3600): 111 systems make a token per request, so one valid
   * for years is a token made to be replayed.
   */
  maxLifetimeSeconds?: number;
}

export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 3600;

function configuredMaxLifetime(): number {
  const n = Number(process.env.FHIR_JWT_MAX_LIFETIME_SECONDS);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
}

export interface TokenIdentifier {
  system?: string;
  value: string;
}

/** Who asked, from the token: recorded in the audit log (SCAL P5) and usable for local access rules (P7). */
export interface ConsumerProvenance {
  issuer: string;
  subject: string;
  /** The accepted audience the token named. */
  audience: string;
  issuedAt: Date;
  expiresAt: Date;
  reasonForRequest: string;
  scopes: string[];
  organisation: { odsCode: string; name?: string };
  device: { id?: string; identifiers: TokenIdentifier[]; model?: string; version?: string };
  /** Absent when the token has no requesting_practitioner (optional since 0.1.17). */
  practitioner?: {
    id?: string;
    sdsUserId?: string;
    sdsRoleProfileId?: string;
    /** Any other identifiers, e.g. the consumer's local user id. */
    otherIdentifiers: TokenIdentifier[];
    name?: { family?: string; given: string[]; prefix: string[]; text: string };
  };
}

export type JwtFailureReason =
  | "missing" | "not-bearer" | "malformed" | "missing-claim" | "invalid-claim" | "audience" | "expired" | "issued-in-future" | "scope";

/**
 * What the token got away with: a signature that was not checked (Spine tokens are unsigned by design; trust is
 * the proxy's mutual TLS), or an encoding that is not strict base64url JSON. Accepted, and logged by the door.
 */
export type JwtTolerance = "signature-not-checked" | "lenient-encoding";

export type JwtCheck = { ok: true; provenance: ConsumerProvenance; tolerated: JwtTolerance[]; algorithm?: string } | { ok: false; reason: JwtFailureReason; message: string };

/** Checks the Authorization header for one interaction. */
export function checkConsumerJwt(authorization: string | null | undefined, interaction: FhirInteraction, options: JwtCheckOptions): JwtCheck {
  if (options.audiences.length === 0) throw new Error("checkConsumerJwt needs at least one accepted audience");
  if (!authorization?.trim()) return fail("missing", "no Authorization header");
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return fail("not-bearer", "the Authorization header is not a Bearer token");
  const parsed = parseClaims(match[1]);
  if (!parsed.ok) return parsed;
  const c = parsed.claims;

  const wanted = new Set(options.audiences.map(normaliseAudience));
  const audience = (Array.isArray(c.aud) ? c.aud : [c.aud]).find((a) => wanted.has(normaliseAudience(a)));
  if (!audience) return fail("audience", `aud ${JSON.stringify(c.aud)} is not this service`);

  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const skew = options.clockSkewSeconds ?? 60;
  if (c.exp <= now - skew) return fail("expired", `the token expired at ${isoSeconds(c.exp)}`);
  if (c.iat > now + skew) return fail("issued-in-future", `the token claims to be issued at ${isoSeconds(c.iat)}, in the future`);
  if (c.exp < c.iat) return fail("invalid-claim", "exp is before iat");
  const maxLife = options.maxLifetimeSeconds ?? configuredMaxLifetime();
  if (c.exp - now > maxLife + skew) return fail("invalid-claim", `the token is valid until ${isoSeconds(c.exp)}, more than ${maxLife} seconds from now`);

  if (c.reason_for_request.toLowerCase() !== "directcare") return fail("invalid-claim", `reason_for_request must be 'directcare', not '${c.reason_for_request}'`);

  const scopes = c.requested_scope.split(/\s+/).filter(Boolean);
  const accepted = ACCEPTED_SCOPES[interaction];
  if (!scopes.some((s) => accepted.includes(s)))
    return fail("scope", `requested_scope '${c.requested_scope}' does not allow ${interaction} (needs ${accepted.join(" or ")})`);

  const ods = c.requesting_organization.identifier.find((i) => i.system === SYSTEM.odsOrganisation && i.value.trim());
  if (!ods) return fail("invalid-claim", `requesting_organization has no identifier with system ${SYSTEM.odsOrganisation}`);

  return {
    ok: true,
    tolerated: parsed.tolerated,
    ...(parsed.algorithm ? { algorithm: parsed.algorithm } : {}),
    provenance: {
      issuer: c.iss,
      subject: c.sub,
      audience,
      issuedAt: new Date(c.iat * 1000),
      expiresAt: new Date(c.exp * 1000),
      reasonForRequest: c.reason_for_request,
      scopes,
      organisation: { odsCode: ods.value.trim(), ...(c.requesting_organization.name ? { name: c.requesting_organization.name } : {}) },
      device: {
        ...(c.requesting_device.id ? { id: c.requesting_device.id } : {}),
        identifiers: c.requesting_device.identifier.map(plainIdentifier),
        ...(c.requesting_device.model ? { model: c.requesting_device.model } : {}),
        ...(c.requesting_device.version ? { version: c.requesting_device.version } : {}),
      },
      ...(c.requesting_practitioner ? { practitioner: practitionerOf(c.requesting_practitioner) } : {}),
    },
  };
}

type ParsedClaims = { ok: true; claims: z.infer<typeof CLAIMS>; tolerated: JwtTolerance[]; algorithm?: string } | (JwtCheck & { ok: false });

/**
 * Decoded and shape-checked claims per token text. A consumer sends the same token on many requests until it
 * expires, so its parse is kept (a few hundred tokens at most); everything that depends on the time, the
 * audience or the interaction is checked afresh on every request.
 */
const parsedTokens = declareInstanceCache<ParsedClaims>({ name: "jwt-claims", maxEntries: 500 });

function parseClaims(token: string): ParsedClaims {
  const held = parsedTokens.get(token);
  if (held) return held;
  const result = parseClaimsNow(token);
  parsedTokens.set(token, result);
  return result;
}

function parseClaimsNow(token: string): ParsedClaims {
  const decoded = decodeToken(token);
  if (!decoded.ok) return decoded;
  const parsed = CLAIMS.safeParse(decoded.payload);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const claim = first.path.join(".");
    const missing = decoded.payload[String(first.path[0])] === undefined;
    return fail(missing ? "missing-claim" : "invalid-claim", missing ? `claim '${claim}' is missing` : `claim '${claim}' is invalid: ${first.message}`);
  }
  const tolerated: JwtTolerance[] = [];
  const alg = typeof decoded.header.alg === "string" ? decoded.header.alg : undefined;
  const signature = token.split(".")[2] ?? "";
  if ((alg !== undefined && alg.toLowerCase() !== "none") || signature !== "") tolerated.push("signature-not-checked");
  if (decoded.lenient) tolerated.push("lenient-encoding");
  return { ok: true, claims: parsed.data, tolerated, ...(alg ? { algorithm: alg.slice(0, 20) } : {}) };
}

function fail(reason: JwtFailureReason, message: string): JwtCheck & { ok: false } {
  return { ok: false, reason, message };
}

function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

function normaliseAudience(aud: string): string {
  return aud.trim().replace(/\/+$/, "");
}

// ---- claims ------------------------------------------------------------------------------------------

const text = z.string().trim().min(1);
/** NumericDate: seconds since the epoch; a numeric string is tolerated. */
const numericDate = z.union([z.number().finite(), z.string().regex(/^\d+$/).transform(Number)]);
const identifier = z.looseObject({ system: z.string().optional(), value: text });
const humanName = z.looseObject({
  family: z.string().optional(),
  given: z.union([z.array(z.string()), z.string().transform((s) => [s])]).optional(),
  prefix: z.union([z.array(z.string()), z.string().transform((s) => [s])]).optional(),
});

const CLAIMS = z.looseObject({
  iss: text,
  sub: z.union([text, z.number().transform(String)]),
  aud: z.union([text, z.array(text).min(1)]),
  exp: numericDate,
  iat: numericDate,
  reason_for_request: text,
  requested_scope: text,
  requesting_device: z.looseObject({
    resourceType: z.literal("Device").optional(),
    id: z.string().optional(),
    identifier: z.array(identifier).min(1),
    model: z.string().optional(),
    version: z.string().optional(),
  }),
  requesting_organization: z.looseObject({
    resourceType: z.literal("Organization").optional(),
    identifier: z.array(identifier).min(1),
    name: z.string().optional(),
  }),
  requesting_practitioner: z
    .looseObject({
      resourceType: z.literal("Practitioner").optional(),
      id: z.union([z.string(), z.number().transform(String)]).optional(),
      identifier: z.array(identifier).optional(),
      name: z.union([z.array(humanName), humanName.transform((n) => [n])]).optional(),
    })
    .optional(),
});

type Claims = z.infer<typeof CLAIMS>;

function plainIdentifier(i: { system?: string; value: string }): TokenIdentifier {
  return i.system ? { system: i.system, value: i.value } : { value: i.value };
}

function practitionerOf(p: NonNullable<Claims["requesting_practitioner"]>): NonNullable<ConsumerProvenance["practitioner"]> {
  const ids = p.identifier ?? [];
  const valueOf = (system: string) => ids.find((i) => i.system === system)?.value;
  const name = p.name?.[0];
  const given = name?.given ?? [];
  const prefix = name?.prefix ?? [];
  return {
    ...(p.id ? { id: p.id } : {}),
    ...(valueOf(SYSTEM.sdsUserId) ? { sdsUserId: valueOf(SYSTEM.sdsUserId) } : {}),
    ...(valueOf(SYSTEM.sdsRoleProfileId) ? { sdsRoleProfileId: valueOf(SYSTEM.sdsRoleProfileId) } : {}),
    otherIdentifiers: ids.filter((i) => i.system !== SYSTEM.sdsUserId && i.system !== SYSTEM.sdsRoleProfileId).map(plainIdentifier),
    ...(name
      ? { name: { ...(name.family ? { family: name.family } : {}), given, prefix, text: [...prefix, ...given, name.family ?? ""].filter(Boolean).join(" ") } }
      : {}),
  };
}

// ---- decoding -----------------------------------------------------------------------------------------

type Decoded = { ok: true; header: Record<string, unknown>; payload: Record<string, unknown>; lenient?: boolean } | (JwtCheck & { ok: false });

/** Splits and decodes a compact JWT without checking any signature. */
export function decodeToken(token: string): Decoded {
  const parts = token.split(".");
  if (parts.length === 5) return fail("malformed", "an encrypted token (JWE) is not accepted");
  if (parts.length < 2 || parts.length > 3 || !parts[0] || !parts[1]) return fail("malformed", "the token is not header.payload.signature");
  try {
    // The well-kept path first; the lenient one for tokens that are not strictly base64url JSON.
    const strict = parts.length === 3 ? token : `${token}.`;
    return { ok: true, header: decodeProtectedHeader(strict) as Record<string, unknown>, payload: decodeJwt(strict) as Record<string, unknown> };
  } catch {
    const header = lenientJson(parts[0]);
    const payload = lenientJson(parts[1]);
    if (!header || !payload) return fail("malformed", "the token's header or payload is not base64-encoded JSON");
    return { ok: true, header, payload, lenient: true };
  }
}

function lenientJson(segment: string): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9\-_+/]+=*$/.test(segment)) return null;
  const textValue = Buffer.from(segment.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8").replace(/^\uFEFF/, "");
  for (const candidate of [textValue, escapeControlCharactersInStrings(textValue)]) {
    try {
      const value: unknown = JSON.parse(candidate);
      if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
      return null;
    } catch {
      // try the next candidate
    }
  }
  return null;
}

/** JSON forbids raw control characters inside strings; hand-written templates sometimes contain them. */
function escapeControlCharactersInStrings(json: string): string {
  let out = "";
  let inString = false;
  let escaped = false;
  for (const ch of json) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
      else if (ch < " ") {
        out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
        continue;
      }
    } else if (ch === '"') inString = true;
    out += ch;
  }
  return out;
}
