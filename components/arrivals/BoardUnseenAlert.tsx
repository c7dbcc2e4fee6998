"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { formatLondonTime } from "@/lib/time/london";

interface WatchStatus {
  unseen: boolean;
  suspended: boolean;
  minutes: number;
  lastSeenAt: string | null;
}

/** On every staff page: says so when nobody has had the arrivals board open while 111 can still book. */
export function BoardUnseenAlert({ initial, canOpenBoard }: { initial: WatchStatus; canOpenBoard: boolean }) {
  const { data } = useQuery({
    queryKey: ["board-watch"],
    queryFn: async (): Promise<WatchStatus> => {
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
        <p className="font-bold">
          Nobody has had the expected-arrivals board open for more than {data.minutes} minutes
          {data.lastSeenAt ? ` (last seen ${formatLondonTime(new Date(data.lastSeenAt))})` : ""}. New 111 bookings may be going unseen.
        </p>
        <p>
          {data.suspended ? "New bookings have been suspended automatically until someone opens the board. " : ""}
          {canOpenBoard ? <Link href="/arrivals">Open the expected-arrivals board</Link> : "Ask a clinician or clerk to open the expected-arrivals board."}
        </p>
      </div>
    </div>
  );
}
