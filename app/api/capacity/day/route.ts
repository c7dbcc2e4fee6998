import { NextResponse } from "next/server";
import { withStaff } from "@/lib/auth/with-staff";
import { capacityDayView } from "@/lib/capacity/capacity-day-view";
import { capacitySummary } from "@/lib/capacity/capacity-summary";
import { isLondonDate, londonToday } from "@/lib/time/london";
import { now as clockNow } from "@/lib/time/clock";

export const dynamic = "force-dynamic";

/** The capacity page's live data: one service's day, and every service's earliest bookable slot. */
export const GET = withStaff(["clerk", "admin"], async (req) => {
  const params = new URL(req.url).searchParams;
  const serviceId = params.get("service") ?? "";
  const now = clockNow();
  const date = params.get("date") ?? londonToday(now);
  if (!isLondonDate(date)) return NextResponse.json({ error: "Enter a real date, for example 2026-11-23" }, { status: 400 });
  const [view, summary] = await Promise.all([capacityDayView(serviceId, date, now), capacitySummary(now)]);
  return NextResponse.json({ fetchedAt: now.toISOString(), view, summary });
});
