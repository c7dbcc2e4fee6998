import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CROSS_SITE_MESSAGE, crossSiteProblem } from "@/lib/security/same-origin";

/**
 * CSRF: every state-changing route handler under app/api refuses a request from another site before doing anything
 * (403, a clear message). The list is read from the file system, so a new mutating route that forgets the check
 * (withStaff does it; other handlers use sameOriginOnly) fails here. /api/auth is next-auth's own (its CSRF token).
 */
const API = path.resolve(__dirname);
const EXCLUDED = [path.join(API, "auth")];
const MUTATING = ["POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (EXCLUDED.some((x) => full === x || full.startsWith(x + path.sep))) continue;
    if (statSync(full).isDirectory()) out.push(...routeFiles(full));
    else if (name === "route.ts") out.push(full);
  }
  return out;
}

type Handler = (req: Request, ctx: unknown) => Promise<Response>;

const routes = routeFiles(API);
const mutating: { route: string; method: string; handler: Handler }[] = [];
for (const file of routes) {
  const mod = (await import(file)) as Record<string, unknown>;
  for (const method of MUTATING) {
    if (typeof mod[method] === "function") mutating.push({ route: path.relative(API, path.dirname(file)), method, handler: mod[method] as Handler });
  }
}

const ctx = { params: Promise.resolve({ id: "x", report: "rep-prov-01" }) };

describe("same-origin check on every state-changing staff API", () => {
  it("finds the API routes, including the mutating ones", () => {
    expect(routes.length).toBeGreaterThan(5);
    expect(mutating.map((m) => `${m.method} ${m.route}`)).toEqual(expect.arrayContaining(["POST arrivals/presence", "POST documents", "POST session/activity"]));
  });

  it.each(mutating.map((m) => [`${m.method} /api/${m.route}`, m] as const))("%s refuses a cross-site request with 403", async (_name, m) => {
    for (const headers of [
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { origin: "https://evil.example" },
      {},
    ] as Record<string, string>[]) {
      const res = await m.handler(new Request(`http://127.0.0.1:3000/api/${m.route}`, { method: m.method, headers: { "content-type": "application/json", ...headers }, body: "{}" }), ctx);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: CROSS_SITE_MESSAGE });
    }
  });
});

describe("crossSiteProblem", () => {
  const req = (method: string, headers: Record<string, string>, url = "http://127.0.0.1:3000/api/x") => new Request(url, { method, headers });
  it("lets safe methods and same-origin requests through", () => {
    expect(crossSiteProblem(req("GET", { "sec-fetch-site": "cross-site" }))).toBeNull();
    expect(crossSiteProblem(req("POST", { "sec-fetch-site": "same-origin", origin: "http://127.0.0.1:3000" }))).toBeNull();
    expect(crossSiteProblem(req("POST", { origin: "http://127.0.0.1:3000" }))).toBeNull();
    // Behind a TLS terminator: the browser's origin is the public one.
    expect(crossSiteProblem(req("POST", { origin: "https://ed.example.nhs.uk", host: "ed.example.nhs.uk", "x-forwarded-proto": "https" }))).toBeNull();
  });
  it("refuses other sites, look-alike origins and requests that say nothing", () => {
    expect(crossSiteProblem(req("POST", { "sec-fetch-site": "none" }))).toMatch(/none/);
    expect(crossSiteProblem(req("DELETE", { origin: "http://127.0.0.1:3001" }))).toMatch(/not this site/);
    expect(crossSiteProblem(req("PUT", { origin: "http://127.0.0.1:3000.evil.example" }))).toMatch(/not this site/);
    expect(crossSiteProblem(req("PATCH", { origin: "null" }))).toMatch(/not this site/);
    expect(crossSiteProblem(req("POST", {}))).toMatch(/no Origin/);
  });
});
