import type { ConsumerActor } from "../../../auth/actor";
import type { DeploymentConfig } from "../../../config/deployment";
import { recordConsumerContact } from "../../../consumers/record-consumer-contact";
import { checkConsumerJwt, type FhirInteraction } from "../jwt";
import type { Interaction, InteractionId } from "./interactions";
import { FhirHttpError } from "./fhir-http-error";
import { consumerCeiling } from "./consumer-ceiling";
import { containsNul } from "../../http/input-guards";
import { declareInstanceCache } from "../../../cache/instance-cache";
import { edgeVerifiedSource } from "../../http/edge-source";
import type { Logger } from "pino";

const JWT_INTERACTION: Record<InteractionId, FhirInteraction> = {
  metadata: "metadata",
  "search-slot": "search-slots",
  "create-appointment": "book-appointment",
  "read-appointment": "read-appointment",
  "update-appointment": "cancel-appointment",
  "search-appointment": "search-appointments",
};

/**
 * What an administrator's block refuses: only what starts new business with us. A blocked 111 service keeps
 * reading, searching and cancelling its own bookings (HAZ-070): refusing a cancellation would leave a slot held for
 * a patient who is no longer coming and an ED expecting them, and refusing a read would leave 111 unable to tell the
 * patient what was booked.
 */
export const REFUSED_WHEN_BLOCKED: ReadonlySet<InteractionId> = new Set<InteractionId>(["search-slot", "create-appointment"]);

// Consumer standing (blocked or not) is re-read at most this often per instance, so a block takes at most this long.
const standing = declareInstanceCache<{ blocked: boolean; reason: string | null }>({ name: "consumer-standing", maxEntries: 10_000, ttlMs: 5_000 });

/**
 * Who is calling, from the Spine proxy's headers and the consumer's JWT. Any 111 service that reaches us through
 * the proxy may search and book (no prior arrangement): it is recorded on first contact. Only an administrator's
 * block refuses it, and then only new searches and bookings (REFUSED_WHEN_BLOCKED).
 */
export async function authoriseConsumer(
  req: Request,
  interaction: Interaction,
  config: DeploymentConfig,
  ids: { requestId: string | null; traceId: string | null },
  log?: Logger,
): Promise<ConsumerActor> {
  const check = checkConsumerJwt(req.headers.get("authorization"), JWT_INTERACTION[interaction.id], { audiences: config.audiences });
  const asid = req.headers.get("ssp-from")?.trim() || undefined;
  if (!check.ok) throw new FhirHttpError("auth-failed", check.message);
  const p = check.provenance;
  if (check.tolerated.length) {
    log?.warn({ tolerated: check.tolerated, algorithm: check.algorithm, consumerOds: p.organisation.odsCode, asid }, "consumer token accepted with what it tolerated (signature not checked: trust is the proxy's mutual TLS)");
  }
  if (containsNul(p)) throw new FhirHttpError("auth-failed", "The token's claims hold a NUL character");
  const actor: ConsumerActor = {
    type: "consumer",
    asid,
    odsCode: p.organisation.odsCode,
    orgName: p.organisation.name,
    practitioner: p.practitioner ? [p.practitioner.name?.text, p.practitioner.sdsUserId].filter(Boolean).join(" / ") || p.subject : p.subject,
    device: [p.device.model, p.device.version].filter(Boolean).join(" ") || undefined,
    requestId: ids.requestId ?? undefined,
    traceId: ids.traceId ?? undefined,
  };
  const key = `${asid ?? ""}|${p.organisation.odsCode}`;
  // The abuse ceiling (HAZ-022): bookings and cancellations (the writes) are counted but never refused.
  const ceiling = consumerCeiling(config.consumerCeiling).hit(key, asid ?? "none", !interaction.write);
  if (ceiling.refuse) {
    throw new FhirHttpError("consumer-ceiling", `More than ${config.consumerCeiling.perMinute} requests a minute from this consumer: try again in ${ceiling.retryAfterSeconds} s`, undefined, { "Retry-After": String(ceiling.retryAfterSeconds) });
  }
  // Every consumer call names its system (HAZ-095): without Ssp-From a block on an ASID could be sidestepped and the
  // booking would be stored with no system. A system never seen before is still served (recorded on first contact).
  if (!asid) throw new FhirHttpError("missing-header", "Ssp-From (the calling system's ASID) is required");
  const via = edgeVerifiedSource(req.headers, config.edge);
  const standingKey = `${key}|${via}`;
  let s = standing.get(standingKey);
  if (!s) {
    const recorded = await recordConsumerContact({ asid, odsCode: p.organisation.odsCode, orgName: p.organisation.name, via }, { newIdentitiesPerHour: config.newConsumersPerSourcePerHour });
    if (recorded.refused) {
      log?.warn({ via, asid, consumerOds: p.organisation.odsCode, limit: recorded.limit }, "new consumer identity refused: too many from one edge-verified source this hour");
      throw new FhirHttpError("consumer-ceiling", `More than ${recorded.limit} new consumer systems and organisations from this source in the last hour: try again later`, undefined, { "Retry-After": "3600" });
    }
    s = recorded;
    standing.set(standingKey, s);
  }
  if (s.blocked && REFUSED_WHEN_BLOCKED.has(interaction.id)) {
    throw new FhirHttpError("forbidden", `${s.reason ?? "This consumer is blocked by the provider"}. Existing bookings can still be read and cancelled.`);
  }
  return actor;
}
