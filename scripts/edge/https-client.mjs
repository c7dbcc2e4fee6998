// A small fetch-like client over https with a client certificate (Node's fetch cannot present one without undici's
// own Agent). Keep-alive connections, one agent per identity; answers carry status, headers.get(), text().
import https from "node:https";

/** `identity`: { cert, key } or null (no client certificate); `ca`: the CA the server's certificate chains to. */
export function edgeClient({ ca, identity, maxSockets = 64 }) {
  const agent = new https.Agent({ keepAlive: true, maxSockets, ca, ...(identity ? { cert: identity.cert, key: identity.key } : {}) });
  async function request(url, init = {}) {
    const u = new URL(url);
    return new Promise((resolve, reject) => {
      const req = https.request(
        { host: u.hostname, port: u.port, path: u.pathname + u.search, method: init.method ?? "GET", headers: init.headers ?? {}, agent, servername: "localhost", timeout: init.timeoutMs ?? 30_000 },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            const body = Buffer.concat(chunks).toString("utf8");
            resolve({
              status: res.statusCode,
              ok: res.statusCode >= 200 && res.statusCode < 300,
              headers: { get: (name) => { const v = res.headers[name.toLowerCase()]; return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v; } },
              text: async () => body,
              json: async () => JSON.parse(body),
            });
          });
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error("timed out")));
      req.on("error", reject);
      if (init.body !== undefined) req.write(init.body);
      req.end();
    });
  }
  return { request, close: () => agent.destroy() };
}
