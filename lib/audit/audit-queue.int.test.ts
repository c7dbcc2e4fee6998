import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { databaseKind, databaseUrl } from "../db/url";
import { FLUSH_MS, flushAuditQueue, flushAuditQueueSync, pendingAuditCount, queueAudit } from "./audit-queue";

const consumer = { type: "consumer" as const, asid: "200000000222", odsCode: "NZZ02", orgName: "Queue 111", requestId: "req-q", traceId: "trace-q" };

describe("batched audit events", () => {
  it("writes queued events with the consumer's provenance and the time they happened", async () => {
    const at = new Date("2026-11-23T10:00:00.123Z");
    queueAudit(consumer, { action: "fhir.search-slot", entityType: "Slot", outcome: "success", correlationId: "ours-1", detail: { status: 200 } }, at);
    queueAudit(consumer, { action: "fhir.create-appointment", outcome: "refused", correlationId: "ours-2", detail: { status: 422 } }, at);
    expect(pendingAuditCount()).toBe(2);
    expect(await flushAuditQueue()).toBe(2);
    expect(pendingAuditCount()).toBe(0);
    const rows = await db().auditEvent.findMany({ where: { correlationId: { in: ["ours-1", "ours-2"] } }, orderBy: { correlationId: "asc" } });
    expect(rows.map((r) => [r.action, r.outcome, r.consumerAsid, r.consumerOds, r.requestId, r.traceId, r.actorRole])).toEqual([
      ["fhir.search-slot", "success", "200000000222", "NZZ02", "req-q", "trace-q", "111 system"],
      ["fhir.create-appointment", "refused", "200000000222", "NZZ02", "req-q", "trace-q", "111 system"],
    ]);
    expect(rows[0].at.toISOString()).toBe(at.toISOString());
    expect(JSON.parse(rows[1].detail!)).toEqual({ status: 422 });
  });

  it("writes on its own within the flush interval", async () => {
    queueAudit(consumer, { action: "fhir.search-slot", correlationId: "ours-timer" });
    await new Promise((r) => setTimeout(r, FLUSH_MS * 5));
    expect(await db().auditEvent.count({ where: { correlationId: "ours-timer" } })).toBe(1);
  });

  it("as the process exits on SQLite, writes what is left synchronously, readable like any other event", async () => {
    const at = new Date("2026-10-25T01:30:00.000Z");
    queueAudit(consumer, { action: "fhir.search-slot", correlationId: "ours-exit", detail: { status: 200 } }, at);
    const written = flushAuditQueueSync();
    if (databaseKind(databaseUrl()) !== "sqlite") {
      // PostgreSQL has no synchronous path: the queue is left for the next batch.
      expect(written).toBe(0);
      expect(await flushAuditQueue()).toBe(1);
    } else {
      expect(written).toBe(1);
    }
    const row = await db().auditEvent.findFirstOrThrow({ where: { correlationId: "ours-exit" } });
    expect(row.at.toISOString()).toBe(at.toISOString());
    expect(await db().auditEvent.count({ where: { at: { gte: new Date("2026-10-25T01:00:00Z"), lt: new Date("2026-10-25T02:00:00Z") } } })).toBe(1);
  });
});
