import { expect, type Page } from "@playwright/test";
import { createHmac } from "node:crypto";

export const DEMO_PASSWORD = "Demo-Password-2026";
/** The demo administrator's published TOTP secret (lib/seed/staff.ts, README). */
export const DEMO_ADMIN_TOTP_SECRET = "DEMOADMINTOTPSECRETFORTHEEDDEMO2";
/** The e2e server runs with NHS CIS2 configured, so password sign-ins by non-administrators are break-glass. */
export const BREAK_GLASS_REASON = "End-to-end test: smartcard reader not available";

function base32(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text) {
    value = ((value << 5) | alphabet.indexOf(ch)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 code for a 30-second step (written again here so the test does not trust the code under test). */
export function totpAt(secret: string, step: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32(secret)).update(msg).digest();
  const o = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[o] & 0x7f) << 24) | (mac[o + 1] << 16) | (mac[o + 2] << 8) | mac[o + 3];
  return String(bin % 1_000_000).padStart(6, "0");
}

// The server accepts each code once (and one step of drift): use each step at most once across the run.
let lastStepUsed = 0;
export async function unusedTotpStep(): Promise<number> {
  for (;;) {
    const now = Math.floor(Date.now() / 30_000);
    // The step after the current one is accepted too (one step of drift), which halves the waits.
    const step = Math.max(now, lastStepUsed + 1);
    if (step <= now + 1) {
      lastStepUsed = step;
      return step;
    }
    await new Promise((r) => setTimeout(r, (now + 1) * 30_000 - Date.now() + 200));
  }
}

/** Signs in through the real sign-in page: gives a break-glass reason when asked, and the admin's TOTP code. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("User name").fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  const reason = page.getByLabel("Why are you not using NHS Care Identity?");
  if (username !== "admin" && (await reason.count()) > 0) await reason.fill(BREAK_GLASS_REASON);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  if (username === "admin" && password === DEMO_PASSWORD) {
    const code = page.getByLabel("Security code");
    await expect(code).toBeVisible();
    for (let attempt = 0; attempt < 3; attempt++) {
      await code.fill(totpAt(DEMO_ADMIN_TOTP_SECRET, await unusedTotpStep()));
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      const reused = page.getByRole("alert").filter({ hasText: "already been used" });
      const done = await Promise.race([
        page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 15_000 }).then(() => true),
        reused.waitFor({ timeout: 15_000 }).then(() => false),
      ]);
      if (done) return;
    }
    throw new Error("The admin's TOTP code kept being refused");
  }
}

export async function signOut(page: Page) {
  const heading = page.getByRole("heading", { name: "Sign in" });
  // A click that lands before the page is interactive does nothing: click again until the sign-in page shows.
  await expect(async () => {
    if (await heading.isVisible()) return;
    await page.getByRole("button", { name: "Sign out" }).click({ timeout: 2_000 });
    await expect(heading).toBeVisible({ timeout: 4_000 });
  }).toPass({ timeout: 20_000 });
}
