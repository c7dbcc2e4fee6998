import { NextResponse } from "next/server";
import { withStaff } from "@/lib/auth/with-staff";
import { ROLES } from "@/lib/auth/roles";
import { idleMinutes } from "@/lib/auth/identity-config";

export const dynamic = "force-dynamic";

/**
 * The idle sign-out's clock. GET tells a page how long the session has been idle without renewing it (so background
 * polling never keeps a session alive); POST is someone using the page ("Stay signed in", typing, clicking): the
 * route gate (proxy.ts) renews the session's last activity on it.
 */
export const GET = withStaff(ROLES, async (_req, staff) => NextResponse.json({ idleMinutes: idleMinutes(), idleForSeconds: Math.max(0, Math.floor(Date.now() / 1000) - staff.lastActivity) }));

export const POST = withStaff(ROLES, async () => NextResponse.json({ ok: true, idleMinutes: idleMinutes(), idleForSeconds: 0 }));
