/**
 * Messages received over a door that de-duplicates on the sender's request id (BaRS `X-Request-Id`): the whole
 * message is stored, and the id claimed, before it is processed, in the database, so a retry reaching any
 * instance is recognised. Only a message that was processed successfully makes a retry a duplicate; one that
 * failed is processed again; one still being processed answers "too early", until it is so old that the
 * instance processing it must have stopped.
 */
import { randomUUID } from "node:crypto";
import { inboundStore } from "../db/inbound-store";
import { now as clockNow } from "../time/clock";
import type { NewInboundRow } from "./inbound-store";

/** A claim older than this with no outcome belongs to an instance that stopped mid-way: it may be taken over. */
const STALE_CLAIM_MS = 60_000;

export interface InboundMessage {
  requestId: string;
  correlationId: string;
  format: "json" | "xml";
  body: string;
  serviceDosId: string | null;
  senderOds: string | null;
  headers: Record<string, unknown>;
  /**
   * The Bundle.id the message appears to carry, when it could be read: the claim then also answers whether an
   * earlier message already used it for something new (`bundleIdUsedBefore`), in the same database round.
   */
  bundleId?: string | null;
}

export type Claim =
  | { kind: "claimed"; id: string; bundleIdUsedBefore: boolean }
  | { kind: "duplicate"; appointmentId: string | null; referralId: string | null }
  | { kind: "in-flight" };

export async function claimInboundMessage(m: InboundMessage, at = clockNow()): Promise<Claim> {
  const row: NewInboundRow = {
    requestId: m.requestId,
    correlationId: m.correlationId,
    format: m.format,
    body: m.body,
    serviceDosId: m.serviceDosId,
    senderOds: m.senderOds,
    headersJson: JSON.stringify(m.headers),
    receivedAt: at,
  };
  return inboundStore().transaction(async (tx) => {
    const claimed = async (id: string): Promise<Claim> => ({ kind: "claimed", id, bundleIdUsedBefore: m.bundleId ? await tx.bundleIdUsed(m.bundleId, id) : false });
    for (let attempt = 0; ; attempt++) {
      if (attempt === 3) throw new Error("The message could neither be stored nor found by its request id");
      const id = randomUUID();
      if (await tx.insert(id, row)) return claimed(id);
      const seen = await tx.byRequestId(m.requestId);
      // Gone between the two statements (a retention purge): claim it afresh.
      if (!seen) continue;
      if (seen.state === "done") return { kind: "duplicate", appointmentId: seen.appointmentId, referralId: seen.referralId };
      const stale = seen.state === "processing" && at.getTime() - seen.receivedAt.getTime() > STALE_CLAIM_MS;
      if (seen.state === "processing" && !stale) return { kind: "in-flight" };
      // A failed (or abandoned) attempt: this retry takes the claim over, if no other retry took it first.
      return (await tx.takeOver(seen, row)) ? claimed(seen.id) : { kind: "in-flight" };
    }
  });
}

export interface MessageOutcome {
  state: "done" | "failed";
  httpStatus: number;
  recCode?: string | null;
  bundleId?: string | null;
  event?: string | null;
  reason?: string | null;
  sourceEndpoint?: string | null;
  appointmentId?: string | null;
  referralId?: string | null;
}

export async function finishInboundMessage(id: string, outcome: MessageOutcome, at = clockNow()): Promise<void> {
  await inboundStore().transaction((tx) =>
    tx.finish(id, {
      state: outcome.state,
      httpStatus: outcome.httpStatus,
      recCode: outcome.recCode ?? null,
      bundleId: outcome.bundleId ?? null,
      event: outcome.event ?? null,
      reason: outcome.reason ?? null,
      sourceEndpoint: outcome.sourceEndpoint ?? null,
      appointmentId: outcome.appointmentId ?? null,
      referralId: outcome.referralId ?? null,
      finishedAt: at,
    }),
  );
}
