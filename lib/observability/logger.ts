import pino from "pino";

/**
 * Structured JSON logs (one line per event) for the log shipper. Never log patient data or clinical content:
 * ids, codes, counts and timings only. Request-scoped lines carry requestId and correlationId.
 */
const globalForLog = globalThis as unknown as { __edLogger?: pino.Logger };

export function logger(): pino.Logger {
  globalForLog.__edLogger ??= pino({
    level: process.env.LOG_LEVEL || (process.env.NODE_ENV === "test" ? "silent" : "info"),
    base: { app: "ed-capacity" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ["*.authorization", "*.Authorization", "*.password", "*.nhsNumber", "*.patient"], censor: "[redacted]" },
  });
  return globalForLog.__edLogger;
}

export function requestLogger(ids: { requestId: string; correlationId?: string | null; traceId?: string | null }): pino.Logger {
  return logger().child({ requestId: ids.requestId, correlationId: ids.correlationId ?? undefined, traceId: ids.traceId ?? undefined });
}
