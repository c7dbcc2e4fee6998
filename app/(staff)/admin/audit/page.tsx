import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/guard";
import { AUDIT_PAGE_SIZE, auditFilter, searchAudit } from "@/lib/audit/list-audit";
import { auditActionName } from "@/lib/audit/action-names";
import { formatLondonDateTime } from "@/lib/time/london";
import { ErrorSummary } from "@/components/ui/ErrorSummary";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

const FIELDS = [
  { id: "actor", label: "Member of staff (name contains)" },
  { id: "consumer", label: "111 organisation (ODS code) or system (ASID)" },
  { id: "nhsNumber", label: "Patient NHS number", hint: "10 digits. Shows everything recorded about this patient, including 111 systems' reads" },
  { id: "action", label: "Action starts with", hint: "For example booking, staff, fhir" },
  { id: "from", label: "From date", type: "date" },
  { id: "to", label: "To date", type: "date" },
] as const;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const staff = await requirePageRole(["admin"]);
  const raw = await searchParams;
  const parsed = auditFilter.safeParse(raw);
  // Pages of 500, newest first: one more is read to know whether there is an older page.
  const pageNo = /^[1-9]\d{0,5}$/.test(raw.page ?? "") ? Number(raw.page) : 1;
  const first = (pageNo - 1) * AUDIT_PAGE_SIZE;
  const found = parsed.success ? await searchAudit(parsed.data, staff, AUDIT_PAGE_SIZE + 1, "view", first) : [];
  const rows = found.slice(0, AUDIT_PAGE_SIZE);
  const hasOlder = found.length > AUDIT_PAGE_SIZE;
  const errors = parsed.success ? [] : parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? "actor"), message: i.message }));
  const errorFor = (id: string) => errors.find((e) => e.field === id)?.message;
  const filterEntries = Object.entries(raw).filter(([k, v]) => v && k !== "page") as [string, string][];
  const query = new URLSearchParams(filterEntries).toString();
  const pageHref = (n: number) => `/admin/audit?${new URLSearchParams([...filterEntries, ...(n > 1 ? [["page", String(n)] as [string, string]] : [])]).toString()}`;
  const n = (x: number) => x.toLocaleString("en-GB");
  return (
    <>
      <h1>Audit log</h1>
      <p className="mb-4">
        Who saw or changed what, including every read by a 111 system. For a subject access request, search by the patient&apos;s NHS number and
        download the result. Every search and download here is itself recorded.
      </p>
      {errors.length > 0 && <ErrorSummary errors={errors} />}
      <form method="get" className="mb-4 grid max-w-4xl gap-3 bg-white p-4 md:grid-cols-3">
        {FIELDS.map((f) => (
          <div key={f.id}>
            <label htmlFor={f.id} className="block font-bold">
              {f.label}
            </label>
            {"hint" in f && (
              <p id={`${f.id}-hint`} className="text-sm text-nhs-grey-1">
                {f.hint}
              </p>
            )}
            {errorFor(f.id) && (
              <p id={`${f.id}-error`} className="font-bold text-nhs-red">
                <span className="sr-only">Error: </span>
                {errorFor(f.id)}
              </p>
            )}
            <input
              id={f.id}
              name={f.id}
              type={"type" in f ? f.type : "text"}
              defaultValue={raw[f.id]}
              aria-describedby={[("hint" in f ? `${f.id}-hint` : ""), errorFor(f.id) ? `${f.id}-error` : ""].filter(Boolean).join(" ") || undefined}
              aria-invalid={errorFor(f.id) ? true : undefined}
              className={`w-full border-2 bg-white px-2 py-1 ${errorFor(f.id) ? "border-nhs-red" : "border-nhs-black"}`}
            />
          </div>
        ))}
        <div className="flex items-center gap-2 self-end pb-1">
          <input id="breakGlass" name="breakGlass" type="checkbox" value="yes" defaultChecked={raw.breakGlass === "yes"} className="h-6 w-6" />
          <label htmlFor="breakGlass" className="font-bold">
            Break-glass sign-ins only
          </label>
        </div>
        <div className="flex items-end gap-4">
          <button type="submit" className="rounded bg-nhs-green px-4 py-2 font-bold text-white">
            Search
          </button>
          {parsed.success && (
            <a href={`/api/admin/audit?${query}`} download className="font-bold text-nhs-blue underline">
              Download these events as CSV
            </a>
          )}
        </div>
      </form>
      {parsed.success && (
        <p className="mb-2" role="status" data-testid="audit-count">
          {rows.length === 0
            ? pageNo > 1
              ? "No events on this page."
              : "0 events found."
            : pageNo === 1 && !hasOlder
              ? `${n(rows.length)} event${rows.length === 1 ? "" : "s"} found.`
              : `Showing events ${n(first + 1)} to ${n(first + rows.length)}, newest first${hasOlder ? ": there are older events on the next page." : "."}`}
        </p>
      )}
      {parsed.success && (pageNo > 1 || hasOlder) && <AuditPager pageNo={pageNo} hasOlder={hasOlder} href={pageHref} />}
      <table className="w-full border-collapse bg-white text-left text-sm" data-testid="audit-results">
        <caption className="sr-only">Audit events, newest first ({AUDIT_PAGE_SIZE} a page)</caption>
        <thead>
          <tr className="border-b-2 border-nhs-grey-3">
            <th scope="col" className="p-2">When</th>
            <th scope="col" className="p-2">Who</th>
            <th scope="col" className="p-2">Action</th>
            <th scope="col" className="p-2">Record</th>
            <th scope="col" className="p-2">Patient</th>
            <th scope="col" className="p-2">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-nhs-grey-4 align-top">
              <td className="p-2 whitespace-nowrap">{formatLondonDateTime(r.at)}</td>
              <td className="p-2">
                {r.actorName ?? "Unknown"} <span className="text-nhs-grey-1">({r.actorRole ?? r.actorType})</span>
                {r.consumerOds && <div className="text-nhs-grey-1">ODS {r.consumerOds}</div>}
                {r.consumerAsid && <div className="text-nhs-grey-1">ASID {r.consumerAsid}</div>}
              </td>
              <td className="p-2">
                {auditActionName(r.action)}
                <code className="block text-xs text-nhs-grey-1" data-testid="audit-action-code">
                  {r.action}
                </code>
                {r.breakGlass && (
                  <span className="ml-2 inline-block border-2 border-nhs-red px-1 text-xs font-bold text-nhs-red uppercase" data-testid="break-glass-tag">
                    Break-glass
                  </span>
                )}
                {r.reason && <div className="text-nhs-grey-1">Reason: {r.reason}</div>}
              </td>
              <td className="p-2 break-all">{r.entityType ? `${r.entityType} ${r.entityId ?? ""}` : ""}</td>
              <td className="p-2">{r.patientNhsNumber ?? ""}</td>
              <td className="p-2">{r.outcome === "success" ? "Done" : r.outcome === "refused" ? "Refused" : r.outcome}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {parsed.success && (pageNo > 1 || hasOlder) && <AuditPager pageNo={pageNo} hasOlder={hasOlder} href={pageHref} />}
    </>
  );
}

function AuditPager({ pageNo, hasOlder, href }: { pageNo: number; hasOlder: boolean; href: (n: number) => string }) {
  return (
    <nav aria-label="Audit log pages" className="my-3 flex gap-6">
      {pageNo > 1 && (
        <a href={href(pageNo - 1)} rel="prev" className="font-bold text-nhs-blue underline">
          Newer events<span className="sr-only"> (page {pageNo - 1})</span>
        </a>
      )}
      <span>Page {pageNo}</span>
      {hasOlder && (
        <a href={href(pageNo + 1)} rel="next" className="font-bold text-nhs-blue underline">
          Older events<span className="sr-only"> (page {pageNo + 1})</span>
        </a>
      )}
    </nav>
  );
}
