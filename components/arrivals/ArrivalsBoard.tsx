"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import type { BoardData, BoardRow, BoardStatus } from "@/lib/arrivals/load-board";
import { BOARD_STATUS_TEXT, comingNextText } from "@/lib/arrivals/board-text";
import { formatLondonTimeOn, londonToday } from "@/lib/time/london";
import { useNow } from "@/components/ui/useNow";
import { BoardTable } from "./BoardTable";

const REFRESH_MS = 10_000;
const STALE_AFTER_MS = 45_000;
const HEARTBEAT_MS = 30_000;

export interface BoardFilters {
  siteId: string;
  serviceId: string;
  status: "" | BoardStatus;
  search: string;
}

/** Digits only when the search looks like an NHS number, so "999 000 4005" and "9990004005" both find it. */
export function matchesSearch(r: BoardRow, search: string): boolean {
  const q = search.trim().toLowerCase();
  if (!q) return true;
  const digits = q.replace(/[\s-]/g, "");
  if (/^\d{3,}$/.test(digits)) return (r.patient.nhsNumber ?? "").includes(digits);
  return r.patient.name.toLowerCase().includes(q);
}

export function applyFilters(rows: BoardRow[], f: BoardFilters): BoardRow[] {
  return rows.filter((r) => (!f.siteId || r.siteId === f.siteId) && (!f.serviceId || r.serviceId === f.serviceId) && (!f.status || r.status === f.status) && matchesSearch(r, f.search));
}

/**
 * The expected-arrivals board. Refreshed every 10 seconds without a reload; bookings and cancellations a
 * person has not opened yet stay highlighted; "Last updated" is always visible and turns into a warning
 * when the list may be out of date. While it is on screen it tells the server it is being watched.
 */
export function ArrivalsBoard({ initial, query }: { initial: BoardData; query: string }) {
  const { data, isError, dataUpdatedAt } = useQuery({
    queryKey: ["arrivals", query],
    queryFn: async (): Promise<BoardData> => {
      const res = await fetch(`/api/arrivals?${query}`, { cache: "no-store" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.json();
    },
    initialData: initial,
    initialDataUpdatedAt: Date.parse(initial.fetchedAt),
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: true,
  });
  const [filters, setFilters] = useState<BoardFilters>({ siteId: "", serviceId: "", status: "", search: "" });
  useRememberedSite(data.services, (siteId) => setFilters((f) => ({ ...f, siteId })));
  const chooseSite = useBoardHeartbeat(filters.siteId);
  const rows = useMemo(() => applyFilters(data.rows, filters), [data.rows, filters]);
  const unseen = data.rows.filter((r) => r.unseen).length;
  const sites = useMemo(() => [...new Map(data.services.map((s) => [s.siteId, s.siteName])).entries()], [data.services]);
  const services = data.services.filter((s) => !filters.siteId || s.siteId === filters.siteId);
  const set = (patch: Partial<BoardFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const booked = data.rows.filter((r) => r.status === "booked").length;
  // The server's date when it read the list, so "today" is the ED's day whatever the browser's clock says.
  const today = londonToday(new Date(data.fetchedAt));

  return (
    <div>
      <LastUpdated updatedAt={dataUpdatedAt} failing={isError} unseen={unseen} today={today} />
      <BookingsSuspended suspended={data.bookingsSuspended ?? []} clerk={!data.seesClinical} />
      {chooseSite && (
        <div role="status" className="no-print mb-3 border-l-8 border-nhs-warm-yellow bg-white p-3">
          <p className="font-bold">Choose your site below so the ED knows this board is being watched.</p>
          <p>This board shows every site, so it does not count as watching any one of them. If nobody watches a site&apos;s board, staff are warned and new 111 bookings there may be suspended.</p>
        </div>
      )}
      <fieldset className="no-print mb-4 flex flex-wrap items-end gap-4 bg-white p-3">
        <legend className="sr-only">Filter the list</legend>
        <FilterSelect
          id="f-site"
          label="Site"
          value={filters.siteId}
          onChange={(v) => {
            rememberSite(v);
            set({ siteId: v, serviceId: "" });
          }} options={sites.map(([id, name]) => [id, name])} />
        <FilterSelect id="f-service" label="Service" value={filters.serviceId} onChange={(v) => set({ serviceId: v })} options={services.map((s) => [s.id, s.name])} />
        <FilterSelect id="f-status" label="Status" value={filters.status} onChange={(v) => set({ status: v as BoardFilters["status"] })} options={(Object.keys(BOARD_STATUS_TEXT) as BoardStatus[]).map((s) => [s, s === "did-not-attend" ? "Did not attend or was not brought" : BOARD_STATUS_TEXT[s]])} />
        <div>
          <label htmlFor="f-search" className="block font-bold">
            Name or NHS number
          </label>
          <input id="f-search" type="search" value={filters.search} onChange={(e) => set({ search: e.target.value })} className="border-2 border-nhs-black bg-white px-2 py-1" autoComplete="off" />
        </div>
        <p className="text-sm text-nhs-grey-1">
          Showing {rows.length} of {data.rows.length} ({booked} still expected)
        </p>
      </fieldset>
      {data.comingNext && (
        <div role="status" className="mb-3 border-l-8 border-nhs-blue bg-white p-3">
          <p className="font-bold">{comingNextText(data.comingNext, today)}</p>
          <p className="no-print">
            <Link href="/arrivals?hours=24">Show the next 24 hours</Link> to see today&apos;s and tomorrow&apos;s patients together, each under its own day.
          </p>
        </div>
      )}
      <BoardTable rows={rows} allRows={data.rows} seesClinical={data.seesClinical} today={today} includesToday={Date.parse(data.from) <= Date.parse(data.fetchedAt) && Date.parse(data.fetchedAt) < Date.parse(data.to)} />
    </div>
  );
}

/**
 * A clerk's surge suspension in force: 111 offers no arrival time at these services, so fewer bookings on the list
 * do not mean a quiet department, and 111 may still send patients with no arrival time. Not a live region: it is
 * there on every refresh, and a screen reader finds it as the board's first heading.
 */
function BookingsSuspended({ suspended, clerk }: { suspended: NonNullable<BoardData["bookingsSuspended"]>; clerk: boolean }) {
  if (suspended.length === 0) return null;
  return (
    <section aria-labelledby="bookings-suspended" className="mb-3 border-l-8 border-nhs-red bg-white p-3">
      <h2 id="bookings-suspended" className="mb-1 text-xl font-bold">
        111 cannot book arrival times now
      </h2>
      <ul className="mb-1 list-disc pl-6">
        {suspended.map((s) => (
          <li key={s.serviceId}>
            <span className="font-bold">{s.serviceName}</span>: bookings suspended {s.until}. Reason: {s.reason}
          </li>
        ))}
      </ul>
      <p>
        111 may still send patients here without an arrival time.{" "}
        {clerk ? <Link href="/capacity">Reopen bookings on the capacity page</Link> : "An ED clerk can reopen bookings on the capacity page"}.
      </p>
    </section>
  );
}

/** Re-reads the clock on its own, so the (large) table does not re-render every few seconds. */
function LastUpdated({ updatedAt, failing, unseen, today }: { updatedAt: number; failing: boolean; unseen: number; today: string }) {
  const now = useNow(5_000, updatedAt);
  const stale = failing || now - updatedAt > STALE_AFTER_MS;
  return (
    <div role="status" aria-live="polite" className={`mb-3 ${stale ? "border-l-8 border-nhs-red bg-white p-2 font-bold" : "text-nhs-grey-1"}`}>
      <p>
        {stale ? "Warning: this list may be out of date. Check your connection and reload the page. " : ""}Last updated {formatLondonTimeOn(new Date(updatedAt), today)}
      </p>
      <p className={unseen ? "font-bold text-nhs-black" : ""}>
        {unseen === 0 ? "You have opened every booking on this list." : `${unseen} ${unseen === 1 ? "booking is" : "bookings are"} new or changed and not yet opened by you.`}
      </p>
    </div>
  );
}

function FilterSelect({ id, label, value, onChange, options }: { id: string; label: string; value: string; onChange: (v: string) => void; options: [string, string][] }) {
  return (
    <div>
      <label htmlFor={id} className="block font-bold">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className="border-2 border-nhs-black bg-white px-2 py-1">
        <option value="">All</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

const SITE_KEY = "ed-arrivals-site";

/** The site chosen last time on this computer, so a screen on a department's wall stays on its own site. */
function useRememberedSite(services: BoardData["services"], choose: (siteId: string) => void) {
  const first = useRef({ services, choose });
  useEffect(() => {
    // After the first paint, so the server's page and the browser's first render agree.
    const t = setTimeout(() => {
      try {
        const saved = window.localStorage.getItem(SITE_KEY);
        if (saved && first.current.services.some((s) => s.siteId === saved)) first.current.choose(saved);
      } catch {
        // Storage may be switched off: the person chooses each time.
      }
    }, 0);
    return () => clearTimeout(t);
  }, []);
}

function rememberSite(siteId: string) {
  try {
    if (siteId) window.localStorage.setItem(SITE_KEY, siteId);
    else window.localStorage.removeItem(SITE_KEY);
  } catch {
    // as above
  }
}

/**
 * Tells the server the board is on screen for the site it is filtered to (not when the tab is hidden), about every
 * 30 seconds and whenever the site changes. Returns true when the server says the board counts for no site yet.
 */
function useBoardHeartbeat(siteId: string): boolean {
  const [chooseSite, setChooseSite] = useState(false);
  useEffect(() => {
    const beat = () => {
      if (document.visibilityState !== "visible") return;
      void fetch("/api/arrivals/presence", { method: "POST", cache: "no-store", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ siteId: siteId || null }) })
        .then(async (res) => (res.ok ? setChooseSite(Boolean(((await res.json()) as { chooseSite?: boolean }).chooseSite)) : undefined))
        .catch(() => {});
    };
    beat();
    const t = setInterval(beat, HEARTBEAT_MS);
    document.addEventListener("visibilitychange", beat);
    return () => {
      clearInterval(t);
      document.removeEventListener("visibilitychange", beat);
    };
  }, [siteId]);
  return chooseSite;
}
