import { NextResponse } from "next/server";
import { checkHealth } from "@/lib/health/check-health";
import { drainingSince } from "@/lib/lifecycle/draining";

export const dynamic = "force-dynamic";

export async function GET() {
  // Told to stop (SIGTERM): the balancer takes this instance out while it still serves what it is sent.
  const since = drainingSince();
  if (since) return NextResponse.json({ status: "draining", since }, { status: 503, headers: { "Cache-Control": "no-store" } });
  const health = await checkHealth();
  return NextResponse.json(health, { status: health.status === "down" ? 503 : 200, headers: { "Cache-Control": "no-store" } });
}
