// `npm start`: prepare the database (migrate; seed when empty), build if the sources changed, then serve.
// `npm run dev`: the same, with the Next.js development server.
import { spawnSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { buildIsStale, newestSourceMtime, stampBuild } from "./build-stamp.mjs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
env.PORT ||= "3000";
env.DATABASE_URL ||= "file:./data/ed.db";
env.PUBLIC_URL ||= `http://localhost:${env.PORT}`;
env.NEXTAUTH_URL ||= env.PUBLIC_URL;

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 9)) {
  console.error(`Node.js 20.9 or newer is needed; this is ${process.versions.node}.`);
  process.exit(1);
}

// A signing secret for staff sessions. Production sets NEXTAUTH_SECRET (the same on every instance);
// a single local instance keeps a random one in data/ so sessions survive restarts.
if (!env.NEXTAUTH_SECRET) {
  const file = join(root, "data", "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  env.NEXTAUTH_SECRET = readFileSync(file, "utf8").trim();
}

function run(cmd, args, extra = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...env, ...extra } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const tsx = join(root, "node_modules", "tsx", "dist", "cli.mjs");
const next = join(root, "node_modules", "next", "dist", "bin", "next");

run(process.execPath, [tsx, "scripts/db-prepare.ts"]);

if (!dev) {
  const distDir = env.NEXT_DIST_DIR || ".next";
  if (buildIsStale(root, join(root, distDir))) {
    console.log("[start] building the app (first start or sources changed)…");
    const stamp = newestSourceMtime(root);
    run(process.execPath, [next, "build"], { NODE_ENV: "production" });
    stampBuild(root, join(root, distDir), stamp);
  }
}

// The server's JavaScript heap is capped (NODE_HEAP_MB, default 256): the collector then works before memory grows,
// keeping the process well under 400 MB under load (see README, Performance). Unset it only with a reason.
const heapMb = Number(env.NODE_HEAP_MB || 256);
if (!/--max-old-space-size/.test(env.NODE_OPTIONS ?? "") && heapMb > 0) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --max-old-space-size=${heapMb}`.trim();

// A live system sits behind the TLS terminator; listening on every interface with no proxy declared usually means the
// app is reachable directly, past the edge's client-certificate check.
if ((env.APP_ENV ?? "").toLowerCase() === "production" && !env.HOSTNAME && !(Number(env.TRUSTED_PROXY_HOPS) > 0)) {
  console.warn("[start] warning: APP_ENV=production is listening on all interfaces with no proxy declared (TRUSTED_PROXY_HOPS): bind HOSTNAME=127.0.0.1 behind the TLS terminator, or declare it");
}

// Node answers a request line and headers over 16 KB with a bare 431 before the app sees it; with room up to 64 KB the
// FHIR door itself refuses an address over 16 KB with an OperationOutcome (414).
if (!/--max-http-header-size/.test(env.NODE_OPTIONS ?? "")) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --max-http-header-size=65536`.trim();

const child = spawn(process.execPath, [next, dev ? "dev" : "start", "-p", env.PORT, ...(env.HOSTNAME ? ["-H", env.HOSTNAME] : [])], {
  cwd: root,
  stdio: "inherit",
  env,
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
