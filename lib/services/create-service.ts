import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { InvalidInput } from "../errors";
import { assertAdmin } from "./service-guard";
import type { CreateServiceInput } from "./service-inputs";

/**
 * Adds a healthcare service at a site, with one schedule ("<name> arrivals") so rules can be added at once.
 * 111 cannot find it until it has a Directory of Services ID.
 */
export async function createService(input: CreateServiceInput, actor: StaffActor): Promise<{ serviceId: string; scheduleId: string }> {
  assertAdmin(actor);
  return db().$transaction(async (tx) => {
    const site = await tx.site.findUnique({ where: { id: input.siteId } });
    if (!site) throw new InvalidInput("Select the site", { siteId: "Select the site" });
    const service = await tx.healthcareService.create({ data: { siteId: site.id, name: input.name, kind: input.kind, horizonHours: input.horizonHours } });
    const schedule = await tx.schedule.create({ data: { serviceId: service.id, siteId: site.id, name: `${input.name} arrivals` } });
    await recordAudit(actor, { action: "service.create", entityType: "HealthcareService", entityId: service.id, detail: { ...input, site: site.name, scheduleId: schedule.id } }, tx);
    return { serviceId: service.id, scheduleId: schedule.id };
  });
}
