import { NextResponse } from "next/server";
import { currentStaff, type StaffSession } from "./guard";
import type { Role } from "./roles";
import { refuseCrossSite } from "../security/same-origin";
import { DatabaseUnavailable, DomainError, Forbidden, InvalidInput, NotFound, Throttled, VersionConflict } from "../errors";

/** Maps a domain error to the staff door's JSON answer: one table for every internal API. */
export function staffErrorResponse(e: unknown): NextResponse {
  if (e instanceof InvalidInput) return NextResponse.json({ error: e.message, fields: e.fieldErrors }, { status: 400 });
  if (e instanceof NotFound) return NextResponse.json({ error: e.message }, { status: 404 });
  if (e instanceof Forbidden) return NextResponse.json({ error: e.message }, { status: 403 });
  if (e instanceof VersionConflict) return NextResponse.json({ error: e.message }, { status: 409 });
  if (e instanceof DatabaseUnavailable) {
    console.error("internal API: database unavailable", e.detail ?? e.message);
    return NextResponse.json({ error: "The system cannot reach its database just now. Nothing was changed. Try again in a few seconds." }, { status: 503, headers: { "Retry-After": String(e.retryAfterSeconds), "Cache-Control": "no-store" } });
  }
  if (e instanceof Throttled) return NextResponse.json({ error: e.message }, { status: 429, headers: { "Retry-After": String(e.retryAfterSeconds) } });
  if (e instanceof DomainError) return NextResponse.json({ error: e.message }, { status: 422 });
  console.error("internal API error", e instanceof Error ? e.message : e);
  return NextResponse.json({ error: "Something went wrong. Try again, and if it keeps happening, tell the service desk." }, { status: 500 });
}

/**
 * Wraps an internal API route handler: a session and one of `roles` are required (checked against the
 * database), a request that changes something must come from this site's own pages (CSRF: lib/security/same-origin.ts),
 * answers are never cached, and domain errors become clear JSON messages. Staff server actions have the same
 * checks in staffAction (lib/staff/staff-action.ts).
 */
export function withStaff<C>(roles: readonly Role[], handler: (req: Request, staff: StaffSession, ctx: C) => Promise<Response>) {
  return async (req: Request, ctx: C): Promise<Response> => {
    const crossSite = refuseCrossSite(req);
    if (crossSite) return crossSite;
    try {
      // The session is checked against the database, so an outage here is a 503 like one in the handler.
      const staff = await currentStaff();
      if (!staff) return NextResponse.json({ error: "Sign in to continue" }, { status: 401 });
      // A temporary password (after an admin reset) opens nothing but the change-password page, here as on pages.
      if (staff.mustChangePassword) return NextResponse.json({ error: "Change your password before you do anything else" }, { status: 403 });
      if (!roles.includes(staff.role)) return NextResponse.json({ error: "You do not have access to this" }, { status: 403 });
      const res = await handler(req, staff, ctx);
      res.headers.set("Cache-Control", "no-store");
      return res;
    } catch (e) {
      return staffErrorResponse(e);
    }
  };
}
