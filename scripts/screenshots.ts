// The README's screenshots, at 1366×768 (a common ED workstation), from a running app on its demo data:
//   npm start   (another terminal)   then   npx tsx scripts/screenshots.ts [--base http://127.0.0.1:3000]
// Writes docs/screenshots/{board,booking,capacity,reports}.png. Demo patients only.
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Page } from "@playwright/test";

const base = process.argv.includes("--base") ? process.argv[process.argv.indexOf("--base") + 1] : "http://127.0.0.1:3000";
const out = "docs/screenshots";
const PASSWORD = "Demo-Password-2026";

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel("User name").fill(username);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  const reason = page.getByLabel("Why are you not using NHS Care Identity?");
  if ((await reason.count()) > 0) await reason.fill("Screenshots of the demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: `${out}/${name}.png` });
  console.log(`${out}/${name}.png`);
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = () => browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "en-GB", timezoneId: "Europe/London" });

  const clinician = await (await context()).newPage();
  await signIn(clinician, "clinician");
  await clinician.goto(`${base}/arrivals`);
  await shoot(clinician, "board");
  await clinician.locator("tbody tr[data-booking-id]").filter({ hasText: "Jacob PENROSE" }).getByRole("link").first().click();
  await clinician.getByRole("heading", { level: 2, name: "111 clinical summary" }).waitFor();
  await shoot(clinician, "booking");

  const clerk = await (await context()).newPage();
  await signIn(clerk, "clerk");
  await clerk.goto(`${base}/capacity`);
  await shoot(clerk, "capacity");

  const manager = await (await context()).newPage();
  await signIn(manager, "manager");
  await manager.goto(`${base}/reports`);
  await shoot(manager, "reports");
  await browser.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
