// Staff screens, the smaller points: the navigation says which page is open; sign-out stays on the origin it was
// made from and says so; the capacity page remembers the clerk's service; a limit of 0 is refused with what to do
// instead; "What 111 sees now" lists each time once; managers' reports say "arrival times" and say when a chart
// has nothing to draw. The test clock is Tue 12 Jan 2027, 09:30 London (GMT), moving on in real time.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "./fixtures";
import { BREAK_GLASS_REASON, DEMO_PASSWORD, signIn } from "./helpers";
import { bookingBody, bookThroughFhir, cancelThroughFhir, freeEdSlot, readThroughFhir } from "./arrivals-fhir";
import { testNhsNumber } from "../lib/nhs/nhs-number";
import { formatLondonDate, formatLondonTime } from "../lib/time/london";

const ED = "Emergency Department, Wessex Vale General Hospital";
const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

async function showService(page: Page, label: string) {
  await page.getByLabel("Service", { exact: true }).selectOption({ label });
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page.getByLabel("Service", { exact: true }).locator("option:checked")).toHaveText(label);
}

test("the navigation marks the page that is open, and only that one", async ({ page }) => {
  await signIn(page, "clerk");
  await expect(page).toHaveURL(/\/capacity$/);
  const nav = mainNav(page);
  await expect(nav.getByRole("link", { name: "Capacity" })).toHaveAttribute("aria-current", "page");
  await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);

  await nav.getByRole("link", { name: "Expected arrivals" }).click();
  await expect(page).toHaveURL(/\/arrivals$/);
  await expect(nav.getByRole("link", { name: "Expected arrivals" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Capacity" })).not.toHaveAttribute("aria-current", /.*/);
  await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);

});

test("an administrator's Audit log is marked, not Staff accounts above it", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/audit");
  const nav = mainNav(page);
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveAttribute("aria-current", "page");
  await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
  await nav.getByRole("link", { name: "Staff accounts" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(nav.getByRole("link", { name: "Staff accounts" })).toHaveAttribute("aria-current", "page");
  await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
});

test("sign-out stays on the address it was made from and says the person has signed out", async ({ page, baseURL }) => {
  // The server's configured address is 127.0.0.1; the clerk reaches it as localhost.
  const other = baseURL!.replace("127.0.0.1", "localhost");
  expect(other).not.toBe(baseURL);
  await page.goto(`${other}/login`);
  await page.getByLabel("User name").fill("clerk");
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  const reason = page.getByLabel("Why are you not using NHS Care Identity?");
  if ((await reason.count()) > 0) await reason.fill(BREAK_GLASS_REASON);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(`${other}/capacity`);

  await expect(async () => {
    await page.getByRole("button", { name: "Sign out" }).click({ timeout: 2_000 });
    await expect(page).toHaveURL(`${other}/login?reason=signed-out`, { timeout: 4_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByRole("status").filter({ hasText: "You have signed out" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  // Signed out for real: a staff page sends the browser back to sign in, with no "signed out" message made up.
  await page.goto(`${other}/capacity`);
  await expect(page).toHaveURL(new RegExp(`^${other}/login(\\?callbackUrl=.*)?$`));
  await expect(page.getByText("You have signed out")).toHaveCount(0);
});

test("the capacity page opens on the service this browser last chose", async ({ page, browser }) => {
  await signIn(page, "clerk");
  await expect(page).toHaveURL(/\/capacity$/);
  const select = page.getByLabel("Service", { exact: true });
  const first = (await select.locator("option:checked").innerText()).trim();
  const labels = (await select.locator("option").allInnerTexts()).map((t) => t.trim());
  const chosen = labels.find((l) => l !== first)!;
  expect(chosen).toBeTruthy();
  await showService(page, chosen);

  // Away and back, without the service in the address.
  await mainNav(page).getByRole("link", { name: "Expected arrivals" }).click();
  await expect(page).toHaveURL(/\/arrivals$/);
  await mainNav(page).getByRole("link", { name: "Capacity" }).click();
  await expect(page).toHaveURL(/\/capacity$/);
  await expect(select.locator("option:checked")).toHaveText(chosen);
  await expect(page.locator("main p strong").first()).toHaveText(chosen.split(",")[0]);

  // Another browser has its own choice: it opens on the first service.
  const other = await browser.newContext();
  try {
    const p2 = await other.newPage();
    await signIn(p2, "clerk");
    await expect(p2).toHaveURL(/\/capacity$/);
    await expect(p2.getByLabel("Service", { exact: true }).locator("option:checked")).toHaveText(first);
  } finally {
    await other.close();
  }
});

test("a limit of 0 is refused, pointing to suspending bookings, and nothing changes", async ({ page }) => {
  await signIn(page, "clerk");
  await expect(page).toHaveURL(/\/capacity$/);
  await showService(page, ED);
  const caps = page.getByRole("form", { name: "Limits for the whole service" });
  const perHour = caps.getByLabel("Limit per hour");
  const before = await perHour.inputValue();
  await perHour.fill("0");
  await caps.getByRole("button", { name: "Save limits" }).click();
  await expect(caps.getByText(/Limit per hour cannot be 0: that would stop every 111 booking/).first()).toBeVisible();
  await expect(caps.getByText(/use "Suspend bookings from 111" on this page/).first()).toBeVisible();
  await expect(page.getByText("Limits saved. They apply to 111 at once.")).toHaveCount(0);
  // Nothing was saved: a fresh load shows the limit as it was.
  await page.reload();
  await expect(page.getByRole("form", { name: "Limits for the whole service" }).getByLabel("Limit per hour")).toHaveValue(before);
  await expect(page.getByText("Bookings are open: there is no suspension now or planned.")).toBeVisible();

  // An organisation's limit of 0 is refused too, pointing to blocking it.
  const quota = page.getByRole("form", { name: "Set a limit for one organisation" });
  await quota.getByLabel("Organisation's ODS code").fill("NZZ01");
  await quota.getByLabel("Limit per day").fill("0");
  await quota.getByRole("button", { name: "Save organisation limit" }).click();
  await expect(quota.getByText(/Limit per day cannot be 0: that would stop this organisation booking/).first()).toBeVisible();
  await expect(page.getByText("No organisation has a limit of its own.")).toBeVisible();
});

test("What 111 sees now lists a half-booked time once, as offered, with its free places", async ({ page, baseURL }) => {
  // Book one of the two places at the ED's first free time, as 111 does.
  const slot = await freeEdSlot(page.request, baseURL!);
  const patient = { given: "Morgan", family: `Halfbook${randomUUID().slice(0, 4).replace(/\d/g, "q")}`, birthDate: "1981-06-14", nhsNumber: testNhsNumber(180_125) };
  const booked = await bookThroughFhir(page.request, baseURL!, bookingBody(slot, patient, randomUUID()));
  expect(booked.status).toBe(201);
  try {
    await signIn(page, "clerk");
    await expect(page).toHaveURL(/\/capacity$/);
    await showService(page, ED);
    const time = `${formatLondonDate(new Date(slot.start))}, ${formatLondonTime(new Date(slot.start))}`;
    const offered = page.getByRole("list", { name: /^Times offered to / });
    const notOffered = page.getByRole("region", { name: /^Times not offered to / });
    await expect(offered).toBeVisible();
    // The booked time is listed once: offered with its one free place left, or (when its other place was already
    // booked) not offered. At least one time is half-booked (this booking or the demo's).
    const atTime = (t: string) => new RegExp(`^${t}( \\(.*\\))?$`);
    const listed = (await offered.getByRole("listitem").filter({ hasText: atTime(time) }).count()) + (await notOffered.getByRole("rowheader").filter({ hasText: atTime(time) }).count());
    expect(listed).toBe(1);
    await expect(offered.getByRole("listitem").filter({ hasText: /\(1 of 2 places free\)$/ }).first()).toBeVisible();
    // No time at all is in both lists.
    const offeredTimes = (await offered.getByRole("listitem").allInnerTexts()).map((t) => t.replace(/ \(.*\)$/, "").trim());
    const withheldTimes = (await notOffered.getByRole("rowheader").allInnerTexts()).map((t) => t.replace(/ \(.*\)$/, "").trim());
    expect(offeredTimes.filter((t) => withheldTimes.includes(t))).toEqual([]);
    expect(new Set(offeredTimes).size).toBe(offeredTimes.length);
  } finally {
    const read = await readThroughFhir(page.request, baseURL!, String(booked.body.id));
    expect((await cancelThroughFhir(page.request, baseURL!, read.body, read.etag!)).status).toBe(200);
  }
});

test("managers' reports say arrival times, and a chart with nothing to draw says so", async ({ page }) => {
  await signIn(page, "manager");
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page.getByRole("heading", { level: 2, name: "Arrival times booked" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Arrival times cancelled" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Appointments/ })).toHaveCount(0);
  // The demo's bookings are this week: the booked chart draws them.
  await expect(page.getByTestId("chart-rep-prov-01").locator("svg.recharts-surface").first()).toBeVisible();

  // A week long before the demo: nothing to draw, said in words, and the table still there.
  await page.getByLabel("From (inclusive)").fill("2026-06-01");
  await page.getByLabel("To (inclusive)").fill("2026-06-07");
  await page.getByRole("button", { name: "Show reports" }).click();
  await expect(page).toHaveURL(/from=2026-06-01/);
  const chart = page.getByTestId("chart-rep-prov-01");
  await expect(chart.getByText("No data for this period", { exact: true })).toBeVisible();
  await expect(chart.locator("svg")).toHaveCount(0);
  await expect(page.getByTestId("table-rep-prov-01").locator("tbody tr")).toHaveCount(8);
});

test("the audit log names actions in plain English beside their codes", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/audit?action=staff.sign-in");
  const results = page.getByTestId("audit-results");
  const row = results.locator("tbody tr").first();
  await expect(row.getByRole("cell").nth(2)).toContainText("Signed in");
  await expect(row.getByTestId("audit-action-code")).toHaveText("staff.sign-in");
  await expect(page.getByTestId("audit-count")).toBeVisible();
});
