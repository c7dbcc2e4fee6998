/**
 * A TCP relay for fault tests: listens on loopback and forwards to a real server, until told to refuse connections
 * (the port closes: ECONNREFUSED) or to black-hole them (it accepts and forwards nothing, in either direction, so
 * the client waits for an answer that never comes). Loopback only.
 */
import { createServer, connect, type Server, type Socket } from "node:net";

export type RelayMode = "pass" | "refuse" | "blackhole";

export interface TcpRelay {
  port: number;
  mode: RelayMode;
  setMode(mode: RelayMode): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpRelay(target: { host: string; port: number }): Promise<TcpRelay> {
  let mode: RelayMode = "pass";
  const open = new Set<Socket>();
  const onConnection = (client: Socket) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.on("error", () => client.destroy());
    if (mode === "blackhole") {
      client.pause(); // accepted, read from no more, never answered
      return;
    }
    const upstream = connect(target.port, target.host);
    open.add(upstream);
    upstream.on("close", () => {
      open.delete(upstream);
      client.destroy();
    });
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
    client.on("data", (d) => {
      if (relay.mode === "pass") upstream.write(d);
    });
    upstream.on("data", (d) => {
      if (relay.mode === "pass") client.write(d);
    });
  };
  let server: Server = createServer(onConnection);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer(onConnection);
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
  const stopListening = () => new Promise<void>((r) => server.close(() => r()));

  const relay: TcpRelay = {
    port,
    get mode() {
      return mode;
    },
    set mode(m) {
      mode = m;
    },
    async setMode(next) {
      if (next === mode) return;
      const wasListening = mode !== "refuse";
      mode = next;
      if (next === "refuse") {
        // Every connection is dropped and the port stops listening: new connections are refused.
        for (const s of open) s.destroy();
        if (wasListening) await stopListening();
      } else if (!wasListening) {
        await listen();
      }
    },
    async close() {
      for (const s of open) s.destroy();
      if (mode !== "refuse") await stopListening();
    },
  };
  return relay;
}
