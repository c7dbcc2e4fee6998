import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/guard";
import { listConsumers, type ConsumerRow } from "@/lib/consumers/list-consumers";
import { formatLondonDateTime } from "@/lib/time/london";
import { Notice } from "@/components/ui/Notice";
import { ConsumerBlockForm } from "@/components/admin/ConsumerBlockForm";

export const metadata: Metadata = { title: "111 consumers" };
export const dynamic = "force-dynamic";

function ConsumerTable({ caption, keyLabel, rows }: { caption: string; keyLabel: string; rows: ConsumerRow[] }) {
  return (
    <table className="mb-8 w-full border-collapse bg-white text-left">
      <caption className="mb-2 text-left text-xl font-bold">{caption}</caption>
      <thead>
        <tr className="border-b-2 border-nhs-grey-3">
          <th scope="col" className="p-2">{keyLabel}</th>
          <th scope="col" className="p-2">Name</th>
          <th scope="col" className="p-2">First seen</th>
          <th scope="col" className="p-2">Last seen</th>
          <th scope="col" className="p-2">State</th>
          <th scope="col" className="p-2">Change</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} className="border-b border-nhs-grey-4 align-top">
            <th scope="row" className="p-2 text-left">
              {r.key}
            </th>
            <td className="p-2">{r.name ?? "Not known"}</td>
            <td className="p-2">{formatLondonDateTime(r.firstSeenAt)}</td>
            <td className="p-2">{formatLondonDateTime(r.lastSeenAt)}</td>
            <td className="p-2">{r.blocked ? <strong>Blocked: {r.blockedReason}</strong> : r.autoRecorded ? "Recorded on first contact" : "Configured"}</td>
            <td className="p-2">
              <ConsumerBlockForm kind={r.kind} id={r.id} version={r.version} blocked={r.blocked} label={r.key} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function ConsumersPage() {
  await requirePageRole(["admin"]);
  const { systems, organisations } = await listConsumers();
  return (
    <>
      <h1>111 consumers</h1>
      <Notice title="Any NHS 111 service may book without prior arrangement">
        Services are recorded here when they first contact us through the Spine. Block one only for misuse, and say why. Limits per organisation are set on the capacity page.
      </Notice>
      <ConsumerTable caption="Organisations (ODS code)" keyLabel="ODS code" rows={organisations} />
      <ConsumerTable caption="Systems (ASID)" keyLabel="ASID" rows={systems} />
    </>
  );
}
