// Every kind of answer carries the security headers (HAZ-022 and the README's Security section): pages a
// Content-Security-Policy whose scripts need the response's nonce; everything framing-proof, no-referrer,
// nosniff; HSTS when the request reached us over https (X-Forwarded-Proto from the TLS terminator).
import { describe, expect, it } from "vitest";
import { SCOPES, sspHeaders } from "./client";
import { auth } from "./helpers";

const origin = () => process.env.API_BASE_URL!;

interface Case {
  name: string;
  path: string;
  page: boolean;
  status: number;
  headers?: Record<string, string>;
  method?: string;
}

const CASES: Case[] = [
  { name: "sign-in page", path: "/login", page: true, status: 200 },
  { name: "staff page (signed out: sent to sign in)", path: "/capacity", page: true, status: 307 },
  { name: "staff page under a role (signed out)", path: "/admin/services", page: true, status: 307 },
  { name: "staff JSON API (signed out)", path: "/api/capacity/day", page: false, status: 401 },
  { name: "health", path: "/api/health", page: false, status: 200 },
  { name: "FHIR CapabilityStatement", path: "/STU3/1/metadata", page: false, status: 200 },
  { name: "FHIR slot search error", path: "/STU3/1/Slot?nonsense=1", page: false, status: 400, headers: { ...sspHeaders("slot"), ...auth(SCOPES.slotRead) } },
  { name: "FHIR broken address", path: "/STU3/1/Appointment/%E0%A4%A", page: false, status: 400 },
  { name: "ITK door (wrong method)", path: "/itk/nhs111", page: false, status: 405 },
];

function directives(csp: string): Map<string, string> {
  return new Map(csp.split(";").map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0], d] as [string, string]));
}

describe("security headers on every kind of answer", () => {
  it.each(CASES)("$name", async (c) => {
    for (const https of [false, true]) {
      const res = await fetch(`${origin()}${c.path}`, { method: c.method ?? "GET", redirect: "manual", headers: { ...(c.headers ?? {}), ...(https ? { "X-Forwarded-Proto": "https" } : {}) } });
      expect(res.status).toBe(c.status);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      const csp = res.headers.get("content-security-policy");
      expect(csp, "Content-Security-Policy").toBeTruthy();
      const d = directives(csp!);
      expect(d.get("frame-ancestors")).toBe("frame-ancestors 'none'");
      if (c.page) {
        const script = d.get("script-src") ?? "";
        expect(script).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
        expect(script).not.toContain("unsafe-inline");
        expect(script).not.toContain("unsafe-eval");
        expect(d.get("object-src")).toBe("object-src 'none'");
      } else {
        expect(d.get("default-src")).toBe("default-src 'none'");
      }
      // HSTS only over https: the suite's server has an http PUBLIC_URL, so it depends on X-Forwarded-Proto here.
      if (https) expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=31536000; includeSubDomains$/);
      else expect(res.headers.get("strict-transport-security")).toBeNull();
    }
  });

  it("a page's script nonce is fresh on every response", async () => {
    const nonce = async () => /'nonce-([^']+)'/.exec((await fetch(`${origin()}/login`)).headers.get("content-security-policy") ?? "")?.[1];
    const [a, b] = [await nonce(), await nonce()];
    expect(a).toBeTruthy();
    expect(a).not.toBe(b);
  });
});
