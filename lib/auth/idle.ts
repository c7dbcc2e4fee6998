/**
 * Idle sign-out on shared ED computers. The session token carries `la`, the last activity (seconds since the epoch),
 * renewed by the route gate (proxy.ts) on a page visit, a server action or POST /api/session/activity, never by the
 * screens' background polling. A token without it counts as idle.
 */
export function isIdle(lastActivitySeconds: unknown, minutes: number, nowMs = Date.now()): boolean {
  if (typeof lastActivitySeconds !== "number" || !Number.isFinite(lastActivitySeconds)) return true;
  return nowMs / 1000 - lastActivitySeconds > minutes * 60;
}

export function idleMessage(minutes: number): string {
  return `You were signed out after ${minutes} minute${minutes === 1 ? "" : "s"} without activity. Sign in again to continue.`;
}

/** Requests that count as someone using the app (not a screen refreshing itself). */
export function isActivity(method: string, pathname: string, h: { get(name: string): string | null }): boolean {
  if (pathname === "/api/session/activity") return method === "POST";
  if (pathname.startsWith("/api/")) return false;
  if (h.get("next-router-prefetch") || h.get("purpose") === "prefetch" || h.get("sec-purpose")?.includes("prefetch")) return false;
  if (h.get("next-action")) return true;
  return method === "GET";
}
