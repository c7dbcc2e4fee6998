// `npm run test:rolling`: a rolling upgrade with no failed request. Two production instances on one PostgreSQL
// database behind the reference front end (deploy/haproxy.cfg: TLS, client certificates, health checks), a mixed load
// of STU3 slot searches, bookings and cancellations (read, then PUT status cancelled) at about ROLLING_RATE requests/s
// (default 100) for ROLLING_SECONDS (default 180), each instance restarted in turn (SIGTERM, then started again) while
// it runs. Passes when:
//   - no request failed: no network error, no 5xx, nothing but 200/201 (and 409/422 when a booking lost a slot race);
//   - an instance told to stop said "draining" on /api/health at once, and exited by itself (143) after finishing;
//   - exactly one active booking per slot, every 201 in the database afterwards (cancelled where we cancelled it);
//   - p99 under 250 ms during the restarts (from each SIGTERM until 10 s after the balancer has the instance back).
// Ports: ROLLING_PORT (default 3320) for HAProxy, instances on +1 and +2. Database: ROLLING_POSTGRES_URL (default
// postgres://postgres@127.0.0.1:5432/edrolling, recreated and dropped). Loopback only; fails 150 s after the load should have ended.
import { randomUUID } from "node:crypto";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { dropPostgresDatabase, freshPostgresDatabase, prepareAndBuild, startInstance, waitHealthy } from "./edge/app-instances.mjs";
import { startHaproxy, waitAllUp, type RunningHaproxy } from "./edge/haproxy.mjs";
import { edgeClient, type EdgeAnswer } from "./edge/https-client.mjs";
import { makeTestPki } from "./edge/test-pki.mjs";
import { ALL_INCLUDES } from "../lib/testing/stu3-booking-body";
import { fhirHeaders, SCOPE } from "../lib/testing/simulator/consumer";
import { bookingBody, type FreeSlot } from "../lib/testing/simulator/messages";
import { seededRandom, seededUuid, simulatedService, syntheticPatient } from "../lib/testing/simulator/synthetic";

/** What to stop if the run ends early. */
const onFailure: (() => void)[] = [];

async function main(): Promise<void> {
  const started = Date.now();
  const PORT = Number(process.env.ROLLING_PORT ?? 3320);
  const EDGE = `https://127.0.0.1:${PORT}`;
  const FHIR = `${EDGE}/STU3/1`;
  const url = process.env.ROLLING_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/edrolling";
  const RATE = Number(process.env.ROLLING_RATE ?? 100);
  const SECONDS = Number(process.env.ROLLING_SECONDS ?? 180);
  const P99_TARGET_MS = 250;
  const SECRET = randomUUID() + randomUUID();
  const DOS_IDS = ["999999999", "999999993"];
  /** Bookings kept active at most: beyond it the mix cancels instead of booking, so the seeded slots last the run. */
  const MAX_ACTIVE = 120;
  const dir = mkdtempSync(join(tmpdir(), "ed-rolling-"));

  const env: Record<string, string | undefined> = {
    ...process.env, HOSTNAME: "127.0.0.1", DATABASE_URL: url, SEED_PROFILE: "assurance", PUBLIC_URL: EDGE, NEXTAUTH_SECRET: "rolling-test-only-secret-0123456789",
    LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1", EDGE_TRUST: "client-cert", EDGE_SHARED_SECRET: SECRET, TRUSTED_PROXY_HOPS: "1",
  };
  const ports = [PORT + 1, PORT + 2];
  const instances = new Map<number, ChildProcess>();
  let edge: RunningHaproxy | null = null;
  function stopAll() {
    for (const c of instances.values()) c.kill("SIGKILL");
    edge?.stop();
  }
  onFailure.push(stopAll);

  await freshPostgresDatabase(url);
  prepareAndBuild(env, "rolling");
  const pki = makeTestPki(dir);
  const logOf = (port: number) => openSync(join(dir, `app-${port}.log`), "a");
  for (const p of ports) instances.set(p, startInstance(env, p, ["ignore", logOf(p), logOf(p)]));
  await Promise.all(ports.map((p) => waitHealthy(`http://127.0.0.1:${p}`)));
  edge = await startHaproxy({ bind: `127.0.0.1:${PORT}`, pki, secret: SECRET, apps: ports.map((p) => `127.0.0.1:${p}`), dir });
  await waitAllUp(edge);
  const client = edgeClient({ ca: pki.ca, identity: pki.clients.good, maxSockets: 128 });
  const safety = setTimeout(() => {
    console.log(`[rolling] the run took ${SECONDS + 150} s from ready; stopping`);
    console.log("rolling restart: 0 passed, 1 failed");
    stopAll();
    process.exit(1);
  }, (SECONDS + 150) * 1000);
  safety.unref();
  console.log(`[rolling] HAProxy ${EDGE} in front of ${ports.map((p) => `127.0.0.1:${p}`).join(", ")} on one PostgreSQL database; ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // --- the load --------------------------------------------------------------------------------------------------------
  type Kind = "search" | "book" | "read" | "cancel";
  interface Sample { kind: Kind; at: number; ms: number; status: number | null }
  const samples: Sample[] = [];
  const failures: string[] = [];
  const rnd = seededRandom(19);
  const services = Array.from({ length: 8 }, (_, i) => simulatedService(i, seededRandom(i + 1)));
  const pool = new Map<string, FreeSlot>(); // free slots seen in searches, not yet tried
  const active = new Map<string, { slotId: string; serviceIndex: number }>(); // our bookings, not cancelled
  const created: { id: string; slotId: string }[] = [];
  const cancelled = new Set<string>();
  const busyCancelling = new Set<string>();
  let slotRaces = 0;
  let inFlight = 0;

  async function send(kind: Kind, path: string, init: { method?: string; headers: Record<string, string>; body?: string }): Promise<EdgeAnswer | null> {
    const t0 = performance.now();
    inFlight++;
    try {
      const a = await client.request(`${FHIR}${path}`, { ...init, timeoutMs: 30_000 });
      await a.text();
      samples.push({ kind, at: Date.now(), ms: performance.now() - t0, status: a.status });
      if (a.status >= 500) {
        failures.push(`${kind}: ${a.status} ${(await a.text()).replace(/^.*"diagnostics":"([^"]*)".*$/s, "$1").slice(0, 300)}`);
        return null;
      }
      return a;
    } catch (e) {
      samples.push({ kind, at: Date.now(), ms: performance.now() - t0, status: null });
      failures.push(`${kind}: no answer (${(e as Error).message})`);
      return null;
    } finally {
      inFlight--;
    }
  }
  const headersFor = (serviceIndex: number, interaction: "slot" | "create" | "read" | "update", scope: string, extra: Record<string, string> = {}) =>
    fhirHeaders(services[serviceIndex], { interaction, scope, audience: FHIR, providerAsid: "918999198738", extra });

  async function search(): Promise<void> {
    const s = Math.floor(rnd() * services.length);
    const now = new Date();
    const fmt = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
    const q = new URLSearchParams();
    q.set("schedule.actor:healthcareservice", DOS_IDS[Math.floor(rnd() * DOS_IDS.length)]);
    q.set("status", "free");
    // A 111 system asks for the next few hours from when the patient can travel: a 12-hour window within the horizon.
    const from = new Date(now.getTime() + Math.floor(rnd() * 4 * 24) * 3_600_000);
    q.append("start", `ge${fmt(from)}`);
    q.append("start", `le${fmt(new Date(from.getTime() + 12 * 3_600_000))}`);
    for (const inc of ALL_INCLUDES) q.append("_include", inc);
    const a = await send("search", `/Slot?${q}`, { headers: headersFor(s, "slot", SCOPE.slotRead) });
    if (!a) return;
    if (a.status !== 200) return void failures.push(`search: ${a.status} ${(await a.text()).slice(0, 200)}`);
    const bundle = (await a.json()) as { entry?: { resource: FreeSlot & { resourceType: string; status: string } }[] };
    for (const e of bundle.entry ?? []) if (e.resource.resourceType === "Slot" && e.resource.status === "free") pool.set(e.resource.id, e.resource);
  }

  async function book(): Promise<void> {
    const ids = [...pool.keys()];
    const slot = pool.get(ids[Math.floor(rnd() * ids.length)])!;
    pool.delete(slot.id);
    const s = Math.floor(rnd() * services.length);
    const body = JSON.stringify(bookingBody(slot, syntheticPatient(rnd), seededUuid(rnd), new Date()));
    const a = await send("book", "/Appointment", { method: "POST", headers: { ...headersFor(s, "create", SCOPE.write, { "X-Request-ID": randomUUID() }), "Content-Type": "application/fhir+json" }, body });
    if (!a) return;
    if (a.status === 409 || a.status === 422) {
      // Lost a race for the slot (another of our bookings had it, or it was booked since the search): a proper answer.
      slotRaces++;
      return;
    }
    if (a.status !== 201) return void failures.push(`book: ${a.status} ${(await a.text()).slice(0, 300)}`);
    const id = /\/Appointment\/([^/]+)\/_history\//.exec(a.headers.get("location") ?? "")?.[1];
    if (!id) return void failures.push(`book: 201 without a Location naming the Appointment`);
    created.push({ id, slotId: slot.id });
    active.set(id, { slotId: slot.id, serviceIndex: s });
  }

  async function cancel(): Promise<void> {
    const ids = [...active.keys()].filter((id) => !busyCancelling.has(id));
    if (ids.length === 0) return search();
    const id = ids[Math.floor(rnd() * ids.length)];
    const { serviceIndex } = active.get(id)!;
    busyCancelling.add(id);
    try {
      const r = await send("read", `/Appointment/${id}`, { headers: headersFor(serviceIndex, "read", SCOPE.read) });
      if (!r) return;
      if (r.status !== 200) return void failures.push(`read: ${r.status} ${(await r.text()).slice(0, 200)}`);
      const resource = (await r.json()) as Record<string, unknown>;
      const etag = r.headers.get("etag") ?? "";
      const c = await send("cancel", `/Appointment/${id}`, {
        method: "PUT",
        headers: { ...headersFor(serviceIndex, "update", SCOPE.write), "Content-Type": "application/fhir+json", "If-Match": etag },
        body: JSON.stringify({ ...resource, status: "cancelled" }),
      });
      if (!c) return;
      if (c.status !== 200) return void failures.push(`cancel: ${c.status} ${(await c.text()).slice(0, 200)}`);
      active.delete(id);
      cancelled.add(id);
    } finally {
      busyCancelling.delete(id);
    }
  }

  /** One request's worth of work: half searches; the rest bookings while there are free slots and room, else cancels. */
  function oneOperation(): Promise<void> {
    const r = rnd();
    if (r < 0.5 || (pool.size === 0 && active.size === 0)) return search();
    if (pool.size > 0 && active.size < MAX_ACTIVE && r < 0.8) return book();
    if (active.size > 0) return cancel(); // two requests: read, then PUT
    return pool.size > 0 ? book() : search();
  }

  // --- the restarts ----------------------------------------------------------------------------------------------------
  interface Restart { port: number; sigterm: number; drainingSeenMs: number | null; exitCode: number | null; exitedAfterMs: number; backUp: number; windowEnd: number }
  const restarts: Restart[] = [];
  async function restart(port: number): Promise<void> {
    const child = instances.get(port)!;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const sigterm = Date.now();
    child.kill("SIGTERM");
    // The instance says so at once: /api/health answers 503 "draining" (asked directly, as the balancer does).
    let drainingSeenMs: number | null = null;
    for (let i = 0; i < 40 && drainingSeenMs === null; i++) {
      try {
        const h = await fetch(`http://127.0.0.1:${port}/api/health`);
        const j = (await h.json()) as { status?: string };
        if (h.status === 503 && j.status === "draining") drainingSeenMs = Date.now() - sigterm;
      } catch {}
      if (drainingSeenMs === null) await new Promise((r) => setTimeout(r, 50));
    }
    const exitCode = await exited;
    const exitedAfterMs = Date.now() - sigterm;
    console.log(`[rolling] :${port} SIGTERM: draining on /api/health after ${drainingSeenMs ?? "never"} ms; exited ${exitCode} after ${(exitedAfterMs / 1000).toFixed(1)} s; starting it again`);
    instances.set(port, startInstance(env, port, ["ignore", logOf(port), logOf(port)]));
    await waitHealthy(`http://127.0.0.1:${port}`, 90_000);
    for (;;) {
      const s = (await edge!.stats()).find((x) => x.name === `app${ports.indexOf(port) + 1}`);
      if (s?.status.startsWith("UP")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const backUp = Date.now();
    console.log(`[rolling] :${port} back in the balancer ${((backUp - sigterm) / 1000).toFixed(1)} s after its SIGTERM`);
    restarts.push({ port, sigterm, drainingSeenMs, exitCode, exitedAfterMs, backUp, windowEnd: backUp + 10_000 });
  }

  // Warm both instances a little (as a trust's smoke check after a deploy would), then run the load.
  for (let i = 0; i < 20; i++) await search();
  samples.length = 0;
  const loadStart = Date.now();
  const loadEnd = loadStart + SECONDS * 1000;
  const pending = new Set<Promise<void>>();
  const load = (async () => {
    const interval = 1000 / RATE;
    let next = performance.now();
    while (Date.now() < loadEnd) {
      const p = oneOperation().catch((e: unknown) => void failures.push(`client error: ${(e as Error).message}`));
      pending.add(p);
      void p.finally(() => pending.delete(p));
      next += interval;
      const wait = next - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await Promise.all(pending);
  })();
  const schedule = (async () => {
    const at = (s: number) => new Promise((r) => setTimeout(r, Math.max(0, loadStart + s * 1000 - Date.now())));
    await at(Math.min(30, SECONDS * 0.15));
    await restart(ports[0]);
    await at(Math.min(SECONDS * 0.55, (restarts[0].windowEnd - loadStart) / 1000 + 15));
    await restart(ports[1]);
  })();
  const ticker = setInterval(() => {
    const t = (Date.now() - loadStart) / 1000;
    const recent = samples.filter((s) => s.at > Date.now() - 10_000);
    console.log(`[rolling] t=${t.toFixed(0)} s: ${(recent.length / 10).toFixed(0)} req/s over the last 10 s, ${inFlight} in flight, ${active.size} active bookings, ${failures.length} failures`);
  }, 30_000);
  await Promise.all([load, schedule]);
  clearInterval(ticker);
  const loadSeconds = (Date.now() - loadStart) / 1000;

  // --- figures and checks ----------------------------------------------------------------------------------------------
  const problems = [...new Set(failures)].slice(0, 20);
  if (failures.length > 20) problems.push(`… and ${failures.length - 20} more failed requests`);
  const pct = (xs: number[], p: number) => {
    if (xs.length === 0) return NaN;
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
  };
  const inRestart = (s: Sample) => restarts.some((r) => s.at >= r.sigterm && s.at <= r.windowEnd);
  const during = samples.filter(inRestart).map((s) => s.ms);
  const all = samples.map((s) => s.ms);
  const byKind = (k: Kind) => samples.filter((s) => s.kind === k);
  const statuses = new Map<string, number>();
  for (const s of samples) statuses.set(String(s.status ?? "none"), (statuses.get(String(s.status ?? "none")) ?? 0) + 1);
  const fiveXx = samples.filter((s) => s.status === null || s.status >= 500).length;
  const load1 = loadavg()[0];
  console.log(`[rolling] ${samples.length} requests in ${loadSeconds.toFixed(0)} s (${(samples.length / loadSeconds).toFixed(1)} req/s): ${(["search", "book", "read", "cancel"] as Kind[]).map((k) => `${byKind(k).length} ${k}`).join(", ")}; statuses ${[...statuses].map(([k, v]) => `${k}×${v}`).join(" ")}; ${slotRaces} bookings lost a slot race (409/422)`);
  console.log(`[rolling] latency all: p50 ${pct(all, 50).toFixed(0)} ms, p99 ${pct(all, 99).toFixed(0)} ms, max ${Math.max(...all).toFixed(0)} ms; during the restarts (${during.length} requests): p50 ${pct(during, 50).toFixed(0)} ms, p99 ${pct(during, 99).toFixed(0)} ms (target < ${P99_TARGET_MS} ms)`);
  for (const k of ["search", "book", "cancel"] as Kind[]) {
    const xs = byKind(k).filter(inRestart).map((s) => s.ms);
    console.log(`[rolling]   ${k} during the restarts: p50 ${pct(xs, 50).toFixed(0)} ms, p99 ${pct(xs, 99).toFixed(0)} ms (${xs.length})`);
  }
  console.log(`[rolling] machine load average (1 min) at the end: ${load1.toFixed(1)} on ${cpus().length} cores${load1 > 2.5 ? " — the machine was busy with other work; latency figures are under that load" : ""}`);
  console.log(`[rolling] balancer: ${(await edge.stats()).map((s) => `${s.name} ${s.status} ${s.requests} requests`).join(", ")}`);

  if (fiveXx > 0) problems.push(`${fiveXx} requests failed or answered 5xx`);
  if (restarts.length !== 2) problems.push(`${restarts.length} of 2 instances restarted during the load`);
  for (const r of restarts) {
    if (r.drainingSeenMs === null) problems.push(`:${r.port} did not report draining on /api/health after SIGTERM`);
    if (r.exitCode !== 143) problems.push(`:${r.port} exited ${r.exitCode} after SIGTERM, not 143 (a graceful stop)`);
  }
  // The latency target gates the run unless ROLLING_P99=report (.ci/run, on the 2-core CI machine that also runs the
  // load generator, HAProxy and PostgreSQL): then a miss is printed as a target missed, and correctness still gates.
  const p99Miss = pct(during, 99) < P99_TARGET_MS ? null : `p99 during the restarts ${pct(during, 99).toFixed(0)} ms, target < ${P99_TARGET_MS} ms${load1 > 2.5 ? ` (load average ${load1.toFixed(1)} on 2 cores from other work)` : ""}`;
  if (p99Miss && process.env.ROLLING_P99 === "report") console.log(`[rolling] TARGET MISSED (reported, not gating): ${p99Miss}`);
  else if (p99Miss) problems.push(p99Miss);
  if (created.length < SECONDS * 2) problems.push(`only ${created.length} bookings made: the mix did not book`);
  if (cancelled.size < SECONDS) problems.push(`only ${cancelled.size} cancellations: the mix did not cancel`);

  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const rows = (await c.query<{ id: string; slotId: string; status: string }>(`SELECT id, "slotId", status FROM "Appointment" WHERE id = ANY($1)`, [created.map((x) => x.id)])).rows;
  const doubles = (await c.query<{ slotId: string; c: string }>(`SELECT "slotId", COUNT(*) c FROM "Appointment" WHERE status = 'booked' GROUP BY "slotId" HAVING COUNT(*) > 1`)).rows;
  const busyWithout = (await c.query<{ c: string }>(`SELECT COUNT(*) c FROM "Slot" s WHERE s.status = 'busy' AND s.id = ANY($1) AND NOT EXISTS (SELECT 1 FROM "Appointment" a WHERE a."slotId" = s.id AND a.status = 'booked')`, [created.map((x) => x.slotId)])).rows[0].c;
  await c.end();
  const found = new Map(rows.map((r) => [r.id, r]));
  let missing = 0;
  let wrongStatus = 0;
  for (const b of created) {
    const r = found.get(b.id);
    if (!r) missing++;
    else if (r.status !== (cancelled.has(b.id) ? "cancelled" : "booked")) wrongStatus++;
  }
  console.log(`[rolling] database: ${created.length} bookings answered 201, ${created.length - missing} of them stored (${cancelled.size} cancelled as asked); ${doubles.length} slots with more than one active booking; ${busyWithout} of our slots busy with no active booking`);
  if (missing) problems.push(`${missing} bookings answered 201 are not in the database`);
  if (wrongStatus) problems.push(`${wrongStatus} bookings are not in the state their answers said (booked, or cancelled)`);
  for (const d of doubles) problems.push(`slot ${d.slotId} holds ${d.c} active bookings`);
  if (Number(busyWithout) > 0) problems.push(`${busyWithout} slots are busy with no active booking`);

  client.close();
  clearTimeout(safety);
  stopAll();
  await dropPostgresDatabase(url).catch(() => undefined);
  if (!problems.length) rmSync(dir, { recursive: true, force: true });
  console.log(`[rolling] ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  if (problems.length) {
    for (const p of ports) {
      const errors = readFileSync(join(dir, `app-${p}.log`), "utf8").split("\n").filter((l) => /"level":(50|60)|Error/.test(l));
      if (errors.length) console.log(`[rolling] :${p} logged ${errors.length} errors; the first:\n  ${errors.slice(0, 3).map((l) => l.slice(0, 600)).join("\n  ")}`);
    }
    console.log(problems.join("\n"));
    console.log(`rolling restart: 0 passed, ${problems.length} failed`);
    process.exit(1);
  }
  console.log("rolling restart: 1 passed, 0 failed");
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  for (const f of onFailure) f();
  console.log("rolling restart: 0 passed, 1 failed");
  process.exit(1);
});
