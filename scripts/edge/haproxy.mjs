// Runs deploy/haproxy.cfg (the reference front end) for a test: the site's values as environment variables, the
// runtime API on a socket of its own, foreground, stopped with the test.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";

export const HAPROXY_CONFIG = join(import.meta.dirname, "..", "..", "deploy", "haproxy.cfg");

export function haproxyAvailable() {
  return spawnSync("haproxy", ["-v"], { stdio: "ignore" }).status === 0;
}

/**
 * Starts HAProxy with deploy/haproxy.cfg: `bind` (host:port), `pki` (from makeTestPki), `secret`, `apps` (two
 * "host:port"), `dir` (socket and log). Resolves once it listens. `stop()` ends it; `stats()` reads each server's
 * state and request count from the runtime API.
 */
export async function startHaproxy({ bind, pki, secret, apps, dir }) {
  if (!haproxyAvailable()) throw new Error("haproxy is not installed (Debian: apt-get install haproxy)");
  if (apps.length !== 2) throw new Error("deploy/haproxy.cfg names two app instances");
  const socket = join(dir, "haproxy.sock");
  const env = {
    ...process.env,
    EDGE_BIND: bind,
    EDGE_TLS_CERT: pki.serverPem,
    EDGE_CLIENT_CA: pki.caFile,
    EDGE_CLIENT_CRL: pki.crlFile,
    EDGE_SHARED_SECRET: secret,
    APP1_ADDR: apps[0],
    APP2_ADDR: apps[1],
    HAPROXY_STATS_SOCKET: socket,
  };
  const check = spawnSync("haproxy", ["-c", "-q", "-f", HAPROXY_CONFIG], { env, encoding: "utf8" });
  if (check.status !== 0) throw new Error(`deploy/haproxy.cfg does not check: ${check.stderr || check.stdout}`);
  const logFile = join(dir, "haproxy.log");
  const log = createWriteStream(logFile);
  const child = spawn("haproxy", ["-db", "-f", HAPROXY_CONFIG], { env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = false;
  child.on("exit", () => (exited = true));
  const [host, port] = [bind.slice(0, bind.lastIndexOf(":")), Number(bind.slice(bind.lastIndexOf(":") + 1))];
  for (let i = 0; ; i++) {
    if (exited) throw new Error(`haproxy exited at start; see ${logFile}`);
    if (existsSync(socket) && (await canConnect(host, port))) break;
    if (i > 100) throw new Error("haproxy did not start listening");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    logFile,
    stop: () => {
      if (!exited) child.kill("SIGTERM");
    },
    /**
     * Each app server: { name, status ("UP", "DOWN", "NOLB", "MAINT", …), requests (total sent to it), checked (false
     * for the unchecked backup entries used only when every checked one is down) }.
     */
    stats: async () => {
      const csv = await runtimeApi(socket, "show stat");
      const lines = csv.replace(/^# /, "").trim().split("\n");
      const head = lines[0].split(",");
      return lines
        .slice(1)
        .map((l) => Object.fromEntries(l.split(",").map((v, i) => [head[i], v])))
        .filter((r) => r.pxname === "app" && r.svname !== "BACKEND" && r.svname !== "FRONTEND")
        .map((r) => ({ name: r.svname, status: r.status, requests: Number(r.stot), checked: r.status !== "no check" }));
    },
  };
}

function canConnect(host, port) {
  return new Promise((resolve) => {
    const s = net.connect(port, host);
    s.on("connect", () => (s.destroy(), resolve(true)));
    s.on("error", () => resolve(false));
  });
}

function runtimeApi(socket, command) {
  return new Promise((resolve, reject) => {
    const s = net.connect(socket);
    let out = "";
    s.on("connect", () => s.write(`${command}\n`));
    s.on("data", (d) => (out += d));
    s.on("end", () => resolve(out));
    s.on("error", reject);
  });
}

/** Waits until HAProxy's checks see every app server UP. */
export async function waitAllUp(edge, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = (await edge.stats()).filter((x) => x.checked);
    if (s.length > 0 && s.every((x) => x.status.startsWith("UP"))) return s;
    if (Date.now() > until) throw new Error(`app servers not all UP behind haproxy: ${s.map((x) => `${x.name} ${x.status}`).join(", ")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
