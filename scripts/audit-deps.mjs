// `npm run audit:deps`: known vulnerabilities (high or critical) in the installed dependencies, via `npm audit`.
// When the registry's audit endpoint cannot be reached (an offline mirror, a proxy that refuses it) this says so
// and exits 0 with a warning: it never reports "clean" for an audit that did not happen.
// Exit codes: 0 no high/critical advisories, or audit unavailable (warned); 1 high/critical advisories found.
import { spawnSync } from "node:child_process";

const r = spawnSync("npm", ["audit", "--audit-level=high", "--json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
const out = (r.stdout ?? "").trim();
const err = (r.stderr ?? "").trim();

let report = null;
try {
  report = out ? JSON.parse(out) : null;
} catch {
  report = null;
}

const unavailable = (why) => {
  console.warn("WARNING: the dependency audit did NOT run: the registry's audit endpoint could not be reached.");
  console.warn(`  ${why}`);
  console.warn("  Nothing is known about vulnerabilities in the dependencies. Run `npm run audit:deps` where the public");
  console.warn("  npm registry (or a mirror with the audit API) is reachable before relying on this check.");
  process.exit(0);
};

if (r.error) unavailable(`npm could not be started: ${r.error.message}`);
if (!report || typeof report !== "object") unavailable(`npm audit gave no report (exit ${r.status}): ${(err || out).split("\n").slice(-3).join(" ")}`);
if (report.statusCode || report.message) unavailable(String(report.message ?? `HTTP ${report.statusCode}`).split("\n")[0]);
if (report.error) {
  const e = report.error;
  unavailable(`${e.code ?? "error"}: ${String(e.summary ?? e.detail ?? "").split("\n")[0]}`);
}
const counts = report.metadata?.vulnerabilities;
if (!counts) unavailable(`npm audit answered without vulnerability counts (exit ${r.status})`);

const total = Object.values(counts).reduce((a, b) => a + (typeof b === "number" ? b : 0), 0) - (counts.total ?? 0);
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
console.log(`npm audit: ${counts.critical ?? 0} critical, ${counts.high ?? 0} high, ${counts.moderate ?? 0} moderate, ${counts.low ?? 0} low (${counts.total ?? total} in all)`);
if (serious > 0) {
  for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
    if (v.severity === "high" || v.severity === "critical") console.log(`  ${v.severity}: ${name} ${v.range ?? ""}${v.fixAvailable ? " (fix available)" : ""}`);
  }
  process.exit(1);
}
console.log("No high or critical advisories.");
