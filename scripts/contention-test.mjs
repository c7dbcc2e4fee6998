// Contention behind a load balancer: 50 consumers (distinct ASIDs and ODS codes) race for the same 10 free slots,
// and one consumer sends the same booking 5 times at once with one X-Request-ID.
// Expected: exactly 10 × 201 and the rest 409/422; one active booking per slot in the database; the retried request
// makes exactly one booking.
//   node scripts/contention-test.mjs              SQLite, one instance (a fresh file)
//   node scripts/contention-test.mjs --postgres   PostgreSQL (CONTENTION_POSTGRES_URL, default
//                                                 postgres://postgres@127.0.0.1:5432/edcontention, recreated), TWO
//                                                 instances behind the reference front end (deploy/haproxy.cfg: HAProxy
//                                                 terminating TLS, verifying the callers' client certificate against a
//                                                 CA made for the run, balancing by health), with EDGE_TRUST=client-cert
// Ports: CONTENTION_PORT (default 3290) for HAProxy or the single instance; instances on +1 and +2. Loopback only,
// bounded in time (fails after 150 s). Uses the production build in .next (`npm test` makes one; built here when
// missing or stale, by the same rule as `npm start`).
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { buildIsStale, newestSourceMtime, stampBuild } from "./build-stamp.mjs";
import { startHaproxy, waitAllUp } from "./edge/haproxy.mjs";
import { edgeClient } from "./edge/https-client.mjs";
import { makeTestPki } from "./edge/test-pki.mjs";

const started = Date.now();
const postgres = process.argv.includes("--postgres");
const PORT = Number(process.env.CONTENTION_PORT ?? 3290);
const BASE = `${postgres ? "https" : "http"}://127.0.0.1:${PORT}`;
const url = postgres ? (process.env.CONTENTION_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/edcontention") : "file:./data/contention/ed.db";
const label = postgres ? "PostgreSQL, 2 instances behind HAProxy" : "SQLite, 1 instance";
const root = process.cwd();
const dist = process.env.NEXT_DIST_DIR || ".next";
const CONSUMERS = 50;
const SLOTS = 10;
const RETRIES = 5;

const EDGE_SECRET = `${randomUUID()}${randomUUID()}`;
const env = {
  ...process.env, HOSTNAME: "127.0.0.1", DATABASE_URL: url, SEED_PROFILE: "assurance", PUBLIC_URL: BASE, NEXTAUTH_SECRET: "contention-test-only-secret-0123456789", LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1", SHUTDOWN_DRAIN_MS: "0",
  ...(postgres ? { EDGE_TRUST: "client-cert", EDGE_SHARED_SECRET: EDGE_SECRET, TRUSTED_PROXY_HOPS: "1" } : {}),
};
const children = [];
let edge = null;
const edgeDir = postgres ? mkdtempSync(join(tmpdir(), "ed-contention-")) : null;
function stopAll() {
  for (const c of children) c.kill("SIGTERM");
  edge?.stop();
  if (edgeDir) rmSync(edgeDir, { recursive: true, force: true });
}
const safety = setTimeout(() => {
  console.log(`[contention] took longer than 150 s; stopping`);
  console.log(`contention (${label}): 0 passed, 1 failed`);
  stopAll();
  process.exit(1);
}, 150_000);

// --- database and build ------------------------------------------------------------------------------------------
if (!postgres) rmSync("data/contention", { recursive: true, force: true });
else {
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, "/postgres") });
  await admin.connect();
  const name = new URL(url).pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected database name ${name}`);
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
}
const prep = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/db-prepare.ts"], { env, stdio: "inherit" });
if (prep.status !== 0) process.exit(1);
if (buildIsStale(root, join(root, dist))) {
  console.log("[contention] building the app (no build, or the sources changed since it was made)…");
  const stamp = newestSourceMtime(root);
  const b = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { env: { ...env, NODE_ENV: "production" }, stdio: "inherit" });
  if (b.status !== 0) process.exit(1);
  stampBuild(root, join(root, dist), stamp);
}

// --- servers and the balancer ---------------------------------------------------------------------------------------
function startServer(port) {
  const c = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], { env: { ...env, PORT: String(port), NODE_ENV: "production", HL7_MLLP_PORT: "0" }, stdio: "ignore" });
  children.push(c);
  return c;
}
async function waitHealthy(base) {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server at ${base} did not start`);
}

const upstreams = postgres ? [PORT + 1, PORT + 2] : [PORT];
for (const p of upstreams) startServer(p);
await Promise.all(upstreams.map((p) => waitHealthy(`http://127.0.0.1:${p}`)));

// PostgreSQL: HAProxy with deploy/haproxy.cfg in front, and the consumers present the good client certificate.
let send = fetch;
if (postgres) {
  const pki = makeTestPki(edgeDir);
  edge = await startHaproxy({ bind: `127.0.0.1:${PORT}`, pki, secret: EDGE_SECRET, apps: upstreams.map((p) => `127.0.0.1:${p}`), dir: edgeDir });
  await waitAllUp(edge);
  const client = edgeClient({ ca: pki.ca, identity: pki.clients.good, maxSockets: 64 });
  send = client.request;
}
console.log(`[contention] ${label}: ${upstreams.map((p) => `127.0.0.1:${p}`).join(", ")}${postgres ? ` behind 127.0.0.1:${PORT}` : ""} (ready after ${((Date.now() - started) / 1000).toFixed(1)} s)`);

// --- consumers -----------------------------------------------------------------------------------------------------
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
function jwt(scope, c) {
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: "none", typ: "JWT" })}.${b64({
    iss: `https://consumer${c}.example`, sub: "1", aud: `${BASE}/STU3/1`, exp: now + 600, iat: now, reason_for_request: "directcare", requested_scope: scope,
    requesting_device: { resourceType: "Device", identifier: [{ system: `https://consumer${c}.example/device`, value: "1" }], model: "contention", version: "1" },
    requesting_organization: { resourceType: "Organization", identifier: [{ system: "https://fhir.nhs.uk/Id/ods-organization-code", value: `NZZ${String(100 + c)}` }], name: `Contention test 111 number ${c}` },
  })}.`;
}
const asid = (c) => `3000000${String(c).padStart(5, "0")}`;
const headers = (scope, c, rid = randomUUID()) => ({ Authorization: `Bearer ${jwt(scope, c)}`, "Ssp-From": asid(c), "Ssp-To": "918999198738", "Ssp-TraceID": randomUUID(), "Ssp-InteractionID": "urn:nhs:names:services:careconnect:fhir:rest:create:appointment", "X-Request-ID": rid, "Content-Type": "application/fhir+json" });

function nhsNumber(n) {
  for (let k = n; ; k++) {
    const nine = `999${String(k % 1_000_000).padStart(6, "0")}`;
    const sum = [...nine].reduce((acc, d, i) => acc + (10 - i) * Number(d), 0);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    return nine + (check === 11 ? 0 : check);
  }
}
function body(slot, n) {
  return {
    resourceType: "Appointment", language: "en-GB", status: "booked", description: "Contention test", start: slot.start, end: slot.end, created: new Date().toISOString(),
    contained: [
      { resourceType: "DocumentReference", id: "d", identifier: [{ system: "https://tools.ietf.org/html/rfc4122", value: randomUUID() }], status: "current", type: { coding: [{ system: "urn:oid:2.16.840.1.113883.2.1.3.2.4.18.17", code: "POCD_MT200001GB02", display: "Integrated Urgent Care Report" }] }, indexed: new Date().toISOString(), content: [{ attachment: { contentType: "application/hl7-v3+xml", language: "en" } }] },
      { resourceType: "Slot", id: slot.id, schedule: slot.schedule, status: "busy", start: slot.start, end: slot.end },
      { resourceType: "Patient", id: "p", identifier: [{ system: "https://fhir.nhs.uk/Id/nhs-number", value: nhsNumber(5000 + n * 13) }], name: [{ use: "official", family: `Racer${n}`, given: ["Test"] }], telecom: [{ system: "phone", value: "07700 900000", rank: 1 }], gender: "female", birthDate: "1980-01-01", address: [{ use: "home", line: ["1 Test Street"], postalCode: "WX1 1AA" }] },
    ],
    supportingInformation: [{ reference: "#d" }], slot: [{ reference: `#${slot.id}` }], participant: [{ actor: { reference: "#p", display: `Test Racer${n}` }, status: "accepted" }],
  };
}

const problems = [];
const search = await send(`${BASE}/STU3/1/Slot?schedule.actor:healthcareservice=999999999&status=free`, { headers: { ...headers("organization/slot.read", 0), "Ssp-InteractionID": "urn:nhs:names:services:careconnect:fhir:rest:search:slot" } });
if (search.status !== 200) throw new Error(`slot search answered ${search.status}`);
const free = ((await search.json()).entry ?? [])
  .map((e) => e.resource)
  .filter((r) => r.resourceType === "Slot")
  .sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
if (free.length < SLOTS + 1) throw new Error(`only ${free.length} free slots`);
const slots = free.slice(0, SLOTS);
const retrySlot = free[SLOTS];

// 50 consumers, 5 per slot, all at once.
const t0 = performance.now();
const race = await Promise.all(
  Array.from({ length: CONSUMERS }, async (_, c) => {
    const slot = slots[c % SLOTS];
    const res = await send(`${BASE}/STU3/1/Appointment`, { method: "POST", headers: headers("patient/appointment.write", c + 1), body: JSON.stringify(body(slot, c)) });
    const text = await res.text();
    const id = /\/Appointment\/([^/]+)\/_history\//.exec(res.headers.get("location") ?? "")?.[1] ?? null;
    return { c, slotId: slot.id, status: res.status, id, text };
  }),
);
const raceMs = performance.now() - t0;
const count = (xs, s) => xs.filter((r) => r.status === s).length;
const created = race.filter((r) => r.status === 201);
console.log(`[contention] ${CONSUMERS} consumers for ${SLOTS} slots in ${raceMs.toFixed(0)} ms: ${created.length} × 201, ${count(race, 422)} × 422, ${count(race, 409)} × 409, other ${race.filter((r) => ![201, 409, 422].includes(r.status)).map((r) => r.status).join(",") || "none"}`);
if (created.length !== SLOTS) problems.push(`expected exactly ${SLOTS} bookings (201), got ${created.length}`);
for (const r of race) if (![201, 409, 422].includes(r.status)) problems.push(`consumer ${r.c}: status ${r.status} ${r.text.slice(0, 200)}`);
for (const s of slots) {
  const n = created.filter((r) => r.slotId === s.id).length;
  if (n !== 1) problems.push(`slot ${s.id}: ${n} answers 201`);
}

// One consumer, one X-Request-ID, five identical requests at once.
const rid = randomUUID();
const retryBody = JSON.stringify(body(retrySlot, 999));
const retried = await Promise.all(
  Array.from({ length: RETRIES }, async () => {
    const res = await send(`${BASE}/STU3/1/Appointment`, { method: "POST", headers: headers("patient/appointment.write", 999, rid), body: retryBody });
    return { status: res.status, text: await res.text(), id: /\/Appointment\/([^/]+)\/_history\//.exec(res.headers.get("location") ?? "")?.[1] ?? null };
  }),
);
const retryCreated = retried.filter((r) => r.status === 201);
console.log(`[contention] ${RETRIES} parallel identical requests (one X-Request-ID): ${retryCreated.length} × 201, ${count(retried, 409)} × 409, ${count(retried, 422)} × 422`);
if (retryCreated.length !== 1) problems.push(`the same X-Request-ID sent ${RETRIES} times at once made ${retryCreated.length} bookings (201)`);
for (const r of retried) if (![201, 409, 422].includes(r.status)) problems.push(`retried request: status ${r.status} ${r.text.slice(0, 200)}`);
const named409 = retried.filter((r) => r.status === 409 && retryCreated[0] && r.text.includes(`/Appointment/${retryCreated[0].id}`)).length;

// --- the database's view ---------------------------------------------------------------------------------------------
const ids = slots.map((s) => s.id);
let active;
let busy;
let keys;
let doubles;
let retryBookings;
if (!postgres) {
  const db = new Database(url.slice(5), { readonly: true });
  const q = ids.map(() => "?").join(",");
  active = db.prepare(`SELECT id, slotId FROM Appointment WHERE status = 'booked' AND slotId IN (${q})`).all(...ids);
  busy = db.prepare(`SELECT COUNT(*) c FROM Slot WHERE status = 'busy' AND id IN (${q})`).get(...ids).c;
  keys = db.prepare(`SELECT COUNT(*) c FROM IdempotencyKey WHERE requestId = ?`).get(rid).c;
  retryBookings = db.prepare(`SELECT COUNT(*) c FROM Appointment WHERE slotId = ?`).get(retrySlot.id).c;
  doubles = db.prepare(`SELECT slotId, COUNT(*) c FROM Appointment WHERE status = 'booked' GROUP BY slotId HAVING COUNT(*) > 1`).all();
  db.close();
} else {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  active = (await c.query(`SELECT id, "slotId" AS "slotId" FROM "Appointment" WHERE status = 'booked' AND "slotId" = ANY($1)`, [ids])).rows;
  busy = Number((await c.query(`SELECT COUNT(*) c FROM "Slot" WHERE status = 'busy' AND id = ANY($1)`, [ids])).rows[0].c);
  keys = Number((await c.query(`SELECT COUNT(*) c FROM "IdempotencyKey" WHERE "requestId" = $1`, [rid])).rows[0].c);
  retryBookings = Number((await c.query(`SELECT COUNT(*) c FROM "Appointment" WHERE "slotId" = $1`, [retrySlot.id])).rows[0].c);
  doubles = (await c.query(`SELECT "slotId", COUNT(*) c FROM "Appointment" WHERE status = 'booked' GROUP BY "slotId" HAVING COUNT(*) > 1`)).rows;
  await c.end();
}
console.log(`[contention] database: ${active.length} active bookings on the ${SLOTS} slots (${new Set(active.map((a) => a.slotId)).size} distinct slots), ${busy} of them busy; the retried X-Request-ID: ${keys} key, ${retryBookings} booking, ${named409} × 409 naming it`);
if (active.length !== SLOTS || new Set(active.map((a) => a.slotId)).size !== SLOTS) problems.push(`the database holds ${active.length} active bookings on the ${SLOTS} slots, expected one per slot`);
const createdIds = new Set(created.map((r) => r.id));
for (const a of active) if (!createdIds.has(a.id)) problems.push(`booking ${a.id} is in the database but no consumer got a 201 for it`);
if (busy !== SLOTS) problems.push(`${busy} of the ${SLOTS} slots are busy`);
if (keys !== 1 || retryBookings !== 1) problems.push(`the retried X-Request-ID left ${keys} idempotency keys and ${retryBookings} bookings (expected 1 and 1)`);
if (named409 !== count(retried, 409)) problems.push(`a 409 for the retried request does not name the booking made`);
for (const d of doubles) problems.push(`slot ${d.slotId} holds ${d.c} active bookings`);
if (postgres) {
  const stats = await edge.stats();
  console.log(`[contention] HAProxy: ${stats.map((s) => `${s.requests} requests to ${s.name} (${s.status})`).join(", ")}`);
  for (const s of stats.filter((x) => x.checked)) if (s.requests < 10) problems.push(`instance ${s.name} served only ${s.requests} requests: the load was not spread`);
}

clearTimeout(safety);
stopAll();
console.log(`[contention] ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
if (problems.length) {
  console.log(problems.join("\n"));
  console.log(`contention (${label}): 0 passed, ${problems.length} failed`);
  process.exit(1);
}
console.log(`contention (${label}): 1 passed, 0 failed`);
process.exit(0);
