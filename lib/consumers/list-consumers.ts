import { db } from "../db/client";

export interface ConsumerRow {
  kind: "system" | "organisation";
  id: string;
  key: string;
  name: string | null;
  blocked: boolean;
  blockedReason: string | null;
  autoRecorded: boolean;
  firstSeenAt: Date;
  lastSeenAt: Date;
  version: number;
}

/** 111 systems (by ASID) and organisations (by ODS code) recorded on contact or configured. */
export async function listConsumers(): Promise<{ systems: ConsumerRow[]; organisations: ConsumerRow[] }> {
  const [systems, orgs] = await Promise.all([
    db().consumerSystem.findMany({ orderBy: { lastSeenAt: "desc" } }),
    db().consumerOrganisation.findMany({ orderBy: { lastSeenAt: "desc" } }),
  ]);
  return {
    systems: systems.map((s) => ({ kind: "system", id: s.id, key: s.asid, name: s.name, blocked: s.blocked, blockedReason: s.blockedReason, autoRecorded: s.autoRecorded, firstSeenAt: s.firstSeenAt, lastSeenAt: s.lastSeenAt, version: s.version })),
    organisations: orgs.map((o) => ({ kind: "organisation", id: o.id, key: o.odsCode, name: o.name, blocked: o.blocked, blockedReason: o.blockedReason, autoRecorded: o.autoRecorded, firstSeenAt: o.firstSeenAt, lastSeenAt: o.lastSeenAt, version: o.version })),
  };
}
