import { describe, expect, it } from "vitest";
import { addressAllowed, edgeTrustProblem } from "./edge-trust";
import type { EdgeTrustConfig } from "../../config/deployment";

const base: EdgeTrustConfig = { mode: "client-cert", verifyHeader: "x-client-verify", verifyValue: "SUCCESS", addressHeader: "x-real-ip", allowedAddresses: [], sharedSecret: "s3cret" };

describe("edge trust", () => {
  it("is off in development", () => {
    expect(edgeTrustProblem(new Headers(), { ...base, mode: "off" })).toBeNull();
  });

  it("needs the terminator's secret and a verified client certificate", () => {
    expect(edgeTrustProblem(new Headers({ "x-edge-secret": "s3cret", "x-client-verify": "SUCCESS" }), base)).toBeNull();
    expect(edgeTrustProblem(new Headers({ "x-client-verify": "SUCCESS" }), base)).toMatch(/trusted edge/);
    expect(edgeTrustProblem(new Headers({ "x-edge-secret": "wrong!", "x-client-verify": "SUCCESS" }), base)).toMatch(/trusted edge/);
    expect(edgeTrustProblem(new Headers({ "x-edge-secret": "s3cret", "x-client-verify": "FAILED:unknown CA" }), base)).toMatch(/certificate/);
  });

  it("can allow proxy addresses instead, by exact address or IPv4 range", () => {
    const cfg: EdgeTrustConfig = { ...base, mode: "address-allowlist", allowedAddresses: ["10.20.0.0/16", "192.0.2.7"] };
    expect(edgeTrustProblem(new Headers({ "x-edge-secret": "s3cret", "x-real-ip": "10.20.3.4" }), cfg)).toBeNull();
    expect(edgeTrustProblem(new Headers({ "x-edge-secret": "s3cret", "x-real-ip": "10.21.3.4" }), cfg)).toMatch(/address/);
    expect(addressAllowed("::ffff:192.0.2.7", cfg.allowedAddresses)).toBe(true);
    expect(addressAllowed("not-an-ip", cfg.allowedAddresses)).toBe(false);
  });
});
