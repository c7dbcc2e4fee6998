import { timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import type { EdgeTrustConfig } from "../../config/deployment";

/**
 * Is this request one the TLS terminator in front of us vouches for? Callers reach the FHIR and ITK doors only
 * through the Spine Secure Proxy (mutual TLS). The terminator verifies the proxy's client certificate (or its
 * address) and says so in a header, plus a shared secret proving the request really passed through it.
 */
export function edgeTrustProblem(headers: Headers, edge: EdgeTrustConfig): string | null {
  if (edge.mode === "off") return null;
  if (edge.sharedSecret && !equalSecret(headers.get("x-edge-secret") ?? "", edge.sharedSecret)) {
    return "The request did not come through the trusted edge";
  }
  if (edge.mode === "client-cert") {
    const v = headers.get(edge.verifyHeader);
    return v === edge.verifyValue ? null : "The caller's client certificate was not verified";
  }
  const address = (headers.get(edge.addressHeader) ?? "").split(",")[0].trim();
  return addressAllowed(address, edge.allowedAddresses) ? null : "The caller's address is not an allowed proxy address";
}

function equalSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function ipv4ToInt(ip: string): number {
  return ip.split(".").reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;
}

/** Exact addresses and IPv4 CIDR ranges ("10.0.0.0/8"). */
export function addressAllowed(address: string, allowed: string[]): boolean {
  const ip = address.replace(/^::ffff:/, "");
  if (!isIP(ip)) return false;
  for (const entry of allowed) {
    if (entry === ip) return true;
    const [range, bits] = entry.split("/");
    if (bits !== undefined && isIP(range) === 4 && isIP(ip) === 4) {
      const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
      if ((ipv4ToInt(range) & mask) === (ipv4ToInt(ip) & mask)) return true;
    }
  }
  return false;
}
