import type { Db, Tx } from "../../db/client";
import type { ReportRoutingConfig } from "../../config/deployment";
import type { OurAddresses } from "../classify-report-route";

/**
 * The identities this ED receives 111 reports under: the trust's and its sites' ODS codes and every DoS
 * service id of its services, as admins keep them, plus any extra ones the deployment names (an ODS code
 * the ITK endpoint is registered under that is not a site, or a DoS id not yet entered here).
 */
export async function ourAddresses(client: Db | Tx, config: Pick<ReportRoutingConfig, "extraOdsCodes" | "extraDosServiceIds">): Promise<OurAddresses> {
  const [orgs, sites, dos] = await Promise.all([
    client.organisation.findMany({ select: { odsCode: true } }),
    client.site.findMany({ select: { odsSiteCode: true } }),
    client.dosServiceId.findMany({ select: { value: true } }),
  ]);
  return {
    odsCodes: [...orgs.map((o) => o.odsCode), ...sites.map((s) => s.odsSiteCode), ...config.extraOdsCodes],
    dosServiceIds: [...dos.map((d) => d.value), ...config.extraDosServiceIds],
  };
}
