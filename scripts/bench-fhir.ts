// `npm run bench:fhir`: throughput and latency of the FHIR slot search, booking and cancellation, and of the arrivals
// board's data, against a production build, with two reference points measured in the same run on the same machine:
//   framework floor: a route handler in this app that only serialises a held Bundle the size of the search answer
//                    (app/bench/floor, active when the server runs with BENCH_ROUTES=1);
//   platform floor:  a bare Node http server serialising the same Bundle (scripts/bench-platform-floor.mjs).
//
//   npm run bench:fhir                    build into .next-bench when the sources changed, then measure
//   npm run bench:fhir -- --webpack       build with webpack (also BENCH_WEBPACK=1)
//   npm run bench:fhir -- --postgres [url]   the same against a fresh PostgreSQL database bnch_<pid>, created from
//                                            the server of [url] (postgres://postgres@127.0.0.1:5432/postgres) and
//                                            dropped at the end
//   options: --duration <s> (10)  --warmup <s> (3)  --connections <n> (10)  --port <n> (3250; the platform floor
//            uses port + 1)  --out <file> (bench/results/fhir-<date>[-postgres].json)
//            --only search,framework,platform,booking,arrivals,cancel   (default: all six; arrivals and cancel use
//            the bookings the booking run made)
//
// Every response time is recorded, and p50/p95/p99 are exact (nearest rank) over the measured run. The serving
// process tree's CPU time per answer and its peak resident memory (VmHWM, /proc) are read after each scenario.
//
// The database is fresh (data/bench/ed.db): the assurance seed, service 999999999 given 4 places per half hour
// (288 free slots over the 3-day window the assurance tool searches), and a booking service (DoS id 999999990,
// 5-minute slots, 3 places, 14 days ahead) whose free slots the booking run takes one each, the first 300 on one
// day. The arrivals scenario signs in as the demo clinician (next-auth credentials flow) and loads
// GET /api/arrivals?date= for that day; the cancellation scenario then cancels the bookings made (PUT with If-Match, status
// cancelled). Results are printed and written as JSON.
import { spawn, spawnSync, fork, execFileSync, type ChildProcess } from "node:child_process";
import { buildIsStale, newestSourceMtime, stampBuild } from "./build-stamp.mjs";
import { randomBytes, randomUUID } from "node:crypto";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import pg from "pg";
import { createRequire } from "node:module";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { auth, slotQuery, tkwWindow } from "../api-tests/helpers";
import { barsHeaders, bookingMessage } from "../lib/testing/bars-messages";
import { SCOPES, sspHeaders } from "../api-tests/client";
import { bookingBody, type SlotEntry } from "../api-tests/booking-body";
import type { StaffActor } from "../lib/auth/actor";
import { capacityRuleInput, updateCapacityRuleInput } from "../lib/capacity/capacity-inputs";
import { createCapacityRule } from "../lib/capacity/create-capacity-rule";
import { updateCapacityRule } from "../lib/capacity/update-capacity-rule";
import { db } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { seedIfEmpty } from "../lib/seed/seed-if-empty";
import { addDosId } from "../lib/services/add-dos-id";
import { createService } from "../lib/services/create-service";
import { londonToday } from "../lib/time/london";
import { testNhsNumber } from "../lib/nhs/nhs-number";
import { DEMO_PASSWORD } from "../lib/seed/staff";

// ---- autocannon (no bundled types): the part of its API used here ----------------------------------------------

interface Percentiles {
  average: number;
  mean: number;
  max: number;
  total: number;
  p50: number;
  p99: number;
}
interface CannonResult {
  requests: Percentiles;
  latency: Percentiles;
  throughput: Percentiles;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: CannonRequest) => CannonRequest;
  onResponse?: (status: number, body: string, context: unknown, headers: Record<string, string | string[]>) => void;
}
interface CannonOptions {
  url: string;
  connections: number;
  duration: number;
  /** Stop after this many requests (then duration is ignored). */
  amount?: number;
  method?: string;
  headers?: Record<string, string>;
  requests?: CannonRequest[];
}
/** What autocannon(opts) returns without a callback: a thenable event emitter. */
interface CannonInstance extends PromiseLike<CannonResult> {
  on(event: "response", listener: (client: unknown, statusCode: number, resBytes: number, responseTimeMs: number) => void): void;
  stop(): void;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (opts: CannonOptions) => CannonInstance;

// ---- settings ------------------------------------------------------------------------------------------------

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// `--postgres [url]`: the url is optional, which parseArgs cannot express, so it is taken out first.
const argv = process.argv.slice(2);
let postgresAdminUrl: string | null = null;
const pgAt = argv.indexOf("--postgres");
if (pgAt >= 0) {
  const next = argv[pgAt + 1];
  const hasUrl = next !== undefined && /^postgres(ql)?:\/\//i.test(next);
  postgresAdminUrl = hasUrl ? next : "postgres://postgres@127.0.0.1:5432/postgres";
  argv.splice(pgAt, hasUrl ? 2 : 1);
}
const { values: args } = parseArgs({
  args: argv,
  options: {
    webpack: { type: "boolean", default: process.env.BENCH_WEBPACK === "1" },
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "10" },
    port: { type: "string", default: process.env.BENCH_PORT ?? "3250" },
    only: { type: "string", default: "search,bars-search,framework,platform,booking,arrivals,cancel,bars-booking" },
    out: { type: "string" },
  },
});
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const PORT = Number(args.port);
const PLATFORM_PORT = PORT + 1;
const ONLY = new Set(args.only.split(",").map((s) => s.trim()));
const ORIGIN = `http://127.0.0.1:${PORT}`;
const DIST_DIR = process.env.NEXT_DIST_DIR || ".next-bench";
const DATA_DIR = join(root, "data", "bench");
const POSTGRES_DB = `bnch_${process.pid}`;
const DATABASE_URL = postgresAdminUrl ? withDatabase(postgresAdminUrl, POSTGRES_DB) : "file:./data/bench/ed.db";
const DATABASE_LABEL = postgresAdminUrl ? "PostgreSQL" : "SQLite";

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
const SEARCH_DOS_ID = "999999999";
const SEARCH_PLACES_PER_SLOT = 4;
const BOOKING_DOS_ID = "999999990";
const NEXT_BIN = join(root, "node_modules", "next", "dist", "bin", "next");

const TARGETS = { searchShareOfFrameworkFloor: 1, bookingPerSecond: 200, bookingP99Ms: 100, peakRssMb: 400 };

// The api-tests helpers build URLs and JWT audiences from API_BASE_URL.
process.env.API_BASE_URL = ORIGIN;
process.env.DATABASE_URL = DATABASE_URL;

const children: ChildProcess[] = [];
process.on("exit", () => children.forEach((c) => c.exitCode === null && c.kill("SIGTERM")));
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void dropPostgresDatabase().finally(() => process.exit(130)));

// ---- build -----------------------------------------------------------------------------------------------------

function buildIfStale(): void {
  const dist = join(root, DIST_DIR);
  if (!buildIsStale(root, dist)) {
    console.log(`[bench] production build in ${DIST_DIR} is up to date`);
    return;
  }
  console.log(`[bench] building into ${DIST_DIR}${args.webpack ? " (webpack)" : ""}…`);
  const stamp = newestSourceMtime(root);
  const r = spawnSync(process.execPath, [NEXT_BIN, "build", ...(args.webpack ? ["--webpack"] : [])], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: DIST_DIR },
  });
  if (r.status !== 0) throw new Error("next build failed");
  stampBuild(root, dist, stamp);
}

// ---- database --------------------------------------------------------------------------------------------------

/** A fresh database: the assurance seed plus the capacity the runs need, made through the clerk and admin use cases. */
async function prepareDatabase(): Promise<{ searchSlots: number; bookingSlots: number }> {
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  if (postgresAdminUrl) await adminQuery(`DROP DATABASE IF EXISTS ${POSTGRES_DB} WITH (FORCE)`, `CREATE DATABASE ${POSTGRES_DB}`);
  const now = new Date();
  await migrate(DATABASE_URL);
  await seedIfEmpty(db(), "assurance", now);
  const admin = await db().staffUser.findUniqueOrThrow({ where: { username: "admin" } });
  const actor: StaffActor = { type: "staff", id: admin.id, name: admin.name, role: "admin" };

  const searched = await db().dosServiceId.findUniqueOrThrow({ where: { value: SEARCH_DOS_ID } });
  const rule = await db().capacityRule.findFirstOrThrow({ where: { serviceId: searched.serviceId, active: true } });
  await updateCapacityRule(
    updateCapacityRuleInput.parse({
      ruleId: rule.id,
      version: rule.version,
      scheduleId: rule.scheduleId,
      name: rule.name,
      days: rule.daysOfWeek.split(","),
      startTime: rule.startTime,
      endTime: rule.endTime,
      slotMinutes: rule.slotMinutes,
      perSlot: SEARCH_PLACES_PER_SLOT,
      effectiveFrom: rule.effectiveFrom,
      effectiveTo: rule.effectiveTo,
    }),
    actor,
    now,
  );

  const site = await db().site.findFirstOrThrow({ where: { odsSiteCode: "RZZ01" } });
  const { serviceId, scheduleId } = await createService({ siteId: site.id, name: "Emergency Department (load test bookings)", kind: "ED", horizonHours: 14 * 24 }, actor);
  await addDosId({ serviceId, value: BOOKING_DOS_ID, description: "Load test bookings" }, actor);
  await createCapacityRule(
    serviceId,
    capacityRuleInput.parse({ scheduleId, name: "Around the clock", days: ["1", "2", "3", "4", "5", "6", "7"], startTime: "00:00", endTime: "24:00", slotMinutes: 5, perSlot: 3, effectiveFrom: londonToday(now), effectiveTo: null }),
    actor,
    now,
  );
  const searchSlots = await db().slot.count({ where: { serviceId: searched.serviceId } });
  const bookingSlots = await db().slot.count({ where: { serviceId } });
  await db().$disconnect();
  return { searchSlots, bookingSlots };
}

/** Runs statements on the PostgreSQL server's maintenance database (create and drop the bench database). */
async function adminQuery(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl! });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

async function dropPostgresDatabase(): Promise<void> {
  if (!postgresAdminUrl) return;
  await adminQuery(`DROP DATABASE IF EXISTS ${POSTGRES_DB} WITH (FORCE)`).catch((e) => console.error(`[bench] could not drop ${POSTGRES_DB}: ${e instanceof Error ? e.message : e}`));
}

// ---- servers ---------------------------------------------------------------------------------------------------

async function waitFor(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}); see data/bench/server.log`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`nothing answered at ${url}`);
}

async function startApp(): Promise<ChildProcess> {
  const log = openSync(join(DATA_DIR, "server.log"), "w");
  // BENCH_SERVER_NODE_ARGS: options for the server's node only (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, which NODE_OPTIONS refuses).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, NEXT_BIN, "start", "-p", String(PORT), "-H", "127.0.0.1"], {
    cwd: root,
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      // No balancer in front: stop at once on SIGTERM (README, Rolling upgrades).
      SHUTDOWN_DRAIN_MS: process.env.SHUTDOWN_DRAIN_MS ?? "0",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: DIST_DIR,
      DATABASE_URL,
      SEED_PROFILE: "none",
      HL7_MLLP_PORT: "0",
      PUBLIC_URL: ORIGIN,
      NEXTAUTH_URL: ORIGIN,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      BENCH_ROUTES: "1",
      // The benchmark is one consumer on purpose, far faster than any real one: the abuse ceiling is off here.
      FHIR_CONSUMER_CEILING_PER_MINUTE: "0",
      // The server as `npm start` runs it (scripts/start.mjs): the same JavaScript heap cap.
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=${Number(process.env.NODE_HEAP_MB || 256)}`.trim(),
    },
  });
  closeSync(log);
  children.push(child);
  await waitFor(`${ORIGIN}/api/health`, 120_000, child);
  return child;
}

async function startPlatformFloor(bundle: unknown): Promise<ChildProcess> {
  const child = fork(join(root, "scripts", "bench-platform-floor.mjs"), [String(PLATFORM_PORT)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  children.push(child);
  const ready = new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`platform floor server exited (${code})`)));
  });
  child.send(bundle as object);
  await ready;
  return child;
}

// ---- measuring -------------------------------------------------------------------------------------------------

interface Measured {
  scenario: string;
  /** Answers in the measured run divided by its length. */
  reqPerSec: number;
  requests: number;
  /** Exact (nearest rank) over every response time of the measured run, whatever the status. */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  bytesPerResponse: number | null;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  /** 1-minute load average of the machine when the measured run ended (other work on the machine skews figures). */
  loadAverage: number;
  /** Share of CPU time the hypervisor took from this machine during the measured run (Linux; null elsewhere). */
  stealPercent: number | null;
  /**
   * CPU time the serving processes spent per answered request (Linux; null elsewhere). Unlike req/s it hardly
   * moves when other work competes for the machine, so it is the fairer comparison on a busy machine.
   */
  cpuMsPerRequest: number | null;
  /** Peak resident memory (VmHWM) of the serving process tree so far, read after the scenario (Linux; null elsewhere). */
  peakRssMb: number | null;
}

const CLOCK_TICK_MS = 10; // Linux USER_HZ is 100 on every mainstream kernel build

/** A process and all its descendants, from /proc (Linux only; empty elsewhere). */
function processTree(pid: number | undefined): { pid: number; ticks: number }[] {
  if (!pid) return [];
  const stats = new Map<number, { ppid: number; ticks: number }>();
  try {
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const raw = readFileSync(`/proc/${name}/stat`, "utf8");
        const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
        stats.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    return [];
  }
  const tree: { pid: number; ticks: number }[] = [];
  const walk = (p: number) => {
    const s = stats.get(p);
    if (s) tree.push({ pid: p, ticks: s.ticks });
    for (const [child, c] of stats) if (c.ppid === p) walk(child);
  };
  walk(pid);
  return tree;
}

/** CPU time (ms) used so far by a process and all its descendants (Linux only). */
function treeCpuMs(pid: number | undefined): number | null {
  const tree = processTree(pid);
  return tree.length ? tree.reduce((a, p) => a + p.ticks, 0) * CLOCK_TICK_MS : null;
}

/**
 * Peak resident memory (MB) of a process tree: the sum of each process's VmHWM, an upper bound of the tree's peak
 * (`next start` serves from one process, so it is that process's peak). Linux only.
 */
function treePeakRssMb(pid: number | undefined): number | null {
  let kb = 0;
  let found = false;
  for (const p of processTree(pid)) {
    try {
      const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p.pid}/status`, "utf8"));
      if (m) {
        kb += Number(m[1]);
        found = true;
      }
    } catch {
      // ended meanwhile
    }
  }
  return found ? Math.round(kb / 102.4) / 10 : null;
}

let servingPid: number | undefined;

/** Total and stolen CPU time so far, from /proc/stat (Linux only). */
function cpuTicks(): { total: number; steal: number } | null {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    return { total: f.slice(0, 8).reduce((a, b) => a + b, 0), steal: f[7] ?? 0 };
  } catch {
    return null;
  }
}

interface TimedRun {
  result: CannonResult;
  stealPercent: number | null;
  cpuMs: number | null;
  times: number[];
  elapsedMs: number;
}

/** Runs autocannon, recording every response time, and notes the serving CPU time and the CPU the hypervisor stole. */
async function timedRun(opts: CannonOptions, stopAfterMs?: number): Promise<TimedRun> {
  const before = cpuTicks();
  const cpuBefore = treeCpuMs(servingPid);
  const times: number[] = [];
  const started = performance.now();
  const instance = autocannon(opts);
  instance.on("response", (_client, _status, _bytes, ms) => times.push(ms));
  const timer = stopAfterMs ? setTimeout(() => instance.stop(), stopAfterMs) : undefined;
  const result = await instance;
  clearTimeout(timer);
  const elapsedMs = performance.now() - started;
  const cpuAfter = treeCpuMs(servingPid);
  const after = cpuTicks();
  const stealPercent = before && after && after.total > before.total ? Math.round(((after.steal - before.steal) / (after.total - before.total)) * 1000) / 10 : null;
  return { result, stealPercent, cpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null, times, elapsedMs };
}

/** Exact nearest-rank percentile of sorted values. */
function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function summarise(scenario: string, { result: r, stealPercent, cpuMs, times, elapsedMs }: TimedRun, bytesPerResponse: number | null): Measured {
  const sorted = Float64Array.from(times).sort();
  const list = Array.from(sorted);
  return {
    scenario,
    reqPerSec: round2(times.length / (elapsedMs / 1000)),
    requests: times.length,
    p50Ms: round2(percentile(list, 0.5)),
    p95Ms: round2(percentile(list, 0.95)),
    p99Ms: round2(percentile(list, 0.99)),
    meanMs: round2(list.reduce((a, b) => a + b, 0) / Math.max(1, list.length)),
    maxMs: round2(list[list.length - 1] ?? NaN),
    bytesPerResponse,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
    errors: r.errors,
    timeouts: r.timeouts,
    loadAverage: Number(loadavg()[0].toFixed(2)),
    stealPercent,
    cpuMsPerRequest: cpuMs !== null && times.length > 0 ? Number((cpuMs / times.length).toFixed(2)) : null,
    peakRssMb: treePeakRssMb(servingPid),
  };
}

/** Warm-up, then the measured run, with the same load. */
async function measure(scenario: string, opts: Omit<CannonOptions, "connections" | "duration">, bytesPerResponse: number | null): Promise<Measured> {
  process.stdout.write(`[bench] ${scenario}: ${WARMUP} s warm-up, ${DURATION} s × ${CONNECTIONS} connections… `);
  await autocannon({ ...opts, connections: CONNECTIONS, duration: WARMUP });
  const m = summarise(scenario, await timedRun({ ...opts, connections: CONNECTIONS, duration: DURATION }), bytesPerResponse);
  console.log(`${m.reqPerSec.toFixed(0)} req/s, p50 ${m.p50Ms} ms, p95 ${m.p95Ms} ms, p99 ${m.p99Ms} ms`);
  return m;
}

function searchHeaders(): Record<string, string> {
  return { ...sspHeaders("slot"), ...auth(SCOPES.slotRead), Accept: "application/fhir+json" };
}

async function getJson(url: string, headers: Record<string, string>): Promise<{ text: string; json: Record<string, unknown> }> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return { text, json: JSON.parse(text) };
}

type Entry = { resource: { resourceType: string } & Record<string, unknown> };
const slotsOf = (bundle: Record<string, unknown>) => ((bundle.entry as Entry[] | undefined) ?? []).map((e) => e.resource).filter((r) => r.resourceType === "Slot");

/** Every free slot of the booking service from 10 minutes ahead, in start order. */
async function freeBookingSlots(): Promise<SlotEntry[]> {
  const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
  const from = new Date(Date.now() + 10 * 60_000);
  const to = new Date(Date.now() + 15 * 24 * 3600_000);
  const q = `/STU3/1/Slot?schedule.actor%3Ahealthcareservice=${BOOKING_DOS_ID}&status=free&start=ge${encodeURIComponent(iso(from))}&start=le${encodeURIComponent(iso(to))}`;
  const { json } = await getJson(`${ORIGIN}${q}`, searchHeaders());
  return slotsOf(json) as unknown as SlotEntry[];
}

/** A booking the booking run made, as the 201 answered it: what a cancellation needs. */
interface Booked {
  id: string;
  etag: string;
  resource: Record<string, unknown>;
}

interface BookingMeasured extends Measured {
  created: number;
  other: Record<string, number>;
  warmup: Record<string, number>;
  /** 201s in each second of the measured run: the service holds more bookings as the run goes on. */
  createdPerSecond: number[];
  slotsAvailable: number;
  slotsUsed: number;
}

const header = (headers: Record<string, string | string[]>, name: string): string | undefined => {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  return undefined;
};
const LOCATION = /\/STU3\/1\/Appointment\/([^/]+)\/_history\/\d+$/;

async function measureBooking(slots: SlotEntry[], booked: Booked[]): Promise<BookingMeasured> {
  let next = 0;
  let counts: Record<string, number> = {};
  let startedAt = Date.now();
  const createdPerSecond: number[] = [];
  const authorization = auth(SCOPES.write).Authorization;
  const request: CannonRequest = {
    method: "POST",
    path: "/STU3/1/Appointment",
    setupRequest: (req) => {
      // Past the end of the list a slot is booked twice: those answers count as failures below.
      const i = next++;
      const slot = slots[i % slots.length];
      // A patient of their own for each booking, as on a real day (the board lists each patient's other bookings).
      const patient = { nhsNumber: testNhsNumber(100_000 + i), family: `Bench${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + (Math.floor(i / 26) % 26))}` };
      return {
        ...req,
        headers: { ...sspHeaders("create", randomUUID()), Authorization: authorization, "Content-Type": "application/fhir+json", Accept: "application/fhir+json" },
        body: JSON.stringify(bookingBody(slot, patient)),
      };
    },
    onResponse: (status, body, _context, headers) => {
      counts[status] = (counts[status] ?? 0) + 1;
      if (status === 201) {
        const second = Math.floor((Date.now() - startedAt) / 1000);
        createdPerSecond[second] = (createdPerSecond[second] ?? 0) + 1;
        const id = LOCATION.exec(header(headers, "location") ?? "")?.[1];
        const etag = header(headers, "etag");
        if (id && etag) {
          try {
            booked.push({ id, etag, resource: JSON.parse(body) as Record<string, unknown> });
          } catch {
            // not JSON: this booking is left out of the cancellation run
          }
        }
      }
    },
  };
  const opts = { url: ORIGIN, requests: [request] };
  process.stdout.write(`[bench] booking: ${WARMUP} s warm-up, ${DURATION} s × ${CONNECTIONS} connections… `);
  await autocannon({ ...opts, connections: CONNECTIONS, duration: WARMUP });
  const warmup = counts;
  counts = {};
  createdPerSecond.length = 0;
  startedAt = Date.now();
  const m = summarise("booking", await timedRun({ ...opts, connections: CONNECTIONS, duration: DURATION }), null);
  console.log(`${m.reqPerSec.toFixed(0)} req/s, p50 ${m.p50Ms} ms, p95 ${m.p95Ms} ms, p99 ${m.p99Ms} ms`);
  const { "201": created = 0, ...other } = counts;
  return { ...m, created, other, warmup, createdPerSecond: Array.from(createdPerSecond.slice(0, DURATION), (n) => n ?? 0), slotsAvailable: slots.length, slotsUsed: next };
}

interface CancelMeasured extends Measured {
  cancelled: number;
  other: Record<string, number>;
  warmup: Record<string, number>;
  bookingsAvailable: number;
  bookingsUsed: number;
}

const cancelHeaders = (etag: string, authorization: string) => ({
  ...sspHeaders("update"),
  Authorization: authorization,
  "Content-Type": "application/fhir+json",
  Accept: "application/fhir+json",
  "If-Match": etag,
});

/**
 * Cancels the bookings the booking run made, each once: PUT /Appointment/{id} with If-Match and the booked resource
 * with status cancelled. The first is cancelled alone as a check; then a warm-up share and the measured run, which
 * ends when the bookings run out or after the run length, whichever comes first.
 */
async function measureCancel(booked: Booked[]): Promise<CancelMeasured> {
  const authorization = auth(SCOPES.write).Authorization;
  const cancelBody = (b: Booked) => JSON.stringify({ ...b.resource, status: "cancelled" });
  const [first, ...rest] = booked;
  if (!first) throw new Error("the booking run made no bookings to cancel");
  const check = await fetch(`${ORIGIN}/STU3/1/Appointment/${first.id}`, { method: "PUT", headers: cancelHeaders(first.etag, authorization), body: cancelBody(first) });
  if (check.status !== 200) throw new Error(`a cancellation answered ${check.status}: ${(await check.text()).slice(0, 300)}`);

  let next = 0;
  let counts: Record<string, number> = {};
  const request: CannonRequest = {
    method: "PUT",
    setupRequest: (req) => {
      const b = rest[Math.min(next++, rest.length - 1)];
      return { ...req, path: `/STU3/1/Appointment/${b.id}`, headers: cancelHeaders(b.etag, authorization), body: cancelBody(b) };
    },
    onResponse: (status) => {
      counts[status] = (counts[status] ?? 0) + 1;
    },
  };
  const warmupAmount = Math.min(Math.floor(rest.length * 0.2), Math.max(CONNECTIONS, 20 * WARMUP));
  if (rest.length - warmupAmount < 2 * CONNECTIONS) throw new Error(`only ${booked.length} bookings to cancel`);
  process.stdout.write(`[bench] cancellation: ${warmupAmount} warm-up, then the rest of ${booked.length} bookings in at most ${DURATION} s × ${CONNECTIONS} connections… `);
  const warm = autocannon({ url: ORIGIN, requests: [request], connections: CONNECTIONS, duration: WARMUP, amount: warmupAmount });
  const warmTimer = setTimeout(() => warm.stop(), WARMUP * 1000);
  await warm;
  clearTimeout(warmTimer);
  const warmup = counts;
  counts = {};
  // autocannon may have built a request or two it never sent: those bookings are skipped, never sent twice.
  const measuredFrom = next;
  const measuredAmount = rest.length - measuredFrom;
  if (measuredAmount < CONNECTIONS) throw new Error(`only ${measuredAmount} bookings left to cancel after the warm-up`);
  const opts: CannonOptions = { url: ORIGIN, requests: [request], connections: CONNECTIONS, duration: DURATION, amount: measuredAmount };
  // autocannon ignores duration when given an amount: stopped at the run length.
  const m = summarise("cancellation", await timedRun(opts, DURATION * 1000), null);
  console.log(`${m.reqPerSec.toFixed(0)} req/s, p50 ${m.p50Ms} ms, p95 ${m.p95Ms} ms, p99 ${m.p99Ms} ms`);
  const { "200": cancelled = 0, ...other } = counts;
  return { ...m, cancelled, other, warmup, bookingsAvailable: booked.length, bookingsUsed: 1 + [...Object.values(warmup), ...Object.values(counts)].reduce((a, b) => a + b, 0) };
}

/** Signs in as the demo clinician through next-auth's credentials flow; the cookies to send with each request. */
async function signInAsClinician(): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${ORIGIN}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${ORIGIN}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie() },
    body: new URLSearchParams({ csrfToken, username: "clinician", password: DEMO_PASSWORD, json: "true" }).toString(),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`signing in as the demo clinician failed (${res.status}): ${(await res.text()).slice(0, 300)}`);
  return cookie();
}

/** Bookings the arrivals scenario wants on the day it loads: a busy ED day. */
const BOARD_BOOKINGS = 300;

/**
 * Orders the booking run's slots so that its first BOARD_BOOKINGS bookings fill the first London day with that many
 * free slots (the arrivals board's day) and the rest go to the other days: the board then shows the same load
 * whatever the booking throughput, once the run makes BOARD_BOOKINGS bookings.
 */
function boardDayFirst(slots: SlotEntry[]): { slots: SlotEntry[]; boardDay: string | null; boardSlotIds: Set<string> } {
  const dayOf = (slot: SlotEntry) => londonToday(new Date((slot as unknown as { start: string }).start));
  const perDay = new Map<string, number>();
  for (const slot of slots) perDay.set(dayOf(slot), (perDay.get(dayOf(slot)) ?? 0) + 1);
  const boardDay = [...perDay].find(([, n]) => n >= BOARD_BOOKINGS)?.[0] ?? null;
  if (!boardDay) return { slots, boardDay, boardSlotIds: new Set() };
  const onDay = slots.filter((slot) => dayOf(slot) === boardDay).slice(0, BOARD_BOOKINGS);
  return { slots: [...onDay, ...slots.filter((slot) => dayOf(slot) !== boardDay)], boardDay, boardSlotIds: new Set(onDay.map((slot) => slot.id)) };
}

/** How many of the bookings made took one of the given slots. */
function bookingsOf(booked: Booked[], slotIds: Set<string>): number {
  return booked.filter((b) => ((b.resource.slot as { reference?: string }[] | undefined) ?? []).some((r) => slotIds.has((r.reference ?? "").split("/").pop()?.replace(/^#/, "") ?? ""))).length;
}

interface ArrivalsMeasured extends Measured {
  date: string;
  bookingsOnDay: number;
  rows: number;
}

async function measureArrivals(booked: Booked[], boardDay: string, boardSlotIds: Set<string>): Promise<ArrivalsMeasured> {
  const day = { date: boardDay, bookings: bookingsOf(booked, boardSlotIds) };
  if (day.bookings < BOARD_BOOKINGS * 0.9) console.log(`[bench] note: the booking run made only ${day.bookings} bookings on ${boardDay}, not ${BOARD_BOOKINGS}`);
  const cookie = await signInAsClinician();
  const url = `${ORIGIN}/api/arrivals?date=${day.date}`;
  const { text, json } = await getJson(url, { Cookie: cookie });
  const rows = Array.isArray(json.rows) ? json.rows.length : 0;
  console.log(`[bench] arrivals board data for ${day.date}: ${rows} rows (${day.bookings} made by the booking run), ${Buffer.byteLength(text).toLocaleString("en-GB")} bytes`);
  const m = await measure("arrivals board data", { url, headers: { Cookie: cookie } }, Buffer.byteLength(text));
  return { ...m, date: day.date, bookingsOnDay: day.bookings, rows };
}

// ---- report ----------------------------------------------------------------------------------------------------

function table(rows: Measured[]): string {
  const head = ["scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "mean ms", "cpu ms/req", "peak RSS MB", "bytes/resp", "load", "steal %", "statuses"];
  const body = rows.map((r) => [
    r.scenario,
    r.reqPerSec.toFixed(0),
    r.p50Ms.toFixed(1),
    r.p95Ms.toFixed(1),
    r.p99Ms.toFixed(1),
    r.meanMs.toFixed(1),
    r.cpuMsPerRequest === null ? "-" : r.cpuMsPerRequest.toFixed(2),
    r.peakRssMb === null ? "-" : r.peakRssMb.toFixed(0),
    r.bytesPerResponse === null ? "-" : r.bytesPerResponse.toLocaleString("en-GB"),
    r.loadAverage.toFixed(1),
    r.stealPercent === null ? "-" : r.stealPercent.toFixed(1),
    Object.entries(r.statusCodes).map(([c, n]) => `${c}×${n}`).join(" ") + (r.errors ? ` errors×${r.errors}` : "") + (r.timeouts ? ` timeouts×${r.timeouts}` : ""),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : NaN);

const BARS_INCLUDES = ["Slot:schedule", "Schedule:actor:Practitioner", "Schedule:actor:PractitionerRole", "Schedule:actor:HealthcareService", "HealthcareService:location", "HealthcareService:providedBy"];

/** The BaRS door's slot search of the same service and window as the STU3 one, with every include. */
function barsSlotPath(service: string): string {
  const w = tkwWindow();
  const inc = BARS_INCLUDES.map((i) => `&_include=${encodeURIComponent(i)}`).join("");
  return `/R4/Slot?Schedule.actor%3AHealthcareService=${service}&status=free&start=ge${encodeURIComponent(w.ge)}&start=le${encodeURIComponent(w.le)}${inc}`;
}

function barsTargetHeaders(service: string): Record<string, string> {
  const h = barsHeaders();
  h["NHSD-Target-Identifier"] = Buffer.from(JSON.stringify({ value: service, system: "https://fhir.nhs.uk/Id/dos-service-id" })).toString("base64");
  return h;
}

/** BaRS `$process-message` bookings of the booking service's free slots, each its own patient and X-Request-ID. */
async function measureBarsBooking(slots: SlotEntry[]): Promise<BookingMeasured> {
  let next = 0;
  let counts: Record<string, number> = {};
  let startedAt = Date.now();
  const createdPerSecond: number[] = [];
  const request: CannonRequest = {
    method: "POST",
    path: "/R4/$process-message",
    setupRequest: (req) => {
      const i = next++;
      const slot = slots[i % slots.length] as unknown as Record<string, unknown>;
      const message = bookingMessage(
        { slot: { resourceType: "Slot", id: slot.id, start: slot.start, end: slot.end, schedule: slot.schedule, status: "free" } },
        { serviceId: BOOKING_DOS_ID, patient: { nhsNumber: testNhsNumber(300_000 + i), family: `Bars${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + (Math.floor(i / 26) % 26))}`, given: "Test", birthDate: "1970-01-01" } },
      );
      return { ...req, headers: barsTargetHeaders(BOOKING_DOS_ID), body: JSON.stringify(message) };
    },
    onResponse: (status) => {
      counts[status] = (counts[status] ?? 0) + 1;
      if (status === 200) {
        const second = Math.floor((Date.now() - startedAt) / 1000);
        createdPerSecond[second] = (createdPerSecond[second] ?? 0) + 1;
      }
    },
  };
  const opts = { url: ORIGIN, requests: [request] };
  process.stdout.write(`[bench] BaRS booking: ${WARMUP} s warm-up, ${DURATION} s × ${CONNECTIONS} connections… `);
  await autocannon({ ...opts, connections: CONNECTIONS, duration: WARMUP });
  const warmup = counts;
  counts = {};
  createdPerSecond.length = 0;
  startedAt = Date.now();
  const m = summarise("BaRS booking ($process-message)", await timedRun({ ...opts, connections: CONNECTIONS, duration: DURATION }), null);
  console.log(`${m.reqPerSec.toFixed(0)} req/s, p50 ${m.p50Ms} ms, p95 ${m.p95Ms} ms, p99 ${m.p99Ms} ms`);
  const { "200": created = 0, ...other } = counts;
  return { ...m, created, other, warmup, createdPerSecond: Array.from(createdPerSecond.slice(0, DURATION), (n) => n ?? 0), slotsAvailable: slots.length, slotsUsed: next };
}

async function main(): Promise<void> {
  buildIfStale();
  console.log(`[bench] preparing a fresh ${DATABASE_LABEL} database (assurance seed + load-test capacity)…`);
  const seeded = await prepareDatabase();
  console.log(`[bench] service ${SEARCH_DOS_ID}: ${seeded.searchSlots} slots; booking service ${BOOKING_DOS_ID}: ${seeded.bookingSlots} slots`);
  const loadBefore = loadavg().map((n) => Number(n.toFixed(2)));
  const app = await startApp();
  servingPid = app.pid;
  const serverProcesses = processTree(app.pid).length;

  // One real slot search answer: its size and content are what the floors serve.
  const searchPath = `/STU3/1${slotQuery(SEARCH_DOS_ID)}`;
  const sample = await getJson(`${ORIGIN}${searchPath}`, searchHeaders());
  const searchSlots = slotsOf(sample.json).length;
  const searchBytes = Buffer.byteLength(sample.text);
  const entries = (sample.json.entry as Entry[]).length;
  console.log(`[bench] slot search answers ${searchSlots} slots, ${entries} entries, ${searchBytes.toLocaleString("en-GB")} bytes`);
  const load = await fetch(`${ORIGIN}/bench/floor`, { method: "POST", body: sample.text, headers: { "Content-Type": "application/json" } });
  if (load.status !== 204) throw new Error(`the framework floor route answered ${load.status}: is BENCH_ROUTES=1 reaching the server?`);
  const floorBytes = Buffer.byteLength(await (await fetch(`${ORIGIN}/bench/floor`)).text());

  const results: Record<string, Measured> = {};
  if (ONLY.has("search")) results.search = await measure("slot search", { url: `${ORIGIN}${searchPath}`, headers: searchHeaders() }, searchBytes);
  if (ONLY.has("bars-search")) {
    const barsPath = barsSlotPath(SEARCH_DOS_ID);
    const barsSample = await getJson(`${ORIGIN}${barsPath}`, barsTargetHeaders(SEARCH_DOS_ID));
    results.barsSearch = await measure("BaRS slot search", { url: `${ORIGIN}${barsPath}`, headers: barsTargetHeaders(SEARCH_DOS_ID) }, Buffer.byteLength(barsSample.text));
  }
  if (ONLY.has("framework")) results.framework = await measure("framework floor", { url: `${ORIGIN}/bench/floor` }, floorBytes);
  if (ONLY.has("platform")) {
    const platform = await startPlatformFloor(sample.json);
    servingPid = platform.pid;
    const platformBytes = Buffer.byteLength(await (await fetch(`http://127.0.0.1:${PLATFORM_PORT}/`)).text());
    results.platform = await measure("platform floor", { url: `http://127.0.0.1:${PLATFORM_PORT}/` }, platformBytes);
    platform.disconnect();
    servingPid = app.pid;
  }
  let booking: BookingMeasured | undefined;
  let cancel: CancelMeasured | undefined;
  const booked: Booked[] = [];
  if (ONLY.has("booking")) {
    const { slots, boardDay, boardSlotIds } = boardDayFirst(await freeBookingSlots());
    console.log(`[bench] ${slots.length} free slots to book, the first ${BOARD_BOOKINGS} on ${boardDay ?? "(no day has enough)"}`);
    booking = await measureBooking(slots, booked);
    results.booking = booking;
    // The board is read while the bookings stand; they are cancelled after.
    if (ONLY.has("arrivals") && boardDay) results.arrivals = await measureArrivals(booked, boardDay, boardSlotIds);
    if (ONLY.has("cancel")) results.cancel = cancel = await measureCancel(booked);
  }
  let barsBooking: BookingMeasured | undefined;
  if (ONLY.has("bars-booking")) {
    // After the STU3 cancellations: the slots they freed are booked again, through the BaRS door.
    const slots = await freeBookingSlots();
    console.log(`[bench] ${slots.length} free slots to book through BaRS`);
    results.barsBooking = barsBooking = await measureBarsBooking(slots);
  }
  const rows = Object.values(results);
  // The app's peak over the whole run (the platform floor is a process of its own).
  const peakRssMb = treePeakRssMb(app.pid);
  const loadAfter = loadavg().map((n) => Number(n.toFixed(2)));

  console.log(`\n${DATABASE_LABEL}\n` + table(rows));
  const busiest = Math.max(...rows.map((r) => r.loadAverage));
  if (busiest > cpus().length + 1) console.log(`note: the machine's load average reached ${busiest} on ${cpus().length} cores; other work was competing with this run`);
  const stolen = Math.max(...rows.map((r) => r.stealPercent ?? 0));
  if (stolen >= 5) console.log(`note: the hypervisor took up to ${stolen}% of CPU time during a run; absolute figures are low, compare the shares of the floors`);
  const s = results.search;
  const shareFramework = s && results.framework ? pct(s.reqPerSec, results.framework.reqPerSec) : null;
  const sharePlatform = s && results.platform ? pct(s.reqPerSec, results.platform.reqPerSec) : null;
  if (shareFramework !== null || sharePlatform !== null) {
    console.log(`\nslot search = ${shareFramework ?? "?"}% of framework floor, ${sharePlatform ?? "?"}% of platform floor`);
  }
  // The same comparison by server CPU per answer (floor's CPU per answer ÷ ours): steady when the machine is busy.
  const cpuShare = (floor?: Measured) => (s?.cpuMsPerRequest && floor?.cpuMsPerRequest ? pct(floor.cpuMsPerRequest, s.cpuMsPerRequest) : null);
  const cpuShareFramework = cpuShare(results.framework);
  const cpuSharePlatform = cpuShare(results.platform);
  if (cpuShareFramework !== null) console.log(`by server CPU per answer: slot search = ${cpuShareFramework}% of framework floor, ${cpuSharePlatform ?? "?"}% of platform floor`);
  const targets: Record<string, { target: string; actual: string; met: boolean }> = {};
  if (shareFramework !== null) {
    targets.searchShareOfFrameworkFloor = { target: `>= ${TARGETS.searchShareOfFrameworkFloor * 100}%`, actual: `${shareFramework}%`, met: shareFramework >= TARGETS.searchShareOfFrameworkFloor * 100 };
  }
  if (booking) {
    targets.bookingPerSecond = { target: `>= ${TARGETS.bookingPerSecond}/s`, actual: `${booking.reqPerSec.toFixed(0)}/s`, met: booking.reqPerSec >= TARGETS.bookingPerSecond };
    targets.bookingP99 = { target: `< ${TARGETS.bookingP99Ms} ms`, actual: `${booking.p99Ms} ms`, met: booking.p99Ms < TARGETS.bookingP99Ms };
    const others = Object.entries(booking.other).map(([c, n]) => `${c}×${n}`).join(" ") || "none";
    console.log(`booking: ${booking.created} × 201, other statuses: ${others}${booking.errors ? `, ${booking.errors} errors` : ""}${booking.timeouts ? `, ${booking.timeouts} timeouts` : ""} (${booking.slotsUsed} of ${booking.slotsAvailable} free slots used, warm-up included)`);
    console.log(`booking: 201s in each second of the run: ${booking.createdPerSecond.join(" ")}`);
  }
  const bs = results.barsSearch;
  if (bs && s) {
    const share = pct(bs.reqPerSec, s.reqPerSec);
    targets.barsSearchShareOfStu3 = { target: ">= 80% of the STU3 slot search", actual: `${share}%`, met: share >= 80 };
  }
  if (barsBooking) {
    targets.barsBookingPerSecond = { target: ">= 200/s", actual: `${barsBooking.reqPerSec.toFixed(0)}/s`, met: barsBooking.reqPerSec >= 200 };
    targets.barsBookingP99 = { target: "< 150 ms", actual: `${barsBooking.p99Ms} ms`, met: barsBooking.p99Ms < 150 };
    const others = Object.entries(barsBooking.other).map(([c, n]) => `${c}×${n}`).join(" ") || "none";
    console.log(`BaRS booking: ${barsBooking.created} × 200, other statuses: ${others}${barsBooking.errors ? `, ${barsBooking.errors} errors` : ""} (${barsBooking.slotsUsed} of ${barsBooking.slotsAvailable} free slots used, warm-up included)`);
  }
  for (const r of [results.barsSearch, results.barsBooking].filter(Boolean) as Measured[]) {
    // BaRS non-functional requirement: 90% of requests under 2.1 s, all under 5 s.
    // p95 (stricter than the p90 the requirement names) and the slowest answer.
    targets[`${r.scenario} within BaRS limits`] = { target: "p90 < 2100 ms, all < 5000 ms", actual: `p95 ${r.p95Ms} ms, max ${r.maxMs} ms`, met: r.p95Ms < 2100 && r.maxMs < 5000 };
  }
  if (cancel) {
    const others = Object.entries(cancel.other).map(([c, n]) => `${c}×${n}`).join(" ") || "none";
    console.log(`cancellation: ${cancel.cancelled} × 200, other statuses: ${others} (${cancel.bookingsUsed} of ${cancel.bookingsAvailable} bookings used, check and warm-up included)`);
    targets.cancellationsAll200 = { target: "every answer 200", actual: others === "none" && !cancel.errors && !cancel.timeouts ? "all 200" : `other: ${others}`, met: others === "none" && !cancel.errors && !cancel.timeouts };
  }
  if (peakRssMb !== null) targets.peakRss = { target: `< ${TARGETS.peakRssMb} MB`, actual: `${peakRssMb} MB`, met: peakRssMb < TARGETS.peakRssMb };
  for (const [name, t] of Object.entries(targets)) console.log(`target ${name}: ${t.actual} (${t.target}) ${t.met ? "MET" : "MISSED"}`);

  let commit: string | null = null;
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    // not a git checkout
  }
  const report = {
    date: new Date().toISOString(),
    commit,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    setup: {
      build: args.webpack ? "next build --webpack" : "next build",
      distDir: DIST_DIR,
      database: postgresAdminUrl ? "PostgreSQL" : "SQLite (file)",
      durationSeconds: DURATION,
      warmupSeconds: WARMUP,
      connections: CONNECTIONS,
      slotSearch: { path: searchPath, slots: searchSlots, entries, bytes: searchBytes },
      seeded,
      serverProcesses,
    },
    loadAverage: { before: loadBefore, after: loadAfter },
    results,
    peakRssMb,
    shareOfFloors: { framework: shareFramework, platform: sharePlatform, byCpuFramework: cpuShareFramework, byCpuPlatform: cpuSharePlatform },
    targets,
  };
  const file = args.out ? resolve(root, args.out) : join(root, "bench", "results", `fhir-${report.date.slice(0, 10)}${postgresAdminUrl ? "-postgres" : ""}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  console.log(`\n[bench] written ${file.startsWith(root) ? file.slice(root.length + 1) : file}`);
  await stopChild(app);
}

/** Stops a child and waits for it to exit (so the PostgreSQL database it holds can be dropped). */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

main()
  .then(async () => {
    await dropPostgresDatabase();
    process.exit(0);
  })
  .catch(async (e) => {
    console.error(`[bench] ${e instanceof Error ? e.message : e}`);
    for (const c of children) await stopChild(c).catch(() => {});
    await dropPostgresDatabase();
    process.exit(1);
  });
