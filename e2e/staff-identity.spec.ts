import { expect, test, type BrowserContext, type Page } from "./fixtures";
import { decode, encode } from "next-auth/jwt";
import { DEMO_ADMIN_TOTP_SECRET, DEMO_PASSWORD, signIn, signOut, totpAt, unusedTotpStep } from "./helpers";

// The e2e server's session secret (scripts/e2e-server.mjs): lets a test age a real session token.
const SECRET = "e2e-only-secret-not-for-production-use";
const COOKIE = "next-auth.session-token";

async function cis2SignIn(page: Page, account: string) {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with NHS Care Identity" }).click();
  await expect(page.getByRole("heading", { name: "Test NHS CIS2 sign-in" })).toBeVisible();
  expect(new URL(page.url()).hostname).toBe("127.0.0.1");
  await page.getByLabel("Test account").fill(account);
  await page.getByRole("button", { name: "Continue" }).click();
}

/** Moves the session's last activity back, as if nobody had used the screen for `minutes`; returns the cookie value. */
async function ageSession(context: BrowserContext, baseURL: string, minutes: number): Promise<string> {
  const cookie = (await context.cookies(baseURL)).find((c) => c.name === COOKIE);
  expect(cookie, "a session cookie").toBeTruthy();
  const token = await decode({ token: cookie!.value, secret: SECRET });
  expect(typeof token?.la).toBe("number");
  const exp = Number(token!.exp);
  const value = await encode({ token: { ...token!, la: Math.floor(Date.now() / 1000) - minutes * 60 }, secret: SECRET, maxAge: exp - Math.floor(Date.now() / 1000) });
  await setSessionCookie(context, baseURL, value);
  return value;
}

async function setSessionCookie(context: BrowserContext, baseURL: string, value: string) {
  await context.addCookies([{ name: COOKIE, value, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
}

test.describe("NHS CIS2 sign-in (against a local OpenID Connect provider)", () => {
  test("a clinician of this trust signs in with NHS Care Identity and lands on the arrivals board", async ({ page }) => {
    await cis2SignIn(page, "casey.clinician");
    await expect(page).toHaveURL(/\/arrivals$/);
    await expect(page.getByRole("heading", { level: 1, name: "Expected arrivals" })).toBeVisible();
    await expect(page.getByText("Dr Casey Smartcard")).toBeVisible();
    // No ED password to change for a CIS2 account.
    await expect(page.getByRole("link", { name: "Change password" })).toHaveCount(0);
    await signOut(page);
  });

  test("a person whose role belongs to another organisation is refused", async ({ page }) => {
    await cis2SignIn(page, "olly.otherorg");
    await expect(page).toHaveURL(/\/login\?cis2=wrong-organisation/);
    await expect(page.getByRole("alert", { name: "You cannot sign in with NHS Care Identity" })).toContainText("Your NHS Care Identity role belongs to another organisation");
    await page.goto("/arrivals");
    await expect(page).toHaveURL(/\/login/);
  });

  test("a person with a role this system does not map is refused", async ({ page }) => {
    await cis2SignIn(page, "una.unmapped");
    await expect(page).toHaveURL(/\/login\?cis2=no-matching-role/);
    await expect(page.getByRole("alert", { name: "You cannot sign in with NHS Care Identity" })).toContainText("Your NHS Care Identity role does not give access to this system");
  });

  test("a GP's job role at this trust gives no access (HAZ-075)", async ({ page }) => {
    await cis2SignIn(page, "gina.gp");
    await expect(page).toHaveURL(/\/login\?cis2=no-matching-role/);
  });

  test("a nurse signed in at AAL2 is refused below CIS2_MIN_AAL=3 (HAZ-075)", async ({ page }) => {
    await cis2SignIn(page, "nina.nurse.aal2");
    await expect(page).toHaveURL(/\/login\?cis2=assurance-too-low/);
    await expect(page.getByRole("alert", { name: "You cannot sign in with NHS Care Identity" })).toContainText("not strong enough for your role here");
  });

  test("a clerk signed in at AAL2 gets in (HAZ-075)", async ({ page }) => {
    await cis2SignIn(page, "cal.clerk.aal2");
    await expect(page).toHaveURL(/\/capacity$/);
    await expect(page.getByText("Cal Authenticator")).toBeVisible();
    await signOut(page);
  });
});

test.describe("break-glass password sign-in while CIS2 is configured", () => {
  test("a clinician's password sign-in needs a reason, which the audit log tags as break-glass", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("User name").fill("clinician");
    await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert", { name: "There is a problem" })).toContainText("Give the reason you are signing in with an ED password");
    await expect(page).toHaveURL(/\/login/);
    const reason = `Smartcard reader broken in resus ${Date.now().toString(36)}`;
    await page.getByLabel("Why are you not using NHS Care Identity?").fill(reason);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/arrivals$/);
    await signOut(page);

    await signIn(page, "admin");
    await page.goto("/admin/audit?breakGlass=yes&action=staff.sign-in");
    const row = page.getByRole("row").filter({ hasText: reason });
    await expect(row).toBeVisible();
    await expect(row.getByTestId("break-glass-tag")).toHaveText("Break-glass");
    await expect(page.getByLabel("Break-glass sign-ins only")).toBeChecked();
    // Without the filter, other sign-ins (the admin's own, with a code) are listed untagged.
    await page.goto("/admin/audit?action=staff.sign-in&actor=Pat+Admin");
    await expect(page.getByRole("row").filter({ hasText: "Pat Admin" }).first()).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: "Pat Admin" }).getByTestId("break-glass-tag")).toHaveCount(0);
    await signOut(page);
  });
});

test.describe("administrators' second factor (TOTP)", () => {
  test("a wrong code and a reused code are refused; the current code signs in", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("User name").fill("admin");
    await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert", { name: "There is a problem" })).toContainText("Enter the 6-digit code from your authenticator app");
    const step = Math.floor(Date.now() / 30_000);
    const near = new Set([-1, 0, 1, 2].map((d) => totpAt(DEMO_ADMIN_TOTP_SECRET, step + d)));
    const wrong = ["123456", "654321", "111111"].find((c) => !near.has(c))!;
    await page.getByLabel("Security code").fill(wrong);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert", { name: "There is a problem" })).toContainText("The code is not right");
    await expect(page).toHaveURL(/\/login/);
    await signIn(page, "admin");
    await expect(page).toHaveURL(/\/admin$/);
    // The audit of the refusal names why, never the code.
    await page.goto("/admin/audit?action=staff.sign-in&actor=Pat+Admin");
    await expect(page.getByRole("row").filter({ hasText: "Reason: wrong two-factor code" }).first()).toBeVisible();
    await signOut(page);
  });

  test("a code cannot be used twice", async ({ page }) => {
    // A step no other test has used, then its code twice.
    const code = totpAt(DEMO_ADMIN_TOTP_SECRET, await unusedTotpStep());
    for (const attempt of [1, 2]) {
      await page.goto("/login");
      await page.getByLabel("User name").fill("admin");
      await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await page.getByLabel("Security code").fill(code);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      if (attempt === 1) {
        await expect(page).toHaveURL(/\/admin$/);
        await signOut(page);
      } else {
        await expect(page.getByRole("alert", { name: "There is a problem" })).toContainText("That code has already been used");
        await expect(page).toHaveURL(/\/login/);
      }
    }
  });

  test("a new administrator must set up two-factor sign-in before doing anything", async ({ page }) => {
    test.setTimeout(150_000);
    const username = `admin.${Date.now().toString(36)}`;
    await signIn(page, "admin");
    await page.getByLabel("Full name", { exact: true }).fill("Morgan New-Admin");
    await page.getByLabel("User name", { exact: true }).fill(username);
    await page.getByLabel("Role", { exact: true }).selectOption("admin");
    await page.getByLabel("Temporary password", { exact: true }).fill("Temporary-Admin-2026");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("status")).toContainText("Account created for Morgan New-Admin");
    await signOut(page);

    await page.goto("/login");
    await page.getByLabel("User name").fill(username);
    await page.getByLabel("Password", { exact: true }).fill("Temporary-Admin-2026");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/account\/two-factor$/);
    await expect(page.getByRole("heading", { level: 1, name: "Set up two-factor sign-in" })).toBeVisible();
    // Nothing else opens on a password alone.
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/account\/two-factor$/);
    const status = await page.request.get("/api/admin/audit");
    expect(status.status()).toBe(401);

    const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expect(page.getByTestId("totp-uri")).toContainText(`otpauth://totp/ED%20arrivals%3A${username}?secret=${secret}`);
    await page.getByLabel("Code from the app").fill("000000" === totpAt(secret, Math.floor(Date.now() / 30_000)) ? "111111" : "000000");
    await page.getByRole("button", { name: "Confirm and sign in again" }).click();
    await expect(page.getByRole("alert", { name: "There is a problem" })).toContainText("The code is not right");
    const step = Math.floor(Date.now() / 30_000);
    await page.getByLabel("Code from the app").fill(totpAt(secret, step));
    await page.getByRole("button", { name: "Confirm and sign in again" }).click();
    await expect(page).toHaveURL(/\/login\?reason=two-factor$/);
    await expect(page.getByRole("status")).toContainText("Two-factor sign-in is set up");

    // The enrolment code's step is used: sign in with the next one.
    await page.getByLabel("User name").fill(username);
    await page.getByLabel("Password", { exact: true }).fill("Temporary-Admin-2026");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByLabel("Security code").fill(totpAt(secret, step + 1));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/account\/password$/);
    // After enrolment the secret is never shown again.
    await page.goto("/account/two-factor");
    await expect(page.getByText("Two-factor sign-in is set up for your account")).toBeVisible();
    await expect(page.getByTestId("totp-secret")).toHaveCount(0);
  });
});

test.describe("idle sign-out on shared computers", () => {
  test("the server ends a session idle longer than STAFF_IDLE_MINUTES and says why", async ({ page, context, baseURL }) => {
    await signIn(page, "clinician");
    await expect(page).toHaveURL(/\/arrivals$/);
    await ageSession(context, baseURL!, 29);
    // Still within 30 minutes: the board opens, and opening it counts as activity.
    await page.goto("/arrivals");
    await expect(page.getByRole("heading", { level: 1, name: "Expected arrivals" })).toBeVisible();
    const fresh = await page.request.get("/api/session/activity");
    expect((await fresh.json()).idleForSeconds).toBeLessThan(60);

    // Leave the board first: its background polling would otherwise meet the idle session (and end it) on its own.
    await page.goto("about:blank");
    const idle = await ageSession(context, baseURL!, 31);
    // Background polling does not keep a session alive, and an API says why it refuses (and ends the session).
    const api = await page.request.get("/api/arrivals");
    expect(api.status()).toBe(401);
    expect((await api.json()).error).toContain("You were signed out after 30 minutes without activity");
    expect((await context.cookies(baseURL!)).some((c) => c.name === COOKIE)).toBe(false);
    // A page says so too.
    await setSessionCookie(context, baseURL!, idle);
    await page.goto("/arrivals");
    await expect(page).toHaveURL(/\/login\?reason=idle/);
    await expect(page.getByRole("status")).toContainText("You were signed out after 30 minutes without activity");
    // The session is gone: the board does not open again without signing in.
    await page.goto("/arrivals");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Farrivals/);
  });

  test("the screen warns 2 minutes before, and 'Stay signed in' keeps the session", async ({ page, context, baseURL }) => {
    // The browser clock is already installed (e2e/fixtures.ts): fastForward below moves it on.
    await signIn(page, "clinician");
    await expect(page).toHaveURL(/\/arrivals$/);
    await expect(page.getByRole("heading", { level: 1, name: "Expected arrivals" })).toBeVisible();
    await page.locator('html[data-idle-watch="on"]').waitFor({ state: "attached" });
    await ageSession(context, baseURL!, 28.5);
    await page.clock.fastForward("28:40");
    const warning = page.getByRole("alertdialog", { name: "You are about to be signed out" });
    await expect(warning).toBeVisible();
    await expect(page.getByRole("button", { name: "Stay signed in" })).toBeFocused();
    await page.getByRole("button", { name: "Stay signed in" }).click();
    await expect(warning).toBeHidden();
    const after = await page.request.get("/api/session/activity");
    expect((await after.json()).idleForSeconds).toBeLessThan(60);
  });
});

test("a state-changing staff API refuses a request from another site over real HTTP", async ({ page }) => {
  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
  // Same session cookie, but the request says it came from another site: refused before anything happens.
  const cross = await page.request.post("/api/arrivals/presence", { headers: { Origin: "https://evil.example" } });
  expect(cross.status()).toBe(403);
  expect((await cross.json()).error).toContain("did not come from this system's own pages");
  const none = await page.request.post("/api/arrivals/presence");
  expect(none.status()).toBe(403);
  // From the app's own origin it is accepted.
  const own = await page.request.post("/api/arrivals/presence", { headers: { Origin: new URL(page.url()).origin } });
  expect(own.status()).toBe(200);
});
