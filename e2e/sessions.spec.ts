import { expect, test } from "./fixtures";
import { BREAK_GLASS_REASON, DEMO_PASSWORD, signIn, signOut } from "./helpers";

test("a session cookie kept from before sign-out no longer opens the arrivals API", async ({ page, browser, baseURL }) => {
  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
  expect((await page.request.get("/api/arrivals")).status()).toBe(200);
  const saved = await page.context().storageState();
  await signOut(page);

  const replay = await browser.newContext({ storageState: saved, baseURL });
  try {
    expect((await replay.request.get("/api/arrivals")).status()).toBe(401);
  } finally {
    await replay.close();
  }
});

test("a temporary password opens no API; changing it ends the person's other sessions and keeps this one", async ({ page, browser, baseURL }) => {
  const username = `clerk.s${Date.now().toString(36)}`;
  const temporary = "Temporary-Pass-2026";
  await signIn(page, "admin");
  await page.getByLabel("Full name", { exact: true }).fill("Sam Session-Test");
  await page.getByLabel("User name", { exact: true }).fill(username);
  await page.getByLabel("Role", { exact: true }).selectOption("clerk");
  await page.getByLabel("Temporary password", { exact: true }).fill(temporary);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status")).toContainText("Account created for Sam Session-Test");
  await signOut(page);

  // Another computer, signed in with the temporary password: nothing but the change-password page.
  const other = await browser.newContext({ baseURL });
  try {
    const otherPage = await other.newPage();
    await signIn(otherPage, username, temporary);
    await expect(otherPage).toHaveURL(/\/account\/password$/);
    for (const path of ["/api/arrivals", "/api/arrivals/export?format=csv"]) {
      const res = await otherPage.request.get(path);
      expect(res.status(), path).toBe(403);
      expect(await res.text()).toContain("Change your password");
    }

    await signIn(page, username, temporary);
    await page.getByLabel("Current password").fill(temporary);
    await page.getByLabel("New password", { exact: true }).fill("Sam-Own-Password-2027");
    await page.getByLabel("Type the new password again").fill("Sam-Own-Password-2027");
    await page.getByRole("button", { name: "Save password" }).click();
    await expect(page).toHaveURL(/\/capacity/);
    expect((await page.request.get("/api/arrivals")).status()).toBe(200);
    // The session on the other computer ended with the change.
    expect((await otherPage.request.get("/api/arrivals")).status()).toBe(401);
  } finally {
    await other.close();
  }
});

test("sign-in never leaves the site, whatever callbackUrl says", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  for (const callback of ["/%5Cevil.example/x", "/%09/evil.example/x", "%2F%2Fevil.example/x", "https://evil.example/x", "/%5C%5Cevil.example"]) {
    await page.goto(`/login?callbackUrl=${callback}`);
    await page.getByLabel("User name").fill("clinician");
    await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
    const reason = page.getByLabel("Why are you not using NHS Care Identity?");
    if ((await reason.count()) > 0) await reason.fill(BREAK_GLASS_REASON);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login") || u.origin !== origin, { timeout: 15_000 });
    expect(new URL(page.url()).origin, callback).toBe(origin);
    expect(page.url(), callback).not.toContain("evil.example");
    await signOut(page);
  }
});
