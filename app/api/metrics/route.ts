import { timingSafeEqual } from "node:crypto";
import { metrics } from "@/lib/observability/metrics";

export const dynamic = "force-dynamic";

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Prometheus scrape endpoint. Needs `Authorization: Bearer $METRICS_TOKEN`; off when no token is configured. */
export async function GET(req: Request) {
  const expected = process.env.METRICS_TOKEN;
  if (!expected) return new Response("Metrics are off: set METRICS_TOKEN to enable them\n", { status: 404 });
  const given = (req.headers.get("authorization") ?? "").replace(/^Bearer\s+/i, "");
  if (!tokenMatches(given, expected)) return new Response("Unauthorised\n", { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
  const m = metrics();
  return new Response(await m.registry.metrics(), { headers: { "Content-Type": m.registry.contentType, "Cache-Control": "no-store" } });
}
