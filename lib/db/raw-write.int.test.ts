import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "./client";
import { insertSql, rawInstant, updateByIdSql } from "./raw-write";
import { isUniqueViolation } from "./unique-violation";

// The plain statements write exactly what the ORM reads back, on SQLite and PostgreSQL alike.
describe("raw writes", () => {
  it("an inserted and updated row reads back through the ORM with its times to the millisecond", async () => {
    const id = randomUUID();
    const at = new Date("2027-01-12T23:59:59.123Z");
    await db().$executeRaw(insertSql("Hl7InboundMessage", { id, controlKey: `raw-${id}`, controlId: "C1", messageType: "ADT^A04", state: "received", body: "MSH|^~\\&|", peer: null, receivedAt: at }));
    await db().$executeRaw(updateByIdSql("Hl7InboundMessage", id, { state: "processed", processedAt: new Date(at.getTime() + 1), outcome: "it's done" }));
    const row = await db().hl7InboundMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ controlId: "C1", state: "processed", outcome: "it's done", peer: null });
    expect(row.receivedAt.toISOString()).toBe(at.toISOString());
    expect(row.processedAt?.toISOString()).toBe("2027-01-12T23:59:59.124Z");
    // Compared in SQL as the ORM's own rows are, and read back raw as the same instant.
    const found = await db().$queryRaw<{ receivedAt: unknown }[]>`SELECT "receivedAt" FROM "Hl7InboundMessage" WHERE "id" = ${id} AND "receivedAt" >= ${at} AND "receivedAt" < ${new Date(at.getTime() + 1)}`;
    expect(found.map((r) => rawInstant(r.receivedAt)?.toISOString())).toEqual([at.toISOString()]);
  });

  it("a second row with the same unique key is a unique violation", async () => {
    const row = () => ({ id: randomUUID(), controlKey: "raw-duplicate", controlId: "C2", messageType: "ADT^A04", state: "received", body: "MSH", peer: null, receivedAt: new Date() });
    await db().$executeRaw(insertSql("Hl7InboundMessage", row()));
    const e = await db().$executeRaw(insertSql("Hl7InboundMessage", row())).catch((x: unknown) => x);
    expect(isUniqueViolation(e)).toBe(true);
    expect(isUniqueViolation(new Error("something else"))).toBe(false);
  });

  it("refuses identifiers that are not plain names", () => {
    expect(() => insertSql("Audit\"; DROP TABLE x; --", { id: "1" })).toThrow(/not an identifier/);
    expect(() => updateByIdSql("AuditEvent", "1", { 'at" = 1, "x': 1 })).toThrow(/not an identifier/);
  });
});
