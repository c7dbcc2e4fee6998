import net from "node:net";
import tls from "node:tls";
import { readFileSync } from "node:fs";
import { logger } from "../../observability/logger";
import { MllpFramer, mllpFrame, type FrameEvent } from "./mllp-framer";
import { handleFrame } from "./handle-message";
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

/** At most this many frames wait on one connection before it stops reading (TCP pushes back on the sender). */
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
  let queued = 0;
  let chain = Promise.resolve();
  socket.setTimeout(config.idleTimeoutMs, () => socket.end());
  socket.on("error", () => socket.destroy());
  const enqueue = (event: Exclude<FrameEvent, { kind: "noise" }>) => {
    queued++;
    if (queued >= MAX_QUEUED) socket.pause();
    chain = chain
      .then(async () => {
        const replies = await handleFrame(event, options);
        for (const r of replies) if (!socket.destroyed) socket.write(mllpFrame(r));
      })
      .catch((e) => logger().error({ err: e, peer }, "hl7: a message could not be answered"))
      .finally(() => {
        queued--;
        if (queued < MAX_QUEUED && socket.isPaused() && !socket.destroyed) socket.resume();
      });
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
        void chain.then(() => socket.end());
        socket.pause();
        return;
      }
      enqueue(ev);
    }
  });
}
