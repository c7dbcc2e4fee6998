import { NextResponse } from "next/server";
import { withStaff } from "@/lib/auth/with-staff";
import { recordBoardPresence } from "@/lib/arrivals/board-presence";

export const dynamic = "force-dynamic";

/** Heartbeat from an open arrivals board (about every 30 seconds while on screen). */
export const POST = withStaff(["clinician", "clerk"], async (_req, staff) => {
  const r = await recordBoardPresence(staff);
  return NextResponse.json({ ok: true, ...r });
});
