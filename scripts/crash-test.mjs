// Crash safety: book under load, SIGKILL the server mid-stream, restart it, and check that every booking that got
// a 201 is there, none that was refused is, and no slot holds two active bookings.
//   node scripts/crash-test.mjs            (SQLite, a fresh file)
//   CRASH_DATABASE_URL=postgres://… node scripts/crash-test.mjs
// Loopback only, bounded in time. Needs a production build (npm start or npm test makes one).
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import pg from "pg";
import Database from "better-sqlite3";

const PORT = Number(process.env.CRASH_PORT ?? 3280);
const BASE = `http://127.0.0.1:${PORT}`;
const url = process.env.CRASH_DATABASE_URL ?? "file:./data/crash/ed.db";
const env = { ...process.env, PORT: String(PORT), HOSTNAME: "127.0.0.1", DATABASE_URL: url, SEED_PROFILE: "assurance", PUBLIC_URL: BASE, NEXTAUTH_SECRET: "crash-test-only-secret-0123456789", LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1", SHUTDOWN_DRAIN_MS: "0" };

if (url.startsWith("file:")) rmSync("data/crash", { recursive: true, force: true });
else {
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, "/postgres") });
  await admin.connect();
  const name = new URL(url).pathname.slice(1);
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
}
const prep = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/db-prepare.ts"], { env, stdio: "inherit" });
if (prep.status !== 0) process.exit(1);

function startServer() {
  return spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT), "-H", "127.0.0.1"], { env: { ...env, NODE_ENV: "production", HL7_MLLP_PORT: "0" }, stdio: "ignore" });
}
async function waitHealthy() {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("server did not start");
}

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
function jwt(scope) {
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: "none", typ: "JWT" })}.${b64({
    iss: "https://crash.test", sub: "1", aud: `${BASE}/STU3/1`, exp: now + 600, iat: now, reason_for_request: "directcare", requested_scope: scope,
    requesting_device: { resourceType: "Device", identifier: [{ system: "https://crash.test/device", value: "1" }], model: "crash", version: "1" },
    requesting_organization: { resourceType: "Organization", identifier: [{ system: "https://fhir.nhs.uk/Id/ods-organization-code", value: "NZZ01" }], name: "Crash test 111" },
  })}.`;
}
const headers = (scope, rid = randomUUID()) => ({ Authorization: `Bearer ${jwt(scope)}`, "Ssp-From": "200000000111", "Ssp-To": "918999198738", "Ssp-TraceID": randomUUID(), "X-Request-ID": rid, "Content-Type": "application/fhir+json" });

function body(slot, n) {
  return {
    resourceType: "Appointment", language: "en-GB", status: "booked", description: "Crash test", start: slot.start, end: slot.end, created: new Date().toISOString(),
    contained: [
      { resourceType: "DocumentReference", id: "d", identifier: [{ system: "https://tools.ietf.org/html/rfc4122", value: randomUUID() }], status: "current", type: { coding: [{ system: "urn:oid:2.16.840.1.113883.2.1.3.2.4.18.17", code: "POCD_MT200001GB02", display: "Integrated Urgent Care Report" }] }, indexed: new Date().toISOString(), content: [{ attachment: { contentType: "application/hl7-v3+xml", language: "en" } }] },
      { resourceType: "Slot", id: slot.id, schedule: slot.schedule, status: "busy", start: slot.start, end: slot.end },
      { resourceType: "Patient", id: "p", name: [{ use: "official", family: `Crash${n}`, given: ["Test"] }], telecom: [{ system: "phone", value: "07700 900000", rank: 1 }], gender: "female", birthDate: "1980-01-01", address: [{ use: "home", line: ["1 Test Street"], postalCode: "WX1 1AA" }] },
    ],
    supportingInformation: [{ reference: "#d" }], slot: [{ reference: `#${slot.id}` }], participant: [{ actor: { reference: "#p", display: "Test Crash" }, status: "accepted" }],
  };
}

let server = startServer();
await waitHealthy();
const search = await fetch(`${BASE}/STU3/1/Slot?service=999999999&status=free`, { headers: headers("organization/slot.read") });
const slots = (await search.json()).entry.map((e) => e.resource);
console.log(`[crash] ${slots.length} free slots; booking them 8 at a time (each slot twice) and killing the server mid-stream`);

const outcomes = []; // { rid, slotId, status | null }
let killed = false;
const work = slots.flatMap((s, i) => [[s, i], [s, i + 1000]]);
let next = 0;
async function worker() {
  while (next < work.length) {
    const [slot, n] = work[next++];
    const rid = randomUUID();
    try {
      const res = await fetch(`${BASE}/STU3/1/Appointment`, { method: "POST", headers: headers("patient/appointment.write", rid), body: JSON.stringify(body(slot, n)) });
      // The id comes from Location (the body may be cut off by the kill).
      const id = /\/Appointment\/([^/]+)\/_history\//.exec(res.headers.get("location") ?? "")?.[1] ?? null;
      outcomes.push({ rid, slotId: slot.id, status: res.status, id });
      if (!killed && outcomes.filter((x) => x.status).length >= KILL_AFTER_ANSWERS) kill();
    } catch {
      outcomes.push({ rid, slotId: slot.id, status: null });
    }
  }
}
const KILL_AFTER_ANSWERS = Number(process.env.CRASH_AFTER_ANSWERS ?? 60);
function kill() {
  killed = true;
  server.kill("SIGKILL");
}
const workers = Array.from({ length: 8 }, worker);
const safety = setTimeout(kill, 20_000);
await Promise.all(workers);
clearTimeout(safety);
console.log(`[crash] killed: ${killed}; answers: ${outcomes.filter((o) => o.status === 201).length} × 201, ${outcomes.filter((o) => o.status && o.status !== 201).length} refused, ${outcomes.filter((o) => o.status === null).length} without an answer`);

server = startServer();
await waitHealthy();
const problems = [];
for (const o of outcomes.filter((x) => x.status === 201)) {
  const res = await fetch(`${BASE}/STU3/1/Appointment/${o.id}`, { headers: headers("patient/appointment.read") });
  if (res.status !== 200) problems.push(`booking ${o.id} answered 201 but reads ${res.status} after the restart`);
}
// Database-level checks.
let keys;
let doubles;
if (url.startsWith("file:")) {
  const db = new Database(url.slice(5), { readonly: true });
  keys = new Set(db.prepare(`SELECT requestId FROM IdempotencyKey`).all().map((r) => r.requestId));
  doubles = db.prepare(`SELECT slotId, COUNT(*) c FROM Appointment WHERE status = 'booked' GROUP BY slotId HAVING COUNT(*) > 1`).all();
  db.close();
} else {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  keys = new Set((await c.query(`SELECT "requestId" FROM "IdempotencyKey"`)).rows.map((r) => r.requestId));
  doubles = (await c.query(`SELECT "slotId", COUNT(*) c FROM "Appointment" WHERE status = 'booked' GROUP BY "slotId" HAVING COUNT(*) > 1`)).rows;
  await c.end();
}
for (const o of outcomes) {
  if (o.status === 201 && !keys.has(o.rid)) problems.push(`201 for ${o.rid} but no stored booking`);
  if (o.status && o.status !== 201 && keys.has(o.rid)) problems.push(`refused (${o.status}) ${o.rid} but a booking was stored`);
}
for (const d of doubles) problems.push(`slot ${d.slotId} holds ${d.c} active bookings`);
server.kill("SIGTERM");
if (!killed) problems.push("the server was not killed during the run (lower CRASH_AFTER_ANSWERS)");
if (problems.length) {
  console.log(problems.join("\n"));
  console.log(`crash safety: 0 passed, ${problems.length} failed`);
  process.exit(1);
}
console.log(`[crash] every 201 survived the SIGKILL; no refused request stored; no slot double-booked`);
console.log(`crash safety: 1 passed, 0 failed`);
process.exit(0);
