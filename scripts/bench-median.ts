// `npm run bench:median`: `npm run bench` N times (default 3, each with --no-readme), then the median of every figure
// set beside a recorded run (default: the one the README's Performance section names), with the load average of each
// run, and which figures are more than 10% worse. Written to bench/results/median-<date>.json.
//
//   options: --runs <n> (3)  --baseline <bench json>  --tolerance <percent> (10)  --from <json,json,…> (compare runs
//            already made instead of running)  and any option of scripts/bench-all.ts after `--`
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: "string", default: "3" },
    baseline: { type: "string" },
    tolerance: { type: "string", default: "10" },
    from: { type: "string" },
  },
});
const TOLERANCE = Number(args.tolerance) / 100;

type Json = Record<string, unknown>;
/** A figure, where to find it in a bench JSON, and which way is better. */
interface Figure {
  name: string;
  path: string[];
  better: "higher" | "lower";
}

const SCENARIOS: [string, string][] = [
  ["search", "FHIR slot search"],
  ["framework", "framework floor"],
  ["platform", "platform floor"],
  ["booking", "FHIR booking"],
  ["arrivals", "arrivals board data over HTTP"],
  ["cancel", "FHIR cancellation"],
];

function figures(baseline: Json): Figure[] {
  const out: Figure[] = [];
  for (const db of ["sqlite", "postgres"]) {
    for (const [key, label] of SCENARIOS) {
      const where = `${label} (${db === "sqlite" ? "SQLite" : "PostgreSQL"})`;
      out.push({ name: `${where} req/s`, path: ["fhir", db, "results", key, "reqPerSec"], better: "higher" });
      out.push({ name: `${where} p99 ms`, path: ["fhir", db, "results", key, "p99Ms"], better: "lower" });
      out.push({ name: `${where} server CPU ms/req`, path: ["fhir", db, "results", key, "cpuMsPerRequest"], better: "lower" });
      out.push({ name: `${where} peak RSS MB`, path: ["fhir", db, "results", key, "peakRssMb"], better: "lower" });
    }
  }
  const reports = ((baseline.reports as Json | null)?.reports as { report: string }[] | undefined) ?? [];
  reports.forEach((r, i) => out.push({ name: `report ${r.report} ms`, path: ["reports", "reports", String(i), "ms"], better: "lower" }));
  out.push({ name: "arrivals board data in-process median ms", path: ["arrivals", "boardData", "medianMs"], better: "lower" });
  return out;
}

function at(j: unknown, path: string[]): number | null {
  let o: unknown = j;
  for (const p of path) o = o && typeof o === "object" ? (o as Json)[p] : undefined;
  return typeof o === "number" ? o : null;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function readmeBaseline(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const m = /Full figures: `(bench\/results\/bench-[0-9-]+\.json)`/.exec(readme);
  if (!m) throw new Error("The README's Performance section names no bench JSON; pass --baseline");
  return join(root, m[1]);
}

function runBench(i: number, total: number): string {
  console.log(`\n[bench:median] run ${i} of ${total}`);
  // bench-all names its JSON after the day it started.
  const day = new Date().toISOString().slice(0, 10);
  const r = spawnSync(process.execPath, [join(root, "node_modules", "tsx", "dist", "cli.mjs"), join(root, "scripts", "bench-all.ts"), "--no-readme", ...positionals], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`bench run ${i} failed (exit ${r.status})`);
  const dir = join(root, "data", "bench-median");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `run-${i}.json`);
  copyFileSync(join(root, "bench", "results", `bench-${day}.json`), file);
  return file;
}

function main() {
  const baselineFile = args.baseline ?? readmeBaseline();
  const baseline = JSON.parse(readFileSync(baselineFile, "utf8")) as Json;
  const runs = Number(args.runs);
  const files = args.from ? args.from.split(",") : Array.from({ length: runs }, (_, i) => runBench(i + 1, runs));
  const results = files.map((f) => JSON.parse(readFileSync(f, "utf8")) as Json);

  console.log(`\n[bench:median] baseline ${baselineFile.slice(root.length + 1)} (commit ${baseline.commit}, load average mean ${(baseline.loadAverage as Json)?.mean})`);
  results.forEach((r, i) => {
    const l = r.loadAverage as { min: number; mean: number; max: number };
    console.log(`[bench:median] run ${i + 1}: commit ${r.commit}, ${r.totalSeconds} s, 1-minute load average ${l.min}–${l.max}, mean ${l.mean}`);
  });
  const rows: { figure: string; baseline: number; runs: number[]; median: number; change: string; worse: boolean }[] = [];
  for (const f of figures(baseline)) {
    const base = at(baseline, f.path);
    const values = results.map((r) => at(r, f.path)).filter((v): v is number => v !== null);
    if (base === null || values.length === 0) continue;
    const med = median(values);
    const ratio = base === 0 ? 1 : med / base;
    const worse = f.better === "higher" ? ratio < 1 - TOLERANCE : ratio > 1 + TOLERANCE;
    rows.push({ figure: f.name, baseline: base, runs: values, median: med, change: `${ratio >= 1 ? "+" : ""}${((ratio - 1) * 100).toFixed(1)}%`, worse });
  }
  const width = Math.max(...rows.map((r) => r.figure.length));
  console.log(`\n${"figure".padEnd(width)}  baseline    median  change   runs`);
  for (const r of rows) console.log(`${r.figure.padEnd(width)}  ${String(r.baseline).padStart(8)}  ${String(Math.round(r.median * 100) / 100).padStart(8)}  ${r.change.padStart(7)}${r.worse ? " WORSE" : "      "}  ${r.runs.join(" / ")}`);
  const worse = rows.filter((r) => r.worse);
  console.log(`\n[bench:median] ${rows.length} figures; ${worse.length} more than ${args.tolerance}% worse than the baseline${worse.length ? `: ${worse.map((w) => w.figure).join("; ")}` : ""}`);
  const out = join(root, "bench", "results", `median-${new Date().toISOString().slice(0, 10)}.json`);
  writeFileSync(
    out,
    JSON.stringify({ baseline: baselineFile.slice(root.length + 1), tolerancePercent: Number(args.tolerance), runs: results.map((r) => ({ commit: r.commit, date: r.date, loadAverage: r.loadAverage && { ...(r.loadAverage as Json), samples: undefined } })), rows }, null, 2) + "\n",
  );
  console.log(`[bench:median] written ${out.slice(root.length + 1)}`);
}

main();
