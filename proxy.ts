import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { isRole, rolesForPath } from "./lib/auth/roles";

/**
 * First gate for staff areas: no session → sign-in page (or 401 for internal APIs); wrong role → 403 for APIs; pages show their own 403.
 * Every page and route handler checks again against the database (lib/auth/guard.ts); this gate only
 * keeps unauthenticated traffic away from them. The FHIR API and ITK endpoint have their own trust checks.
 */
export async function proxy(req: NextRequest) {
  const { pathname } = req.nextUrl;
  const roles = rolesForPath(pathname);
  if (!roles) return NextResponse.next();
  const token = await getToken({ req, secret: process.env.NEXTAUTH_SECRET });
  const isApi = pathname.startsWith("/api/");
  if (!token) {
    if (isApi) return NextResponse.json({ error: "Sign in to continue" }, { status: 401 });
    const login = new URL("/login", req.url);
    login.searchParams.set("callbackUrl", pathname + req.nextUrl.search);
    return NextResponse.redirect(login);
  }
  const role = token.role;
  if (!isRole(role) || !roles.includes(role)) {
    if (isApi) return NextResponse.json({ error: "You do not have access to this" }, { status: 403 });
    // Pages answer 403 themselves (requirePageRole → forbidden()), with the app's own "no access" page:
    // a rewrite here would lose the status code.
    return NextResponse.next();
  }
  return NextResponse.next();
}

export const config = {
  matcher: ["/admin/:path*", "/capacity/:path*", "/arrivals/:path*", "/documents/:path*", "/tasks/:path*", "/reports/:path*", "/account/:path*", "/api/admin/:path*", "/api/capacity/:path*", "/api/arrivals/:path*", "/api/documents/:path*", "/api/reports/:path*"],
};
