import { SYSTEM } from "../auth/actor";
import { sweepAwaitingDocuments } from "../clinical/sweep-awaiting-documents";
import { logger } from "../observability/logger";
import { arrivalsConfig } from "./arrivals-config";
import { writeBoardSnapshot } from "./downtime-snapshot";
import { checkBoardUnseen } from "./board-presence";
import { ensureContactTasksForEdCancellations } from "./contact-tasks";
import { chaseMissingSummaries } from "./summary-chase";
import { now as clockNow } from "../time/clock";

let timer: NodeJS.Timeout | null = null;
let lastSnapshot = 0;

/**
 * Every minute, in every instance (each step is idempotent and conditional in the database): reports
 * that waited too long for a booking become expected walk-ins; the unseen-board check (and suspension
 * when configured); contact tasks for ED cancellations that lack one; tasks to chase 111 summaries that never
 * arrived; and every ARRIVALS_SNAPSHOT_MINUTES
 * a downtime snapshot of the board.
 */
export function startArrivalsSchedule(): void {
  if (timer) return;
  const cfg = arrivalsConfig();
  const step = async (name: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (e) {
      logger().error({ step: name, err: e instanceof Error ? e.message : String(e) }, "arrivals schedule step failed");
    }
  };
  const tick = async () => {
    const now = clockNow();
    await step("sweep-awaiting-documents", () => sweepAwaitingDocuments(now));
    await step("board-unseen", () => checkBoardUnseen(now, cfg));
    await step("contact-tasks", () => ensureContactTasksForEdCancellations(SYSTEM, now));
    await step("summary-chase", () => chaseMissingSummaries(now, cfg));
    if (cfg.snapshots && now.getTime() - lastSnapshot >= cfg.snapshotMinutes * 60_000) {
      lastSnapshot = now.getTime();
      await step("snapshot", () => writeBoardSnapshot(now));
    }
  };
  void tick();
  timer = setInterval(tick, 60_000);
  timer.unref();
}
