import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/guard";
import { listServicesAdmin } from "@/lib/services/list-services-admin";
import { CreateServiceForm, ServiceCard } from "@/components/admin/ServiceForms";

export const metadata: Metadata = { title: "Services" };
export const dynamic = "force-dynamic";

export default async function AdminServicesPage() {
  await requirePageRole(["admin"]);
  const data = await listServicesAdmin();
  return (
    <>
      <h1>Services</h1>
      <p className="mb-4">
        Each service has the Directory of Services IDs 111 finds it by, and schedules whose arrival times 111 can book. ED clerks set the times and limits on the
        Capacity page.
      </p>
      <ul className="mb-8 space-y-4">
        {data.services.map((s) => (
          <ServiceCard key={s.id} service={s} data={data} />
        ))}
      </ul>
      <CreateServiceForm data={data} />
    </>
  );
}
