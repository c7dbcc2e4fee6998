import { operationOutcome } from "./lib/doors/bars-r4/rec-errors";
import { getToken, type JWT } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { isRole, rolesForPath } from "./lib/auth/roles";
import { fhirErrorResponse } from "./lib/doors/uec-stu3/operation-outcome";
import { contentTypeFor, responseFormat } from "./lib/doors/uec-stu3/negotiate";
import { fhirJsonToXml } from "./lib/doors/uec-stu3/xml";
import { contentSecurityPolicy, setNonPageSecurityHeaders, strictTransportSecurity } from "./lib/security/content-security-policy";
import { idleMinutes } from "./lib/auth/identity-config";
import { idleMessage, isActivity, isIdle } from "./lib/auth/idle";
import { sessionCookieName, writeSessionCookie } from "./lib/auth/session-cookie";

/** Pages get a fresh script nonce and the security headers; JSON APIs need neither. */
function withPageHeaders(req: NextRequest, pass: (init: { request: { headers: Headers } }) => NextResponse): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(req.headers);
  // Next.js reads the policy from the request to put the nonce on its own scripts.
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const res = pass({ request: { headers } });
  res.headers.set("Content-Security-Policy", csp);
  const hsts = strictTransportSecurity(process.env.PUBLIC_URL, req.headers.get("x-forwarded-proto"));
  if (hsts) res.headers.set("Strict-Transport-Security", hsts);
  return res;
}

/** JSON APIs: a policy that lets nothing load or frame them, and HSTS over https. */
function withApiHeaders(req: NextRequest, res: NextResponse): NextResponse {
  setNonPageSecurityHeaders(res.headers, req.headers.get("x-forwarded-proto"));
  return res;
}

/**
 * A FHIR address with broken percent-encoding (e.g. /STU3/1/Appointment/%E0%A4%A) would fail inside the framework's
 * router with a bare 500; it is answered here with a 400 OperationOutcome instead. Only such addresses reach the
 * proxy on the FHIR door (see the matcher); every other FHIR request goes straight to its route.
 */
function malformedFhirAddress(req: NextRequest): NextResponse {
  try {
    decodeURIComponent(req.nextUrl.pathname);
    return NextResponse.next();
  } catch {
    const err = fhirErrorResponse("bad-parameter", { diagnostics: "The request address is not valid: it has a broken percent-encoding" });
    const negotiated = responseFormat({ format: req.nextUrl.searchParams.get("_format"), accept: req.headers.get("accept") });
    const format = negotiated.ok ? negotiated.format : "json";
    const body = format === "xml" ? fhirJsonToXml(err.body) : JSON.stringify(err.body);
    const res = new NextResponse(body, { status: err.status, headers: { "Content-Type": contentTypeFor(format), "Cache-Control": "no-store", "X-Request-ID": err.body.id ?? "" } });
    setNonPageSecurityHeaders(res.headers, req.headers.get("x-forwarded-proto"));
    return res;
  }
}

/** The same for the BaRS door: a 400 REC_BAD_REQUEST OperationOutcome, with the caller's integrity headers mirrored. */
function malformedBarsAddress(req: NextRequest): NextResponse {
  try {
    decodeURIComponent(req.nextUrl.pathname);
    return NextResponse.next();
  } catch {
    const body = JSON.stringify(operationOutcome("REC_BAD_REQUEST", "value", "The request address is not valid: it has a broken percent-encoding"));
    const headers: Record<string, string> = { "Content-Type": "application/fhir+json; charset=utf-8", "Cache-Control": "no-store" };
    for (const h of ["X-Request-ID", "X-Correlation-ID"]) {
      const v = req.headers.get(h);
      if (v !== null) headers[h] = v;
    }
    const res = new NextResponse(body, { status: 400, headers });
    setNonPageSecurityHeaders(res.headers, req.headers.get("x-forwarded-proto"));
    return res;
  }
}

/** Renews the token's last activity (at most once a minute), keeping its absolute expiry. */
async function withActivity(res: NextResponse, token: JWT, nowSeconds: number): Promise<NextResponse> {
  const la = typeof token.la === "number" ? token.la : 0;
  const exp = typeof token.exp === "number" ? token.exp : 0;
  if (nowSeconds - la < 60 || exp <= nowSeconds) return res;
  await writeSessionCookie(res.cookies, { ...token, la: nowSeconds }, exp, nowSeconds);
  return res;
}

/**
 * First gate for staff areas: no session → sign-in page (or 401 for internal APIs); a session idle longer than
 * STAFF_IDLE_MINUTES → signed out, back to the sign-in page saying why; wrong role → 403 for APIs; pages show their
 * own 403. Every page and route handler checks again against the database (lib/auth/guard.ts); this gate only
 * keeps unauthenticated traffic away from them. The FHIR API and ITK endpoint have their own trust checks.
 */
export async function proxy(req: NextRequest) {
  const { pathname } = req.nextUrl;
  if (pathname.startsWith("/STU3/")) return malformedFhirAddress(req);
  if (pathname.startsWith("/R4/")) return malformedBarsAddress(req);
  const isApi = pathname.startsWith("/api/");
  const next = () => (isApi ? withApiHeaders(req, NextResponse.next()) : withPageHeaders(req, (init) => NextResponse.next(init)));
  const roles = rolesForPath(pathname);
  if (!roles) return next();
  const token = await getToken({ req, secret: process.env.NEXTAUTH_SECRET });
  if (!token) {
    if (isApi) return withApiHeaders(req, NextResponse.json({ error: "Sign in to continue" }, { status: 401 }));
    const login = new URL("/login", req.url);
    login.searchParams.set("callbackUrl", pathname + req.nextUrl.search);
    return withPageHeaders(req, () => NextResponse.redirect(login));
  }
  const minutes = idleMinutes();
  if (isIdle(token.la, minutes)) {
    const res = isApi
      ? withApiHeaders(req, NextResponse.json({ error: idleMessage(minutes), signedOut: "idle" }, { status: 401 }))
      : withPageHeaders(req, () => NextResponse.redirect(new URL(`/login?reason=idle&callbackUrl=${encodeURIComponent(pathname + req.nextUrl.search)}`, req.url)));
    res.cookies.delete(sessionCookieName());
    return res;
  }
  const role = token.role;
  if (!isRole(role) || !roles.includes(role)) {
    if (isApi) return withApiHeaders(req, NextResponse.json({ error: "You do not have access to this" }, { status: 403 }));
    // Pages answer 403 themselves (requirePageRole → forbidden()), with the app's own "no access" page:
    // a rewrite here would lose the status code.
    return next();
  }
  if (isActivity(req.method, pathname, req.headers)) return withActivity(next(), token, Math.floor(Date.now() / 1000));
  return next();
}

export const config = {
  // Every page and JSON API (for the security headers); not the FHIR (STU3, R4) and ITK doors (they set their own) or static files.
  matcher: [
    "/((?!STU3/|R4/|itk/|_next/static|_next/image|favicon.ico).*)","/admin/:path*", "/capacity/:path*", "/arrivals/:path*", "/documents/:path*", "/tasks/:path*", "/reports/:path*", "/account/:path*", "/api/admin/:path*", "/api/capacity/:path*", "/api/arrivals/:path*", "/api/documents/:path*", "/api/reports/:path*", "/api/session/:path*", "/api/board-watch",
    // FHIR addresses with a percent sign only, to catch broken percent-encoding (malformedFhirAddress).
    "/STU3/:rest(.*%.*)", "/R4/:rest(.*%.*)"],
};
