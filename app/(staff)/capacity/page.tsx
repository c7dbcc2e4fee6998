import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/guard";
import { serviceOverview } from "@/lib/capacity/service-overview";
import { formatLondonDate, formatLondonTime, londonToday } from "@/lib/time/london";
import { Notice } from "@/components/ui/Notice";

export const metadata: Metadata = { title: "Capacity" };
export const dynamic = "force-dynamic";

export default async function CapacityPage() {
  await requirePageRole(["clerk", "admin"]);
  const date = londonToday();
  const services = await serviceOverview(date);
  return (
    <>
      <h1>Capacity</h1>
      <p className="mb-4 text-lg">{formatLondonDate(date)}</p>
      <Notice title="A slot is an arrival time, not an appointment">
        NHS 111 books patients into these times. Booked patients are still triaged on arrival and seen in order of clinical need.
      </Notice>
      <table className="w-full border-collapse bg-white text-left">
        <caption className="sr-only">Arrival slots today by service</caption>
        <thead>
          <tr className="border-b-2 border-nhs-grey-3">
            <th scope="col" className="p-2">Service</th>
            <th scope="col" className="p-2">Directory of Services ID</th>
            <th scope="col" className="p-2 text-right">Free today</th>
            <th scope="col" className="p-2 text-right">Booked today</th>
            <th scope="col" className="p-2 text-right">Blocked today</th>
            <th scope="col" className="p-2">Next free slot</th>
          </tr>
        </thead>
        <tbody>
          {services.map((s) => (
            <tr key={s.id} className="border-b border-nhs-grey-4">
              <th scope="row" className="p-2 text-left">
                {s.name}
                <div className="text-sm font-normal text-nhs-grey-1">{s.siteName}</div>
              </th>
              <td className="p-2">{s.dosIds.join(", ")}</td>
              <td className="p-2 text-right">{s.free}</td>
              <td className="p-2 text-right">{s.booked}</td>
              <td className="p-2 text-right">{s.blocked}</td>
              <td className="p-2">{s.nextFree ? formatLondonTime(s.nextFree) : "None"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
