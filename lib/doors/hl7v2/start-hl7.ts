import { logger } from "../../observability/logger";
import { readHl7Config } from "./hl7-config";
import { startMllpListener, type RunningListener } from "./mllp-listener";
import { readOutboundConfig, startExpectedPatientsSchedule } from "./expected-patients";
import { rematchWaitingRegistrations } from "../../arrivals/receive-ed-record-message";

/**
 * Started once per server instance (instrumentation.ts). Every instance may listen: a message is stored under its
 * unique control key before it is acknowledged, so it is processed once whichever instance it reaches. A port in use
 * is logged and the web server keeps serving.
 */
export async function startHl7(env = process.env): Promise<RunningListener | null> {
  const config = readHl7Config(env);
  const outbound = readOutboundConfig(env);
  if (outbound) {
    startExpectedPatientsSchedule(outbound);
    logger().info({ host: outbound.host, port: outbound.port, kind: outbound.kind }, "hl7: expected-patient messages on");
  }
  if (config.port === 0) return null;
  // A registration that came before its booking is matched again once a minute (for a day).
  const rematch = setInterval(() => void rematchWaitingRegistrations().catch((e) => logger().error({ err: e }, "hl7: re-match failed")), 60_000);
  rematch.unref();
  try {
    const listener = await startMllpListener(config);
    logger().info({ port: listener.port, host: config.host, tls: !!config.tls }, "hl7: MLLP listener started");
    return listener;
  } catch (e) {
    logger().error({ err: e, port: config.port }, "hl7: MLLP listener could not start");
    return null;
  }
}
