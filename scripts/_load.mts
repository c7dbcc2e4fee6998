import { createRequire } from "node:module";
process.env.API_BASE_URL = process.env.API_BASE_URL ?? "http://127.0.0.1:3260";
const { auth, slotQuery } = await import("../api-tests/helpers");
const { SCOPES, sspHeaders } = await import("../api-tests/client");
const autocannon = createRequire(import.meta.url)("autocannon");
const path = process.argv[2] === "floor" ? "/bench/floor" : `/STU3/1${slotQuery("999999999")}`;
const headers = { ...sspHeaders("slot"), ...auth(SCOPES.slotRead), Accept: "application/fhir+json" };
const r = await autocannon({ url: `${process.env.API_BASE_URL}${path}`, headers, connections: 10, duration: Number(process.argv[3] ?? 10) });
console.log(path.slice(0, 20), r.requests.average, "req/s p99", r.latency.p99, JSON.stringify(r.statusCodeStats));
