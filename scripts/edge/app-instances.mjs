// App instances for the front-end tests: a fresh PostgreSQL database prepared once, production builds (made when
// missing or stale, by the rule `npm start` uses), started and stopped by port.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import pg from "pg";
import { buildIsStale, newestSourceMtime, stampBuild } from "../build-stamp.mjs";

export async function freshPostgresDatabase(url) {
  const name = new URL(url).pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected database name ${name}`);
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, "/postgres") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
}

export async function dropPostgresDatabase(url) {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, "/postgres") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

/** Migrates and seeds (env.DATABASE_URL, env.SEED_PROFILE), then builds when the build is missing or stale. */
export function prepareAndBuild(env, tag) {
  const root = process.cwd();
  const prep = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/db-prepare.ts"], { env, stdio: "inherit" });
  if (prep.status !== 0) throw new Error("database preparation failed");
  const dist = join(root, process.env.NEXT_DIST_DIR || ".next");
  if (buildIsStale(root, dist)) {
    console.log(`[${tag}] building the app (no build, or the sources changed since it was made)…`);
    const stamp = newestSourceMtime(root);
    const b = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { env: { ...env, NODE_ENV: "production" }, stdio: "inherit" });
    if (b.status !== 0) throw new Error("build failed");
    stampBuild(root, dist, stamp);
  }
}

/** One production instance on 127.0.0.1:port (`next start`, as `npm start` runs it). */
export function startInstance(env, port, stdio = "ignore") {
  return spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...env, PORT: String(port), NODE_ENV: "production", HL7_MLLP_PORT: "0" },
    stdio,
  });
}

export async function waitHealthy(base, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${base} did not become healthy`);
}
