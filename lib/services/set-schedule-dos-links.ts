import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { InvalidInput, NotFound } from "../errors";
import { withAvailabilityChange } from "../capacity/availability-change";
import { assertAdmin } from "./service-guard";
import type { ScheduleLinksInput } from "./service-inputs";

/** Sets which Directory of Services IDs find a schedule (many-to-many: an ID may select several schedules). */
export async function setScheduleDosLinks(input: ScheduleLinksInput, actor: StaffActor): Promise<void> {
  assertAdmin(actor);
  await db().$transaction(async (tx) => {
    const schedule = await tx.schedule.findUnique({ where: { id: input.scheduleId }, include: { dosLinks: { include: { dos: true } } } });
    if (!schedule) throw new NotFound("Schedule not found");
    const wanted = [...new Set(input.dosRowIds)];
    const rows = await tx.dosServiceId.findMany({ where: { id: { in: wanted } } });
    if (rows.length !== wanted.length) throw new InvalidInput("Select Directory of Services IDs from the list", { dosRowIds: "Select Directory of Services IDs from the list" });
    const before = schedule.dosLinks.map((l) => l.dos.value).sort();
    const { tx: bookable } = await withAvailabilityChange(tx, [schedule.serviceId, ...rows.map((r) => r.serviceId)]);
    await bookable.scheduleDosLink.deleteMany({ where: { scheduleId: schedule.id, dosId: { notIn: wanted } } });
    const have = new Set(schedule.dosLinks.map((l) => l.dosId));
    for (const id of wanted) if (!have.has(id)) await bookable.scheduleDosLink.create({ data: { scheduleId: schedule.id, dosId: id } });
    await recordAudit(actor, { action: "service.schedule.links", entityType: "Schedule", entityId: schedule.id, detail: { from: before, to: rows.map((r) => r.value).sort() } }, tx);
  });
}
