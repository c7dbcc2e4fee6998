"use client";

import { usePathname } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/Button";

const WARN_BEFORE_MS = 2 * 60_000;
const TICK_MS = 5_000;
const REPORT_EVERY_MS = 60_000;
const IDLE_LOGIN = "/login?reason=idle";

/**
 * Idle sign-out on shared ED computers, the screen's half (the server's half is in proxy.ts and lib/auth/guard.ts):
 * typing, clicking or touching is reported to the server at most once a minute; two minutes before the session would
 * end, a warning offers "Stay signed in"; at the end the page goes to the sign-in page. Times are kept relative to the
 * server's answers, so a wrong clock on the computer does not matter. Screens refreshing themselves never count.
 */
export function IdleWarning({ idleMinutes, idleForSeconds }: { idleMinutes: number; idleForSeconds: number }) {
  const idleMs = idleMinutes * 60_000;
  const pathname = usePathname();
  const lastServerActivity = useRef(0);
  const lastInteraction = useRef(0);
  const lastReport = useRef(0);
  const busy = useRef(false);
  const [warning, setWarning] = useState<number | null>(null);
  const warningRef = useRef<number | null>(null);

  useEffect(() => {
    // This page was just loaded: the server counted that as activity unless it had done so in the last minute.
    const now = Date.now();
    lastServerActivity.current = now - (idleForSeconds < 60 ? idleForSeconds * 1000 : 0);
    lastReport.current = now;
    lastInteraction.current = now;
    // Says the idle watch is running (tests wait for it before moving the clock on: a page still hydrating would
    // otherwise start counting from the moved clock).
    document.documentElement.dataset.idleWatch = "on";
  }, [idleForSeconds]);

  const goToSignIn = useCallback((why: "idle" | "signed-out" = "idle") => {
    // A full page load, not a client navigation: nothing from the patient screens stays in the page's memory.
    window.location.assign(why === "idle" ? IDLE_LOGIN : "/login");
  }, []);

  /** A 401: idle (the server says so) or signed out some other way (another tab, an account change). */
  const refused = useCallback(
    async (res: Response) => {
      const body = (await res.json().catch(() => ({}))) as { signedOut?: string };
      goToSignIn(body.signedOut === "idle" ? "idle" : "signed-out");
    },
    [goToSignIn],
  );

  const report = useCallback(async (): Promise<boolean> => {
    const sent = Date.now();
    const res = await fetch("/api/session/activity", { method: "POST", cache: "no-store" }).catch(() => null);
    if (res?.status === 401) {
      await refused(res);
      return false;
    }
    if (!res?.ok) return false;
    lastServerActivity.current = sent;
    lastReport.current = sent;
    return true;
  }, [refused]);

  /** Asks the server how long the session has been idle (another tab may have kept it going). */
  const sync = useCallback(async () => {
    const asked = Date.now();
    const res = await fetch("/api/session/activity", { cache: "no-store" }).catch(() => null);
    if (res?.status === 401) {
      await refused(res);
      return;
    }
    if (!res?.ok) return;
    const body = (await res.json()) as { idleForSeconds?: number };
    if (typeof body.idleForSeconds === "number") lastServerActivity.current = Math.max(lastServerActivity.current, asked - body.idleForSeconds * 1000);
  }, [refused]);

  // A client-side navigation is a page request the server counts. Not the first render: that page load was counted
  // by the server already (reporting it again could land a millisecond after the load and count as new activity).
  const shownPath = useRef(pathname);
  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    lastInteraction.current = Date.now();
  }, [pathname]);

  useEffect(() => {
    const onInput = () => {
      if (warningRef.current === null) lastInteraction.current = Date.now();
    };
    const events = ["keydown", "pointerdown", "touchstart", "wheel"] as const;
    for (const e of events) window.addEventListener(e, onInput, { passive: true });
    const timer = setInterval(async () => {
      if (busy.current) return;
      busy.current = true;
      try {
        const now = Date.now();
        if (warningRef.current === null && lastInteraction.current > lastReport.current && now - lastReport.current >= REPORT_EVERY_MS) await report();
        let remaining = lastServerActivity.current + idleMs - Date.now();
        if (remaining <= WARN_BEFORE_MS) {
          await sync();
          remaining = lastServerActivity.current + idleMs - Date.now();
        }
        if (remaining <= 0) goToSignIn("idle");
        else if (remaining <= WARN_BEFORE_MS) {
          const minutes = Math.max(1, Math.ceil(remaining / 60_000));
          warningRef.current = minutes;
          setWarning(minutes);
        } else if (warningRef.current !== null) {
          warningRef.current = null;
          setWarning(null);
        }
      } finally {
        busy.current = false;
      }
    }, TICK_MS);
    return () => {
      clearInterval(timer);
      for (const e of events) window.removeEventListener(e, onInput);
    };
  }, [idleMs, report, sync, goToSignIn]);

  // Move focus to the warning when it appears, so a keyboard or screen-reader user meets it at once.
  const shown = warning !== null;
  useEffect(() => {
    if (shown) document.getElementById("stay-signed-in")?.focus();
  }, [shown]);

  async function staySignedIn() {
    if (await report()) {
      warningRef.current = null;
      setWarning(null);
      lastInteraction.current = Date.now();
    }
  }

  if (warning === null) return null;
  return (
    <div role="alertdialog" aria-labelledby="idle-title" aria-describedby="idle-text" className="fixed inset-x-0 top-0 z-50 border-b-8 border-nhs-warm-yellow bg-nhs-pale-yellow shadow-lg">
      <div className="mx-auto max-w-7xl px-4 py-4">
        <h2 id="idle-title" className="text-xl">
          You are about to be signed out
        </h2>
        <p id="idle-text" className="mb-3">
          Nobody has used this screen for a while. To protect patient information you will be signed out in {warning === 1 ? "less than 2 minutes" : `${warning} minutes`}.
        </p>
        <Button id="stay-signed-in" type="button" onClick={staySignedIn}>
          Stay signed in
        </Button>
      </div>
    </div>
  );
}
