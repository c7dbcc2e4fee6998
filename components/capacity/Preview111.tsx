"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { WhatOneOneOneSees } from "@/lib/capacity/preview-what-111-sees";
import { previewRows } from "@/lib/capacity/preview-rows";
import { formatLondonDate, formatLondonTime } from "@/lib/time/london";
import { Button } from "@/components/ui/Button";
import { Field } from "./fields";

const REFRESH_MS = 10_000;
const OTHER = "__other__";

interface Org {
  odsCode: string;
  name: string | null;
  blocked: boolean;
}

function when(iso: string): string {
  const d = new Date(iso);
  return `${formatLondonDate(d)}, ${formatLondonTime(d)}`;
}

/** "What 111 sees now": the slot search's own answer for one organisation, refreshed every 10 seconds. */
export function Preview111({ serviceId, organisations, initial }: { serviceId: string; organisations: Org[]; initial: WhatOneOneOneSees }) {
  const [choice, setChoice] = useState(initial.odsCode ?? OTHER);
  const [typed, setTyped] = useState("");
  const [ods, setOds] = useState(initial.odsCode ?? "");
  const [error, setError] = useState<string | null>(null);
  const { data, isError } = useQuery({
    queryKey: ["capacity", "preview", serviceId, ods],
    queryFn: async (): Promise<WhatOneOneOneSees> => {
      const res = await fetch(`/api/capacity/preview?service=${encodeURIComponent(serviceId)}&ods=${encodeURIComponent(ods)}`, { cache: "no-store" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await res.json()).preview;
    },
    initialData: ods === (initial.odsCode ?? "") ? initial : undefined,
    refetchInterval: REFRESH_MS,
  });

  function show(e: React.FormEvent) {
    e.preventDefault();
    const code = (choice === OTHER ? typed : choice).trim().toUpperCase();
    if (!/^[A-Z0-9]{3,6}$/.test(code)) {
      setError(code ? "ODS code must be 3 to 6 letters or numbers, like NR3" : "Enter the organisation's ODS code");
      return;
    }
    setError(null);
    setOds(code);
  }

  const who = data ? (data.organisationName ? `${data.organisationName} (${data.odsCode})` : (data.odsCode ?? "An organisation with no ODS code")) : ods;
  return (
    <section aria-labelledby="preview-title" className="mb-8">
      <h2 id="preview-title">What 111 sees now</h2>
      <p className="mb-3">
        Exactly the arrival times the 111 slot search offers one organisation for this service over the next 24 hours, and the times it does not offer, with the
        reason. Per-organisation limits make this differ between organisations.
      </p>
      <form onSubmit={show} noValidate className="mb-4 flex flex-wrap items-end gap-4 bg-white p-3">
        <div className="mb-3">
          <label htmlFor="preview-org" className="block font-bold">
            Organisation
          </label>
          <select id="preview-org" value={choice} onChange={(e) => setChoice(e.target.value)} className="block border-2 border-nhs-black bg-white px-2 py-1">
            {organisations.map((o) => (
              <option key={o.odsCode} value={o.odsCode}>
                {o.name ? `${o.name} (${o.odsCode})` : o.odsCode}
              </option>
            ))}
            <option value={OTHER}>Another organisation (type its ODS code)</option>
          </select>
        </div>
        {choice === OTHER && (
          <Field prefix="preview" name="ods" label="ODS code" hint="Like NR3" value={typed} onChange={(e) => setTyped(e.target.value)} error={error ?? undefined} inputClassName="w-28" />
        )}
        <Button type="submit" variant="secondary" className="mb-3">
          Show what they see
        </Button>
      </form>
      {!data ? (
        <p role="status">{isError ? "Could not load what 111 sees. Try again." : "Loading what 111 sees…"}</p>
      ) : (
        <PreviewResult data={data} who={who} />
      )}
    </section>
  );
}

function PreviewResult({ data, who }: { data: WhatOneOneOneSees; who: string }) {
  if (!data.dosId) return <p className="font-bold">This service has no Directory of Services ID, so 111 cannot find it or book it.</p>;
  // One row per time, in one list only: a half-booked time is offered (with its free places), not also "not offered".
  const { offered, withheld } = previewRows(data);
  return (
    <div>
      {data.organisationBlocked && (
        <p className="mb-2 border-l-8 border-nhs-red bg-white p-2 font-bold">This organisation is blocked: its requests are refused whatever this list shows.</p>
      )}
      <p role="status" className="mb-2 text-lg font-bold">
        {who} can book {data.offered.length} {data.offered.length === 1 ? "place" : "places"} in the next 24 hours (Directory of Services ID {data.dosId}).
      </p>
      <div className="grid gap-6 md:grid-cols-2">
        <div>
          <h3>Offered</h3>
          {offered.length === 0 ? (
            <p>None.</p>
          ) : (
            <ul aria-label={`Times offered to ${who}`} tabIndex={0} className="max-h-96 list-none overflow-y-auto border border-nhs-grey-3 bg-white p-2">
              {offered.map((row) => (
                <li key={row.id}>
                  {when(row.start)}
                  {row.places > 1 ? (row.free === row.places ? ` (${row.free} places)` : ` (${row.free} of ${row.places} places free)`) : ""}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>Not offered, and why</h3>
          {withheld.length === 0 ? (
            <p>None.</p>
          ) : (
            <div role="region" aria-label={`Times not offered to ${who}`} tabIndex={0} className="max-h-96 overflow-y-auto border border-nhs-grey-3 bg-white">
              <table className="w-full border-collapse text-left">
                <caption className="sr-only">Times not offered to {who}, and why</caption>
                <thead>
                  <tr className="border-b border-nhs-grey-3">
                    <th scope="col" className="p-1">
                      Time
                    </th>
                    <th scope="col" className="p-1">
                      Why not
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {withheld.map((item) => (
                    <tr key={item.id} className="border-b border-nhs-grey-4 align-top">
                      <th scope="row" className="p-1 text-left font-normal">
                        {when(item.start)}
                        {item.count > 1 ? ` (${item.count} places)` : ""}
                      </th>
                      <td className="p-1">
                        {item.reason}
                        {item.otherReasons.length ? <div className="text-sm">Also: {item.otherReasons.join("; ")}</div> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
