/**
 * Runs once when a server instance starts: keeps the rolling slot horizon filled on its own schedule.
 * Every instance runs it; generation is idempotent and locks per service, so that is safe.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.SLOT_GENERATION === "off") return;
  const { startSlotGenerationSchedule } = await import("./lib/capacity/slot-generation-schedule");
  startSlotGenerationSchedule();
}
