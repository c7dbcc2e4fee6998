"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ageOn, describeNhsNumber, formatBirthDate, GENDER_LABEL } from "@/lib/format";
import { formatLondonTime } from "@/lib/time/london";
import type { ArrivalRow } from "@/lib/arrivals/list-expected-arrivals";
import { useNow } from "@/components/ui/useNow";

interface ArrivalsData {
  date: string;
  fetchedAt: string;
  rows: ArrivalRow[];
}

const REFRESH_MS = 10_000;
const STALE_AFTER_MS = 60_000;

const STATUS_LABEL: Record<string, string> = { booked: "Booked", cancelled: "Cancelled", "entered-in-error": "Entered in error" };
const ED_STATUS_LABEL: Record<string, string> = { expected: "Expected", arrived: "Arrived", "did-not-attend": "Did not attend" };

/** The expected-arrivals list, refreshed every 10 seconds, with a visible "last updated" time. */
export function ArrivalsTable({ initial }: { initial: ArrivalsData }) {
  const { data, isError, dataUpdatedAt } = useQuery({
    queryKey: ["arrivals", initial.date],
    queryFn: async (): Promise<ArrivalsData> => {
      const res = await fetch(`/api/arrivals?date=${initial.date}`, { cache: "no-store" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.json();
    },
    initialData: initial,
    initialDataUpdatedAt: Date.parse(initial.fetchedAt),
    refetchInterval: REFRESH_MS,
  });
  const updated = new Date(dataUpdatedAt);
  const now = useNow();
  const stale = isError || now - updated.getTime() > STALE_AFTER_MS;
  return (
    <div>
      <p role="status" className={`mb-3 ${stale ? "border-l-8 border-nhs-red bg-white p-2 font-bold" : "text-nhs-grey-1"}`}>
        {stale ? "Warning: this list may be out of date. " : ""}Last updated {formatLondonTime(updated)}
      </p>
      {data.rows.length === 0 ? (
        <p>No bookings for this day yet.</p>
      ) : (
        <table className="w-full border-collapse bg-white text-left">
          <caption className="sr-only">Bookings for {data.date}, in arrival time order</caption>
          <thead>
            <tr className="border-b-2 border-nhs-grey-3">
              <th scope="col" className="p-2">Arrival time</th>
              <th scope="col" className="p-2">Patient</th>
              <th scope="col" className="p-2">Reason</th>
              <th scope="col" className="p-2">Service</th>
              <th scope="col" className="p-2">Booked by</th>
              <th scope="col" className="p-2">Status</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => {
              const nhs = describeNhsNumber(r.patient.nhsNumber, r.patient.nhsNumberStatus);
              const age = ageOn(r.patient.birthDate, data.date);
              return (
                <tr key={r.id} className={`border-b border-nhs-grey-4 align-top ${r.status === "cancelled" ? "text-nhs-grey-1 line-through decoration-1" : ""}`}>
                  <td className="p-2 font-bold whitespace-nowrap">
                    {formatLondonTime(new Date(r.start))}
                  </td>
                  <td className="p-2">
                    <Link href={`/arrivals/${r.id}`} className="font-bold">
                      {r.patient.name}
                    </Link>
                    <div className="text-sm">
                      Born {formatBirthDate(r.patient.birthDate)}
                      {age !== null ? ` (${age})` : ""} · {GENDER_LABEL[r.patient.gender] ?? r.patient.gender}
                    </div>
                    <div className="text-sm">
                      NHS number {nhs.text} <span className={nhs.verified ? "" : "font-bold"}>({nhs.note})</span>
                    </div>
                  </td>
                  <td className="p-2">{r.description}</td>
                  <td className="p-2">
                    {r.serviceName}
                    <div className="text-sm text-nhs-grey-1">{r.siteName}</div>
                  </td>
                  <td className="p-2">{r.bookingOrg ?? "Not known"}</td>
                  <td className="p-2">
                    {STATUS_LABEL[r.status] ?? r.status}
                    {r.status === "booked" && <div className="text-sm">{ED_STATUS_LABEL[r.edStatus] ?? r.edStatus}</div>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
