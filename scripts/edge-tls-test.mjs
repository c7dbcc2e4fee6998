// The app's edge trust through the real front end: deploy/haproxy.cfg (HAProxy) terminating TLS and verifying client
// certificates against a CA made here with openssl (standing in for the NHS Root CA), in front of two production
// instances on one PostgreSQL database with EDGE_TRUST=client-cert and a shared secret. Each case is asserted on the
// app's answer to a slot search on the STU3 door:
//   no certificate, a certificate from another CA, a revoked one (in the CRL), an expired one: 403 from the app;
//   a good one: 200, and the consumer is recorded with the certificate's subject as the edge saw it;
//   a caller sending its own x-client-verify: SUCCESS / x-edge-secret (no certificate): still 403 (headers replaced);
//   straight to an instance, past the terminator, with x-client-verify: SUCCESS: 403 (no shared secret).
// Also: both instances UP behind the balancer's health checks and both served requests.
//   node scripts/edge-tls-test.mjs
// EDGE_TEST_PORT (default 3300) for HAProxy, instances on +1 and +2; EDGE_TEST_POSTGRES_URL (default
// postgres://postgres@127.0.0.1:5432/ededgetls, recreated and dropped). Loopback only; fails after 120 s.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { dropPostgresDatabase, freshPostgresDatabase, prepareAndBuild, startInstance, waitHealthy } from "./edge/app-instances.mjs";
import { startHaproxy, waitAllUp } from "./edge/haproxy.mjs";
import { edgeClient } from "./edge/https-client.mjs";
import { makeTestPki } from "./edge/test-pki.mjs";

const started = Date.now();
const PORT = Number(process.env.EDGE_TEST_PORT ?? 3300);
const EDGE = `https://127.0.0.1:${PORT}`;
const url = process.env.EDGE_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/ededgetls";
const SECRET = randomUUID() + randomUUID();
const dir = mkdtempSync(join(tmpdir(), "ed-edge-"));
const children = [];
let edge = null;
function stopAll() {
  for (const c of children) c.kill("SIGKILL");
  edge?.stop();
}
const safety = setTimeout(() => {
  console.log("[edge-tls] took longer than 120 s; stopping");
  console.log("edge trust through the terminator: 0 passed, 1 failed");
  stopAll();
  process.exit(1);
}, 120_000);

const env = {
  ...process.env, HOSTNAME: "127.0.0.1", DATABASE_URL: url, SEED_PROFILE: "assurance", PUBLIC_URL: EDGE, NEXTAUTH_SECRET: "edge-tls-test-only-secret-0123456789",
  LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1", EDGE_TRUST: "client-cert", EDGE_SHARED_SECRET: SECRET, TRUSTED_PROXY_HOPS: "1", SHUTDOWN_DRAIN_MS: "0",
};
await freshPostgresDatabase(url);
prepareAndBuild(env, "edge-tls");
const pki = makeTestPki(dir);
const apps = [PORT + 1, PORT + 2];
for (const p of apps) children.push(startInstance(env, p));
await Promise.all(apps.map((p) => waitHealthy(`http://127.0.0.1:${p}`)));
edge = await startHaproxy({ bind: `127.0.0.1:${PORT}`, pki, secret: SECRET, apps: apps.map((p) => `127.0.0.1:${p}`), dir });
await waitAllUp(edge);
console.log(`[edge-tls] HAProxy on ${EDGE} (deploy/haproxy.cfg) in front of 127.0.0.1:${apps.join(", 127.0.0.1:")}, ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
function fhirHeaders(n, extra = {}) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = `${b64({ alg: "none", typ: "JWT" })}.${b64({
    iss: `https://edge${n}.example`, sub: "1", aud: `${EDGE}/STU3/1`, exp: now + 300, iat: now, reason_for_request: "directcare", requested_scope: "organization/slot.read",
    requesting_device: { resourceType: "Device", identifier: [{ system: `https://edge${n}.example/device`, value: "1" }], model: "edge test", version: "1" },
    requesting_organization: { resourceType: "Organization", identifier: [{ system: "https://fhir.nhs.uk/Id/ods-organization-code", value: `NZZ${700 + n}` }], name: `Edge test 111 number ${n}` },
  })}.`;
  return { Authorization: `Bearer ${jwt}`, "Ssp-From": `40000000${String(n).padStart(4, "0")}`, "Ssp-To": "918999198738", "Ssp-TraceID": randomUUID(), "Ssp-InteractionID": "urn:nhs:names:services:careconnect:fhir:rest:search:slot", Accept: "application/fhir+json", ...extra };
}
const SEARCH = "/STU3/1/Slot?schedule.actor:healthcareservice=999999999&status=free";

const problems = [];
let passed = 0;
async function expectAnswer(name, identity, n, expected, extraHeaders = {}, base = EDGE) {
  let status;
  let text = "";
  try {
    if (base.startsWith("https:")) {
      const client = edgeClient({ ca: pki.ca, identity, maxSockets: 1 });
      const res = await client.request(`${base}${SEARCH}`, { headers: fhirHeaders(n, extraHeaders) });
      status = res.status;
      text = await res.text();
      client.close();
    } else {
      const res = await fetch(`${base}${SEARCH}`, { headers: fhirHeaders(n, extraHeaders) });
      status = res.status;
      text = await res.text();
    }
  } catch (e) {
    status = `error ${e.message}`;
  }
  const ok = status === expected.status && (!expected.body || expected.body.test(text));
  console.log(`[edge-tls] ${ok ? "ok  " : "FAIL"} ${name}: ${status}${expected.body && status === 403 ? ` (${/"(diagnostics|text)":"([^"]*)"/.exec(text)?.[2] ?? text.slice(0, 80)})` : ""}`);
  if (ok) passed++;
  else problems.push(`${name}: expected ${expected.status}${expected.body ? ` matching ${expected.body}` : ""}, got ${status} ${text.slice(0, 300)}`);
  return text;
}

const refused = { status: 403, body: /client certificate was not verified/ };
const { good, foreign, revoked, expired } = pki.clients;
await expectAnswer("no client certificate", null, 1, refused);
await expectAnswer("a certificate from another CA", foreign, 2, refused);
await expectAnswer("a revoked certificate (in the CRL)", revoked, 3, refused);
await expectAnswer("an expired certificate", expired, 4, refused);
await expectAnswer("no certificate, claiming x-client-verify: SUCCESS and the edge secret itself", null, 5, refused, { "x-client-verify": "SUCCESS", "x-edge-secret": SECRET, "x-ssl-client-s-dn": "CN=forged" });
await expectAnswer("straight to an instance, past the terminator, claiming x-client-verify: SUCCESS", null, 6, { status: 403, body: /did not come through the trusted edge/ }, { "x-client-verify": "SUCCESS" }, `http://127.0.0.1:${apps[0]}`);
const body = await expectAnswer("a good certificate", good, 7, { status: 200, body: /"resourceType":"Bundle"/ });
if (!/"resourceType":"Slot"/.test(body)) problems.push("the good certificate's search returned no slots");
// Several more good requests, so both instances serve some.
const more = edgeClient({ ca: pki.ca, identity: good, maxSockets: 1 });
const statuses = [];
for (let i = 0; i < 8; i++) statuses.push((await more.request(`${EDGE}${SEARCH}`, { headers: fhirHeaders(7) })).status);
more.close();
if (statuses.every((s) => s === 200)) passed++;
else problems.push(`more requests with the good certificate answered ${statuses.join(", ")}`);

// What the app recorded about the one caller it served: the subject HAProxy verified, not anything the caller sent.
const c = new pg.Client({ connectionString: url });
await c.connect();
const seen = (await c.query(`SELECT asid, "firstSeenVia" FROM "ConsumerSystem" WHERE asid LIKE '40000000%' ORDER BY asid`)).rows;
await c.end();
console.log(`[edge-tls] consumers recorded: ${seen.map((r) => `${r.asid} via ${r.firstSeenVia}`).join("; ") || "none"}`);
const subjectSeen = seen.length === 1 && seen[0].asid === "400000000007" && /^cert:.*CN=proxy\.spine\.test/.test(seen[0].firstSeenVia ?? "") && !/forged/.test(seen[0].firstSeenVia ?? "");
if (subjectSeen) passed++;
else problems.push(`expected exactly the good caller recorded, via its verified certificate subject; got ${JSON.stringify(seen)}`);

const stats = await edge.stats();
console.log(`[edge-tls] balancer: ${stats.map((s) => `${s.name} ${s.status} ${s.requests} requests`).join(", ")}`);
if (stats.filter((s) => s.checked).every((s) => s.status.startsWith("UP") && s.requests >= 2)) passed++;
else problems.push(`both instances should be UP and have served requests: ${JSON.stringify(stats)}`);

clearTimeout(safety);
stopAll();
await dropPostgresDatabase(url).catch(() => undefined);
rmSync(dir, { recursive: true, force: true });
console.log(`[edge-tls] ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
if (problems.length) {
  console.log(problems.join("\n"));
  console.log(`edge trust through the terminator: ${passed} passed, ${problems.length} failed`);
  process.exit(1);
}
console.log(`edge trust through the terminator: ${passed} passed, 0 failed`);
process.exit(0);
