import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { recordConsumerContact } from "./record-consumer-contact";
import { setConsumerBlocked } from "./set-consumer-blocked";
import { listConsumers } from "./list-consumers";
import { VersionConflict } from "../errors";

const admin = { type: "staff" as const, id: "a1", name: "Admin", role: "admin" as const };

describe("111 consumers", () => {
  it("records an unknown consumer on first contact, with no prior arrangement", async () => {
    expect(await recordConsumerContact({ asid: "200000000999", odsCode: "NZZ99", orgName: "Another 111" })).toEqual({ blocked: false, reason: null });
    const { systems, organisations } = await listConsumers();
    expect(systems.map((s) => s.key)).toContain("200000000999");
    expect(organisations.find((o) => o.key === "NZZ99")).toMatchObject({ name: "Another 111", autoRecorded: true });
  });

  it("refuses a blocked organisation until it is unblocked, and audits both", async () => {
    await recordConsumerContact({ asid: "200000000998", odsCode: "NZZ98" });
    const org = await db().consumerOrganisation.findUniqueOrThrow({ where: { odsCode: "NZZ98" } });
    await setConsumerBlocked({ kind: "organisation", id: org.id, version: org.version, blocked: true, reason: "Repeated test bookings" }, admin);
    expect(await recordConsumerContact({ asid: "200000000998", odsCode: "NZZ98" })).toEqual({ blocked: true, reason: "Repeated test bookings" });
    await expect(setConsumerBlocked({ kind: "organisation", id: org.id, version: org.version, blocked: false }, admin)).rejects.toBeInstanceOf(VersionConflict);
    await setConsumerBlocked({ kind: "organisation", id: org.id, version: org.version + 1, blocked: false }, admin);
    expect((await recordConsumerContact({ asid: "200000000998", odsCode: "NZZ98" })).blocked).toBe(false);
    expect(await db().auditEvent.count({ where: { entityId: org.id, action: { in: ["consumer.block", "consumer.unblock"] } } })).toBe(2);
  });
});
