"use client";

import { useEffect, useState } from "react";

/**
 * The current time, re-read every `everyMs`, so staleness warnings appear without a reload. `initial` is the server's
 * time the data was read at: the first render then agrees between the server and the browser whatever either clock says.
 */
export function useNow(everyMs = 5_000, initial?: number): number {
  const [now, setNow] = useState(() => initial ?? Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
