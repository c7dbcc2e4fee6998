import { randomUUID } from "node:crypto";
import { bookingChangesToCapture, claimDueMessages, enqueueOutboxMessage, recordDelivery } from "../../outbox/hl7-outbox";
import { now as clockNow } from "../../time/clock";
import { logger } from "../../observability/logger";
import { expectedEventOf, expectedPatientMessage, type ExpectedMessageKind, type SenderIdentity } from "./expected-patient-message";
import { sendAndAwaitAck } from "./mllp-sender";

/** Where expected-patient messages go (HL7_EPR_HOST/HL7_EPR_PORT); null turns them off. */
export interface OutboundConfig {
  host: string;
  port: number;
  kind: ExpectedMessageKind;
  ackTimeoutMs: number;
  us: SenderIdentity;
}

export function readOutboundConfig(env: Record<string, string | undefined> = process.env): OutboundConfig | null {
  const host = env.HL7_EPR_HOST?.trim();
  const port = Number(env.HL7_EPR_PORT ?? "");
  if (!host || !Number.isInteger(port) || port <= 0 || port > 65535) return null;
  const kind = (env.HL7_EXPECTED_MESSAGE ?? "SIU").trim().toUpperCase();
  if (kind !== "SIU" && kind !== "A05") throw new Error("HL7_EXPECTED_MESSAGE must be SIU or A05");
  return {
    host,
    port,
    kind,
    ackTimeoutMs: Number(env.HL7_ACK_TIMEOUT_SECONDS ?? 10) * 1000,
    us: {
      application: env.HL7_APPLICATION?.trim() || "ED-CAPACITY",
      facility: env.HL7_FACILITY?.trim() || "",
      receivingApplication: env.HL7_EPR_APPLICATION?.trim() || "EPR",
      receivingFacility: env.HL7_EPR_FACILITY?.trim() || "",
    },
  };
}

/** Turns new booking changes into outbox messages (one per change). */
export async function captureExpectedPatients(config: OutboundConfig): Promise<number> {
  const changes = await bookingChangesToCapture();
  let n = 0;
  for (const c of changes) {
    const controlId = `EDC${randomUUID().replace(/-/g, "").slice(0, 17)}`;
    const type = expectedEventOf(config.kind, c);
    const body = expectedPatientMessage(config.kind, c, { controlId, at: clockNow(), us: config.us });
    if (await enqueueOutboxMessage({ changeKey: c.changeKey, appointmentId: c.appointmentId, patientKey: c.patient.nhsNumber ?? `local:${c.patient.localId}`, messageType: `${type.code}^${type.event}`, controlId, body, changedAt: c.changedAt })) n++;
  }
  return n;
}

/** Sends what is due, one message per patient at a time, and records each acknowledgement. */
export async function deliverExpectedPatients(config: OutboundConfig): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (;;) {
    const batch = await claimDueMessages();
    if (!batch.length) break;
    await Promise.all(
      batch.map(async (m) => {
        const r = await sendAndAwaitAck({ host: config.host, port: config.port, message: m.body, controlId: m.controlId, timeoutMs: config.ackTimeoutMs });
        await recordDelivery(m.id, r);
        if (r.ok) sent++;
        else failed++;
      }),
    );
    if (failed) break;
  }
  return { sent, failed };
}

/** Capture and delivery on a timer, per instance (claims keep two instances from sending one message at once). */
export function startExpectedPatientsSchedule(config: OutboundConfig, everyMs = 2000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await captureExpectedPatients(config);
      await deliverExpectedPatients(config);
    } catch (e) {
      logger().error({ err: e }, "hl7: expected-patient delivery failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
