// npm run simulate:epr -- [options]: a simulated ED patient record on loopback, for the demo, tests and benchmark.
// It listens for the app's expected-patient messages (point the app's HL7_EPR_HOST/HL7_EPR_PORT at it), checks
// each, and registers a share of the expected patients as arrivals (ADT^A04) on the app's MLLP listener, with noise:
// typos, missing and transposed NHS numbers, twins, walk-ins, duplicate deliveries.
//   --to HOST:PORT       the app's HL7 listener (default 127.0.0.1:2575)
//   --listen PORT        our port for expected-patient messages (default 2576)
//   --arrive-share P     share of expected patients who arrive (default 0.8)
//   --arrive-after S     seconds from the expected-patient message to the arrival (default 5)
//   --walk-ins N         walk-ins a minute with no booking (default 2)
//   --duration S         seconds to run (default: until Ctrl-C)
//   --seed N             deterministic noise
//   --json               print the summary as JSON
// Exit status 1 when an expected-patient message failed a check or a registration was not acknowledged AA.
import { startEdRecordSimulation } from "../lib/testing/simulator/ed-record";

function usage(message: string): never {
  console.error(`simulate:epr: ${message}\nSee the comment at the top of scripts/simulate-epr.ts for the options.`);
  process.exit(2);
}

const argv = process.argv.slice(2);
const get = (name: string) => {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith("--")) usage(`${name} needs a value`);
  return v;
};
const num = (name: string, fallback: number, min = 0) => {
  const v = get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) usage(`${name} must be a number of at least ${min}`);
  return n;
};
const [host, portText] = (get("--to") ?? "127.0.0.1:2575").split(":");
const appPort = Number(portText);
if (!host || !Number.isInteger(appPort) || appPort <= 0) usage("--to must be HOST:PORT");

async function main() {
  const sim = await startEdRecordSimulation({
    appHost: host,
    appPort,
    listenPort: num("--listen", 2576),
    arriveShare: Math.min(1, num("--arrive-share", 0.8)),
    arriveAfterSeconds: num("--arrive-after", 5),
    walkInsPerMinute: num("--walk-ins", 2),
    seed: num("--seed", Date.now() % 100_000),
  });
  console.log(`simulated ED record: expected patients on 127.0.0.1:${sim.port}, registering on ${host}:${appPort}`);
  const finish = async () => {
    const s = await sim.stop();
    if (argv.includes("--json")) console.log(JSON.stringify(s, null, 2));
    else {
      console.log(`expected-patient messages: ${s.expectedReceived} (${s.bookings} bookings), ${s.checks.ok} passed the checks, ${s.checks.problems.length} did not`);
      for (const p of s.checks.problems.slice(0, 20)) console.log(`  problem: ${p}`);
      console.log(`registrations sent: ${JSON.stringify(s.registrations)}; acknowledgements: ${JSON.stringify(s.acks)}`);
    }
    const notAa = Object.entries(s.acks).filter(([c]) => c !== "AA").reduce((n, [, k]) => n + k, 0);
    process.exit(s.checks.problems.length || notAa ? 1 : 0);
  };
  process.once("SIGINT", () => void finish());
  process.once("SIGTERM", () => void finish());
  const duration = get("--duration");
  if (duration) setTimeout(() => void finish(), num("--duration", 60, 1) * 1000);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
