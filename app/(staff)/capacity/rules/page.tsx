import type { Metadata } from "next";
import Link from "next/link";
import { requirePageRole } from "@/lib/auth/guard";
import { listCapacityRules } from "@/lib/capacity/list-capacity-rules";
import { Notice } from "@/components/ui/Notice";
import { AddRuleForm, Overrides, RulesList } from "@/components/capacity/RuleForms";

export const metadata: Metadata = { title: "Capacity rules" };
export const dynamic = "force-dynamic";

export default async function CapacityRulesPage({ searchParams }: { searchParams: Promise<{ service?: string }> }) {
  await requirePageRole(["clerk", "admin"]);
  const { service } = await searchParams;
  const data = await listCapacityRules(service);
  if (!data) {
    return (
      <>
        <h1>Capacity rules</h1>
        <p>There are no services yet. An administrator adds them under Services.</p>
      </>
    );
  }
  return (
    <>
      <h1>Capacity rules</h1>
      <form method="get" className="no-print mb-4 flex flex-wrap items-end gap-4 bg-white p-3">
        <div>
          <label htmlFor="service" className="block font-bold">
            Service
          </label>
          <select id="service" name="service" defaultValue={data.service.id} className="border-2 border-nhs-black bg-white px-2 py-1">
            {data.services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}, {s.siteName}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="rounded bg-nhs-grey-1 px-3 py-1.5 font-bold text-white">
          Show
        </button>
      </form>
      <p className="mb-4 text-lg">
        <strong>{data.service.name}</strong>, {data.service.siteName}. <Link href={`/capacity?service=${data.service.id}`}>Back to the capacity grid</Link>
      </p>
      <Notice title="Times are UK time, and each slot is an arrival time">
        Rules publish arrival times to 111 over the service&apos;s booking horizon as soon as you save them. Booked patients are still triaged on arrival and seen in
        order of clinical need. Reducing capacity never cancels a booking: the bookings affected are listed for you to review.
      </Notice>
      <RulesList data={data} />
      <AddRuleForm data={data} />
      <Overrides data={data} />
    </>
  );
}
