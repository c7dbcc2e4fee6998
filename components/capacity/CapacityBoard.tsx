"use client";

import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { CapacityDayView } from "@/lib/capacity/capacity-day-view";
import type { ServiceSummary } from "@/lib/capacity/capacity-summary";
import type { WhatOneOneOneSees } from "@/lib/capacity/preview-what-111-sees";
import type { FormState } from "@/lib/staff/form-state";
import { formatLondonTime } from "@/lib/time/london";
import { useNow } from "@/components/ui/useNow";
import { BoardProvider, type BoardContext } from "./board";
import { SurgeSwitch } from "./SurgeSwitch";
import { EarliestSummary } from "./EarliestSummary";
import { AffectedWorklist, type Worklist } from "./AffectedWorklist";
import { DayGrid } from "./DayGrid";
import { Preview111 } from "./Preview111";
import { LimitsForms } from "./LimitsForms";

export interface CapacityData {
  fetchedAt: string;
  view: CapacityDayView;
  summary: ServiceSummary[];
}

const REFRESH_MS = 10_000;
const STALE_AFTER_MS = 60_000;

/** The clerk's capacity page for one service and day. Changes by other clerks appear within 10 seconds. */
export function CapacityBoard({
  initial,
  initialPreview,
  organisations,
  isClerk,
}: {
  initial: CapacityData;
  initialPreview: WhatOneOneOneSees;
  organisations: { odsCode: string; name: string | null; blocked: boolean }[];
  isClerk: boolean;
}) {
  const serviceId = initial.view.service.id;
  const date = initial.view.date;
  const { data, isError, dataUpdatedAt } = useQuery({
    queryKey: ["capacity", "day", serviceId, date],
    queryFn: async (): Promise<CapacityData> => {
      const res = await fetch(`/api/capacity/day?service=${encodeURIComponent(serviceId)}&date=${date}`, { cache: "no-store" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.json();
    },
    initialData: initial,
    initialDataUpdatedAt: Date.parse(initial.fetchedAt),
    refetchInterval: REFRESH_MS,
  });
  const [worklist, setWorklist] = useState<Worklist | null>(null);
  const reportAffected = useCallback((title: string, state: FormState) => setWorklist({ title, state }), []);
  const board: BoardContext = useMemo(
    () => ({ serviceId, serviceName: data.view.service.name, date, isClerk, reportAffected }),
    [serviceId, data.view.service.name, date, isClerk, reportAffected],
  );
  const now = useNow(5_000, Date.parse(initial.fetchedAt));
  const stale = isError || now - dataUpdatedAt > STALE_AFTER_MS;
  const { view } = data;
  return (
    <BoardProvider value={board}>
      <p role="status" className={`mb-4 ${stale ? "border-l-8 border-nhs-red bg-white p-2 font-bold" : "text-nhs-grey-1"}`}>
        {stale ? "Warning: this page may be out of date. " : ""}Last updated {formatLondonTime(new Date(dataUpdatedAt))}
      </p>
      <SurgeSwitch suspensions={view.suspensions} />
      {worklist && <AffectedWorklist worklist={worklist} onClose={() => setWorklist(null)} />}
      <EarliestSummary summary={data.summary} currentId={serviceId} date={date} now={now} />
      <DayGrid view={view} now={now} />
      <Preview111 serviceId={serviceId} organisations={organisations} initial={initialPreview} />
      <LimitsForms view={view} />
      <p>
        <Link href={`/capacity/rules?service=${serviceId}`}>Change weekly rules and one-off dates for {view.service.name}</Link>
      </p>
    </BoardProvider>
  );
}
