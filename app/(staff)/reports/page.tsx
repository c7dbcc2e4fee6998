import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/guard";
import { reportFilterOptions, type Report, type ReportRow } from "@/lib/reports/provider-reports";
import { ALL_REPORT_IDS, runEveryReport } from "@/lib/reports/report-registry";
import { parseReportFilter, type ReportFilter } from "@/lib/reports/report-filter";
import { addDays, formatLondonDate, londonToday } from "@/lib/time/london";
import { ErrorSummary } from "@/components/ui/ErrorSummary";
import { ReportChart } from "@/components/reports/ReportChart";
import { now as clockNow } from "@/lib/time/clock";

export const metadata: Metadata = { title: "Reports" };
export const dynamic = "force-dynamic";

const SELECT = "w-full border-2 border-nhs-black bg-white px-2 py-1";

/** "Sat 28 Mar" for chart axes (the table gives the full date). */
function shortDate(date: string): string {
  return formatLondonDate(date).split(" ").slice(0, 3).join(" ");
}

/** Short axis labels: "14:00" for an hour row, a shortened label for a reason, "Sat 28 Mar" for a day. */
function chartLabel(r: ReportRow): string {
  if (/^\d\d$/.test(r.date)) return `${r.date}:00`;
  if (r.label) return r.label.length > 24 ? `${r.label.slice(0, 23)}…` : r.label;
  return shortDate(r.date);
}

function display(v: number | null, percent: boolean): string {
  if (v === null) return "–";
  return percent ? `${v.toFixed(1)}%` : v.toLocaleString("en-GB");
}

function ReportSection({ report, query, filter }: { report: Report; query: string; filter: ReportFilter }) {
  const counts = report.columns.filter((c) => !c.percentOf);
  // The first count is the whole; the chart shows the parts (or the whole when there is nothing to split).
  const series = report.chartKeys
    ? counts.filter((c) => report.chartKeys!.includes(c.key)).map((c) => ({ key: c.key, label: c.label }))
    : (counts.length > 2 ? counts.slice(1) : counts).filter((c) => c.key !== "withdrawn").map((c) => ({ key: c.key, label: c.label }));
  const data = report.rows.map((r) => ({ label: chartLabel(r), ...Object.fromEntries(series.map((s) => [s.key, r.values[s.key] ?? 0])) }));
  const headingId = `${report.id}-heading`;
  const per = report.rowHeading ? report.rowHeading.toLowerCase() : "day";
  return (
    <section aria-labelledby={headingId} className="mb-10" data-report={report.id}>
      <h2 id={headingId}>{report.title}</h2>
      <p className="mb-2">
        {report.description} <span className="text-nhs-grey-1">({report.id.toUpperCase()})</span>
      </p>
      {report.help && <p className="mb-2 text-nhs-grey-1">{report.help}</p>}
      {report.notes.map((n) => (
        <p key={n} className="mb-2 border-l-4 border-nhs-blue bg-white p-2">
          {n}
        </p>
      ))}
      {report.summary && (
        <dl className="mb-2 bg-white p-2" data-testid={`summary-${report.id}`}>
          {report.summary.map((x) => (
            <div key={x.label} className="flex gap-2">
              <dt className="font-bold">{x.label}:</dt>
              <dd>{x.value === null ? "no bookings" : `${x.value.toLocaleString("en-GB")} ${x.unit ?? ""}`}</dd>
            </div>
          ))}
        </dl>
      )}
      <ReportChart id={report.id} title={report.title} data={data} series={series} per={per} />
      <div className="overflow-x-auto">
        <table className="mt-4 w-full border-collapse bg-white text-left" data-testid={`table-${report.id}`}>
          <caption className="mb-2 text-left font-bold">{report.title}: figures per {per}</caption>
          <thead>
            <tr className="border-b-2 border-nhs-grey-3">
              <th scope="col" className="p-2">{report.rowHeading ?? "Date"}</th>
              {report.columns.map((c) => (
                <th key={c.key} scope="col" className="p-2 text-right">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...report.rows, report.total].map((r) => (
              <tr key={r.date} data-date={r.date} data-row={r.label ?? r.date} className={`border-b border-nhs-grey-4 ${r.date === "Total" ? "font-bold" : ""}`}>
                <th scope="row" className="p-2 text-left">
                  {r.date === "Total" ? "Total" : (r.label ?? formatLondonDate(r.date))}
                </th>
                {report.columns.map((c) => (
                  <td key={c.key} className="p-2 text-right" data-key={c.key}>
                    {display(r.values[c.key], Boolean(c.percentOf))}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-2">
        <a href={`/api/reports/${report.id}?${query}`} download className="font-bold text-nhs-blue underline">
          Download {report.title.toLowerCase()} as CSV<span className="sr-only"> ({formatDateRange(filter)})</span>
        </a>
        <span className="ml-2 text-sm text-nhs-grey-1">Counts from 1 to 4 are shown as &quot;&lt;5&quot; in downloads.</span>
      </p>
    </section>
  );
}

function formatDateRange(filter: ReportFilter): string {
  return `${formatLondonDate(filter.from)} to ${formatLondonDate(filter.to)}`;
}

export default async function ReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePageRole(["manager", "admin"]);
  const raw = await searchParams;
  const today = londonToday(clockNow());
  const asked = { from: raw.from || addDays(today, -6), to: raw.to || today, siteId: raw.siteId, serviceId: raw.serviceId, orgOds: raw.orgOds };
  const parsed = parseReportFilter(asked);
  const options = await reportFilterOptions();
  const filter: ReportFilter | null = parsed.success ? parsed.data : null;
  const reports = filter ? await runEveryReport(filter) : [];
  const query = filter ? new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString() : "";
  return (
    <>
      <h1>Reports</h1>
      <p className="mb-4">
        The booking standard&apos;s provider reports per day (UK time), then reports for running the service: arrivals, lead times, 111&apos;s
        deadlines, unmet demand, suspensions, refused bookings and when bookings are made. Counts only: no patient details are shown here or in downloads.
      </p>
      {!parsed.success && <ErrorSummary errors={parsed.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message }))} />}
      <form method="get" className="mb-6 grid gap-3 bg-white p-4 md:grid-cols-3" aria-label="Choose the dates and filters">
        <div>
          <label htmlFor="from" className="block font-bold">From (inclusive)</label>
          <input id="from" name="from" type="date" defaultValue={asked.from} className={SELECT} />
        </div>
        <div>
          <label htmlFor="to" className="block font-bold">To (inclusive)</label>
          <input id="to" name="to" type="date" defaultValue={asked.to} className={SELECT} />
        </div>
        <div>
          <label htmlFor="siteId" className="block font-bold">Site</label>
          <select id="siteId" name="siteId" defaultValue={asked.siteId ?? ""} className={SELECT}>
            <option value="">All sites</option>
            {options.sites.map((s) => (
              <option key={s.id} value={s.id}>{s.name}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="serviceId" className="block font-bold">Service</label>
          <select id="serviceId" name="serviceId" defaultValue={asked.serviceId ?? ""} className={SELECT}>
            <option value="">All services</option>
            {options.services.map((s) => (
              <option key={s.id} value={s.id}>{s.name} ({s.siteName})</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="orgOds" className="block font-bold">Booking organisation (111)</label>
          <select id="orgOds" name="orgOds" defaultValue={asked.orgOds ?? ""} className={SELECT}>
            <option value="">All organisations</option>
            {options.organisations.map((o) => (
              <option key={o.odsCode} value={o.odsCode}>{o.name} ({o.odsCode})</option>
            ))}
          </select>
        </div>
        <div className="flex items-end gap-4">
          <button type="submit" className="rounded bg-nhs-green px-4 py-2 font-bold text-white shadow-[0_4px_0_#00401e]">
            Show reports
          </button>
          <a href="/reports" className="text-nhs-blue underline">Last 7 days</a>
        </div>
      </form>
      {filter && (
        <p className="mb-6 text-lg" data-testid="range">
          Showing {formatLondonDate(filter.from)} to {formatLondonDate(filter.to)}.
        </p>
      )}
      {filter && (
        <nav aria-label="Reports on this page" className="mb-6">
          <ul className="list-disc pl-6">
            {reports.map((r) => (
              <li key={r.id}><a href={`#${r.id}-heading`} className="text-nhs-blue underline">{r.title}</a></li>
            ))}
          </ul>
        </nav>
      )}
      {reports.map((r) => (
        <ReportSection key={r.id} report={r} query={query} filter={filter!} />
      ))}
      {filter && reports.length !== ALL_REPORT_IDS.length && <p>Some reports could not be shown.</p>}
    </>
  );
}
