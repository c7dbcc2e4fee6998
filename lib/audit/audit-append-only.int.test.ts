import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { recordAudit } from "./record-audit";

describe("the audit log", () => {
  it("accepts new events but refuses changes and deletions, in the database itself", async () => {
    await recordAudit({ type: "system", name: "test" }, { action: "test.event", entityType: "Thing", entityId: "1" });
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "test.event" } });
    await expect(db().auditEvent.update({ where: { id: event.id }, data: { action: "tampered" } })).rejects.toThrow(/append-only/);
    await expect(db().auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/);
    await expect(db().auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    expect((await db().auditEvent.findUniqueOrThrow({ where: { id: event.id } })).action).toBe("test.event");
  });
});
