// Crash safety of safeguarding feedback to 111: 20 feedback messages are confirmed one after another while the
// delivering processes (the sender the server runs, scripts/feedback-deliverer.ts) are SIGKILLed five times, each
// time while one of them holds a claim, and restarted. The stub 111 receiver (lib/testing/bars-feedback-stub.ts)
// waits before processing and again before answering, so kills land before, during and after the 111 side
// processed a message. Passes when the stub processed every message exactly once (one X-Request-Id and one
// Bundle per referral, none missing) and every message is delivered; prints the confirmation-to-200 latency.
//   npx tsx scripts/feedback-crash-test.ts                 (SQLite, a fresh file, one delivering process)
//   npx tsx scripts/feedback-crash-test.ts --postgres      (PostgreSQL at TEST_POSTGRES_URL or loopback, two)
// Loopback only, bounded (about a minute each).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

const postgres = process.argv.includes("--postgres");
const MESSAGES = 20;
const KILLS = 5;
const DEADLINE_MS = 90_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  let url: string;
  let cleanup: () => Promise<void>;
  if (postgres) {
    const server = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
    const prefix = /^[a-z][a-z0-9_]{0,20}$/.test(process.env.TEST_DB_PREFIX ?? "") ? process.env.TEST_DB_PREFIX : "edtest";
    const name = `${prefix}_fbcrash_${process.pid}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(server);
    u.pathname = `/${name}`;
    url = u.toString();
    cleanup = async () => {
      const a = new pg.Client({ connectionString: server });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), "ed-fbcrash-"));
    url = `file:${join(dir, "ed.db")}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  process.env.DATABASE_URL = url;
  process.env.LOG_LEVEL ??= "warn";
  // After DATABASE_URL is set: the database client reads it once.
  const { migrate } = await import("../lib/db/migrate");
  const { db } = await import("../lib/db/client");
  const { seedAssurance } = await import("../lib/seed/assurance");
  const { setBarsFeedback } = await import("../lib/outbox/bars-feedback-outbox");
  const { startFeedbackStub, stubKeyPair } = await import("../lib/testing/bars-feedback-stub");
  const { dnaAndReview, referredBooking } = await import("../lib/testing/feedback-fixtures");

  const children = new Set<ChildProcess>();
  let stopped = false;
  let killing: Promise<void> = Promise.resolve();
  try {
    await migrate(url);
    const now = new Date();
    await seedAssurance(db(), now);
    const staff = await db().staffUser.findMany({ where: { role: { in: ["clinician", "clerk"] } } });
    const clinicianRow = staff.find((s) => s.role === "clinician")!;
    const clerkRow = staff.find((s) => s.role === "clerk")!;
    const clinician = { type: "staff" as const, id: clinicianRow.id, name: clinicianRow.name, role: "clinician" as const };
    const serviceId = (await db().dosServiceId.findUniqueOrThrow({ where: { value: "999999999" } })).serviceId;
    await setBarsFeedback(serviceId, true, { type: "staff", id: clerkRow.id, name: clerkRow.name, role: "clerk" });

    const keys = await stubKeyPair();
    const stub = await startFeedbackStub({ keys, delayMs: () => Math.floor(Math.random() * 400) });
    const env = {
      ...process.env,
      DATABASE_URL: url,
      BARS_FEEDBACK_PROXY_URL: stub.proxyUrl,
      BARS_FEEDBACK_TOKEN_URL: stub.tokenUrl,
      BARS_FEEDBACK_CLIENT_ID: stub.clientId,
      BARS_FEEDBACK_KEY_ID: stub.keyId,
      BARS_FEEDBACK_PRIVATE_KEY: keys.privateKeyPem,
      BARS_FEEDBACK_ODS: "RXX",
      BARS_FEEDBACK_TIMEOUT_SECONDS: "2",
      BARS_FEEDBACK_LEASE_SECONDS: "2.5",
      BARS_FEEDBACK_RETRY_BASE_SECONDS: "0.5",
      BARS_FEEDBACK_POLL_MS: "100",
      ARRIVALS_SCHEDULE: "off",
      LOG_LEVEL: "warn",
    };
    const instances = postgres ? 2 : 1;
    const slots: (ChildProcess | null)[] = Array.from({ length: instances }, () => null);
    const start = (i: number) => {
      if (stopped) return;
      const c = spawn(process.execPath, ["--import", "tsx", "scripts/feedback-deliverer.ts"], { env, stdio: ["ignore", "ignore", "pipe"] });
      c.stderr?.pipe(process.stderr);
      children.add(c);
      c.on("exit", () => children.delete(c));
      slots[i] = c;
    };
    for (let i = 0; i < instances; i++) start(i);

    // The clinicians confirm 20 feedback messages, one after another (100 ms apart), while the deliverers run.
    const from = new Date(now.getTime() + 24 * 3600_000);
    const to = new Date(now.getTime() + 96 * 3600_000);
    const confirming = (async () => {
      for (let i = 0; i < MESSAGES; i++) {
        const c0 = Date.now();
        const b = await referredBooking({ from, to, index: i, flag: "concern" });
        const c1 = Date.now();
        // SQLite answers "busy" to a transaction that loses a race with the other process's write; the clinician tries again.
        for (let tries = 0; ; tries++) {
          try {
            await dnaAndReview(b.appointmentId, clinician, { confirm: "yes", reviewAt: new Date() });
            break;
          } catch (e) {
            if (tries > 20 || !/SQLITE_BUSY|busy|Someone else updated/i.test(String((e as { detail?: string }).detail ?? e))) throw e;
            await sleep(100);
          }
        }
        if (process.env.FEEDBACK_CRASH_VERBOSE) console.log(`[feedback-crash] confirmation ${i + 1}: booking and referral ${c1 - c0} ms, did-not-attend and review ${Date.now() - c1} ms`);
        await sleep(100);
      }
    })();

    // Five SIGKILLs, each of a deliverer that holds a claim at that moment (so during a delivery), then a restart.
    let kills = 0;
    killing = (async () => {
      const t0 = Date.now();
      while (!stopped && kills < KILLS && Date.now() - t0 < DEADLINE_MS) {
        const held = await db().feedbackMessage.findMany({ where: { state: "pending", claimedUntil: { gt: new Date() } }, select: { claimedBy: true } });
        const pids = new Set(held.map((h) => Number(h.claimedBy?.split(":")[1])));
        const i = slots.findIndex((c) => c?.pid && pids.has(c.pid));
        if (i >= 0) {
          // Each kill lands at another point of the delivery: before the request, while the 111 side waits, after it processed.
          await sleep(100 + kills * 180 + Math.floor(Math.random() * 100));
          const still = await db().feedbackMessage.count({ where: { state: "pending", claimedBy: { contains: `:${slots[i]!.pid}:` }, claimedUntil: { gt: new Date() } } });
          if (!still) continue;
          slots[i]!.kill("SIGKILL");
          kills++;
          console.log(`[feedback-crash] SIGKILL ${kills} of ${KILLS}: deliverer pid ${slots[i]!.pid} held a claim`);
          await sleep(300);
          start(i);
        }
        await sleep(40);
      }
    })();

    await confirming;
    await killing;
    const t0 = Date.now();
    for (;;) {
      const left = await db().feedbackMessage.count({ where: { state: { not: "delivered" } } });
      if (left === 0) break;
      if (Date.now() - t0 > DEADLINE_MS) throw new Error(`${left} feedback messages not delivered in time`);
      await sleep(200);
    }

    const rows = await db().feedbackMessage.findMany();
    const stats = stub.stats();
    const problems: string[] = [];
    if (kills < KILLS) problems.push(`only ${kills} kills landed during delivery`);
    if (rows.length !== MESSAGES) problems.push(`${rows.length} messages written, expected ${MESSAGES}`);
    const processed = Object.entries(stats.processed);
    if (processed.length !== MESSAGES) problems.push(`the stub processed ${processed.length} messages, expected ${MESSAGES}`);
    for (const r of rows) {
      const p = stats.processed[r.requestId];
      if (!p) problems.push(`message ${r.id} was never processed (lost)`);
      else if (p.bundleId !== r.bundleId) problems.push(`message ${r.id} was processed with another body`);
    }
    const perReferral = new Map<string, number>();
    for (const [, p] of processed) perReferral.set(p.responseTo ?? "", (perReferral.get(p.responseTo ?? "") ?? 0) + 1);
    for (const [ref, n] of perReferral) if (n !== 1) problems.push(`the referral ${ref} was told ${n} times`);
    const latencies = rows.map((r) => (stats.processed[r.requestId]?.at ?? Infinity) - r.createdAt.getTime()).sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)];
    const p99 = p(0.99);
    if (!(p99 < 60_000)) problems.push(`p99 confirmation-to-200 ${p99} ms is not under 60 s`);
    const known = rows.map((r) => (r.deliveredAt?.getTime() ?? Infinity) - r.createdAt.getTime()).sort((a, b) => a - b);
    const knownP99 = known[Math.min(known.length - 1, Math.ceil(0.99 * known.length) - 1)];
    if (!(knownP99 < 60_000)) problems.push(`p99 confirmation-to-delivered ${knownP99} ms is not under 60 s`);
    const attempts = await db().auditEvent.count({ where: { action: { startsWith: "feedback.attempt." } } });
    console.log(
      `[feedback-crash] ${postgres ? "PostgreSQL, 2 delivering processes" : "SQLite, 1 delivering process"}: ${MESSAGES} messages, ${kills} SIGKILLs; ` +
        `stub processed ${processed.length}, resends answered 409 ${stats.resends}, requests ${stats.received}, attempts audited ${attempts}; ` +
        `confirmation to the stub's processing p50 ${p(0.5)} ms, p99 ${p99} ms; to our recording it delivered (the 200 or the 409 heard) p99 ${knownP99} ms (target under 60 s)`,
    );
    await stub.close();
    if (problems.length) {
      console.error("[feedback-crash] FAILED:\n  - " + problems.join("\n  - "));
      process.exitCode = 1;
    } else console.log("[feedback-crash] passed: every message processed exactly once, none lost");
  } finally {
    stopped = true;
    await killing.catch(() => {});
    for (const c of children) c.kill("SIGKILL");
    await sleep(200);
    const { resetDbForTests } = await import("../lib/db/client");
    await resetDbForTests();
    await cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
