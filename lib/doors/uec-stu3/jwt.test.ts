import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { ACCEPTED_SCOPES, checkConsumerJwt, decodeToken, type FhirInteraction, type JwtCheck } from "./jwt";

const AUD = "https://ed.example.nhs.uk/STU3/1";
const NOW = new Date("2026-03-02T09:30:00Z");
const NOW_S = NOW.getTime() / 1000;

/**
 * Shaped like the assurance tool's JWT templates: CRLF line ends, tabs for some indents, a non-URL local
 * identifier system, placeholders substituted as text. All values are synthetic.
 */
function template(scope: string, opts: { practitioner?: boolean; aud?: string; iat?: number; exp?: number } = {}): string {
  const iat = opts.iat ?? NOW_S;
  const exp = opts.exp ?? iat + 300;
  const practitioner = [
    `,\r\n  "requesting_practitioner": {\r\n    "resourceType": "Practitioner",\r\n    "id": "1",\r\n    "identifier": [{\r\n`,
    `        "system": "https://fhir.nhs.uk/Id/sds-user-id",\r\n        "value": "999000555666"\r\n      },\r\n`,
    `      {\r\n        "system": "https://fhir.nhs.uk/Id/sds-role-profile-id",\r\n        "value": "999000111222"\r\n      },\r\n`,
    `\t\t\t{\r\n        "system": "LocalIdentifierSystem",\r\n        "value": "1"\r\n      }],\r\n`,
    `    "name": [{\r\n      "family":  "Tester" ,\r\n      "given": [ "Alex" ],\r\n      "prefix": [ "Dr" ]\r\n    }]\r\n  }`,
  ].join("");
  return [
    `{\r\n  "iss": "https://consumer.example.org",\r\n  "sub": "1",\r\n  "aud": "${opts.aud ?? AUD}",\r\n`,
    `\t"exp": ${exp},\r\n\t"iat": ${iat},\r\n  "reason_for_request": "directcare",\r\n  "requested_scope": "${scope}",\r\n`,
    `  "requesting_device": {\r\n    "resourceType": "Device",\r\n    "id": "1",\r\n    "identifier": [{\r\n`,
    `\t"system": "https://consumer.example.org/Id/device-identifier",\r\n\t"value": "TEST-APP-1"\r\n      }],\r\n`,
    `    "model": "Synthetic consumer",\r\n    "version": "1.1"\r\n  },\r\n`,
    `  "requesting_organization": {\r\n    "resourceType": "Organization",\r\n    "identifier": [{\r\n`,
    `        "system": "https://fhir.nhs.uk/Id/ods-organization-code",\r\n        "value": "X99999"\r\n      }],\r\n`,
    `\t"name": "Synthetic 111 Service"\r\n  }`,
    opts.practitioner === false ? "" : practitioner,
    `\r\n}\r\n`,
  ].join("");
}

const b64url = (s: string) => Buffer.from(s, "utf8").toString("base64url");
const unsigned = (payload: string, header = '{"alg":"none","typ":"JWT"}') => `${b64url(header)}.${b64url(payload)}.`;
const bearer = (token: string) => `Bearer ${token}`;
const check = (auth: string | null, interaction: FhirInteraction = "search-slots", extra: Partial<Parameters<typeof checkConsumerJwt>[2]> = {}) =>
  checkConsumerJwt(auth, interaction, { audiences: [AUD], now: NOW, ...extra });
const reasonOf = (r: JwtCheck) => (r.ok ? "ok" : r.reason);

describe("checkConsumerJwt: the assurance-shaped tokens", () => {
  it("accepts a signed token it cannot check, and says the signature was not checked", () => {
    const signed = `${b64url('{"alg":"RS256","typ":"JWT"}')}.${b64url(template("organization/slot.read"))}.c2lnbmF0dXJl`;
    const result = check(bearer(signed));
    expect(result.ok && result.tolerated).toEqual(["signature-not-checked"]);
    expect(result.ok && result.algorithm).toBe("RS256");
    const plain = check(bearer(unsigned(template("organization/slot.read"))));
    expect(plain.ok && plain.tolerated).toEqual([]);
  });

  it("accepts an unsigned token with a trailing dot and returns typed provenance", () => {
    const result = check(bearer(unsigned(template("organization/slot.read"))));
    expect(result).toEqual({
      ok: true,
      tolerated: [],
      algorithm: "none",
      provenance: {
        issuer: "https://consumer.example.org",
        subject: "1",
        audience: AUD,
        issuedAt: NOW,
        expiresAt: new Date(NOW.getTime() + 300_000),
        reasonForRequest: "directcare",
        scopes: ["organization/slot.read"],
        organisation: { odsCode: "X99999", name: "Synthetic 111 Service" },
        device: { id: "1", identifiers: [{ system: "https://consumer.example.org/Id/device-identifier", value: "TEST-APP-1" }], model: "Synthetic consumer", version: "1.1" },
        practitioner: {
          id: "1",
          sdsUserId: "999000555666",
          sdsRoleProfileId: "999000111222",
          otherIdentifiers: [{ system: "LocalIdentifierSystem", value: "1" }],
          name: { family: "Tester", given: ["Alex"], prefix: ["Dr"], text: "Dr Alex Tester" },
        },
      },
    });
  });

  it("copes without requesting_practitioner (TKW SFFSWithValidParameters_JWT_NoPractitioner)", () => {
    const result = check(bearer(unsigned(template("organization/slot.read", { practitioner: false }))));
    expect(result.ok && result.provenance.practitioner).toBeUndefined();
    expect(result.ok).toBe(true);
  });

  it("rejects an aud that is not this service (TKW SFFSWithInvalidJWTaud)", () => {
    const result = check(bearer(unsigned(template("organization/slot.read", { aud: "notanendpoint" }))));
    expect(result).toMatchObject({ ok: false, reason: "audience" });
  });

  it("accepts any configured audience, ignoring a trailing slash, and an aud array", () => {
    const other = "https://internal.example.nhs.uk/fhir";
    expect(check(bearer(unsigned(template("organization/slot.read", { aud: `${other}/` }))), "metadata", { audiences: [AUD, other] }).ok).toBe(true);
    const arr = template("organization/slot.read").replace(`"aud": "${AUD}"`, `"aud": ["https://elsewhere", "${AUD}"]`);
    expect(check(bearer(unsigned(arr))).ok).toBe(true);
  });

  it("rejects the write scope on a slot search (TKW SFFSWithInvalidJWTScope)", () => {
    const result = check(bearer(unsigned(template("patient/appointment.write"))), "search-slots");
    expect(result).toMatchObject({ ok: false, reason: "scope" });
    expect(result.ok || result.message).toMatch(/needs organization\/slot.read/);
  });

  it.each<[FhirInteraction, string, boolean]>([
    ["metadata", "organization/slot.read", true],
    ["metadata", "patient/appointment.read", false],
    ["search-slots", "organization/slot.read", true],
    ["book-appointment", "patient/appointment.write", true],
    ["book-appointment", "patient/appointment.read", false],
    ["cancel-appointment", "patient/appointment.write", true],
    ["cancel-appointment", "organization/slot.read", false],
    ["read-appointment", "patient/appointment.read", true],
    ["read-appointment", "patient/appointment.write", true],
    ["read-appointment", "organization/slot.read", false],
    ["search-appointments", "patient/appointment.read", true],
  ])("%s with %s -> %s", (interaction, scope, ok) => {
    expect(check(bearer(unsigned(template(scope))), interaction).ok).toBe(ok);
    expect(ACCEPTED_SCOPES[interaction].includes(scope)).toBe(ok);
  });

  it("accepts a space-separated scope list containing the needed scope", () => {
    expect(check(bearer(unsigned(template("patient/appointment.read organization/slot.read")))).ok).toBe(true);
  });
});

describe("checkConsumerJwt: time", () => {
  it("rejects an expired token, allowing the clock skew", () => {
    const expiredLongAgo = template("organization/slot.read", { iat: NOW_S - 900, exp: NOW_S - 600 });
    expect(reasonOf(check(bearer(unsigned(expiredLongAgo))))).toBe("expired");
    const justExpired = template("organization/slot.read", { iat: NOW_S - 330, exp: NOW_S - 30 });
    expect(reasonOf(check(bearer(unsigned(justExpired))))).toBe("ok");
    expect(reasonOf(check(bearer(unsigned(justExpired)), "search-slots", { clockSkewSeconds: 10 }))).toBe("expired");
  });

  it("checks the time afresh on every request for a token it has seen before", () => {
    const token = bearer(unsigned(template("organization/slot.read", { iat: NOW_S - 60, exp: NOW_S + 240 })));
    expect(reasonOf(check(token))).toBe("ok");
    expect(reasonOf(check(token, "search-slots", { now: new Date((NOW_S + 400) * 1000) }))).toBe("expired");
    expect(reasonOf(check(token, "book-appointment"))).toBe("scope");
    expect(reasonOf(check(token, "search-slots", { audiences: ["https://elsewhere.example/STU3/1"] }))).toBe("audience");
    expect(reasonOf(check(token))).toBe("ok");
  });

  it("rejects a token issued in the future beyond the skew", () => {
    expect(reasonOf(check(bearer(unsigned(template("organization/slot.read", { iat: NOW_S + 30 })))))).toBe("ok");
    expect(reasonOf(check(bearer(unsigned(template("organization/slot.read", { iat: NOW_S + 600 })))))).toBe("issued-in-future");
  });

  it("refuses a token claiming to be valid for longer than an hour (default), or than the configured maximum", () => {
    const years = template("organization/slot.read", { iat: NOW_S, exp: NOW_S + 5 * 365 * 24 * 3600 });
    expect(check(bearer(unsigned(years)))).toMatchObject({ ok: false, reason: "invalid-claim" });
    const hour = template("organization/slot.read", { iat: NOW_S, exp: NOW_S + 3600 });
    expect(reasonOf(check(bearer(unsigned(hour))))).toBe("ok");
    expect(check(bearer(unsigned(hour)), "search-slots", { maxLifetimeSeconds: 600 })).toMatchObject({ ok: false, reason: "invalid-claim" });
    // What counts is the life left: a token issued two hours ago with five minutes left is fine.
    const old = template("organization/slot.read", { iat: NOW_S - 7200, exp: NOW_S + 300 });
    expect(reasonOf(check(bearer(unsigned(old))))).toBe("ok");
  });

  it("rejects exp before iat", () => {
    expect(check(bearer(unsigned(template("organization/slot.read", { iat: NOW_S, exp: NOW_S - 10 }))))).toMatchObject({ ok: false, reason: "invalid-claim" });
  });
});

describe("checkConsumerJwt: lenient decoding, strict claims", () => {
  it("accepts padding, standard base64 characters, no trailing dot, and a lower-case scheme", () => {
    const payload = template("organization/slot.read");
    const header = Buffer.from('{"alg":"none"}').toString("base64");
    const body = Buffer.from(payload).toString("base64");
    expect(body).toMatch(/[+/=]/);
    expect(check(`bearer  ${header}.${body}.`).ok).toBe(true);
    expect(check(`Bearer ${b64url('{"alg":"none"}')}.${b64url(payload)}`).ok).toBe(true);
  });

  it("tolerates raw control characters inside JSON strings", () => {
    const payload = template("organization/slot.read").replace("Synthetic 111 Service", "Synthetic\t111 Service");
    const result = check(bearer(unsigned(payload)));
    expect(result.ok && result.provenance.organisation.name).toBe("Synthetic\t111 Service");
  });

  it("ignores the signature of a signed token", async () => {
    const claims = JSON.parse(template("organization/slot.read"));
    const signed = await new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("not-checked-secret-000000000000000"));
    expect(check(bearer(signed)).ok).toBe(true);
  });

  it("refuses what is not a bearer JWT at all", () => {
    expect(reasonOf(check(null))).toBe("missing");
    expect(reasonOf(check("  "))).toBe("missing");
    expect(reasonOf(check("Basic dXNlcjpwYXNz"))).toBe("not-bearer");
    expect(reasonOf(check("Bearer abc"))).toBe("malformed");
    expect(reasonOf(check("Bearer a.b.c.d.e"))).toBe("malformed");
    expect(reasonOf(check(`Bearer ${b64url('{"alg":"none"}')}.${b64url("not json")}.`))).toBe("malformed");
    expect(reasonOf(check(`Bearer ${b64url('{"alg":"none"}')}.${b64url("[1,2]")}.`))).toBe("malformed");
  });

  it.each(["iss", "sub", "aud", "exp", "iat", "reason_for_request", "requested_scope", "requesting_device", "requesting_organization"])(
    "requires the %s claim",
    (claim) => {
      const claims = JSON.parse(template("organization/slot.read"));
      delete claims[claim];
      const result = check(bearer(unsigned(JSON.stringify(claims))));
      expect(result).toMatchObject({ ok: false, reason: "missing-claim" });
      expect(result.ok || result.message).toContain(`'${claim}'`);
    },
  );

  it("checks claim values: reason_for_request, ODS code, device identifier, numeric dates", () => {
    const withClaims = (change: (c: Record<string, any>) => void) => {  
      const claims = JSON.parse(template("organization/slot.read"));
      change(claims);
      return check(bearer(unsigned(JSON.stringify(claims))));
    };
    expect(withClaims((c) => (c.reason_for_request = "marketing"))).toMatchObject({ ok: false, reason: "invalid-claim" });
    expect(reasonOf(withClaims((c) => (c.reason_for_request = "DirectCare")))).toBe("ok");
    expect(withClaims((c) => (c.requesting_organization.identifier[0].system = "https://example.org/org"))).toMatchObject({ ok: false, reason: "invalid-claim" });
    expect(withClaims((c) => (c.requesting_device.identifier = []))).toMatchObject({ ok: false, reason: "invalid-claim" });
    expect(withClaims((c) => (c.exp = "soon"))).toMatchObject({ ok: false, reason: "invalid-claim" });
    expect(reasonOf(withClaims((c) => (c.exp = String(c.exp))))).toBe("ok");
    expect(withClaims((c) => (c.requesting_device.resourceType = "Organization"))).toMatchObject({ ok: false, reason: "invalid-claim" });
  });

  it("needs at least one configured audience", () => {
    expect(() => checkConsumerJwt("Bearer x", "metadata", { audiences: [] })).toThrow();
  });
});

describe("decodeToken", () => {
  it("returns header and payload without checking a signature", () => {
    const decoded = decodeToken(unsigned('{"a":1}'));
    expect(decoded).toEqual({ ok: true, header: { alg: "none", typ: "JWT" }, payload: { a: 1 } });
  });
});
