import { NextResponse } from "next/server";
import { withStaff } from "@/lib/auth/with-staff";
import { parseBoardWindow } from "@/lib/arrivals/load-board";
import { exportBoardCsv } from "@/lib/arrivals/board-export";

export const dynamic = "force-dynamic";

/** The board as CSV. Clinicians only; every export is audited. */
export const GET = withStaff(["clinician", "clerk"], async (req, staff) => {
  const url = new URL(req.url);
  const window = parseBoardWindow({ date: url.searchParams.get("date"), hours: url.searchParams.get("hours") });
  if (!window) return NextResponse.json({ error: "Enter a real date or a number of hours" }, { status: 400 });
  const csv = await exportBoardCsv(window, staff);
  const name = window.kind === "date" ? window.date : `next-${window.hours}-hours`;
  return new NextResponse(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="expected-arrivals-${name}.csv"` } });
});
