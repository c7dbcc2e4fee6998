/**
 * Graceful shutdown for rolling upgrades behind a load balancer (deploy/haproxy.cfg). On SIGTERM:
 *   1. the instance says it is draining: GET /api/health answers 503 `{ "status": "draining" }`, while every other
 *      request is still served as usual (the balancer has not seen it yet, so it still sends some);
 *   2. after SHUTDOWN_DRAIN_MS (default 5000: the balancer checks every second and takes a server out on its first
 *      failed check, so 5 s leaves room for a slow check) it stops taking connections, and what is in flight
 *      finishes (the framework's own shutdown: `server.close()`, then its own clean-up);
 *   3. the audit batch is written, the database connections are closed, and the process exits (143, as for SIGTERM).
 * SHUTDOWN_TIMEOUT_MS (default 30000) bounds steps 2 and 3: past it the process exits anyway (1).
 * SIGINT (Ctrl+C) does the same with no draining wait; a second signal cuts the wait short.
 */
import { flushAuditQueue } from "../audit/audit-queue";
import { db } from "../db/client";
import { closeOwnConnections } from "../db/own-connections";
import { logger } from "../observability/logger";
import { markDraining } from "./draining";

type Signal = "SIGTERM" | "SIGINT";
type Listener = (signal: Signal) => void;

export interface ShutdownTimes {
  drainMs: number;
  timeoutMs: number;
}

export function shutdownTimes(env: Record<string, string | undefined> = process.env): ShutdownTimes {
  const num = (v: string | undefined, d: number) => (v !== undefined && v.trim() !== "" && Number.isFinite(Number(v)) && Number(v) >= 0 ? Number(v) : d);
  return { drainMs: num(env.SHUTDOWN_DRAIN_MS, 5000), timeoutMs: num(env.SHUTDOWN_TIMEOUT_MS, 30_000) };
}

let installed = false;
let stopping = false;
let cutWaitShort: (() => void) | null = null;

/**
 * Server start-up, after everything else that listens for SIGTERM/SIGINT (the framework's own shutdown, the audit
 * queue's flush): those listeners are taken off and run after the draining wait, in their order.
 */
export function installGracefulShutdown(times: ShutdownTimes = shutdownTimes()): void {
  if (installed) return;
  installed = true;
  const later: Record<Signal, Listener[]> = { SIGTERM: [], SIGINT: [] };
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    later[sig] = process.listeners(sig) as Listener[];
    process.removeAllListeners(sig);
    process.on(sig, () => void shutdown(sig, later[sig], times));
  }
}

async function shutdown(sig: Signal, later: Listener[], times: ShutdownTimes): Promise<void> {
  if (stopping) {
    cutWaitShort?.();
    return;
  }
  stopping = true;
  const log = logger();
  markDraining();
  const realExit = process.exit.bind(process) as (code?: number) => never;
  const deadline = setTimeout(() => {
    log.error({ timeoutMs: times.timeoutMs }, "shutdown: in-flight requests did not finish in time; exiting");
    realExit(1);
  }, (sig === "SIGTERM" ? times.drainMs : 0) + times.timeoutMs);
  deadline.unref();

  if (sig === "SIGTERM" && times.drainMs > 0) {
    log.info({ drainMs: times.drainMs }, "shutdown: draining (health answers 503) before refusing connections");
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, times.drainMs);
      cutWaitShort = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  // The framework ends with process.exit once its server has closed and what was in flight has finished: the audit
  // batch and the database are closed just before.
  let finishing = false;
  const finishThenExit = (code?: number) => {
    if (finishing) return undefined as never;
    finishing = true;
    void finish()
      .catch((e: unknown) => log.error({ err: (e as Error).message }, "shutdown: clean-up failed"))
      .finally(() => realExit(code ?? 0));
    return undefined as never;
  };
  process.exit = finishThenExit as typeof process.exit;
  log.info("shutdown: refusing new connections; finishing what is in flight");
  if (later.length === 0) finishThenExit(sig === "SIGTERM" ? 143 : 130);
  for (const listener of later) listener(sig);
}

async function finish(): Promise<void> {
  const written = await flushAuditQueue();
  logger().info({ auditEventsWritten: written }, "shutdown: audit batch written; closing the database");
  closeOwnConnections();
  await db().$disconnect();
}
