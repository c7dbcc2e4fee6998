"use client";

import Link from "next/link";
import type { FormState } from "@/lib/staff/form-state";
import { formatLondonDateTime } from "@/lib/time/london";
import { Button } from "@/components/ui/Button";

export interface Worklist {
  title: string;
  state: FormState;
}

/** After any reduction: the bookings caught in it, with the number to ring. Nothing was cancelled. */
export function AffectedWorklist({ worklist, onClose }: { worklist: Worklist; onClose: () => void }) {
  const rows = worklist.state.affected;
  const count = worklist.state.affectedCount ?? 0;
  return (
    <section aria-labelledby="worklist-title" className="mb-8 border-l-8 border-nhs-warm-yellow bg-white p-4">
      <h2 id="worklist-title">Bookings to review</h2>
      <p className="mb-2 font-bold">
        {worklist.title}: {count === 0 ? "none" : `${count} ${count === 1 ? "booking" : "bookings"}`}.
      </p>
      {count > 0 && <p className="mb-2">These bookings still stand: nothing was cancelled. Decide with the nurse in charge whether to contact each patient.</p>}
      {count > 0 && !rows && <p className="mb-2">ED clerks see who these patients are and how to contact them on this page.</p>}
      {rows && rows.length > 0 && (
        <table className="mb-3 w-full border-collapse text-left">
          <caption className="sr-only">Bookings to review</caption>
          <thead>
            <tr className="border-b-2 border-nhs-grey-3">
              <th scope="col" className="p-2">
                Arrival time
              </th>
              <th scope="col" className="p-2">
                Patient
              </th>
              <th scope="col" className="p-2">
                Phone
              </th>
              <th scope="col" className="p-2">
                Booked by
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.appointmentId} className="border-b border-nhs-grey-4">
                <td className="p-2 whitespace-nowrap">{formatLondonDateTime(new Date(r.start))}</td>
                <th scope="row" className="p-2 text-left">
                  <Link href={`/arrivals/${r.appointmentId}`}>{r.patientName}</Link>
                </th>
                <td className="p-2">
                  {r.phone ?? "No phone number given"}
                  {r.phoneIsContact ? <div className="text-sm">Contact: {r.contactName ?? "name not given"}</div> : null}
                </td>
                <td className="p-2">{r.bookedBy ?? "Not known"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Button type="button" variant="secondary" onClick={onClose}>
        Close this list
      </Button>
    </section>
  );
}
