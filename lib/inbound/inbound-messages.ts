/**
 * Messages received over a door that de-duplicates on the sender's request id (BaRS `X-Request-Id`): the whole
 * message is stored, and the id claimed, before it is processed, in the database, so a retry reaching any
 * instance is recognised. Only a message that was processed successfully makes a retry a duplicate; one that
 * failed is processed again; one still being processed answers "too early", until it is so old that the
 * instance processing it must have stopped.
 */
import { db } from "../db/client";
import { isUniqueViolation } from "../db/unique-violation";
import { now as clockNow } from "../time/clock";

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
}

export type Claim = { kind: "claimed"; id: string } | { kind: "duplicate"; appointmentId: string | null; referralId: string | null } | { kind: "in-flight" };

export async function claimInboundMessage(m: InboundMessage, at = clockNow()): Promise<Claim> {
  const data = {
    requestId: m.requestId,
    correlationId: m.correlationId,
    format: m.format,
    body: m.body,
    serviceDosId: m.serviceDosId,
    senderOds: m.senderOds,
    headersJson: JSON.stringify(m.headers),
    state: "processing",
    receivedAt: at,
  };
  try {
    const row = await db().barsMessage.create({ data, select: { id: true } });
    return { kind: "claimed", id: row.id };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  const seen = await db().barsMessage.findUnique({ where: { requestId: m.requestId } });
  if (!seen) return claimInboundMessage(m, at);
  if (seen.state === "done") return { kind: "duplicate", appointmentId: seen.appointmentId, referralId: seen.referralId };
  const stale = seen.state === "processing" && at.getTime() - seen.receivedAt.getTime() > STALE_CLAIM_MS;
  if (seen.state === "processing" && !stale) return { kind: "in-flight" };
  // A failed (or abandoned) attempt: this retry takes the claim over, if no other retry took it first.
  const taken = await db().barsMessage.updateMany({
    where: { id: seen.id, state: seen.state, receivedAt: seen.receivedAt },
    data: { ...data, bundleId: null, event: null, reason: null, httpStatus: null, recCode: null, finishedAt: null },
  });
  return taken.count === 1 ? { kind: "claimed", id: seen.id } : { kind: "in-flight" };
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
  await db().barsMessage.update({ where: { id }, data: { ...outcome, finishedAt: at } });
}

/** Has another message, processed successfully, already used this Bundle.id for something new? */
export async function bundleIdUsedBefore(bundleId: string, exceptMessageId: string): Promise<boolean> {
  const row = await db().barsMessage.findFirst({ where: { bundleId, reason: "new", state: "done", NOT: { id: exceptMessageId } }, select: { id: true } });
  return row !== null;
}
