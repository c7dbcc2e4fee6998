import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/guard";
import { listAudit } from "@/lib/audit/list-audit";
import { formatLondonDateTime } from "@/lib/time/london";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ action?: string; actor?: string }> }) {
  await requirePageRole(["admin"]);
  const { action, actor } = await searchParams;
  const rows = await listAudit({ action: action?.trim() || undefined, actorName: actor?.trim() || undefined });
  return (
    <>
      <h1>Audit log</h1>
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="action" className="block font-bold">
            Action starts with
          </label>
          <input id="action" name="action" defaultValue={action} className="border-2 border-nhs-black bg-white px-2 py-1" />
        </div>
        <div>
          <label htmlFor="actor" className="block font-bold">
            Who (name contains)
          </label>
          <input id="actor" name="actor" defaultValue={actor} className="border-2 border-nhs-black bg-white px-2 py-1" />
        </div>
        <button type="submit" className="rounded bg-nhs-grey-1 px-3 py-1.5 font-bold text-white">
          Filter
        </button>
      </form>
      <table className="w-full border-collapse bg-white text-left text-sm">
        <caption className="sr-only">Most recent 200 audit events</caption>
        <thead>
          <tr className="border-b-2 border-nhs-grey-3">
            <th scope="col" className="p-2">When</th>
            <th scope="col" className="p-2">Who</th>
            <th scope="col" className="p-2">Action</th>
            <th scope="col" className="p-2">Record</th>
            <th scope="col" className="p-2">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-nhs-grey-4">
              <td className="p-2 whitespace-nowrap">{formatLondonDateTime(r.at)}</td>
              <td className="p-2">
                {r.actorName ?? "Unknown"} <span className="text-nhs-grey-1">({r.actorRole ?? r.actorType})</span>
              </td>
              <td className="p-2">{r.action}</td>
              <td className="p-2">{r.entityType ? `${r.entityType} ${r.entityId ?? ""}` : ""}</td>
              <td className="p-2">{r.outcome}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
