import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { InvalidInput, NotFound, VersionConflict } from "../errors";
import { withAvailabilityChange } from "../capacity/availability-change";
import { assertAdmin } from "./service-guard";
import type { UpdateServiceInput } from "./service-inputs";

/** Changes a service's name, kind, site, slot horizon or whether it is in use. */
export async function updateService(input: UpdateServiceInput, actor: StaffActor): Promise<void> {
  assertAdmin(actor);
  await db().$transaction(async (tx) => {
    const before = await tx.healthcareService.findUnique({ where: { id: input.serviceId } });
    if (!before) throw new NotFound("Service not found");
    if (!(await tx.site.findUnique({ where: { id: input.siteId } }))) throw new InvalidInput("Select the site", { siteId: "Select the site" });
    const { tx: bookable } = await withAvailabilityChange(tx, input.serviceId);
    const { count } = await bookable.healthcareService.updateMany({
      where: { id: input.serviceId, version: input.version },
      data: { siteId: input.siteId, name: input.name, kind: input.kind, horizonHours: input.horizonHours, active: input.active, version: { increment: 1 } },
    });
    if (count !== 1) throw new VersionConflict("Someone else changed this service while you were looking at it. Check the details and try again.");
    await recordAudit(
      actor,
      {
        action: "service.update",
        entityType: "HealthcareService",
        entityId: before.id,
        detail: { from: { siteId: before.siteId, name: before.name, kind: before.kind, horizonHours: before.horizonHours, active: before.active }, to: { siteId: input.siteId, name: input.name, kind: input.kind, horizonHours: input.horizonHours, active: input.active } },
      },
      tx,
    );
  });
}
