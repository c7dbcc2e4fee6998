import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/guard";
import { bookingsByService } from "@/lib/reports/bookings-by-service";
import { addDays, formatLondonDate, londonToday } from "@/lib/time/london";

export const metadata: Metadata = { title: "Reports" };
export const dynamic = "force-dynamic";

export default async function ReportsPage() {
  await requirePageRole(["manager", "admin"]);
  const to = londonToday();
  const from = addDays(to, -6);
  const rows = await bookingsByService(from, addDays(to, 1));
  return (
    <>
      <h1>Reports</h1>
      <p className="mb-4">
        Figures for {formatLondonDate(from)} to {formatLondonDate(addDays(to, 1))}. Counts only: no patient details are shown here.
      </p>
      <table className="w-full border-collapse bg-white text-left">
        <caption className="mb-2 text-left text-xl font-bold">Bookings and slots by service</caption>
        <thead>
          <tr className="border-b-2 border-nhs-grey-3">
            <th scope="col" className="p-2">Service</th>
            <th scope="col" className="p-2 text-right">Slots made available</th>
            <th scope="col" className="p-2 text-right">Bookings made</th>
            <th scope="col" className="p-2 text-right">Cancelled</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.serviceId} className="border-b border-nhs-grey-4">
              <th scope="row" className="p-2 text-left">
                {r.serviceName}
                <div className="text-sm font-normal text-nhs-grey-1">{r.siteName}</div>
              </th>
              <td className="p-2 text-right">{r.slotsPublished}</td>
              <td className="p-2 text-right">{r.booked}</td>
              <td className="p-2 text-right">{r.cancelled}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
