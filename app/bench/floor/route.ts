import { randomUUID } from "node:crypto";

export const dynamic = "force-dynamic";

/**
 * Load-test reference point, only when the server runs with BENCH_ROUTES=1 (404 otherwise): answers GET with a
 * Bundle held in memory, serialised per request with the FHIR door's content headers, so `npm run bench:fhir`
 * can compare the real slot search with the cost of the framework alone. The load test POSTs the Bundle (a real
 * slot search answer) once before measuring.
 */
const held = globalThis as unknown as { __benchFloorBundle?: Record<string, unknown> };

const enabled = () => process.env.BENCH_ROUTES === "1";
const notFound = () => new Response(null, { status: 404 });

export async function GET(): Promise<Response> {
  if (!enabled() || !held.__benchFloorBundle) return notFound();
  return new Response(JSON.stringify(held.__benchFloorBundle), {
    status: 200,
    headers: { "Content-Type": "application/fhir+json;charset=utf-8", "Cache-Control": "no-store", "X-Request-ID": randomUUID() },
  });
}

export async function POST(req: Request): Promise<Response> {
  if (!enabled()) return notFound();
  const body: unknown = await req.json().catch(() => null);
  if (typeof body !== "object" || body === null || (body as { resourceType?: unknown }).resourceType !== "Bundle") {
    return new Response("Send a FHIR Bundle", { status: 400 });
  }
  held.__benchFloorBundle = body as Record<string, unknown>;
  return new Response(null, { status: 204 });
}
