"use client";

import { useEffect, useState } from "react";

/** The current time, re-read every `everyMs`, so staleness warnings appear without a reload. */
export function useNow(everyMs = 5_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
