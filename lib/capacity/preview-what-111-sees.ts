/**
 * The clerk's "what 111 sees now": for one organisation, exactly the free slots the FHIR slot search would
 * return for the service's DoS id over the next 24 hours (it calls the same `findSlotsForConsumer`), and the
 * others with the plain-English reason they are withheld.
 */
import { db } from "../db/client";
import { NotFound } from "../errors";
import { explainSlotsForConsumer, findSlotsForConsumer } from "./find-slots-for-consumer";
import { normaliseOds, REFUSAL_DESCRIPTIONS } from "./limits";
import { now as clockNow } from "../time/clock";

export interface PreviewSlot {
  id: string;
  start: string;
  end: string;
}

export interface WhatOneOneOneSees {
  dosId: string | null;
  dosIds: string[];
  odsCode: string | null;
  organisationName: string | null;
  /** The organisation is blocked: the FHIR door refuses its requests whatever this list shows. */
  organisationBlocked: boolean;
  from: string;
  to: string;
  offered: PreviewSlot[];
  withheld: (PreviewSlot & { reason: string; otherReasons: string[] })[];
}

const WINDOW_MS = 24 * 3600_000;

export async function previewWhat111Sees(input: { serviceId: string; odsCode: string | null; dosId?: string | null; now?: Date }): Promise<WhatOneOneOneSees> {
  const now = input.now ?? clockNow();
  const to = new Date(now.getTime() + WINDOW_MS);
  const service = await db().healthcareService.findUnique({ where: { id: input.serviceId }, include: { dosIds: { orderBy: { value: "asc" } } } });
  if (!service) throw new NotFound("Service not found");
  const dosIds = service.dosIds.map((d) => d.value);
  const dosId = input.dosId && dosIds.includes(input.dosId) ? input.dosId : (dosIds[0] ?? null);
  const ods = normaliseOds(input.odsCode);
  const org = ods ? await db().consumerOrganisation.findUnique({ where: { odsCode: ods } }) : null;
  const base = { dosId, dosIds, odsCode: ods, organisationName: org?.name ?? null, organisationBlocked: org?.blocked ?? false, from: now.toISOString(), to: to.toISOString() };
  if (!dosId) return { ...base, offered: [], withheld: [] };
  const search = { dosId, from: now, to, consumerOds: ods, now };
  const [free, explained] = await Promise.all([findSlotsForConsumer({ ...search, statuses: ["free"] }), explainSlotsForConsumer(search)]);
  const iso = (s: { id: string; start: Date; end: Date }): PreviewSlot => ({ id: s.id, start: s.start.toISOString(), end: s.end.toISOString() });
  return {
    ...base,
    offered: (free ?? []).map(iso),
    withheld: (explained ?? [])
      .filter((e) => !e.offered)
      .map((e) => ({ ...iso(e.slot), reason: REFUSAL_DESCRIPTIONS[e.reasons[0]], otherReasons: e.reasons.slice(1).map((r) => REFUSAL_DESCRIPTIONS[r]) })),
  };
}
