import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, strictTransportSecurity } from "./content-security-policy";

describe("security headers", () => {
  it("allows scripts only with the nonce in production: no unsafe-inline or unsafe-eval for scripts", () => {
    const csp = contentSecurityPolicy("abc123", false);
    const script = csp.split("; ").find((d) => d.startsWith("script-src"))!;
    expect(script).toContain("'nonce-abc123'");
    expect(script).not.toContain("unsafe-inline");
    expect(script).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it("sends HSTS only over https", () => {
    expect(strictTransportSecurity("https://ed.example.nhs.uk", null)).toMatch(/max-age=\d+/);
    expect(strictTransportSecurity("http://localhost:3000", "https")).toMatch(/max-age/);
    expect(strictTransportSecurity("http://localhost:3000", null)).toBeNull();
  });
});
