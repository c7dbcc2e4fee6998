import { db } from "../db/client";

export interface AdminServicesData {
  sites: { id: string; name: string }[];
  practitioners: { id: string; name: string; roles: { id: string; display: string }[] }[];
  services: {
    id: string;
    name: string;
    kind: string;
    siteId: string;
    siteName: string;
    horizonHours: number;
    active: boolean;
    version: number;
    dosIds: { id: string; value: string; description: string | null }[];
    schedules: { id: string; name: string; active: boolean; version: number; practitionerId: string | null; practitionerRoleId: string | null; dosRowIds: string[] }[];
  }[];
  /** Every DoS id, for linking a schedule to an ID of another service. */
  allDosIds: { id: string; value: string; serviceName: string }[];
}

export async function listServicesAdmin(): Promise<AdminServicesData> {
  const [sites, practitioners, services] = await Promise.all([
    db().site.findMany({ orderBy: { name: "asc" } }),
    db().practitioner.findMany({ include: { roles: true }, orderBy: [{ family: "asc" }, { given: "asc" }] }),
    db().healthcareService.findMany({
      include: { site: true, dosIds: { orderBy: { value: "asc" } }, schedules: { include: { dosLinks: true }, orderBy: { name: "asc" } } },
      orderBy: [{ site: { name: "asc" } }, { name: "asc" }],
    }),
  ]);
  return {
    sites: sites.map((s) => ({ id: s.id, name: s.name })),
    practitioners: practitioners.map((p) => ({
      id: p.id,
      name: `${p.prefix ? `${p.prefix} ` : ""}${p.given} ${p.family}`,
      roles: p.roles.map((r) => ({ id: r.id, display: r.roleDisplay })),
    })),
    services: services.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      siteId: s.siteId,
      siteName: s.site.name,
      horizonHours: s.horizonHours,
      active: s.active,
      version: s.version,
      dosIds: s.dosIds.map((d) => ({ id: d.id, value: d.value, description: d.description })),
      schedules: s.schedules.map((x) => ({
        id: x.id,
        name: x.name,
        active: x.active,
        version: x.version,
        practitionerId: x.practitionerId,
        practitionerRoleId: x.practitionerRoleId,
        dosRowIds: x.dosLinks.map((l) => l.dosId),
      })),
    })),
    allDosIds: services.flatMap((s) => s.dosIds.map((d) => ({ id: d.id, value: d.value, serviceName: s.name }))),
  };
}
