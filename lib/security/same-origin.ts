import { NextResponse } from "next/server";

/**
 * CSRF defence for the staff JSON APIs: a request that changes something (POST, PUT, PATCH, DELETE) must come from
 * this site's own pages. Browsers say where a request came from in Sec-Fetch-Site (which page script cannot forge);
 * older browsers send Origin instead, checked against this app's own origins. A request with neither is refused: the
 * staff APIs have no non-browser callers. (Server actions have Next.js's own Origin check; /api/auth has
 * next-auth's CSRF token; the FHIR and ITK doors are machine-to-machine behind the edge trust.)
 */
export const CROSS_SITE_MESSAGE = "This request did not come from this system's own pages, so nothing was changed. Reload the page and try again.";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** This app's origins as seen by the browser: the configured public ones and the one the request was sent to. */
function ownOrigins(req: Request): Set<string> {
  const out = new Set<string>();
  for (const u of [process.env.NEXTAUTH_URL, process.env.PUBLIC_URL, req.url]) {
    const o = originOf(u);
    if (o) out.add(o);
  }
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (host) {
    const proto = req.headers.get("x-forwarded-proto")?.split(",")[0].trim() || new URL(req.url).protocol.replace(":", "");
    const o = originOf(`${proto}://${host.split(",")[0].trim()}`);
    if (o) out.add(o);
  }
  return out;
}

/** Why a state-changing request is refused as cross-site, or null when it may proceed. */
export function crossSiteProblem(req: Request): string | null {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  const site = req.headers.get("sec-fetch-site");
  if (site) return site === "same-origin" ? null : `Sec-Fetch-Site is ${site}`;
  const origin = req.headers.get("origin");
  if (!origin) return "no Origin or Sec-Fetch-Site header";
  return ownOrigins(req).has(origin) ? null : `Origin ${origin} is not this site`;
}

/** 403 with a clear message for a cross-site state-changing request; null to carry on. */
export function refuseCrossSite(req: Request): NextResponse | null {
  const problem = crossSiteProblem(req);
  if (!problem) return null;
  return NextResponse.json({ error: CROSS_SITE_MESSAGE }, { status: 403, headers: { "Cache-Control": "no-store" } });
}

/** Wraps a route handler that is not a withStaff one: cross-site state-changing requests are refused first. */
export function sameOriginOnly<C>(handler: (req: Request, ctx: C) => Promise<Response>) {
  return async (req: Request, ctx: C): Promise<Response> => refuseCrossSite(req) ?? handler(req, ctx);
}
