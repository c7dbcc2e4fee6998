import { test as base } from "@playwright/test";
import { nowMs } from "../lib/time/clock";

export * from "@playwright/test";

/**
 * Every spec imports `test` from here. The browser's clock is set to the server's (both read ED_TEST_CLOCK from
 * playwright.config.ts, counted from the same ED_TEST_CLOCK_ORIGIN) and moves on in real time, so what a page works out
 * in the browser (staleness, "today", the suspension form) agrees with the server. A test can still fastForward it.
 */
export const test = base.extend<{ browserOnServerClock: void }>({
  browserOnServerClock: [
    async ({ context }, use) => {
      await context.clock.install({ time: nowMs() });
      await use();
    },
    { auto: true },
  ],
});
