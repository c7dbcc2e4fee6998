import { logger } from "../../observability/logger";
import { readHl7Config } from "./hl7-config";
import { startMllpListener, type RunningListener } from "./mllp-listener";

/**
 * Started once per server instance (instrumentation.ts). Every instance may listen: a message is stored under its
 * unique control key before it is acknowledged, so it is processed once whichever instance it reaches. A port in use
 * is logged and the web server keeps serving.
 */
export async function startHl7(env = process.env): Promise<RunningListener | null> {
  const config = readHl7Config(env);
  if (config.port === 0) return null;
  try {
    const listener = await startMllpListener(config);
    logger().info({ port: listener.port, host: config.host, tls: !!config.tls }, "hl7: MLLP listener started");
    return listener;
  } catch (e) {
    logger().error({ err: e, port: config.port }, "hl7: MLLP listener could not start");
    return null;
  }
}
