/**
 * What the inbound-message steps (inbound-messages.ts) need from a database. Each database has its own
 * implementation in lib/db: inbound-store-sqlite.ts (prepared statements in the booking writer's group commit),
 * inbound-store-prisma.ts (the ORM, for PostgreSQL). Every step that changes a row is conditional on what was read,
 * so the steps are correct without a transaction around them; on SQLite they run in one anyway.
 */
type Awaitable<T> = T | Promise<T>;

export interface NewInboundRow {
  requestId: string;
  correlationId: string;
  format: "json" | "xml";
  body: string;
  serviceDosId: string | null;
  senderOds: string | null;
  headersJson: string;
  receivedAt: Date;
}

export interface SeenInbound {
  id: string;
  /** processing | done | failed */
  state: string;
  receivedAt: Date;
  appointmentId: string | null;
  referralId: string | null;
}

export interface InboundOutcomeRow {
  state: "done" | "failed";
  httpStatus: number;
  recCode: string | null;
  bundleId: string | null;
  event: string | null;
  reason: string | null;
  sourceEndpoint: string | null;
  appointmentId: string | null;
  referralId: string | null;
  finishedAt: Date;
}

export interface InboundTx {
  /** Stores a new claim (state processing); false when a message with this request id is already stored. */
  insert(id: string, row: NewInboundRow): Awaitable<boolean>;
  byRequestId(requestId: string): Awaitable<SeenInbound | null>;
  /** A failed or abandoned attempt taken over by a retry; false when its state or time changed since `seen`. */
  takeOver(seen: Pick<SeenInbound, "id" | "state" | "receivedAt">, row: NewInboundRow): Awaitable<boolean>;
  /** Has another message, processed successfully, used this Bundle.id for something new? */
  bundleIdUsed(bundleId: string, exceptId: string): Awaitable<boolean>;
  finish(id: string, outcome: InboundOutcomeRow): Awaitable<void>;
}

export interface InboundStore {
  /** `work` must use only `tx`; on SQLite it shares the booking writer's transaction (group commit). */
  transaction<T>(work: (tx: InboundTx) => Awaitable<T>): Promise<T>;
}
