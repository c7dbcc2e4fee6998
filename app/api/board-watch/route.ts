import { NextResponse } from "next/server";
import { withStaff } from "@/lib/auth/with-staff";
import { boardUnseenStatus, watchStatusForPage } from "@/lib/arrivals/board-presence";

export const dynamic = "force-dynamic";

/** Which sites' expected-arrivals boards have gone unseen (site names only, no patient data). Polled by every staff page. */
export const GET = withStaff(["clinician", "clerk", "admin", "manager"], async () => NextResponse.json(watchStatusForPage(await boardUnseenStatus())));
