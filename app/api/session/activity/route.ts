import { NextResponse } from "next/server";
import { readStaffSession } from "@/lib/auth/guard";
import { idleMinutes } from "@/lib/auth/identity-config";
import { idleMessage } from "@/lib/auth/idle";
import { sameOriginOnly } from "@/lib/security/same-origin";

export const dynamic = "force-dynamic";

/**
 * The idle sign-out's clock, for every signed-in member of staff (an administrator still setting up two-factor
 * sign-in included). GET tells a page how long the session has been idle without renewing it (so background polling
 * never keeps a session alive); POST is someone using the page ("Stay signed in", typing, clicking): the route gate
 * (proxy.ts) renews the session's last activity on it.
 */
async function answer(renewed: boolean): Promise<Response> {
  const s = await readStaffSession();
  const headers = { "Cache-Control": "no-store" };
  if (s.kind === "idle") return NextResponse.json({ error: idleMessage(s.minutes), signedOut: "idle" }, { status: 401, headers });
  if (s.kind === "none") return NextResponse.json({ error: "Sign in to continue" }, { status: 401, headers });
  return NextResponse.json({ idleMinutes: idleMinutes(), idleForSeconds: renewed ? 0 : s.staff.idleForSeconds }, { headers });
}

export const GET = sameOriginOnly(async () => answer(false));

export const POST = sameOriginOnly(async () => answer(true));
