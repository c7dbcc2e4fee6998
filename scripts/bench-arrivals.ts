// Benchmark of the expected-arrivals board on a busy day: 300 bookings (two thirds with their 111 report).
//   npx tsx scripts/bench-arrivals.ts            server time of the board's data, then page usable time in headless Chromium
//   BENCH_BROWSER=off npx tsx scripts/bench-arrivals.ts   server time only
//   --json <file>: also write the figures there (for `npm run bench`)
// Targets: board data < 200 ms on the server; page usable < 1.5 s. Uses its own SQLite file under data/bench-arrivals.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const ROOT = process.cwd();
const DIR = join(ROOT, "data/bench-arrivals");
const PORT = Number(process.env.BENCH_PORT ?? 3241);
const BOOKINGS = 300;

const jsonAt = process.argv.indexOf("--json");
const JSON_OUT = jsonAt >= 0 && process.argv[jsonAt + 1] ? resolve(ROOT, process.argv[jsonAt + 1]) : null;
/** What the run measured, written to JSON_OUT at the end. */
const figures: Record<string, unknown> = { database: "SQLite (file)", bookings: BOOKINGS };

process.env.DATABASE_URL = `file:${join(DIR, "ed.db")}`;
process.env.LOG_LEVEL = "silent";


const round1 = (n: number) => Math.round(n * 10) / 10;

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] };
}

async function prepare() {
  rmSync(DIR, { recursive: true, force: true });
  const { migrate } = await import("../lib/db/migrate");
  const { db } = await import("../lib/db/client");
  const { seedDemo } = await import("../lib/seed/demo");
  const { seedService } = await import("../lib/seed/provider");
  const { generateSlots } = await import("../lib/capacity/generate-slots");
  const { bookTestPatient } = await import("../lib/testing/book-test-patient");
  const { testReportXml } = await import("../lib/testing/test-report");
  const { receiveUploadedDocument } = await import("../lib/clinical/receive-clinical-document");
  const { testNhsNumber } = await import("../lib/nhs/nhs-number");
  const { addDays, londonToday, startOfLondonDay } = await import("../lib/time/london");

  await migrate(process.env.DATABASE_URL!);
  await seedDemo(db());
  const site = await db().site.findFirstOrThrow({ where: { odsSiteCode: "RZZ01" } });
  // A busy ED: four places every 15 minutes, all day.
  const { service } = await seedService(db(), {
    siteId: site.id,
    name: "Emergency Department (busy day)",
    kind: "ED",
    dosId: "2000011099",
    horizonHours: 48,
    rules: [{ name: "Busy day", days: "1,2,3,4,5,6,7", start: "00:00", end: "24:00", minutes: 15, perSlot: 4 }],
  });
  await generateSlots(new Date(), service.id);
  const day = addDays(londonToday(), 1);
  const slots = await db().slot.findMany({
    where: { serviceId: service.id, status: "free", start: { gte: startOfLondonDay(day), lt: startOfLondonDay(addDays(day, 1)) } },
    orderBy: [{ start: "asc" }, { seq: "asc" }],
    take: BOOKINGS,
  });
  if (slots.length < BOOKINGS) throw new Error(`only ${slots.length} slots on ${day}`);
  const clerk = { type: "staff" as const, id: "bench", name: "Bench", role: "clerk" as const };
  const started = performance.now();
  for (let i = 0; i < BOOKINGS; i++) {
    const documentId = randomUUID();
    const family = `Bench${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26) % 26)}`;
    const nhsNumber = testNhsNumber(20_000 + i * 7);
    await bookTestPatient({ slotId: slots[i].id, documentRefId: documentId, patient: { family, nhsNumber, birthDate: "1980-05-05" } });
    if (i % 3 !== 0) await receiveUploadedDocument(testReportXml({ documentId, family, nhsNumber, birthDate: "1980-05-05" }), { actor: clerk });
  }
  console.log(`prepared ${BOOKINGS} bookings on ${day} (${Math.round((2 * BOOKINGS) / 3)} with reports) in ${Math.round(performance.now() - started)} ms`);
  return day;
}

async function serverTime(day: string) {
  const { loadBoard } = await import("../lib/arrivals/load-board");
  const { db } = await import("../lib/db/client");
  const clinician = await db().staffUser.findFirstOrThrow({ where: { username: "clinician" } });
  const actor = { type: "staff" as const, id: clinician.id, name: clinician.name, role: "clinician" as const };
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < 25; i++) {
    const t = performance.now();
    const data = await loadBoard({ kind: "date", date: day }, actor);
    times.push(performance.now() - t);
    rows = data.rows.length;
  }
  const warm = stats(times.slice(5));
  const json = Buffer.byteLength(JSON.stringify(await loadBoard({ kind: "date", date: day }, actor)));
  figures.boardData = { rows, firstMs: round1(times[0]), medianMs: round1(warm.median), p95Ms: round1(warm.p95), maxMs: round1(warm.max), jsonBytes: json, targetMs: 200, met: warm.p95 < 200 };
  console.log(`board data (server, ${rows} rows): first ${times[0].toFixed(0)} ms; warm median ${warm.median.toFixed(1)} ms, p95 ${warm.p95.toFixed(1)} ms (target < 200 ms); JSON ${Math.round(json / 1024)} KiB`);
  await db().$disconnect();
}

async function waitForHealth(url: string, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start");
}

async function pageTime(day: string) {
  const server: ChildProcess = spawn(process.execPath, ["scripts/start.mjs"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), HOSTNAME: "127.0.0.1", SEED_PROFILE: "none", PUBLIC_URL: `http://127.0.0.1:${PORT}`, NEXTAUTH_SECRET: "bench-only-secret-not-for-production", ARRIVALS_SCHEDULE: "off", SLOT_GENERATION: "off", HL7_MLLP_PORT: "0" },
  });
  try {
    await waitForHealth(`http://127.0.0.1:${PORT}/api/health`, 300_000);
    const { chromium } = await import("@playwright/test");
    const browser = await chromium.launch(existsSync("/usr/bin/chromium") ? { executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] } : {});
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/login`);
    await page.getByLabel("User name").fill("clinician");
    await page.getByLabel("Password", { exact: true }).fill("Demo-Password-2026");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/arrivals$/);
    const firstByte: number[] = [];
    const rendered: number[] = [];
    const usable: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t = performance.now();
      await page.goto(`http://127.0.0.1:${PORT}/arrivals?date=${day}`, { waitUntil: "commit" });
      firstByte.push(performance.now() - t);
      await page.locator("tr[data-booking-id]").nth(BOOKINGS - 1).waitFor();
      rendered.push(performance.now() - t);
      // Usable: the page answers a search (React has hydrated and the filter works).
      await page.locator("#f-search").fill("BenchAB");
      await page.waitForFunction(() => document.querySelectorAll("tr[data-booking-id]").length < 20);
      usable.push(performance.now() - t);
    }
    const emptyDay: number[] = [];
    for (let i = 0; i < 4; i++) {
      const t = performance.now();
      await page.goto(`http://127.0.0.1:${PORT}/arrivals?date=2030-01-01`, { waitUntil: "commit" });
      emptyDay.push(performance.now() - t);
    }
    console.log(`board page for a day with no bookings: response started median ${stats(emptyDay.slice(1)).median.toFixed(0)} ms`);
    const html = await (await page.request.get(`http://127.0.0.1:${PORT}/arrivals?date=${day}`)).text();
    console.log(`board page: HTML ${Math.round(html.length / 1024)} KiB, response started median ${stats(firstByte.slice(1)).median.toFixed(0)} ms`);
    const r = stats(rendered.slice(1));
    const u = stats(usable.slice(1));
    figures.page = { renderedMedianMs: Math.round(r.median), usableMedianMs: Math.round(u.median), usableP95Ms: Math.round(u.p95), targetMs: 1500, met: u.p95 < 1500 };
    console.log(`board page (headless Chromium, ${BOOKINGS} rows): rows on screen median ${r.median.toFixed(0)} ms; usable (search answered) median ${u.median.toFixed(0)} ms, p95 ${u.p95.toFixed(0)} ms (target < 1500 ms)`);
    await browser.close();
  } finally {
    server.kill("SIGTERM");
  }
}

async function main() {
  const day = await prepare();
  await serverTime(day);
  if (process.env.BENCH_BROWSER !== "off") await pageTime(day);
  if (JSON_OUT) {
    mkdirSync(dirname(JSON_OUT), { recursive: true });
    writeFileSync(JSON_OUT, JSON.stringify({ date: new Date().toISOString(), day, ...figures }, null, 2) + "\n");
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
