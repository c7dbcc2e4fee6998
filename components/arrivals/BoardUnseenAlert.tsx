"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import type { WatchStatusForPage } from "@/lib/arrivals/board-presence";
import { formatLondonDateTime, formatLondonTime, londonParts } from "@/lib/time/london";

/** "14:05", or with the date when it was not today. */
function seenAt(iso: string): string {
  const d = new Date(iso);
  return londonParts(d).date === londonParts(new Date()).date ? formatLondonTime(d) : formatLondonDateTime(d);
}

/** On every staff page: names each site whose arrivals board nobody has had open while 111 can still book there. */
export function BoardUnseenAlert({ initial, canOpenBoard }: { initial: WatchStatusForPage; canOpenBoard: boolean }) {
  const { data } = useQuery({
    queryKey: ["board-watch"],
    queryFn: async (): Promise<WatchStatusForPage> => {
      const res = await fetch("/api/board-watch", { cache: "no-store" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.json();
    },
    initialData: initial,
    refetchInterval: 30_000,
  });
  if (!data.unseen) return null;
  return (
    <div role="alert" className="border-b-8 border-nhs-red bg-white">
      <div className="mx-auto max-w-7xl px-4 py-3">
        <p className="font-bold">New 111 bookings may be going unseen. Nobody has had the expected-arrivals board open for more than {data.minutes} minutes for:</p>
        <ul className="list-disc pl-6">
          {data.sites.map((s) => (
            <li key={s.siteName}>
              {s.siteName}
              {s.lastSeenAt ? ` (last seen ${seenAt(s.lastSeenAt)})` : " (not opened since watching started)"}
              {s.suspended ? ". New bookings there are suspended until someone opens its board." : ""}
            </li>
          ))}
        </ul>
        <p>{canOpenBoard ? <Link href="/arrivals">Open the expected-arrivals board and choose the site</Link> : "Ask a clinician or clerk at that site to open the expected-arrivals board."}</p>
      </div>
    </div>
  );
}
