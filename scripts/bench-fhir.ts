// `npm run bench:fhir`: throughput and latency of the FHIR slot search and booking against a production build, with
// two reference points measured in the same run on the same machine:
//   framework floor: a route handler in this app that only serialises a held Bundle the size of the search answer
//                    (app/bench/floor, active when the server runs with BENCH_ROUTES=1);
//   platform floor:  a bare Node http server serialising the same Bundle (scripts/bench-platform-floor.mjs).
//
//   npm run bench:fhir                    build into .next-bench when the sources changed, then measure
//   npm run bench:fhir -- --webpack       build with webpack (also BENCH_WEBPACK=1)
//   options: --duration <s> (10)  --warmup <s> (3)  --connections <n> (10)  --port <n> (3250)
//            --only search,framework,platform,booking   (default: all four)
//
// The database is fresh (data/bench/ed.db): the assurance seed, service 999999999 given 4 places per half hour
// (288 free slots over the 3-day window the assurance tool searches), and a booking service (DoS id 999999990,
// 5-minute slots, 3 places, 14 days ahead) whose free slots the booking run takes one each. Results are printed
// and written to bench/results/fhir-<date>.json.
import { spawn, spawnSync, fork, execFileSync, type ChildProcess } from "node:child_process";
import { buildIsStale, stampBuild } from "./build-stamp.mjs";
import { randomBytes, randomUUID } from "node:crypto";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { auth, slotQuery } from "../api-tests/helpers";
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
  onResponse?: (status: number) => void;
}
interface CannonOptions {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  headers?: Record<string, string>;
  requests?: CannonRequest[];
}
const autocannon = createRequire(import.meta.url)("autocannon") as (opts: CannonOptions) => Promise<CannonResult>;

// ---- settings ------------------------------------------------------------------------------------------------

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    webpack: { type: "boolean", default: process.env.BENCH_WEBPACK === "1" },
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "10" },
    port: { type: "string", default: process.env.BENCH_PORT ?? "3250" },
    only: { type: "string", default: "search,framework,platform,booking" },
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
const DATABASE_URL = "file:./data/bench/ed.db";
const SEARCH_DOS_ID = "999999999";
const SEARCH_PLACES_PER_SLOT = 4;
const BOOKING_DOS_ID = "999999990";
const NEXT_BIN = join(root, "node_modules", "next", "dist", "bin", "next");

const TARGETS = { searchShareOfFrameworkFloor: 0.8, bookingPerSecond: 100, bookingP99Ms: 100 };

// The api-tests helpers build URLs and JWT audiences from API_BASE_URL.
process.env.API_BASE_URL = ORIGIN;
process.env.DATABASE_URL = DATABASE_URL;

const children: ChildProcess[] = [];
process.on("exit", () => children.forEach((c) => c.exitCode === null && c.kill("SIGTERM")));
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => process.exit(130));

// ---- build -----------------------------------------------------------------------------------------------------

function buildIfStale(): void {
  const dist = join(root, DIST_DIR);
  if (!buildIsStale(root, dist)) {
    console.log(`[bench] production build in ${DIST_DIR} is up to date`);
    return;
  }
  console.log(`[bench] building into ${DIST_DIR}${args.webpack ? " (webpack)" : ""}…`);
  const r = spawnSync(process.execPath, [NEXT_BIN, "build", ...(args.webpack ? ["--webpack"] : [])], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: DIST_DIR },
  });
  if (r.status !== 0) throw new Error("next build failed");
  stampBuild(root, dist);
}

// ---- database --------------------------------------------------------------------------------------------------

/** A fresh database: the assurance seed plus the capacity the runs need, made through the clerk and admin use cases. */
async function prepareDatabase(): Promise<{ searchSlots: number; bookingSlots: number }> {
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
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
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(PORT), "-H", "127.0.0.1"], {
    cwd: root,
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: DIST_DIR,
      DATABASE_URL,
      SEED_PROFILE: "none",
      PUBLIC_URL: ORIGIN,
      NEXTAUTH_URL: ORIGIN,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      BENCH_ROUTES: "1",
      // The benchmark is one consumer on purpose, far faster than any real one: the abuse ceiling is off here.
      FHIR_CONSUMER_CEILING_PER_MINUTE: "0",
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
  reqPerSec: number;
  requests: number;
  p50Ms: number;
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
}

const CLOCK_TICK_MS = 10; // Linux USER_HZ is 100 on every mainstream kernel build

/** CPU time (ms) used so far by a process and all its descendants, from /proc (Linux only). */
function treeCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stats = new Map<number, { ppid: number; ticks: number }>();
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
    let total = 0;
    const walk = (p: number) => {
      total += stats.get(p)?.ticks ?? 0;
      for (const [child, s] of stats) if (s.ppid === p) walk(child);
    };
    walk(pid);
    return total * CLOCK_TICK_MS;
  } catch {
    return null;
  }
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

/** Runs autocannon and notes how much CPU the hypervisor stole meanwhile. */
async function timedRun(opts: CannonOptions): Promise<{ result: CannonResult; stealPercent: number | null; cpuMs: number | null }> {
  const before = cpuTicks();
  const cpuBefore = treeCpuMs(servingPid);
  const result = await autocannon(opts);
  const cpuAfter = treeCpuMs(servingPid);
  const after = cpuTicks();
  const stealPercent = before && after && after.total > before.total ? Math.round(((after.steal - before.steal) / (after.total - before.total)) * 1000) / 10 : null;
  return { result, stealPercent, cpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null };
}

function summarise(scenario: string, { result: r, stealPercent, cpuMs }: { result: CannonResult; stealPercent: number | null; cpuMs: number | null }, bytesPerResponse: number | null): Measured {
  return {
    scenario,
    reqPerSec: r.requests.average,
    requests: r.requests.total,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    meanMs: Number(r.latency.mean.toFixed(2)),
    maxMs: r.latency.max,
    bytesPerResponse,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
    errors: r.errors,
    timeouts: r.timeouts,
    loadAverage: Number(loadavg()[0].toFixed(2)),
    stealPercent,
    cpuMsPerRequest: cpuMs !== null && r.requests.total > 0 ? Number((cpuMs / r.requests.total).toFixed(2)) : null,
  };
}

/** Warm-up, then the measured run, with the same load. */
async function measure(scenario: string, opts: Omit<CannonOptions, "connections" | "duration">, bytesPerResponse: number | null): Promise<Measured> {
  process.stdout.write(`[bench] ${scenario}: ${WARMUP} s warm-up, ${DURATION} s × ${CONNECTIONS} connections… `);
  await autocannon({ ...opts, connections: CONNECTIONS, duration: WARMUP });
  const m = summarise(scenario, await timedRun({ ...opts, connections: CONNECTIONS, duration: DURATION }), bytesPerResponse);
  console.log(`${m.reqPerSec.toFixed(0)} req/s`);
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

interface BookingMeasured extends Measured {
  created: number;
  other: Record<string, number>;
  warmup: Record<string, number>;
  /** 201s in each second of the measured run: the service holds more bookings as the run goes on. */
  createdPerSecond: number[];
  slotsAvailable: number;
  slotsUsed: number;
}

async function measureBooking(slots: SlotEntry[]): Promise<BookingMeasured> {
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
      const slot = slots[next++ % slots.length];
      return {
        ...req,
        headers: { ...sspHeaders("create", randomUUID()), Authorization: authorization, "Content-Type": "application/fhir+json", Accept: "application/fhir+json" },
        body: JSON.stringify(bookingBody(slot)),
      };
    },
    onResponse: (status) => {
      counts[status] = (counts[status] ?? 0) + 1;
      if (status === 201) {
        const second = Math.floor((Date.now() - startedAt) / 1000);
        createdPerSecond[second] = (createdPerSecond[second] ?? 0) + 1;
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
  console.log(`${m.reqPerSec.toFixed(0)} req/s`);
  const { "201": created = 0, ...other } = counts;
  return { ...m, created, other, warmup, createdPerSecond: Array.from(createdPerSecond.slice(0, DURATION), (n) => n ?? 0), slotsAvailable: slots.length, slotsUsed: next };
}

// ---- report ----------------------------------------------------------------------------------------------------

function table(rows: Measured[]): string {
  const head = ["scenario", "req/s", "p50 ms", "p99 ms", "mean ms", "cpu ms/req", "bytes/resp", "load", "steal %", "statuses"];
  const body = rows.map((r) => [
    r.scenario,
    r.reqPerSec.toFixed(0),
    String(r.p50Ms),
    String(r.p99Ms),
    r.meanMs.toFixed(1),
    r.cpuMsPerRequest === null ? "-" : r.cpuMsPerRequest.toFixed(2),
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

async function main(): Promise<void> {
  buildIfStale();
  console.log("[bench] preparing a fresh database (assurance seed + load-test capacity)…");
  const seeded = await prepareDatabase();
  console.log(`[bench] service ${SEARCH_DOS_ID}: ${seeded.searchSlots} slots; booking service ${BOOKING_DOS_ID}: ${seeded.bookingSlots} slots`);
  const app = await startApp();
  servingPid = app.pid;

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

  const rows: Measured[] = [];
  const results: Record<string, Measured> = {};
  if (ONLY.has("search")) results.search = await measure("slot search", { url: `${ORIGIN}${searchPath}`, headers: searchHeaders() }, searchBytes);
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
  if (ONLY.has("booking")) {
    const slots = await freeBookingSlots();
    console.log(`[bench] ${slots.length} free slots to book`);
    booking = await measureBooking(slots);
    results.booking = booking;
  }
  rows.push(...Object.values(results));

  console.log("\n" + table(rows));
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
      database: "SQLite (file)",
      durationSeconds: DURATION,
      warmupSeconds: WARMUP,
      connections: CONNECTIONS,
      slotSearch: { path: searchPath, slots: searchSlots, entries, bytes: searchBytes },
      seeded,
    },
    results,
    shareOfFloors: { framework: shareFramework, platform: sharePlatform, byCpuFramework: cpuShareFramework, byCpuPlatform: cpuSharePlatform },
    targets,
  };
  const dir = join(root, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `fhir-${report.date.slice(0, 10)}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  console.log(`\n[bench] written ${file.slice(root.length + 1)}`);
  app.kill("SIGTERM");
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    console.error(`[bench] ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  });
