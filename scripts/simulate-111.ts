// npm run simulate:111 -- [options]: plays NHS 111 services against a running instance, as real consumers do.
//   --base-url URL     the app (default http://127.0.0.1:3000); FHIR at <url>/STU3/1, ITK at <url>/itk/nhs111
//   --services N       simulated 111 services, each with its own ASID, ODS code, device and call handler (default 2)
//   --rate R           bookings per minute per service ("12", "12/min"), or per second overall ("3/s") (default 12)
//   --duration S       seconds to run (default 60 unless --count is given)
//   --count N          stop after N bookings (201s)
//   --dos-id ID[,ID]   DoS service ids to book into (default the assurance and demo seeds' ids; unknown ones are dropped)
//   --cancel-rate P    probability a booking is cancelled (default 0.2); --retry-rate P (0.1), --read-rate P (0.3)
//   --no-documents     do not send the clinical report over ITK
//   --seed N           deterministic patients, slots chosen and ids
//   --audience URL     JWT aud when the public base URL differs from --base-url
//   --header 'K: V'    extra header on every request (repeatable; e.g. the edge's x-edge-secret)
//   --json             print the summary as JSON
//   --bars             play BaRS senders against <url>/R4 instead: booking then referral, referral only, booking then
//                      cancel, rebook (cancel then book again); --services N senders, --rate R/s workflows a second,
//                      --count / --duration, --dos-id ID (one), --seed, --header
// Exit status 1 on any 5xx, network failure or status the standard does not allow for the step.
import { readFileSync } from "node:fs";
import { runBarsSimulation } from "../lib/testing/simulator/run-bars-simulation";
import { DEFAULT_DOS_IDS, runSimulation, type SimulationOptions, type SimulationSummary } from "../lib/testing/simulator/run-simulation";

function help(): never {
  const text = readFileSync(new URL(import.meta.url), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("//"))
    .map((l) => l.replace(/^\/\/ ?/, ""))
    .join("\n");
  console.log(text);
  process.exit(0);
}

function usage(message: string): never {
  console.error(`simulate:111: ${message}\nSee the comment at the top of scripts/simulate-111.ts for the options.`);
  process.exit(2);
}

function parseArgs(argv: string[]) {
  const o: SimulationOptions & { json: boolean } = { baseUrl: "http://127.0.0.1:3000", services: 2, perMinutePerService: 12, json: false, extraHeaders: {} };
  const value = (i: number, name: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) usage(`${name} needs a value`);
    return v;
  };
  const number = (v: string, name: string, min = 0, max = Infinity) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) usage(`${name} must be a number from ${min}${max === Infinity ? "" : ` to ${max}`}, got "${v}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case "--base-url":
        o.baseUrl = value(i++, a);
        if (!/^https?:\/\//.test(o.baseUrl)) usage("--base-url must be an http(s) URL");
        break;
      case "--audience":
        o.audience = value(i++, a);
        break;
      case "--services":
        o.services = Math.floor(number(value(i++, a), a, 1, 500));
        break;
      case "--rate": {
        const v = value(i++, a);
        const m = /^(\d+(?:\.\d+)?)(?:\/(s|sec|second|min|minute))?$/.exec(v);
        if (!m || Number(m[1]) <= 0) usage(`--rate must look like 12, 12/min or 3/s, got "${v}"`);
        if (m[2] && m[2].startsWith("s")) {
          o.perSecondOverall = Number(m[1]);
          o.perMinutePerService = undefined;
        } else o.perMinutePerService = Number(m[1]);
        break;
      }
      case "--duration":
        o.durationMs = number(value(i++, a), a, 1) * 1000;
        break;
      case "--count":
        o.count = Math.floor(number(value(i++, a), a, 1));
        break;
      case "--dos-id":
        o.dosIds = value(i++, a)
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case "--cancel-rate":
        o.cancelRate = number(value(i++, a), a, 0, 1);
        break;
      case "--retry-rate":
        o.retryRate = number(value(i++, a), a, 0, 1);
        break;
      case "--read-rate":
        o.readRate = number(value(i++, a), a, 0, 1);
        break;
      case "--no-documents":
        o.sendDocuments = false;
        break;
      case "--seed":
        o.seed = Math.floor(number(value(i++, a), a));
        break;
      case "--header": {
        const v = value(i++, a);
        const at = v.indexOf(":");
        if (at < 1) usage(`--header must look like 'Name: value', got "${v}"`);
        o.extraHeaders![v.slice(0, at).trim()] = v.slice(at + 1).trim();
        break;
      }
      case "--json":
        o.json = true;
        break;
      case "--help":
      case "-h":
        help();
      default:
        usage(`unknown option ${a}`);
    }
  }
  return o;
}

function statusLine(s: SimulationSummary): string {
  return (
    `${(s.elapsedMs / 1000).toFixed(0)}s  searches ${s.searches}  booked ${s.bookings}  taken ${s.slotTaken409 + s.slotTaken422}  ` +
    `retries ${s.retriesAnswered409}/${s.retries}  cancels ${s.cancels}  documents ${s.documentsAccepted}  errors ${s.errorCount}  p95 ${s.latencyMs.all.p95} ms`
  );
}

function report(s: SimulationSummary): string {
  const l = s.latencyMs;
  const lat = (k: keyof typeof l) => `${k} p50 ${l[k].p50} ms, p95 ${l[k].p95} ms (${l[k].count})`;
  const lines = [
    `111 simulator: ${s.services} service(s), ${(s.elapsedMs / 1000).toFixed(1)} s`,
    `  slot searches        ${s.searches} (${s.emptySearches} found no free slot)`,
    `  bookings (201)       ${s.bookings}`,
    `  slot taken           409: ${s.slotTaken409}, 422: ${s.slotTaken422}`,
    `  retried X-Request-ID ${s.retries} (409 naming the same booking: ${s.retriesAnswered409})`,
    `  cancellations        ${s.cancels}`,
    `  documents accepted   ${s.documentsAccepted}`,
    `  errors               ${s.errorCount}${s.errorCount ? ` (${Object.entries(s.errors).map(([k, v]) => `${k} × ${v}`).join(", ")})` : ""}`,
    `  latency              ${lat("all")}`,
    `                       ${lat("search")}; ${lat("book")}; ${lat("document")}`,
  ];
  if (s.unknownDosIds.length) lines.push(`  DoS ids the provider does not know (404, skipped): ${s.unknownDosIds.join(", ")}`);
  for (const p of s.problems) lines.push(`  ! ${p}`);
  return lines.join("\n");
}

async function bars(argv: string[]) {
  const o = parseArgs(argv.filter((a) => a !== "--bars"));
  const summary = await runBarsSimulation({
    baseUrl: o.baseUrl,
    senders: o.services,
    perSecond: o.perSecondOverall ?? ((o.perMinutePerService ?? 12) * (o.services ?? 2)) / 60,
    durationMs: o.durationMs,
    count: o.count,
    dosId: o.dosIds?.[0],
    seed: o.seed,
    extraHeaders: o.extraHeaders,
  });
  if (o.json) console.log(JSON.stringify(summary, null, 2));
  else {
    const w = Object.entries(summary.workflows).map(([k, v]) => `${k} ${v}`).join(", ");
    console.log(
      [
        `BaRS simulator: ${(summary.elapsedMs / 1000).toFixed(1)} s; workflows: ${w}`,
        `  bookings ${summary.bookings}, referrals ${summary.referrals}, cancellations ${summary.cancellations}, revocations ${summary.revocations}, slot taken (409) ${summary.slotTaken}`,
        `  errors ${summary.errorCount}${summary.errorCount ? ` (${Object.entries(summary.errors).map(([k, v]) => `${k} × ${v}`).join(", ")})` : ""}`,
        `  latency p50 ${summary.latencyMs.p50} ms, p95 ${summary.latencyMs.p95} ms, max ${summary.latencyMs.max} ms (${summary.latencyMs.count} requests)`,
        ...summary.problems.map((p) => `  ! ${p}`),
      ].join("\n"),
    );
  }
  process.exit(summary.errorCount > 0 ? 1 : 0);
}

async function main() {
  if (process.argv.includes("--bars")) return bars(process.argv.slice(2));
  const o = parseArgs(process.argv.slice(2));
  const tty = process.stderr.isTTY;
  let lastPrint = 0;
  const onProgress = (s: SimulationSummary) => {
    const now = Date.now();
    if (now - lastPrint < (tty ? 250 : 5000)) return;
    lastPrint = now;
    if (tty) process.stderr.write(`\r\x1b[2K${statusLine(s)}`);
    else process.stderr.write(`${statusLine(s)}\n`);
  };
  if (!o.json) console.error(`[simulate:111] ${o.baseUrl}: ${o.services} service(s), DoS ids ${(o.dosIds ?? DEFAULT_DOS_IDS).join(", ")}`);
  const { summary } = await runSimulation({ ...o, onProgress });
  if (tty) process.stderr.write("\r\x1b[2K");
  console.log(o.json ? JSON.stringify(summary, null, 2) : report(summary));
  if (summary.bookings === 0) console.error("[simulate:111] no booking was made (no free slots for these DoS ids, or every attempt failed)");
  process.exit(summary.errorCount > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(`[simulate:111] ${e instanceof Error ? e.stack : e}`);
  process.exit(1);
});
