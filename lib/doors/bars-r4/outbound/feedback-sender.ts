/**
 * The feedback sender loop, on every instance: claims due messages (a lease in the database, so one instance
 * delivers a message at a time), sends each, records the attempt. Started from instrumentation.ts when
 * BARS_FEEDBACK_* is configured (BARS_FEEDBACK_SENDER=off turns it off on an instance).
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { claimDueFeedback, recordFeedbackAttempt } from "../../../outbox/bars-feedback-outbox";
import { logger } from "../../../observability/logger";
import type { FeedbackConfig } from "./feedback-config";
import { NhsTokenSource } from "./nhs-token";
import { sendFeedbackOnce } from "./send-feedback";

export interface FeedbackSender {
  owner: string;
  tokens: NhsTokenSource;
  deliverDue(now?: Date): Promise<{ delivered: number; pending: number; failed: number }>;
  stop(): void;
}

export function feedbackSender(cfg: FeedbackConfig, owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`): FeedbackSender {
  const tokens = new NhsTokenSource({ tokenUrl: cfg.tokenUrl, clientId: cfg.clientId, keyId: cfg.keyId, privateKeyPem: cfg.privateKeyPem, timeoutMs: cfg.requestTimeoutMs });
  const deliverDue = async (now?: Date) => {
    const counts = { delivered: 0, pending: 0, failed: 0 };
    for (;;) {
      const batch = await claimDueFeedback(owner, cfg.timing, now);
      if (!batch.length) return counts;
      await Promise.all(
        batch.map(async (m) => {
          const outcome = await sendFeedbackOnce(m, cfg, tokens);
          const state = await recordFeedbackAttempt(m, owner, outcome, cfg.timing, now);
          if (state !== "lost-claim") counts[state]++;
        }),
      );
      if (now) return counts; // a fixed clock (tests) takes one pass
    }
  };
  return { owner, tokens, deliverDue, stop: () => {} };
}

/** Runs the sender every `everyMs` (default 1 s) on this instance. */
export function startFeedbackSchedule(cfg: FeedbackConfig, everyMs = 1000): FeedbackSender {
  const sender = feedbackSender(cfg);
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await sender.deliverDue();
    } catch (e) {
      logger().error({ err: e }, "bars-feedback: delivery pass failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return { ...sender, stop: () => clearInterval(timer) };
}
