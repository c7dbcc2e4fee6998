/**
 * BaRS senders, like STU3 consumers, are recorded on first contact (no prior relationship is required) by the
 * ODS code of NHSD-End-User-Organisation, and an administrator may block one. A block refuses only new business
 * (slot searches, bookings, referrals: 401 REC_UNAUTHORIZED, §12 D26); a blocked sender can still read, cancel
 * and revoke what it sent (HAZ-070). A sender that does not say who it is is served as unidentified, and audited.
 */
import type { ConsumerActor } from "../../auth/actor";
import { declareInstanceCache } from "../../cache/instance-cache";
import { recordConsumerContact } from "../../consumers/record-consumer-contact";
import { BarsError } from "./rec-errors";

const standing = declareInstanceCache<{ blocked: boolean; reason: string | null }>({ name: "bars-sender-standing", maxEntries: 10_000, ttlMs: 5_000 });

export async function refuseIfBlocked(actor: ConsumerActor): Promise<void> {
  if (!actor.odsCode) return;
  let s = standing.get(actor.odsCode);
  if (!s) {
    s = await recordConsumerContact({ odsCode: actor.odsCode, orgName: actor.orgName ?? null });
    standing.set(actor.odsCode, s);
  }
  if (s.blocked) throw new BarsError("REC_UNAUTHORIZED", "forbidden", `${s.reason ?? "This sender is blocked by the provider"}. Existing bookings and referrals can still be read, cancelled and revoked.`);
}
