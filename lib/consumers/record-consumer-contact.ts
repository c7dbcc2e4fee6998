import { db } from "../db/client";

export interface ConsumerIdentity {
  /** Ssp-From */
  asid?: string | null;
  /** requesting_organization ODS code from the JWT */
  odsCode?: string | null;
  orgName?: string | null;
}

export interface ConsumerStanding {
  blocked: boolean;
  reason: string | null;
}

/**
 * Records a 111 consumer on every contact (first contact creates it: the standard forbids requiring a prior
 * relationship) and says whether an administrator has blocked its system or its organisation.
 */
export async function recordConsumerContact(who: ConsumerIdentity, now = new Date()): Promise<ConsumerStanding> {
  const [system, org] = await Promise.all([
    who.asid
      ? db().consumerSystem.upsert({ where: { asid: who.asid }, create: { asid: who.asid, firstSeenAt: now, lastSeenAt: now }, update: { lastSeenAt: now } })
      : null,
    who.odsCode
      ? db().consumerOrganisation.upsert({
          where: { odsCode: who.odsCode },
          create: { odsCode: who.odsCode, name: who.orgName ?? null, firstSeenAt: now, lastSeenAt: now },
          update: { lastSeenAt: now, ...(who.orgName ? { name: who.orgName } : {}) },
        })
      : null,
  ]);
  if (system?.blocked) return { blocked: true, reason: system.blockedReason ?? "This system is blocked by the provider" };
  if (org?.blocked) return { blocked: true, reason: org.blockedReason ?? "This organisation is blocked by the provider" };
  return { blocked: false, reason: null };
}
