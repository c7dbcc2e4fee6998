import { describe, expect, it } from "vitest";
import { clientAddress, trustedProxyHops } from "./client-address";

describe("clientAddress: believe only what our own proxies wrote", () => {
  it("ignores X-Forwarded-For entirely when no proxy is configured (anyone can send it)", () => {
    expect(clientAddress("203.0.113.9", 0)).toBeUndefined();
  });

  it("takes the address the outermost trusted proxy saw, not the left-most the client claimed", () => {
    // The client sent "X-Forwarded-For: 10.0.0.1"; our one proxy appended the address it really saw.
    expect(clientAddress("10.0.0.1, 198.51.100.7", 1)).toBe("198.51.100.7");
    // A TLS terminator and a balancer: the terminator's entry is second from the right.
    expect(clientAddress("10.0.0.1, 198.51.100.7, 192.0.2.10", 2)).toBe("198.51.100.7");
  });

  it("gives nothing when the list is shorter than the proxies in front, or holds something that is not an address", () => {
    expect(clientAddress("198.51.100.7", 2)).toBeUndefined();
    expect(clientAddress("<script>, x", 1)).toBeUndefined();
    expect(clientAddress(null, 1)).toBeUndefined();
  });

  it("reads TRUSTED_PROXY_HOPS, defaulting to none", () => {
    expect(trustedProxyHops({})).toBe(0);
    expect(trustedProxyHops({ TRUSTED_PROXY_HOPS: "2" })).toBe(2);
    expect(trustedProxyHops({ TRUSTED_PROXY_HOPS: "lots" })).toBe(0);
  });
});
