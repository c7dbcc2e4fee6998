import { NextResponse } from "next/server";
import { withStaff } from "@/lib/auth/with-staff";
import { boardUnseenStatus } from "@/lib/arrivals/board-presence";

export const dynamic = "force-dynamic";

/** Whether the expected-arrivals board has gone unseen (no patient data). Polled by every staff page. */
export const GET = withStaff(["clinician", "clerk", "admin", "manager"], async () => {
  const s = await boardUnseenStatus();
  return NextResponse.json({ unseen: s.unseen, suspended: s.suspended, minutes: s.minutes, lastSeenAt: s.lastSeenAt?.toISOString() ?? null });
});
