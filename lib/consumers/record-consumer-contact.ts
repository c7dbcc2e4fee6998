import { db } from "../db/client";

export interface ConsumerIdentity {
  /** Ssp-From */
  asid?: string | null;
  /** requesting_organization ODS code from the JWT */
  odsCode?: string | null;
  orgName?: string | null;
  /**
   * What the edge verified about the caller (client-certificate subject or proxy address), not what it claims:
   * recorded with the consumer, and the source new identities are counted against.
   */
  via?: string | null;
}

export type ConsumerStanding =
  | { blocked: boolean; reason: string | null; refused?: undefined }
  /** Too many new identities from one verified source within the hour: nothing was recorded. */
  | { blocked: false; reason: null; refused: "new-identity-limit"; limit: number };

export interface RecordContactOptions {
  now?: Date;
  /** Most new identities (ASIDs and ODS codes) one edge-verified source may create in an hour; 0 or absent: no bound. */
  newIdentitiesPerHour?: number;
}

const HOUR_MS = 3_600_000;

/**
 * Records a 111 consumer on every contact (first contact creates it: the standard forbids requiring a prior
 * relationship) and says whether an administrator has blocked its system or its organisation. A claimed ASID or
 * ODS code costs nothing to make up, so the identities one edge-verified source may create are bounded per hour
 * (HAZ-095): beyond the bound nothing is recorded and the caller is refused; identities already known are always
 * served. The count is read from the database, so it holds across instances (two racing first contacts may each
 * pass at the bound: it overshoots by at most the number of instances' concurrent requests, never without limit).
 */
export async function recordConsumerContact(who: ConsumerIdentity, options: RecordContactOptions | Date = {}): Promise<ConsumerStanding> {
  const opts: RecordContactOptions = options instanceof Date ? { now: options } : options;
  const now = opts.now ?? new Date();
  const via = who.via ?? null;
  const limit = opts.newIdentitiesPerHour ?? 0;
  if (limit > 0) {
    const [knownSystem, knownOrg] = await Promise.all([
      who.asid ? db().consumerSystem.findUnique({ where: { asid: who.asid }, select: { id: true } }) : true,
      who.odsCode ? db().consumerOrganisation.findUnique({ where: { odsCode: who.odsCode }, select: { id: true } }) : true,
    ]);
    const creating = (knownSystem ? 0 : 1) + (knownOrg ? 0 : 1);
    if (creating > 0) {
      const since = new Date(now.getTime() - HOUR_MS);
      const where = { firstSeenVia: via, firstSeenAt: { gte: since }, autoRecorded: true };
      const [systems, orgs] = await Promise.all([db().consumerSystem.count({ where }), db().consumerOrganisation.count({ where })]);
      if (systems + orgs + creating > limit) return { blocked: false, reason: null, refused: "new-identity-limit", limit };
    }
  }
  const [system, org] = await Promise.all([
    who.asid
      ? db().consumerSystem.upsert({
          where: { asid: who.asid },
          create: { asid: who.asid, firstSeenAt: now, lastSeenAt: now, firstSeenVia: via, lastSeenVia: via },
          update: { lastSeenAt: now, lastSeenVia: via },
        })
      : null,
    who.odsCode
      ? db().consumerOrganisation.upsert({
          where: { odsCode: who.odsCode },
          create: { odsCode: who.odsCode, name: who.orgName ?? null, firstSeenAt: now, lastSeenAt: now, firstSeenVia: via, lastSeenVia: via },
          update: { lastSeenAt: now, lastSeenVia: via, ...(who.orgName ? { name: who.orgName } : {}) },
        })
      : null,
  ]);
  if (system?.blocked) return { blocked: true, reason: system.blockedReason ?? "This system is blocked by the provider" };
  if (org?.blocked) return { blocked: true, reason: org.blockedReason ?? "This organisation is blocked by the provider" };
  return { blocked: false, reason: null };
}
