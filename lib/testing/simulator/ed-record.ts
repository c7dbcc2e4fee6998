import { adtMessage, connectMllp, msaOf, type MllpTestClient } from "../hl7-messages";
import { startFakeEdRecord, type FakeEdRecord } from "../fake-ed-record";
import { nhsNumberProblem, testNhsNumber } from "../../nhs/nhs-number";
import { parseMessage, headerOf, parseHl7Time } from "../../doors/hl7v2/hl7-wire";

/**
 * A simulated ED patient record (npm run simulate:epr, the end-to-end test, the demo): it receives the
 * expected-patient messages on its own MLLP port and checks them (each well formed, one per change, a booking's
 * first message before its changes), and registers a share of the expected patients as arrivals (A04) on the app's
 * listener, with the noise of a real reception desk: typos, missing NHS numbers, transposed NHS numbers, twins,
 * walk-ins with no booking, and duplicate deliveries.
 */
export interface EdRecordSimulationOptions {
  /** Where the app listens for HL7 (HL7_MLLP_PORT). */
  appHost: string;
  appPort: number;
  /** Our own port for expected-patient messages (the app's HL7_EPR_PORT); 0 picks one. */
  listenPort: number;
  /** Share of expected patients registered (0–1). */
  arriveShare: number;
  /** Seconds after the expected-patient message that the patient "arrives"; registration time is then. */
  arriveAfterSeconds: number;
  /** Walk-ins (no booking) a minute. */
  walkInsPerMinute: number;
  seed: number;
  /** Register at the booked arrival time instead of now (tests, so nothing depends on the time of day). */
  registerAtBookedTime?: boolean;
  /** No typos, twins or duplicates: every arrival registered as the booking says (tests). */
  noNoise?: boolean;
  /** Register only the expected patients this accepts (the end-to-end test: its own booking, not others in the same database). */
  registerOnly?: (e: { appointmentId: string; nhsNumber: string | null }) => boolean;
  /** The ED record's clock for registration times (default the real time; tests pass the app's test clock). */
  now?: () => Date;
}

export interface EdRecordSimulationSummary {
  expectedReceived: number;
  bookings: number;
  checks: { ok: number; problems: string[] };
  registrations: Record<string, number>;
  acks: Record<string, number>;
}

export interface RunningEdRecordSimulation {
  port: number;
  summary(): EdRecordSimulationSummary;
  /** Resolves when the registrations scheduled so far have been acknowledged. */
  settle(): Promise<void>;
  stop(): Promise<EdRecordSimulationSummary>;
  /** Called for each expected-patient message accepted (tests watch this). */
  onExpected?: (e: { appointmentId: string; event: string; nhsNumber: string | null; start: Date | null; at: number }) => void;
}

interface Expected { appointmentId: string; nhsNumber: string | null; family: string; given: string; birthDate: string; sex: string; postcode: string; start: Date | null }

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function readExpected(text: string): { event: string; controlId: string; e: Expected | null; problem: string | null } {
  const m = parseMessage(text);
  const h = headerOf(m);
  if (!m) return { event: "", controlId: "", e: null, problem: "not an HL7 message" };
  const event = `${h.messageCode}^${h.event}`;
  if (!["SIU^S12", "SIU^S14", "SIU^S15", "ADT^A05", "ADT^A38"].includes(event)) return { event, controlId: h.controlId, e: null, problem: `unexpected message type ${event}` };
  const pid = m.getSegment("PID");
  const pv1 = m.getSegment("PV1");
  if (!pid || !pv1) return { event, controlId: h.controlId, e: null, problem: `${event} without PID or PV1` };
  const ids = pid.getField(3)?.components ?? [];
  const nhs = ids.find((c) => c[4] === "NH")?.[0] ?? null;
  const start = h.messageCode === "SIU" ? parseHl7Time(m.getSegment("SCH")?.getComponent(11, 4)) : parseHl7Time(m.getSegment("PV2")?.getComponent(8, 1));
  if (!start && (event === "SIU^S12" || event === "ADT^A05")) return { event, controlId: h.controlId, e: null, problem: `${event} without the booked arrival time` };
  if (!pv1.getComponent(8, 2)) return { event, controlId: h.controlId, e: null, problem: `${event} without 111 as the referrer (PV1-8)` };
  const dob = pid.getComponent(7, 1);
  return {
    event,
    controlId: h.controlId,
    problem: null,
    e: {
      appointmentId: pv1.getComponent(19, 1),
      nhsNumber: nhs,
      family: pid.getComponent(5, 1),
      given: pid.getComponent(5, 2),
      birthDate: dob.length === 8 ? `${dob.slice(0, 4)}-${dob.slice(4, 6)}-${dob.slice(6, 8)}` : "",
      sex: pid.getComponent(8, 1),
      postcode: pid.getComponent(11, 5),
      start,
    },
  };
}

function transpose(n: string): string {
  for (let i = 0; i < 9; i++) {
    const d = n.split("");
    [d[i], d[i + 1]] = [d[i + 1], d[i]];
    if (nhsNumberProblem(d.join("")) === "check-digit") return d.join("");
  }
  return n;
}

export async function startEdRecordSimulation(o: EdRecordSimulationOptions): Promise<RunningEdRecordSimulation> {
  const random = rng(o.seed);
  const epr: FakeEdRecord = await startFakeEdRecord(o.listenPort);
  const client: MllpTestClient = await connectMllp(o.appPort, o.appHost);
  const summary: EdRecordSimulationSummary = { expectedReceived: 0, bookings: 0, checks: { ok: 0, problems: [] }, registrations: {}, acks: {} };
  const seen = new Map<string, string[]>();
  const controlIds = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let outstanding = Promise.resolve();
  let seq = 0;
  const sim: RunningEdRecordSimulation = { port: epr.port, summary: () => summary, settle: async () => undefined, stop: async () => summary };

  const register = (kind: string, text: string) => {
    summary.registrations[kind] = (summary.registrations[kind] ?? 0) + 1;
    outstanding = outstanding.then(async () => {
      client.sendMessage(text);
      const [ack] = await client.acks(1, 15_000).catch(() => ["MSA|timeout"]);
      const code = msaOf(ack).code || "timeout";
      summary.acks[code] = (summary.acks[code] ?? 0) + 1;
    });
  };
  const schedule = (fn: () => void, ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  epr.answer = (text) => {
    summary.expectedReceived++;
    const r = readExpected(text);
    if (r.problem || !r.e) {
      summary.checks.problems.push(r.problem ?? "unreadable");
      return "AE";
    }
    if (controlIds.has(r.controlId)) summary.checks.problems.push(`control id ${r.controlId} received twice`);
    controlIds.add(r.controlId);
    const history = seen.get(r.e.appointmentId) ?? [];
    const first = r.event === "SIU^S12" || r.event === "ADT^A05";
    if (!first && history.length === 0) summary.checks.problems.push(`${r.event} for ${r.e.appointmentId} before its booking`);
    if (first && history.some((x) => x === "SIU^S15" || x === "ADT^A38")) summary.checks.problems.push(`booking message for ${r.e.appointmentId} after its cancellation`);
    history.push(r.event);
    seen.set(r.e.appointmentId, history);
    summary.checks.ok++;
    sim.onExpected?.({ appointmentId: r.e.appointmentId, event: r.event, nhsNumber: r.e.nhsNumber, start: r.e.start, at: Date.now() });
    if (first && history.length === 1) {
      summary.bookings++;
      const e = r.e;
      if (random() < o.arriveShare && (o.registerOnly?.(e) ?? true)) {
        schedule(() => {
          const at = o.registerAtBookedTime && e.start ? e.start : (o.now?.() ?? new Date());
          const roll = o.noNoise ? 0.5 : random();
          const base = { nhsNumber: e.nhsNumber, given: e.given, family: e.family, birthDate: e.birthDate, sex: e.sex, postcode: e.postcode, localId: `EPR${e.appointmentId.slice(0, 8)}` };
          const controlId = `SIM${o.seed}-${++seq}`;
          const msg = (kind: string, patient: typeof base) => register(kind, adtMessage({ event: "A04", controlId: `${controlId}-${kind}`, patient, at, visitNumber: `V${seq}` }));
          if (roll < 0.05) msg("typo", { ...base, given: e.given.slice(0, -1) + "x" });
          else if (roll < 0.1 && e.nhsNumber) msg("no-nhs-number", { ...base, nhsNumber: null });
          else if (roll < 0.13 && e.nhsNumber) msg("transposed-nhs-number", { ...base, nhsNumber: transpose(e.nhsNumber) });
          else if (roll < 0.16) msg("twin", { ...base, given: "Twin", nhsNumber: testNhsNumber(Math.floor(random() * 900_000)) });
          else {
            const text = adtMessage({ event: "A04", controlId, patient: base, at, visitNumber: `V${seq}` });
            register("registered", text);
            if (roll > 0.95) register("duplicate", text);
          }
        }, o.arriveAfterSeconds * 1000);
      }
    }
    return "AA";
  };

  let walkIns: NodeJS.Timeout | null = null;
  if (o.walkInsPerMinute > 0) {
    walkIns = setInterval(() => {
      const n = ++seq;
      register("walk-in", adtMessage({ event: "A04", controlId: `SIM${o.seed}-W${n}`, patient: { nhsNumber: testNhsNumber(500_000 + n), given: "Walk", family: `In${n}`, birthDate: "1988-08-08", sex: "M", postcode: "WX1 1AA" }, at: new Date() }));
    }, 60_000 / o.walkInsPerMinute);
    walkIns.unref();
  }

  sim.settle = () => outstanding;
  sim.stop = async () => {
    if (walkIns) clearInterval(walkIns);
    for (const t of timers) clearTimeout(t);
    await outstanding;
    client.close();
    await epr.close();
    return summary;
  };
  return sim;
}
