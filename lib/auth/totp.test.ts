import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, hotp, matchTotp, newTotpSecret, otpauthUri, totpCode } from "./totp";
import { openSecret, sealSecret } from "./secret-box";

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890"; 8-digit codes.
const RFC_SEED = Buffer.from("12345678901234567890", "ascii");
const RFC_VECTORS: [number, string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

describe("TOTP (RFC 6238)", () => {
  it.each(RFC_VECTORS)("matches the RFC 6238 SHA-1 test vector at T=%i", (t, expected) => {
    expect(hotp(RFC_SEED, Math.floor(t / 30), 8)).toBe(expected);
  });

  it("matches the RFC 4226 HOTP test values for counters 0 to 9", () => {
    const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
    expect(expected.map((_, i) => hotp(RFC_SEED, i))).toEqual(expected);
  });

  it("round-trips base32 and derives the 6-digit code from a base32 secret", () => {
    const secret = base32Encode(RFC_SEED);
    expect(secret).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(base32Decode(secret)).toEqual(RFC_SEED);
    expect(totpCode(secret, 59_000)).toBe("287082");
    expect(base32Decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq")).toEqual(RFC_SEED);
    expect(() => base32Decode("GEZ1")).toThrow();
  });

  it("accepts one step of drift either way and nothing further", () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000_000;
    const step = Math.floor(now / 30_000);
    expect(matchTotp(secret, totpCode(secret, now), now)).toBe(step);
    expect(matchTotp(secret, totpCode(secret, now - 30_000), now)).toBe(step - 1);
    expect(matchTotp(secret, totpCode(secret, now + 30_000), now)).toBe(step + 1);
    expect(matchTotp(secret, totpCode(secret, now - 60_000), now)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, now + 60_000), now)).toBeNull();
    expect(matchTotp(secret, "12345", now)).toBeNull();
    expect(matchTotp(secret, "abcdef", now)).toBeNull();
  });

  it("builds an otpauth:// URI authenticator apps read", () => {
    const uri = otpauthUri("JBSWY3DPEHPK3PXP", "admin");
    expect(uri).toBe("otpauth://totp/ED%20arrivals%3Aadmin?secret=JBSWY3DPEHPK3PXP&issuer=ED+arrivals&algorithm=SHA1&digits=6&period=30");
  });
});

describe("secret box (AES-256-GCM, key from NEXTAUTH_SECRET by HKDF)", () => {
  it("seals and opens with the same secret only, and detects tampering", () => {
    const sealed = sealSecret("JBSWY3DPEHPK3PXP", "one-secret-one-secret-one-secret");
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(openSecret(sealed, "one-secret-one-secret-one-secret")).toBe("JBSWY3DPEHPK3PXP");
    expect(openSecret(sealed, "another-secret-another-secret-xx")).toBeNull();
    const parts = sealed.split(".");
    parts[3] = Buffer.from("XXXXXXXXXXXXXXXX").toString("base64url");
    expect(openSecret(parts.join("."), "one-secret-one-secret-one-secret")).toBeNull();
    expect(openSecret("JBSWY3DPEHPK3PXP")).toBeNull();
    expect(sealSecret("a", "k")).not.toBe(sealSecret("a", "k"));
  });
});
