// When is a production build stale? One rule for `npm start` and the benchmarks: the newest modification time of
// the app's sources, written beside the build as SOURCE_STAMP.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SOURCE_DIRS = ["app", "components", "lib", "public", "prisma"];
const SOURCE_FILES = ["package.json", "next.config.js", "proxy.ts", "instrumentation.ts", "tsconfig.json", "postcss.config.mjs"];

export function newestSourceMtime(root) {
  let newest = 0;
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "generated" || entry.name.startsWith(".")) continue;
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of SOURCE_DIRS) walk(join(root, d));
  for (const f of SOURCE_FILES) if (existsSync(join(root, f))) newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
  return Math.floor(newest);
}

export function buildIsStale(root, dist) {
  if (!existsSync(join(dist, "BUILD_ID")) || !existsSync(join(dist, "SOURCE_STAMP"))) return true;
  return Number(readFileSync(join(dist, "SOURCE_STAMP"), "utf8")) !== newestSourceMtime(root);
}

/**
 * Marks a build fresh for the sources as they were when it STARTED (take `stamp` with `newestSourceMtime` before
 * building): a source edited while the build ran then makes the next start build again.
 */
export function stampBuild(root, dist, stamp = newestSourceMtime(root)) {
  writeFileSync(join(dist, "SOURCE_STAMP"), String(stamp));
}
