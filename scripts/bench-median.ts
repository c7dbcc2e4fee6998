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
  /**
   * The same measure of the bare-Node platform floor in the same run and database: the machine's speed that day,
   * with none of this code in it. A figure divided by it compares runs made on a faster or slower day.
   */
  floor?: string[];
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
      const floor = (m: string) => (key === "platform" ? undefined : ["fhir", db, "results", "platform", m]);
      out.push({ name: `${where} req/s`, path: ["fhir", db, "results", key, "reqPerSec"], better: "higher", floor: floor("reqPerSec") });
      out.push({ name: `${where} p99 ms`, path: ["fhir", db, "results", key, "p99Ms"], better: "lower", floor: floor("p99Ms") });
      out.push({ name: `${where} server CPU ms/req`, path: ["fhir", db, "results", key, "cpuMsPerRequest"], better: "lower", floor: floor("cpuMsPerRequest") });
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
  const rows: { figure: string; baseline: number; runs: number[]; median: number; change: string; worse: boolean; floorChange: string | null; worseOnFloor: boolean }[] = [];
  for (const f of figures(baseline)) {
    const base = at(baseline, f.path);
    const values = results.map((r) => at(r, f.path)).filter((v): v is number => v !== null);
    if (base === null || values.length === 0) continue;
    const med = median(values);
    const ratio = base === 0 ? 1 : med / base;
    const worse = f.better === "higher" ? ratio < 1 - TOLERANCE : ratio > 1 + TOLERANCE;
    const pct = (r: number) => `${r >= 1 ? "+" : ""}${((r - 1) * 100).toFixed(1)}%`;
    // Against the platform floor: the median of (figure / that run's floor), over the baseline's figure / floor.
    let floorRatio: number | null = null;
    const baseFloor = f.floor ? at(baseline, f.floor) : null;
    if (f.floor && baseFloor) {
      const relative = results.map((r) => [at(r, f.path), at(r, f.floor!)] as const).filter(([v, fl]) => v !== null && fl).map(([v, fl]) => v! / fl!);
      if (relative.length) floorRatio = median(relative) / (base / baseFloor);
    }
    const worseOnFloor = floorRatio !== null && (f.better === "higher" ? floorRatio < 1 - TOLERANCE : floorRatio > 1 + TOLERANCE);
    rows.push({ figure: f.name, baseline: base, runs: values, median: med, change: pct(ratio), worse, floorChange: floorRatio === null ? null : pct(floorRatio), worseOnFloor });
  }
  const width = Math.max(...rows.map((r) => r.figure.length));
  const platformChange = (db: string) => {
    const base = at(baseline, ["fhir", db, "results", "platform", "reqPerSec"]);
    const now = results.map((r) => at(r, ["fhir", db, "results", "platform", "reqPerSec"])).filter((v): v is number => v !== null);
    return base && now.length ? `${((median(now) / base - 1) * 100).toFixed(1)}%` : "n/a";
  };
  console.log(`[bench:median] the machine against the baseline's day: platform floor (bare Node, none of this code) ${platformChange("sqlite")} on SQLite's run, ${platformChange("postgres")} on PostgreSQL's`);
  console.log(`\n${"figure".padEnd(width)}  baseline    median  change        vs floor      runs`);
  for (const r of rows) {
    const floor = r.floorChange ?? "";
    console.log(`${r.figure.padEnd(width)}  ${String(r.baseline).padStart(8)}  ${String(Math.round(r.median * 100) / 100).padStart(8)}  ${r.change.padStart(7)}${r.worse ? " WORSE" : "      "}  ${floor.padStart(7)}${r.worseOnFloor ? " WORSE" : "      "}  ${r.runs.join(" / ")}`);
  }
  const worse = rows.filter((r) => r.worse);
  const worseOnFloor = rows.filter((r) => r.worseOnFloor);
  console.log(`\n[bench:median] ${rows.length} figures; ${worse.length} more than ${args.tolerance}% worse than the baseline${worse.length ? `: ${worse.map((w) => w.figure).join("; ")}` : ""}`);
  console.log(`[bench:median] against the platform floor of the same run: ${worseOnFloor.length} more than ${args.tolerance}% worse${worseOnFloor.length ? `: ${worseOnFloor.map((w) => w.figure).join("; ")}` : ""}`);
  const out = join(root, "bench", "results", `median-${new Date().toISOString().slice(0, 10)}.json`);
  writeFileSync(
    out,
    JSON.stringify({ baseline: baselineFile.slice(root.length + 1), tolerancePercent: Number(args.tolerance), runs: results.map((r) => ({ commit: r.commit, date: r.date, loadAverage: r.loadAverage && { ...(r.loadAverage as Json), samples: undefined } })), rows }, null, 2) + "\n",
  );
  console.log(`[bench:median] written ${out.slice(root.length + 1)}`);
}

main();
