// Benchmark of the HL7v2 door: A04 registrations from an ED patient record over MLLP on loopback, paced, against a
// day of 111 bookings with decoys (twins, siblings with their own NHS numbers, transposed NHS numbers, walk-ins,
// redeliveries). Prints ACK latency p50/p99 and the match counts, and fails when a false match is made or a true one
// is missed.
//   npx tsx scripts/bench-hl7.ts            10,000 messages at 50/s against 1,000 bookings (about 3.5 minutes)
//   npx tsx scripts/bench-hl7.ts --quick    2,000 messages at 50/s against 200 bookings (for .ci/run)
//   --rate N   messages a second (default 50)   --json <file>  also write the figures there
// Target: ACK p99 < 50 ms. Uses its own SQLite file under data/bench-hl7; the listener runs in this process.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = process.cwd();
const DIR = join(ROOT, "data/bench-hl7");
const args = process.argv.slice(2);
const QUICK = args.includes("--quick");
const opt = (name: string) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
const RATE = Number(opt("--rate") ?? 50);
const MESSAGES = Number(opt("--messages") ?? (QUICK ? 2000 : 10_000));
const BOOKINGS = QUICK ? 200 : 1000;
const JSON_OUT = opt("--json") ? resolve(ROOT, opt("--json")!) : null;

process.env.DATABASE_URL = `file:${join(DIR, "ed.db")}`;
process.env.LOG_LEVEL = "silent";

interface Booked { id: string; nhs: string; given: string; family: string; birthDate: string; start: Date }

async function prepare() {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const { migrate } = await import("../lib/db/migrate");
  const { db } = await import("../lib/db/client");
  const { seedDemo } = await import("../lib/seed/demo");
  const { seedService } = await import("../lib/seed/provider");
  const { generateSlots } = await import("../lib/capacity/generate-slots");
  const { bookTestPatient } = await import("../lib/testing/book-test-patient");
  const { testNhsNumber } = await import("../lib/nhs/nhs-number");
  const { addDays, londonToday, startOfLondonDay } = await import("../lib/time/london");
  await migrate(process.env.DATABASE_URL!);
  await seedDemo(db());
  const site = await db().site.findFirstOrThrow({ where: { odsSiteCode: "RZZ01" } });
  const { service } = await seedService(db(), {
    siteId: site.id,
    name: "Emergency Department (HL7 benchmark)",
    kind: "ED",
    dosId: "2000011098",
    horizonHours: 48,
    rules: [{ name: "Very busy day", days: "1,2,3,4,5,6,7", start: "00:00", end: "24:00", minutes: 15, perSlot: Math.ceil(BOOKINGS / 90) }],
  });
  await generateSlots(new Date(), service.id);
  const day = addDays(londonToday(), 1);
  const slots = await db().slot.findMany({ where: { serviceId: service.id, status: "free", start: { gte: startOfLondonDay(day), lt: startOfLondonDay(addDays(day, 1)) } }, orderBy: [{ start: "asc" }, { seq: "asc" }], take: BOOKINGS });
  if (slots.length < BOOKINGS) throw new Error(`only ${slots.length} slots on ${day}`);
  const booked: Booked[] = [];
  const t = performance.now();
  for (let i = 0; i < BOOKINGS; i++) {
    // Every tenth booking is the twin of the one before: same family name, birth date and postcode.
    const twin = i % 10 === 1;
    const prev = booked[i - 1];
    const p = { nhs: testNhsNumber(300_000 + i * 11), given: twin ? `Twin${i}` : `Given${i}`, family: twin ? prev.family : `Family${i}`, birthDate: twin ? prev.birthDate : `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}` };
    const b = await bookTestPatient({ slotId: slots[i].id, patient: { nhsNumber: p.nhs, given: p.given, family: p.family, birthDate: p.birthDate, gender: "female" } });
    booked.push({ id: b.appointmentId, ...p, start: slots[i].start });
  }
  console.log(`prepared ${BOOKINGS} bookings on ${day} (${BOOKINGS / 10} twin pairs) in ${Math.round(performance.now() - t)} ms`);
  return { booked, serviceId: service.id };
}

type Planned = { text: string; controlId: string; kind: "true" | "sibling" | "transposed" | "walk-in" | "redelivery" | "other-dob"; bookingId?: string };

async function plan(booked: Booked[]): Promise<Planned[]> {
  const { adtMessage } = await import("../lib/testing/hl7-messages");
  const { testNhsNumber, nhsNumberProblem } = await import("../lib/nhs/nhs-number");
  const out: Planned[] = [];
  const transpose = (n: string) => {
    for (let i = 0; i < 9; i++) {
      const d = n.split("");
      [d[i], d[i + 1]] = [d[i + 1], d[i]];
      if (nhsNumberProblem(d.join("")) === "check-digit") return d.join("");
    }
    return n.slice(0, 9) + ((Number(n[9]) + 1) % 10);
  };
  // Nine in ten bookings arrive (one true A04 each); the rest of the messages are decoys and redeliveries.
  const arriving = booked.filter((_, i) => i % 10 !== 9);
  let k = 0;
  const msg = (event: string, patient: Parameters<typeof adtMessage>[0]["patient"], at: Date) => {
    const controlId = `B${++k}`;
    return { controlId, text: adtMessage({ event, controlId, patient: { postcode: "WX2 7QT", sex: "F", ...patient }, at }) };
  };
  for (const b of arriving) out.push({ ...msg("A04", { nhsNumber: b.nhs, given: b.given, family: b.family, birthDate: b.birthDate }, b.start), kind: "true", bookingId: b.id });
  let d = 0;
  while (out.length < MESSAGES) {
    const b = booked[d % booked.length];
    const kind = (["sibling", "transposed", "walk-in", "redelivery", "other-dob"] as const)[d % 5];
    d++;
    if (kind === "sibling") out.push({ ...msg("A04", { nhsNumber: testNhsNumber(700_000 + d * 13), given: "Sibling", family: b.family, birthDate: b.birthDate }, b.start), kind });
    else if (kind === "transposed") out.push({ ...msg("A04", { nhsNumber: transpose(b.nhs), given: b.given, family: b.family, birthDate: b.birthDate }, b.start), kind });
    else if (kind === "walk-in") out.push({ ...msg("A04", { nhsNumber: testNhsNumber(800_000 + d * 17), given: "Walk", family: `In${d}`, birthDate: "1999-09-09" }, b.start), kind });
    else if (kind === "other-dob") out.push({ ...msg("A04", { nhsNumber: b.nhs, given: b.given, family: b.family, birthDate: "1901-01-01" }, b.start), kind });
    else {
      const first = out[(d * 7) % arriving.length];
      out.push({ text: first.text, controlId: first.controlId, kind: "redelivery", bookingId: first.bookingId });
    }
  }
  // Shuffle deterministically, keeping each redelivery after its first copy by swapping only forward from the true ones' block.
  const rng = (() => {
    let s = 42;
    return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  })();
  const trueOnes = out.filter((m) => m.kind === "true");
  const decoys = out.filter((m) => m.kind !== "true" && m.kind !== "redelivery");
  const redeliveries = out.filter((m) => m.kind === "redelivery");
  const mixed = [...trueOnes, ...decoys].sort(() => rng() - 0.5);
  const firstAt = new Map(mixed.map((m, i) => [m.controlId, i]));
  for (const r of redeliveries) mixed.splice(Math.min(mixed.length, (firstAt.get(r.controlId) ?? 0) + 1 + Math.floor(rng() * 50)), 0, r);
  return mixed.slice(0, MESSAGES);
}

async function run() {
  const { booked, serviceId } = await prepare();
  const messages = await plan(booked);
  const { startMllpListener } = await import("../lib/doors/hl7v2/mllp-listener");
  const { readHl7Config } = await import("../lib/doors/hl7v2/hl7-config");
  const { connectMllp, msaOf } = await import("../lib/testing/hl7-messages");
  const { MllpFramer, mllpFrame } = await import("../lib/doors/hl7v2/mllp-framer");
  const net = await import("node:net");
  const { db } = await import("../lib/db/client");
  const listener = await startMllpListener({ ...readHl7Config({}), port: 0, host: "127.0.0.1" });
  void connectMllp;
  // One connection, as an integration engine uses: messages paced at RATE, each ACK timed from its write.
  const socket = net.connect({ port: listener.port, host: "127.0.0.1" });
  await new Promise((r) => socket.once("connect", r));
  socket.setNoDelay(true);
  const sentAt: number[] = [];
  const latencies: number[] = [];
  const codes: Record<string, number> = {};
  const framer = new MllpFramer({ maxMessageBytes: 1 << 20, maxNoiseBytes: 1 << 20 });
  let acked = 0;
  const allAcked = new Promise<void>((resolveAll) => {
    socket.on("data", (chunk: Buffer) => {
      for (const ev of framer.push(chunk)) {
        if (ev.kind !== "frame") continue;
        latencies[acked] = performance.now() - sentAt[acked];
        const code = msaOf(ev.bytes.toString()).code;
        codes[code] = (codes[code] ?? 0) + 1;
        if (++acked === messages.length) resolveAll();
      }
    });
  });
  const started = performance.now();
  // CPU of this process (listener, matching, database: all in it) over the sending: a figure load does not inflate.
  const cpuAtStart = process.cpuUsage();
  const loadAtStart = (await import("node:os")).loadavg()[0];
  console.log(`sending ${messages.length} A04s at ${RATE}/s on one connection…`);
  for (let i = 0; i < messages.length; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sentAt[i] = performance.now();
    socket.write(mllpFrame(messages[i].text));
    if (i > 0 && i % (RATE * 20) === 0) console.log(`  ${i} sent, ${acked} acknowledged`);
  }
  await allAcked;
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuMsPerMessage = Math.round(((cpu.user + cpu.system) / 1000 / messages.length) * 100) / 100;
  const loadAtEnd = (await import("node:os")).loadavg()[0];
  socket.destroy();
  await listener.close();

  const windows: string[] = [];
  for (let w = 0; w < latencies.length; w += 1000) {
    const part = latencies.slice(w, w + 1000).sort((a, b) => a - b);
    windows.push(`${w / 1000 + 1}k: p99 ${Math.round(part[Math.floor(part.length * 0.99)] ?? 0)}`);
  }
  console.log(`ACK p99 by thousand messages (ms): ${windows.join(", ")}`);
  const s = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  const expected = new Set(messages.filter((m) => m.kind === "true").map((m) => m.bookingId!));
  const arrived = await db().appointment.findMany({ where: { serviceId, edStatus: "arrived" }, select: { id: true } });
  const arrivedIds = new Set(arrived.map((a) => a.id));
  const trueMatches = [...expected].filter((id) => arrivedIds.has(id)).length;
  const falseMatches = [...arrivedIds].filter((id) => !expected.has(id)).length;
  const states = Object.fromEntries((await db().hl7InboundMessage.groupBy({ by: ["state"], _count: true })).map((g) => [g.state, g._count]));
  const reviews = await db().registrationReview.count();
  const kinds = messages.reduce<Record<string, number>>((acc, m) => ((acc[m.kind] = (acc[m.kind] ?? 0) + 1), acc), {});
  const figures = {
    messages: messages.length, bookings: BOOKINGS, rate: RATE, seconds: Math.round(seconds * 10) / 10, kinds, ackCodes: codes,
    cpuMsPerMessage, loadAverage1m: { start: Math.round(loadAtStart * 10) / 10, end: Math.round(loadAtEnd * 10) / 10 },
    ackMs: { p50: Math.round(at(0.5) * 10) / 10, p95: Math.round(at(0.95) * 10) / 10, p99: Math.round(at(0.99) * 10) / 10, max: Math.round(s[s.length - 1] * 10) / 10 },
    expectedArrivals: expected.size, trueMatches, falseMatches, reviews, stored: states, targetP99Ms: 50, met: at(0.99) < 50 && falseMatches === 0 && trueMatches === expected.size,
  };
  console.log(`ACK latency: p50 ${figures.ackMs.p50} ms, p95 ${figures.ackMs.p95} ms, p99 ${figures.ackMs.p99} ms, max ${figures.ackMs.max} ms (target p99 < 50 ms)`);
  console.log(`CPU: ${cpuMsPerMessage} ms a message (listener, matching and database, this process); 1-minute load average ${figures.loadAverage1m.start} at the start, ${figures.loadAverage1m.end} at the end`);
  console.log(`ACK codes: ${JSON.stringify(codes)}; messages: ${JSON.stringify(kinds)}`);
  console.log(`matches: ${trueMatches} of ${expected.size} true arrivals marked, ${falseMatches} false; ${reviews} sent to review; stored states ${JSON.stringify(states)}`);
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(figures, null, 2));
  await db().$disconnect();
  if (falseMatches || trueMatches !== expected.size) {
    console.error("FAILED: a false match was made or a true arrival missed");
    process.exit(1);
  }
  if (!figures.met) console.log("target p99 < 50 ms MISSED");
}

run().catch((e) => {
  console.error(e);
  process.exit(1);
});
