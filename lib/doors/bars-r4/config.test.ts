import { afterEach, describe, expect, it } from "vitest";
import { barsConfig, resetBarsConfigForTests } from "./config";

const appEnv = process.env.APP_ENV;

describe("BaRS door settings", () => {
  afterEach(() => {
    delete process.env.BARS_ACCEPT_REFERRALS;
    if (appEnv === undefined) delete process.env.APP_ENV;
    else process.env.APP_ENV = appEnv;
    resetBarsConfigForTests();
  });

  it("takes referrals by default, in production too now the ED's pages show them, and refuses them with BARS_ACCEPT_REFERRALS=false (HAZ-104)", () => {
    resetBarsConfigForTests();
    expect(barsConfig().acceptReferrals).toBe(true);
    process.env.APP_ENV = "production";
    resetBarsConfigForTests();
    expect(barsConfig().acceptReferrals).toBe(true);
    process.env.BARS_ACCEPT_REFERRALS = "false";
    resetBarsConfigForTests();
    expect(barsConfig().acceptReferrals).toBe(false);
    process.env.BARS_ACCEPT_REFERRALS = "true";
    resetBarsConfigForTests();
    expect(barsConfig().acceptReferrals).toBe(true);
  });
});
