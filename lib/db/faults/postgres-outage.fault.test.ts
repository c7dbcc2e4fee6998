/**
 * PostgreSQL outages, injected through a TCP relay on loopback in front of the real server (tcp-relay.ts): the
 * relay refuses connections, or accepts them and never answers. The FHIR door must answer 503 with an
 * OperationOutcome and Retry-After promptly (timeouts bound every wait: lib/db/timeouts.ts), /api/health must say
 * 503 down, and once the relay passes traffic again both recover on their own, with no restart.
 */
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as searchSlotsRoute } from "@/app/STU3/1/Slot/route";
import { GET as healthRoute } from "@/app/api/health/route";
import { deploymentConfig } from "../../config/deployment";
import { resetDbForTests } from "../client";
import { migrate } from "../migrate";
import { makeService, type TestService } from "../../testing/capacity-fixtures";
import { now as clockNow } from "../../time/clock";
import { startTcpRelay, type TcpRelay } from "./tcp-relay";

const SERVER = process.env.TEST_POSTGRES_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const prefix = /^[a-z][a-z0-9_]{0,20}$/.test(process.env.TEST_DB_PREFIX ?? "") ? process.env.TEST_DB_PREFIX : "edtest";
const name = `${prefix}_faults_${process.pid}_${randomBytes(3).toString("hex")}`;
// Short bounds for the test; the defaults are seconds longer (README, The two databases).
process.env.DATABASE_CONNECT_TIMEOUT_MS = "800";
process.env.DATABASE_QUERY_TIMEOUT_MS = "1000";
process.env.DATABASE_POOL_WAIT_MS = "800";
/** The longest a request may take while the database is down or hung: the timeouts above, and a margin. */
const PROMPT_MS = 4_000;

let relay: TcpRelay;
let service: TestService;

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
function search(): Request {
  const iat = Math.floor(Date.now() / 1000);
  const jwt = `${b64url({ alg: "none", typ: "JWT" })}.${b64url({
    iss: "https://consumer.example",
    sub: "1",
    aud: deploymentConfig().fhirBaseUrl,
    exp: iat + 300,
    iat,
    reason_for_request: "directcare",
    requested_scope: "organization/slot.read",
    requesting_device: { resourceType: "Device", id: "1", identifier: [{ system: "https://consumer.example/Id/device", value: "test" }], model: "Test", version: "1" },
    requesting_organization: { resourceType: "Organization", identifier: [{ system: "https://fhir.nhs.uk/Id/ods-organization-code", value: "NZZ90" }], name: "Fault test 111" },
  })}.`;
  return new Request(`${deploymentConfig().fhirBaseUrl}/Slot?schedule.actor:healthcareservice=${service.dosId}&status=free`, {
    headers: {
      Accept: "application/fhir+json",
      "Ssp-From": "200000000990",
      "Ssp-To": "918999198738",
      "Ssp-TraceID": randomUUID(),
      "Ssp-InteractionID": "urn:nhs:names:services:careconnect:fhir:rest:search:slot",
      "X-Request-ID": randomUUID(),
      Authorization: `Bearer ${jwt}`,
    },
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

async function expect503Promptly() {
  const s = await timed(() => searchSlotsRoute(search(), { params: Promise.resolve({}) }));
  expect(s.value.status).toBe(503);
  expect(s.ms).toBeLessThan(PROMPT_MS);
  expect(Number(s.value.headers.get("retry-after"))).toBeGreaterThan(0);
  const outcome = await s.value.json();
  expect(outcome).toMatchObject({ resourceType: "OperationOutcome", issue: [{ severity: "error", code: "transient" }] });
  expect(JSON.stringify(outcome)).not.toMatch(/ECONN|timeout exceeded|Query read timeout|postgres/i);
  const h = await timed(() => healthRoute());
  expect(h.value.status).toBe(503);
  expect(h.ms).toBeLessThan(PROMPT_MS);
  expect(await h.value.json()).toMatchObject({ status: "down", database: "unreachable" });
}

async function expectServing() {
  // Recovery is automatic: connections broken by the fault are dropped and new ones made. Allow a few attempts.
  let status = 0;
  for (let i = 0; i < 5 && status !== 200; i++) {
    status = (await searchSlotsRoute(search(), { params: Promise.resolve({}) })).status;
    if (status !== 200) await new Promise((r) => setTimeout(r, 300));
  }
  expect(status).toBe(200);
  const h = await healthRoute();
  expect((await h.json()).database).toBe("ok");
}

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: SERVER, connectionTimeoutMillis: 5000 });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const direct = new URL(SERVER);
  direct.pathname = `/${name}`;
  await migrate(direct.toString());
  relay = await startTcpRelay({ host: direct.hostname, port: Number(direct.port || 5432) });
  const viaRelay = new URL(direct.toString());
  viaRelay.host = `127.0.0.1:${relay.port}`;
  process.env.DATABASE_URL = viaRelay.toString();
  await resetDbForTests();
  service = await makeService(clockNow(), { start: "00:00", end: "23:59", horizonHours: 24 });
}, 60_000);

afterAll(async () => {
  await relay?.close();
  await Promise.race([resetDbForTests(), new Promise((r) => setTimeout(r, 5_000))]);
  const admin = new pg.Client({ connectionString: SERVER, connectionTimeoutMillis: 5000 });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe("PostgreSQL outages (TCP relay on loopback)", () => {
  it("serves through the relay when nothing is wrong", async () => {
    await expectServing();
  });

  it("refused connections: FHIR search 503 OperationOutcome with Retry-After and health 503, promptly; then recovers", async () => {
    await relay.setMode("refuse");
    await expect503Promptly();
    await expect503Promptly();
    await relay.setMode("pass");
    await expectServing();
  });

  it("a database that accepts connections and never answers: 503 within the timeouts, never a hang; then recovers", async () => {
    await relay.setMode("blackhole");
    await expect503Promptly();
    await expect503Promptly();
    await relay.setMode("pass");
    await expectServing();
  });
});
