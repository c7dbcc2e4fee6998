import { NextResponse } from "next/server";
import { withStaff } from "@/lib/auth/with-staff";
import { loadBoard, parseBoardWindow } from "@/lib/arrivals/load-board";

export const dynamic = "force-dynamic";

/** The board's data, polled by the page every 10 seconds. ?date=YYYY-MM-DD or ?hours=N (default today). */
export const GET = withStaff(["clinician", "clerk"], async (req, staff) => {
  const url = new URL(req.url);
  const window = parseBoardWindow({ date: url.searchParams.get("date"), hours: url.searchParams.get("hours") });
  if (!window) return NextResponse.json({ error: "Enter a real date, for example 2026-11-23, or a number of hours from 1 to 72" }, { status: 400 });
  return NextResponse.json(await loadBoard(window, staff));
});
