import { NextResponse } from "next/server";
import { withStaff } from "@/lib/auth/with-staff";
import { listExpectedArrivals } from "@/lib/arrivals/list-expected-arrivals";
import { isLondonDate, londonToday } from "@/lib/time/london";

export const dynamic = "force-dynamic";

export const GET = withStaff(["clinician", "clerk"], async (req, staff) => {
  const date = new URL(req.url).searchParams.get("date") ?? londonToday();
  if (!isLondonDate(date)) return NextResponse.json({ error: "Enter a real date, for example 2026-11-23" }, { status: 400 });
  const rows = await listExpectedArrivals(date, staff);
  return NextResponse.json({ date, fetchedAt: new Date().toISOString(), rows });
});
