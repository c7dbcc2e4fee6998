// `npm run bench`: every benchmark in one go against one production build, written as JSON
// (bench/results/bench-<date>.json) and as a table in the README's "Performance" section (between the
// <!-- bench:start --> and <!-- bench:end --> markers).
//
//   1. scripts/bench-fhir.ts on SQLite, then on a fresh PostgreSQL database (child processes, one after the other,
//      the same build): slot search, the framework and platform floors, booking, arrivals board data over HTTP,
//      cancellation; p50/p95/p99, server CPU per answer, peak memory;
//   2. scripts/bench-reports.ts: every report over a year of data (SQLite only: it writes the year with
//      better-sqlite3's bulk inserts);
//   3. scripts/bench-arrivals.ts in server-only mode: the board's data for 300 bookings, timed in-process (SQLite).
//   4. scripts/bench-hl7.ts: 10,000 HL7v2 A04s at 50/s over MLLP against 1,000 bookings with decoys (SQLite).
//
//   options: --duration <s> (8)  --warmup <s> (2)  --connections <n> (10)  --port <n> (BENCH_PORT or 3250; the
//            platform floor uses port + 1)  --postgres <url> (postgres://postgres@127.0.0.1:5432/postgres)
//            --skip postgres,reports,arrivals,hl7  --turbopack (build with Turbopack instead of webpack)
//            --no-readme (JSON only)  --readme-from <bench json> (only rewrite the README from an earlier run's JSON)
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "8" },
    warmup: { type: "string", default: "2" },
    connections: { type: "string", default: "10" },
    port: { type: "string", default: process.env.BENCH_PORT ?? "3250" },
    postgres: { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
    skip: { type: "string", default: "" },
    turbopack: { type: "boolean", default: false },
    "no-readme": { type: "boolean", default: false },
    "readme-from": { type: "string" },
  },
});
const SKIP = new Set(args.skip.split(",").map((s) => s.trim()).filter(Boolean));
const TSX = join(root, "node_modules", "tsx", "dist", "cli.mjs");
const WORK = join(root, "data", "bench-all");
const TARGETS = { searchShareOfFrameworkFloor: 100, bookingPerSecond: 200, bookingP99Ms: 100, peakRssMb: 400 };

// ---- the machine's load while the benchmarks run ----------------------------------------------------------------

const loadSamples: number[] = [];
const sampler = setInterval(() => loadSamples.push(loadavg()[0]), 2_000);
sampler.unref();

function cpuTicks(): { total: number; steal: number } | null {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    return { total: f.slice(0, 8).reduce((a, b) => a + b, 0), steal: f[7] ?? 0 };
  } catch {
    return null;
  }
}

// ---- running the parts ------------------------------------------------------------------------------------------

interface Part {
  name: string;
  ok: boolean;
  seconds: number;
  json: Record<string, unknown> | null;
}

/** Runs one benchmark as a child process (asynchronously, so the load average keeps being sampled meanwhile). */
async function runPart(name: string, script: string, scriptArgs: string[], out: string, env: Record<string, string> = {}): Promise<Part> {
  console.log(`\n[bench] ==== ${name} ====`);
  rmSync(out, { force: true });
  const started = performance.now();
  const child = spawn(process.execPath, [TSX, join(root, "scripts", script), ...scriptArgs], { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  const stop = () => child.kill("SIGTERM");
  process.once("SIGINT", stop);
  const r = await new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (status, signal) => resolve({ status, signal })));
  process.off("SIGINT", stop);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const ok = r.status === 0 && existsSync(out);
  if (!ok) console.error(`[bench] ${name} failed (exit ${r.status ?? r.signal}); its figures are left out`);
  return { name, ok, seconds, json: ok ? (JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>) : null };
}

// ---- the README table -------------------------------------------------------------------------------------------

interface Measured {
  scenario: string;
  reqPerSec: number;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  cpuMsPerRequest: number | null;
  peakRssMb: number | null;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  rows?: number;
  bookingsOnDay?: number;
}
interface FhirReport {
  commit: string | null;
  setup: { database: string; connections: number; durationSeconds: number; warmupSeconds: number; slotSearch: { slots: number; bytes: number } };
  results: Record<string, Measured>;
  peakRssMb: number | null;
  shareOfFloors: { framework: number | null; platform: number | null; byCpuFramework: number | null; byCpuPlatform: number | null };
}

const fmt = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || Number.isNaN(n) ? "–" : n.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const verdict = (met: boolean) => (met ? "**MET**" : "**MISSED**");
/** The targets are set for SQLite (the embedded default); PostgreSQL is measured against them for comparison. */
const against = (db: string, met: boolean) => (db === "SQLite" ? verdict(met) : `${met ? "met" : "not met"} (the targets are set for SQLite; shown for comparison)`);
const statuses = (m: Measured) => Object.entries(m.statusCodes).map(([c, n]) => `${c}×${n}`).join(" ") + (m.errors ? ` errors×${m.errors}` : "") + (m.timeouts ? ` timeouts×${m.timeouts}` : "");

const SCENARIOS: [key: string, label: string][] = [
  ["search", "FHIR slot search (STU3)"],
  ["barsSearch", "BaRS slot search (R4)"],
  ["framework", "framework floor (route handler, same Bundle)"],
  ["platform", "platform floor (bare Node http, same Bundle)"],
  ["booking", "FHIR booking (STU3)"],
  ["arrivals", "arrivals board data (GET /api/arrivals)"],
  ["cancel", "FHIR cancellation (STU3)"],
  ["barsBooking", "BaRS booking ($process-message)"],
];

function markdown(fhir: { db: string; report: FhirReport }[], reports: Record<string, unknown> | null, arrivals: Record<string, unknown> | null, hl7: Record<string, unknown> | null, meta: { date: string; commit: string | null; load: { min: number; mean: number; max: number }; stealPercent: number | null; totalSeconds: number }): string {
  const lines: string[] = [];
  const first = fhir[0]?.report;
  lines.push(
    `Measured by \`npm run bench\` on ${meta.date.slice(0, 16).replace("T", " ")} UTC at commit ${meta.commit ?? "?"} on ${cpus().length} cores ` +
      `(load generator and server on the same machine; its 1-minute load average during the run was ${fmt(meta.load.min)}–${fmt(meta.load.max)}, mean ${fmt(meta.load.mean)}` +
      `${meta.stealPercent !== null ? `, ${fmt(meta.stealPercent)}% of CPU time stolen by the hypervisor` : ""}; above ${cpus().length}, other work was competing for the cores and the absolute figures are low). ` +
      (first ? `One server per database; the scenarios run in the table's order (cancellation cancels the bookings the booking run made); ${first.setup.connections} connections, ${first.setup.warmupSeconds} s warm-up then up to ${first.setup.durationSeconds} s each; the arrivals board shows 300 bookings of the booking run for one day; the slot search answers ${first.setup.slotSearch.slots} slots with all six includes (${fmt(first.setup.slotSearch.bytes / 1000, 0)} KB). ` : "") +
      `Latencies are exact percentiles over every response of the measured run. Server CPU per request is the serving process tree's CPU time divided by the answers (it moves less than req/s when the machine is busy); peak RSS is the serving process's high-water mark (VmHWM) since it started, read after the scenario (the platform floor is a process of its own). Full figures: \`bench/results/bench-${meta.date.slice(0, 10)}.json\`.`,
    "",
    "| scenario | database | req/s | p50 ms | p95 ms | p99 ms | server CPU ms/req | peak RSS MB | answers |",
    "|---|---|--:|--:|--:|--:|--:|--:|---|",
  );
  for (const [key, label] of SCENARIOS) {
    for (const { db, report } of fhir) {
      const m = report.results[key];
      if (!m) continue;
      const extra = key === "arrivals" && m.rows !== undefined ? ` (${m.rows} rows on the day)` : "";
      lines.push(`| ${label}${extra} | ${db} | ${fmt(m.reqPerSec, 0)} | ${fmt(m.p50Ms)} | ${fmt(m.p95Ms)} | ${fmt(m.p99Ms)} | ${fmt(m.cpuMsPerRequest, 2)} | ${fmt(m.peakRssMb, 0)} | ${statuses(m)} |`);
    }
  }
  lines.push("");
  for (const { db, report } of fhir) {
    const s = report.shareOfFloors;
    const b = report.results.booking;
    if (s.framework !== null) {
      lines.push(
        `- ${db}: slot search = **${fmt(s.framework, 0)}%** of the framework floor and ${fmt(s.platform, 0)}% of the platform floor by throughput; ` +
          `${fmt(s.byCpuFramework, 0)}% and ${fmt(s.byCpuPlatform, 0)}% by server CPU per answer. Target ≥ ${TARGETS.searchShareOfFrameworkFloor}% of the framework floor: ${against(db, s.framework >= TARGETS.searchShareOfFrameworkFloor)}.`,
      );
    }
    if (b) {
      lines.push(
        `- ${db}: booking ${fmt(b.reqPerSec, 0)}/s, p99 ${fmt(b.p99Ms)} ms. Targets ≥ ${TARGETS.bookingPerSecond}/s: ${against(db, b.reqPerSec >= TARGETS.bookingPerSecond)}; p99 < ${TARGETS.bookingP99Ms} ms: ${against(db, b.p99Ms < TARGETS.bookingP99Ms)}.`,
      );
    }
    const bs = report.results.barsSearch;
    const st = report.results.search;
    if (bs && st) lines.push(`- ${db}: BaRS slot search ${fmt(bs.reqPerSec, 0)}/s = **${fmt((bs.reqPerSec / st.reqPerSec) * 100, 0)}%** of the STU3 door's. Target ≥ 80%: ${against(db, bs.reqPerSec >= 0.8 * st.reqPerSec)}.`);
    const bb = report.results.barsBooking;
    if (bb) {
      lines.push(
        `- ${db}: BaRS booking ${fmt(bb.reqPerSec, 0)}/s, p99 ${fmt(bb.p99Ms)} ms, slowest ${fmt(bb.maxMs, 0)} ms. Targets ≥ 200/s: ${against(db, bb.reqPerSec >= 200)}; p99 < 150 ms: ${against(db, bb.p99Ms < 150)}; BaRS limits (90% < 2.1 s, all < 5 s): ${against(db, bb.p95Ms < 2100 && bb.maxMs < 5000)}.`,
      );
    }
    if (report.peakRssMb !== null) lines.push(`- ${db}: peak server memory over the whole run ${fmt(report.peakRssMb, 0)} MB. Target < ${TARGETS.peakRssMb} MB: ${against(db, report.peakRssMb < TARGETS.peakRssMb)}.`);
  }
  if (reports) {
    const rs = reports.reports as { report: string; ms: number; met: boolean }[];
    lines.push(
      `- Each report over a year (the standard's five and the monitoring reports; ${fmt(reports.slots as number, 0)} slots, ${fmt(reports.bookings as number, 0)} bookings, ${fmt(reports.documents as number, 0)} documents; SQLite only, in-process, median of 3): ` +
        rs.map((r) => `${r.report} ${fmt(r.ms, 0)} ms`).join(", ") +
        `. Target < 2 s each: ${verdict(rs.every((r) => r.met))}.`,
    );
  }
  if (arrivals?.boardData) {
    const a = arrivals.boardData as { rows: number; medianMs: number; p95Ms: number; met: boolean };
    lines.push(`- Arrivals board data in-process (SQLite, ${a.rows} rows, 300 bookings with reports on two thirds): median ${fmt(a.medianMs)} ms, p95 ${fmt(a.p95Ms)} ms. Target < 200 ms: ${verdict(a.met)}.`);
  }
  if (hl7?.ackMs) {
    const h = hl7 as { messages: number; bookings: number; rate: number; ackMs: { p50: number; p99: number }; trueMatches: number; expectedArrivals: number; falseMatches: number };
    const matched = h.trueMatches === h.expectedArrivals && h.falseMatches === 0;
    lines.push(`- HL7v2 A04s over MLLP (SQLite, in-process listener): ${fmt(h.messages, 0)} at ${h.rate}/s against ${fmt(h.bookings, 0)} bookings with decoys: ACK p50 ${fmt(h.ackMs.p50)} ms, p99 ${fmt(h.ackMs.p99)} ms (target < 50 ms: ${verdict(h.ackMs.p99 < 50)}); ${h.trueMatches} of ${h.expectedArrivals} true arrivals marked, ${h.falseMatches} false (${verdict(matched)}).`);
  }
  lines.push(`- The whole run took ${fmt(meta.totalSeconds / 60)} minutes.`);
  return lines.join("\n");
}

function writeReadme(block: string): void {
  const file = join(root, "README.md");
  const text = readFileSync(file, "utf8");
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} markers in its Performance section`);
  writeFileSync(file, `${text.slice(0, a + start.length)}\n${block}\n${text.slice(b)}`);
}

// ---- main -------------------------------------------------------------------------------------------------------

/** Rewrites the README table from the JSON an earlier run wrote. */
function readmeFrom(file: string): void {
  const r = JSON.parse(readFileSync(join(root, file), "utf8")) as {
    date: string;
    commit: string | null;
    loadAverage: { min: number; mean: number; max: number };
    stealPercent: number | null;
    totalSeconds: number;
    fhir: { sqlite?: FhirReport; postgres?: FhirReport };
    reports: Record<string, unknown> | null;
    arrivals: Record<string, unknown> | null;
    hl7?: Record<string, unknown> | null;
  };
  const fhir = [...(r.fhir.sqlite ? [{ db: "SQLite", report: r.fhir.sqlite }] : []), ...(r.fhir.postgres ? [{ db: "PostgreSQL", report: r.fhir.postgres }] : [])];
  writeReadme(markdown(fhir, r.reports, r.arrivals, r.hl7 ?? null, { date: r.date, commit: r.commit, load: r.loadAverage, stealPercent: r.stealPercent, totalSeconds: r.totalSeconds }));
  console.log(`[bench] README.md Performance table rewritten from ${file}`);
}

async function main(): Promise<void> {
  if (args["readme-from"]) return readmeFrom(args["readme-from"]);
  const startedAt = new Date();
  const t0 = performance.now();
  const cpuBefore = cpuTicks();
  loadSamples.push(loadavg()[0]);
  mkdirSync(WORK, { recursive: true });
  const common = ["--duration", args.duration, "--warmup", args.warmup, "--connections", args.connections, "--port", args.port, ...(args.turbopack ? [] : ["--webpack"])];

  const parts: Part[] = [];
  const fhir: { db: string; report: FhirReport }[] = [];
  const sqlite = await runPart("FHIR and board over HTTP, SQLite", "bench-fhir.ts", [...common, "--out", join(WORK, "fhir-sqlite.json")], join(WORK, "fhir-sqlite.json"));
  parts.push(sqlite);
  if (sqlite.json) fhir.push({ db: "SQLite", report: sqlite.json as unknown as FhirReport });
  if (!SKIP.has("postgres")) {
    const postgres = await runPart("FHIR and board over HTTP, PostgreSQL", "bench-fhir.ts", [...common, "--postgres", args.postgres, "--out", join(WORK, "fhir-postgres.json")], join(WORK, "fhir-postgres.json"));
    parts.push(postgres);
    if (postgres.json) fhir.push({ db: "PostgreSQL", report: postgres.json as unknown as FhirReport });
  }
  const reports = SKIP.has("reports") ? null : await runPart("provider reports over a year, SQLite", "bench-reports.ts", ["--json", join(WORK, "reports.json")], join(WORK, "reports.json"));
  if (reports) parts.push(reports);
  const arrivals = SKIP.has("arrivals") ? null : await runPart("arrivals board data in-process, SQLite", "bench-arrivals.ts", ["--json", join(WORK, "arrivals.json")], join(WORK, "arrivals.json"), { BENCH_BROWSER: "off" });
  if (arrivals) parts.push(arrivals);
  const hl7 = SKIP.has("hl7") ? null : await runPart("HL7v2 A04s over MLLP, SQLite", "bench-hl7.ts", ["--json", join(WORK, "hl7.json")], join(WORK, "hl7.json"));
  if (hl7) parts.push(hl7);

  loadSamples.push(loadavg()[0]);
  clearInterval(sampler);
  const cpuAfter = cpuTicks();
  const load = { min: Math.min(...loadSamples), mean: loadSamples.reduce((a, b) => a + b, 0) / loadSamples.length, max: Math.max(...loadSamples) };
  const stealPercent = cpuBefore && cpuAfter && cpuAfter.total > cpuBefore.total ? Math.round(((cpuAfter.steal - cpuBefore.steal) / (cpuAfter.total - cpuBefore.total)) * 1000) / 10 : null;
  let commit: string | null = null;
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    // not a git checkout
  }
  const totalSeconds = Math.round((performance.now() - t0) / 1000);
  const date = startedAt.toISOString();
  const round = (n: number) => Math.round(n * 100) / 100;
  const result = {
    date,
    commit,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    loadAverage: { min: round(load.min), mean: round(load.mean), max: round(load.max), samples: loadSamples.map(round) },
    stealPercent,
    totalSeconds,
    parts: parts.map(({ name, ok, seconds }) => ({ name, ok, seconds })),
    fhir: Object.fromEntries(fhir.map(({ db, report }) => [db === "SQLite" ? "sqlite" : "postgres", report])),
    reports: reports?.json ?? null,
    arrivals: arrivals?.json ?? null,
    hl7: hl7?.json ?? null,
    notes: ["The year-of-reports benchmark runs on SQLite only (it writes the year with better-sqlite3 bulk inserts).", "The in-process arrivals benchmark runs without the browser part."],
  };
  const out = join(root, "bench", "results", `bench-${date.slice(0, 10)}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + "\n");
  console.log(`\n[bench] written ${out.slice(root.length + 1)}`);
  const block = markdown(fhir, reports?.json ?? null, arrivals?.json ?? null, hl7?.json ?? null, { date, commit, load, stealPercent, totalSeconds });
  console.log(`\n${block}\n`);
  if (!args["no-readme"]) {
    writeReadme(block);
    console.log("[bench] README.md Performance table rewritten");
  }
  if (parts.some((p) => !p.ok)) process.exitCode = 1;
}

main().catch((e) => {
  console.error(`[bench] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
