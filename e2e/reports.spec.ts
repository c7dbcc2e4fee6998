import { readFileSync } from "node:fs";
import { expect, test, type Page } from "./fixtures";
import AxeBuilder from "@axe-core/playwright";
import { signIn, signOut } from "./helpers";
import { freeEdSlot } from "./arrivals-fhir";
import { nowMs } from "../lib/time/clock";

async function seriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) }));
}

/** A chart, or for a period with nothing to draw, "No data for this period" in its place. */
const chartOrNoData = (page: Page, id: string) => {
  const chart = page.getByTestId(`chart-${id}`);
  return chart.locator("svg.recharts-surface").first().or(chart.getByText("No data for this period", { exact: true }));
};

const TITLES = ["Arrival times booked", "Bookings against referrals", "Bookings against slots made available", "Referrals without a booking", "Arrival times cancelled"];
const MONITORING = {
  arrivals: "Arrivals and did not attend",
  "lead-time": "Time from booking to arrival",
  "disposition-deadline": "Arrival times later than 111 asked for",
  "unmet-demand": "Slot searches that found no free slot",
  suspensions: "Suspensions and blocked slots",
  "slot-refusals": "Bookings refused: slot no longer available",
  "booking-times": "When bookings are made",
} as const;

/** London date "YYYY-MM-DD", `days` from the server's today. */
function londonDate(days: number): string {
  const d = new Date(nowMs() + days * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}

/**
 * What the download must say for a figure shown in the table: small counts become "<5"; any other count is shown, or
 * withheld as "*" so a small one cannot be worked out from it (secondary suppression).
 */
function expectedCell(shown: string, isPercent: boolean, csv: string): boolean {
  const plain = shown.replace(/[,%]/g, "").replace("–", "");
  if (isPercent) return csv === "<5" || csv === plain;
  const n = Number(plain);
  return n >= 1 && n <= 4 ? csv === "<5" : csv === plain || csv === "*";
}

/** The download's table rows: its last line explains "*" when a count was withheld for that reason. */
function csvRows(text: string): string[][] {
  return text.trim().split("\r\n").filter((l) => !l.startsWith("* ")).map((l) => l.split(","));
}

test("a manager reads the reports, changes the range and downloads a CSV that matches the table", async ({ page }) => {
  test.setTimeout(120_000);
  // The sign-in form must be ready (scripts loaded) before it is filled in, even on a server that has just started.
  await page.goto("/login", { waitUntil: "networkidle" });
  await signIn(page, "manager");
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
  for (const t of TITLES) await expect(page.getByRole("heading", { level: 2, name: t })).toBeVisible();
  // The default range is the last 7 days, today included.
  await expect(page.getByTestId("table-rep-prov-01").locator("tbody tr")).toHaveCount(8); // 7 days and the total
  expect(await seriousAxeViolations(page)).toEqual([]);

  // Change the range to the last 14 days, today and its demo bookings included.
  const from = londonDate(-13);
  const to = londonDate(0);
  await page.getByLabel("From (inclusive)").fill(from);
  await page.getByLabel("To (inclusive)").fill(to);
  await page.getByRole("button", { name: "Show reports" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${from}`));
  const table = page.getByTestId("table-rep-prov-01");
  await expect(table.locator("tbody tr")).toHaveCount(15); // 14 days and the total
  for (const id of ["rep-prov-01", "rep-prov-02", "rep-prov-03", "rep-prov-04", "rep-prov-05"]) {
    await expect(chartOrNoData(page, id)).toBeVisible();
  }
  expect(await seriousAxeViolations(page)).toEqual([]);

  // Download the slots report and compare it row by row with the table.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download bookings against slots made available as CSV/ }).click()]);
  expect(download.suggestedFilename()).toBe(`rep-prov-03_${from}_to_${to}.csv`);
  const csv = csvRows(readFileSync((await download.path())!, "utf8"));
  const slotsTable = page.getByTestId("table-rep-prov-03");
  const headers = await slotsTable.locator("thead th").allInnerTexts();
  expect(csv[0]).toEqual(headers.map((h) => h.trim()));
  const rows = slotsTable.locator("tbody tr");
  expect(csv.length - 1).toBe(await rows.count());
  let bookedSomewhere = false;
  for (let i = 0; i < csv.length - 1; i++) {
    const row = rows.nth(i);
    expect(csv[i + 1][0]).toBe(await row.getAttribute("data-date"));
    const cells = await row.locator("td").allInnerTexts();
    cells.forEach((shown, j) => {
      expect(expectedCell(shown.trim(), headers[j + 1].includes("%"), csv[i + 1][j + 1]), `${csv[i + 1][0]} ${headers[j + 1]}: "${shown}" vs "${csv[i + 1][j + 1]}"`).toBe(true);
    });
    if (Number(cells[0].replace(/,/g, "")) > 0) bookedSomewhere = true;
  }
  expect(bookedSomewhere).toBe(true);
});

test("a manager sees the monitoring reports, changes the range and downloads one whose rows match its table", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  // A 111 system searches for arrival times: the search is counted (in memory, written within 5 seconds).
  await freeEdSlot(page.request, baseURL!);
  await page.goto("/login", { waitUntil: "networkidle" });
  await signIn(page, "manager");
  await expect(page).toHaveURL(/\/reports$/);
  for (const [id, title] of Object.entries(MONITORING)) {
    await expect(page.getByRole("heading", { level: 2, name: title })).toBeVisible();
    await expect(chartOrNoData(page, id)).toBeVisible();
    await expect(page.getByTestId(`table-${id}`)).toBeVisible();
  }
  await expect(page.getByTestId("table-booking-times").locator("tbody tr")).toHaveCount(25); // 24 hours and the total
  await expect(page.getByText(/up to 5 seconds of searches can be missing/)).toBeVisible();
  // The search made above shows once the counters have been written.
  await expect(async () => {
    await page.reload();
    const searches = await page.getByTestId("table-unmet-demand").locator('tr[data-date="Total"] td[data-key="searches"]').innerText();
    expect(Number(searches.replace(/,/g, ""))).toBeGreaterThan(0);
  }).toPass({ timeout: 30_000, intervals: [2_000] });
  expect(await seriousAxeViolations(page)).toEqual([]);

  // A 30-day range.
  const from = londonDate(-29);
  const to = londonDate(0);
  await page.getByLabel("From (inclusive)").fill(from);
  await page.getByLabel("To (inclusive)").fill(to);
  await page.getByRole("button", { name: "Show reports" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${from}`));
  await expect(page.getByTestId("table-arrivals").locator("tbody tr")).toHaveCount(31); // 30 days and the total
  await expect(page.getByTestId("summary-lead-time")).toContainText("Median time from booking to arrival");

  for (const id of ["booking-times", "unmet-demand"] as const) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: new RegExp(`Download ${MONITORING[id].toLowerCase()} as CSV`) }).click()]);
    expect(download.suggestedFilename()).toBe(`${id}_${from}_to_${to}.csv`);
    const csv = csvRows(readFileSync((await download.path())!, "utf8"));
    const table = page.getByTestId(`table-${id}`);
    const headers = (await table.locator("thead th").allInnerTexts()).map((h) => h.trim());
    expect(csv[0]).toEqual(headers);
    const rows = table.locator("tbody tr");
    expect(csv.length - 1).toBe(await rows.count());
    let counted = 0;
    for (let i = 0; i < csv.length - 1; i++) {
      const row = rows.nth(i);
      expect(csv[i + 1][0]).toBe(await row.getAttribute("data-row"));
      const cells = await row.locator("td").allInnerTexts();
      cells.forEach((shown, j) => {
        expect(expectedCell(shown.trim(), headers[j + 1].includes("%"), csv[i + 1][j + 1]), `${id} ${csv[i + 1][0]} ${headers[j + 1]}: "${shown}" vs "${csv[i + 1][j + 1]}"`).toBe(true);
      });
      counted += cells.filter((c, j) => !headers[j + 1].includes("%")).reduce((n, c) => n + Number(c.replace(/[,–]/g, "") || 0), 0);
    }
    expect(counted, `${id} has figures`).toBeGreaterThan(0);
  }
});

test("a manager cannot open a patient's booking (403), and only managers and admins can download reports", async ({ page }) => {
  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
  const href = await page.getByRole("table").getByRole("link").first().getAttribute("href");
  expect(href).toMatch(/^\/arrivals\/[0-9a-f-]{36}$/);
  expect((await page.request.get("/api/reports/rep-prov-01?from=2026-03-28&to=2026-03-30")).status()).toBe(403);
  await signOut(page);

  await signIn(page, "manager");
  await expect(page).toHaveURL(/\/reports$/);
  const res = await page.goto(href!);
  expect(res?.status()).toBe(403);
  const ok = await page.request.get("/api/reports/rep-prov-05?from=2026-03-28&to=2026-03-30");
  expect(ok.status()).toBe(200);
  expect(ok.headers()["content-type"]).toContain("text/csv");
  expect((await page.request.get("/api/reports/rep-prov-01?from=2026-03-30&to=2026-03-28")).status()).toBe(400);
  expect((await page.request.get("/api/reports/no-such-report?from=2026-03-28&to=2026-03-30")).status()).toBe(404);
  expect((await page.request.get("/api/reports/unmet-demand?from=2026-03-28&to=2026-03-30")).status()).toBe(200);
  expect((await page.request.get("/api/reports/lead-time?from=2026-03-28&to=2025-03-30")).status()).toBe(400);
});

test("metrics show how long since the arrivals board was seen and the documents held by state, only with the token", async ({ page }) => {
  expect((await page.request.get("/api/metrics")).status()).toBe(401);
  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
  // Staleness is that of the site gone longest without a watched board (HAZ-071): the board is filtered to each site
  // in turn, and each heartbeat counts for the site chosen.
  const site = page.getByLabel("Site", { exact: true });
  const values = (await site.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter(Boolean);
  expect(values.length).toBeGreaterThan(0);
  for (const v of values) {
    const beat = page.waitForResponse((r) => r.url().endsWith("/api/arrivals/presence") && r.request().postDataJSON()?.siteId === v);
    await site.selectOption(v);
    await beat;
  }
  await expect(async () => {
    const res = await page.request.get("/api/metrics", { headers: { Authorization: "Bearer e2e-metrics-token" } });
    expect(res.status()).toBe(200);
    const text = await res.text();
    expect(text).toContain("# HELP ed_clinical_documents Clinical documents held, by current state");
    const m = /^ed_arrivals_board_staleness_seconds\{board="arrivals"\} (\d+)$/m.exec(text);
    expect(m, "board staleness is reported").not.toBeNull();
    expect(Number(m![1])).toBeLessThan(120);
  }).toPass({ timeout: 45_000, intervals: [3_000] });
});
