import { NextResponse } from "next/server";
import { z } from "zod";
import { withStaff } from "@/lib/auth/with-staff";
import { recordBoardPresence } from "@/lib/arrivals/board-presence";

export const dynamic = "force-dynamic";

const heartbeat = z.object({ siteId: z.string().trim().min(1).max(100).nullable().optional() });

/** Heartbeat from an open arrivals board (about every 30 seconds while on screen), naming the site it is filtered to. */
export const POST = withStaff(["clinician", "clerk"], async (req, staff) => {
  const text = await req.text();
  let raw: unknown = {};
  try {
    raw = text.trim() ? JSON.parse(text) : {};
  } catch {
    return NextResponse.json({ error: "Send JSON such as {\"siteId\": null}" }, { status: 400 });
  }
  const parsed = heartbeat.safeParse(raw);
  if (!parsed.success) return NextResponse.json({ error: "siteId must be a site id or null" }, { status: 400 });
  const r = await recordBoardPresence(staff, { siteId: parsed.data.siteId ?? null });
  return NextResponse.json({ ok: true, ...r });
});
