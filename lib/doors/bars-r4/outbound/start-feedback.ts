/**
 * Starts the feedback sender on this instance when BARS_FEEDBACK_* is configured (instrumentation.ts, and the
 * crash test's delivering processes). BARS_FEEDBACK_SENDER=off keeps an instance from delivering.
 */
import { logger } from "../../../observability/logger";
import { anyServiceSendsFeedback } from "../../../outbox/bars-feedback-outbox";
import { feedbackConfigProblems, readFeedbackConfig } from "./feedback-config";
import { startFeedbackSchedule, type FeedbackSender } from "./feedback-sender";

export function startBarsFeedback(env: Record<string, string | undefined> = process.env): FeedbackSender | null {
  if ((env.BARS_FEEDBACK_SENDER ?? "on").toLowerCase() === "off") return null;
  const cfg = readFeedbackConfig(env);
  if (!cfg) return null;
  const everyMs = Number(env.BARS_FEEDBACK_POLL_MS ?? 1000);
  const sender = startFeedbackSchedule(cfg, Number.isFinite(everyMs) && everyMs >= 50 ? everyMs : 1000);
  logger().info({ proxyUrl: cfg.proxyUrl, owner: sender.owner }, "bars-feedback: sender started");
  return sender;
}

/** A production start refuses a missing or broken sender configuration only when some service has feedback switched on. */
export function feedbackStartProblems(env: Record<string, string | undefined>, anyServiceOn: boolean): string[] {
  if (!anyServiceOn) return [];
  return feedbackConfigProblems(env).map((p) => `${p}: safeguarding feedback to 111 is switched on for a service (BARS_FEEDBACK_*)`);
}

export async function feedbackProductionProblems(env: Record<string, string | undefined> = process.env): Promise<string[]> {
  return feedbackStartProblems(env, await anyServiceSendsFeedback());
}
