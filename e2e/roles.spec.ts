import { expect, test } from "./fixtures";
import { signIn, signOut } from "./helpers";

test("a clerk cannot open the admin pages (403)", async ({ page }) => {
  await signIn(page, "clerk");
  await expect(page).toHaveURL(/\/capacity$/);
  const res = await page.goto("/admin");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  const api = await page.request.get("/api/arrivals");
  expect(api.status()).toBe(200); // clerks do see the arrivals list
});

test("a manager cannot open a patient's booking or the arrivals list", async ({ page }) => {
  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
  const link = page.getByRole("table").getByRole("link").first();
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/arrivals\/[0-9a-f-]{36}$/);
  await link.click();
  await expect(page.getByRole("heading", { name: "Contact" })).toBeVisible();
  // The booking names the site the patient must go to, with that site's own address (HAZ-003), not the trust's.
  await expect(page.getByText(/^(Hospital Road|Moor Lane), .+, [A-Z]{1,2}\d/)).toBeVisible();
  await signOut(page);

  await signIn(page, "manager");
  await expect(page).toHaveURL(/\/reports$/);
  const res = await page.goto(href!);
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Contact" })).toHaveCount(0);
  expect((await page.request.get("/api/arrivals")).status()).toBe(403);
});
