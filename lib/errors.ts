/**
 * Domain errors thrown by use cases in lib/. Each door maps them once:
 * the FHIR edge to an OperationOutcome and status, the staff edge to a plain-English message.
 */
export class DomainError extends Error {
  constructor(
    message: string,
    /** Field-level messages for forms: field name -> message. */
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that breaks a rule; nothing was changed. */
export class InvalidInput extends DomainError {}
/** The thing asked for does not exist (or the caller may not know it exists). */
export class NotFound extends DomainError {}
/** The slot named does not exist, or is not the one the caller described (another schedule, other times). */
export class SlotNotFound extends NotFound {
  constructor(
    message: string,
    /** Which part of what the caller sent is wrong. */
    readonly part: "slot" | "schedule" | "start",
  ) {
    super(message);
  }
}
/** The caller is not allowed to do this. */
export class Forbidden extends DomainError {}
/** Someone else changed the record first (optimistic concurrency). */
export class VersionConflict extends DomainError {}
/** The version the caller named is not the current one. */
export class StaleVersion extends VersionConflict {
  constructor(
    message: string,
    readonly currentVersion: number,
  ) {
    super(message);
  }
}
/** The slot can no longer be booked (taken, suspended, over a limit). */
export class SlotUnavailable extends DomainError {
  constructor(
    message: string,
    /** The capacity limit that refused it, when one did (a `RefusalReason`), for staff messages and logs. */
    readonly reason?: string,
  ) {
    super(message);
  }
}
/** The same request was already carried out (idempotency). */
export class DuplicateRequest extends DomainError {
  constructor(
    message: string,
    readonly existingId?: string,
  ) {
    super(message);
  }
}
/** Too many attempts; try again after `retryAfterSeconds`. */
export class Throttled extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
/**
 * The database cannot be used just now: it refused the connection, did not answer within its timeout, or cannot
 * write (disk full, read-only). Nothing was changed by the failed step; the caller may try again after
 * `retryAfterSeconds`. Raised from lib/db (lib/db/database-unavailable.ts); each door maps it to its own answer
 * (FHIR STU3: 503 OperationOutcome with Retry-After; staff APIs: 503 JSON; BaRS: 503 REC_UNAVAILABLE).
 */
export class DatabaseUnavailable extends DomainError {
  constructor(
    message = "The database is not available",
    readonly retryAfterSeconds = 5,
    /** What the driver said (for logs only, never shown to callers). */
    readonly detail?: string,
  ) {
    super(message);
  }
}
