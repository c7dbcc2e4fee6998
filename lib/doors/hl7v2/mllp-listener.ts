import net from "node:net";
import tls from "node:tls";
import { readFileSync } from "node:fs";
import { logger } from "../../observability/logger";
import { MllpFramer, mllpFrame, type FrameEvent } from "./mllp-framer";
import { handleFrames } from "./handle-message";
import type { Hl7Config } from "./hl7-config";

/**
 * The MLLP listener: one TCP (or TLS) server; per connection a bounded framer and a queue, so several messages on
 * one connection are answered in the order they came. A peer that sends no frame, only noise, is closed; one that
 * goes quiet past the idle timeout is closed; no error on one connection touches another.
 */
export interface RunningListener {
  port: number;
  close(): Promise<void>;
}

/** At most this many frames wait on one connection before it stops reading (TCP pushes back on the sender); also the largest batch. */
const MAX_QUEUED = 32;

export async function startMllpListener(config: Pick<Hl7Config, "port" | "host" | "maxMessageBytes" | "maxNoiseBytes" | "idleTimeoutMs" | "maxConnections" | "patientClasses" | "application" | "facility" | "tls">): Promise<RunningListener> {
  const sockets = new Set<net.Socket>();
  const onConnection = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    serveConnection(socket, config);
  };
  const server = config.tls
    ? tls.createServer({ cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile), ...(config.tls.caFile ? { ca: readFileSync(config.tls.caFile), requestCert: true, rejectUnauthorized: true } : {}) }, onConnection)
    : net.createServer(onConnection);
  server.maxConnections = config.maxConnections;
  server.on("error", (e) => logger().error({ err: e }, "hl7: listener error"));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function serveConnection(socket: net.Socket, config: Parameters<typeof startMllpListener>[0]) {
  const peer = `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`;
  const framer = new MllpFramer({ maxMessageBytes: config.maxMessageBytes, maxNoiseBytes: config.maxNoiseBytes });
  const options = { us: { application: config.application, facility: config.facility }, maxMessageBytes: config.maxMessageBytes, patientClasses: config.patientClasses, peer };
  const queue: Exclude<FrameEvent, { kind: "noise" }>[] = [];
  let working: Promise<void> | null = null;
  let closeWhenDone = false;
  socket.setTimeout(config.idleTimeoutMs, () => socket.end());
  // Each ACK goes at once (no Nagle delay waiting for more bytes): the sender is waiting for it.
  socket.setNoDelay(true);
  socket.on("error", () => socket.destroy());
  // One worker per connection: it takes every frame queued so far as one batch (one commit for all of them), answers
  // them in order, then looks again; so a burst waits for one disk write, not one each.
  const work = async () => {
    while (queue.length) {
      const batch = queue.splice(0, MAX_QUEUED);
      if (socket.isPaused() && !closeWhenDone && !socket.destroyed) socket.resume();
      try {
        const replies = await handleFrames(batch, options);
        for (const r of replies.flat()) if (!socket.destroyed) socket.write(mllpFrame(r));
      } catch (e) {
        logger().error({ err: e, peer }, "hl7: messages could not be answered");
      }
    }
    working = null;
    if (closeWhenDone) socket.end();
  };
  const enqueue = (event: Exclude<FrameEvent, { kind: "noise" }>) => {
    queue.push(event);
    if (queue.length >= MAX_QUEUED) socket.pause();
    working ??= work();
  };
  socket.on("data", (chunk: Buffer) => {
    let events: FrameEvent[];
    try {
      events = framer.push(chunk);
    } catch (e) {
      logger().error({ err: e, peer }, "hl7: framing failed");
      socket.destroy();
      return;
    }
    for (const ev of events) {
      if (ev.kind === "noise") {
        // Not MLLP: answer what was already queued, then close.
        closeWhenDone = true;
        socket.pause();
        if (!working) socket.end();
        return;
      }
      enqueue(ev);
    }
  });
}
