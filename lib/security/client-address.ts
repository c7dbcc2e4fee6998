/**
 * The address of the person at the other end, for the audit trail and sign-in limits. X-Forwarded-For is a list
 * anyone can start: each proxy appends the address it saw, so only the entries added by our own proxies can be
 * believed. TRUSTED_PROXY_HOPS says how many proxies stand in front of the app (the reference deployment: 1, the TLS
 * terminator; 2 with a separate load balancer). With none configured the header is not believed at all.
 */
export function trustedProxyHops(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.TRUSTED_PROXY_HOPS ?? 0);
  return Number.isInteger(n) && n > 0 && n < 10 ? n : 0;
}

export function clientAddress(forwardedFor: string | null | undefined, hops = trustedProxyHops()): string | undefined {
  if (hops === 0 || !forwardedFor) return undefined;
  const entries = forwardedFor
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  // The right-most `hops` entries were written by our proxies; the one the outermost of them saw is the client.
  const seen = entries[entries.length - hops];
  return seen && /^[0-9a-fA-F:.[\]]{2,64}$/.test(seen) ? seen : undefined;
}
