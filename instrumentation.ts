/**
 * Runs once when a server instance starts: keeps the rolling slot horizon filled on its own schedule,
 * and runs the expected-arrivals schedule (lib/arrivals/arrivals-schedule.ts).
 * Every instance runs it; generation is idempotent and locks per service, so that is safe.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // The production checks run in the server itself, whatever started it (`npm start`, `next start`, a container's
  // own command): a live instance with a weak secret or no edge trust must not serve at all.
  const { productionProblems, readDeploymentConfig } = await import("./lib/config/deployment");
  const problems = productionProblems(readDeploymentConfig());
  if (problems.length) {
    console.error("[config] refusing to start in production:\n  - " + problems.join("\n  - "));
    process.exit(1);
  }
  // Safeguarding feedback to 111: a service switched on needs the sender's key, token endpoint and proxy.
  if (readDeploymentConfig().production) {
    const { feedbackProductionProblems } = await import("./lib/doors/bars-r4/outbound/start-feedback");
    const feedbackProblems = await feedbackProductionProblems();
    if (feedbackProblems.length) {
      console.error("[config] refusing to start in production:\n  - " + feedbackProblems.join("\n  - "));
      process.exit(1);
    }
  }
  // At start, not at the first request: a live instance that was given a test clock says at once that it ignored it.
  const { resolveClock } = await import("./lib/time/clock");
  resolveClock();
  // Batched audit events are written before the server stops.
  const { flushAuditQueueOnSignals } = await import("./lib/audit/audit-queue");
  flushAuditQueueOnSignals();
  // Expected arrivals: waiting 111 reports, the unseen-board check, contact tasks, downtime snapshots.
  if (process.env.ARRIVALS_SCHEDULE !== "off") {
    const { startArrivalsSchedule } = await import("./lib/arrivals/arrivals-schedule");
    startArrivalsSchedule();
  }
  // The ED's own patient record (HL7v2 over MLLP): on HL7_MLLP_PORT (2575 in production; 0 turns it off).
  const { startHl7 } = await import("./lib/doors/hl7v2/start-hl7");
  await startHl7();
  // Safeguarding did-not-attend feedback to 111 over BaRS, when BARS_FEEDBACK_* is configured (claims keep instances apart).
  const { startBarsFeedback } = await import("./lib/doors/bars-r4/outbound/start-feedback");
  startBarsFeedback();
  if (process.env.SLOT_GENERATION !== "off") {
    const { startSlotGenerationSchedule } = await import("./lib/capacity/slot-generation-schedule");
    startSlotGenerationSchedule();
  }
  // Last, after every other SIGTERM listener: on SIGTERM the instance first reports itself draining on /api/health,
  // then stops taking connections, finishes what is in flight, writes its audit batch and closes the database.
  const { installGracefulShutdown } = await import("./lib/lifecycle/graceful-shutdown");
  installGracefulShutdown();
}
