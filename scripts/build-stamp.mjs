// When is a production build stale? One rule for `npm start` and the benchmarks: a digest of every source file's
// path, size and modification time, written beside the build as SOURCE_STAMP. A path in it means a renamed or
// deleted file (which keeps every remaining modification time as it was) also makes the build stale.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const SOURCE_DIRS = ["app", "components", "lib", "public", "prisma"];
const SOURCE_FILES = ["package.json", "next.config.js", "proxy.ts", "instrumentation.ts", "tsconfig.json", "postcss.config.mjs"];

export function newestSourceMtime(root) {
  const files = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "generated" || entry.name.startsWith(".")) continue;
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  for (const d of SOURCE_DIRS) walk(join(root, d));
  for (const f of SOURCE_FILES) if (existsSync(join(root, f))) files.push(join(root, f));
  const hash = createHash("sha1");
  for (const f of files.sort()) {
    const st = statSync(f);
    hash.update(`${relative(root, f)}\0${st.size}\0${Math.floor(st.mtimeMs)}\n`);
  }
  return hash.digest("hex");
}

export function buildIsStale(root, dist) {
  if (!existsSync(join(dist, "BUILD_ID")) || !existsSync(join(dist, "SOURCE_STAMP"))) return true;
  return readFileSync(join(dist, "SOURCE_STAMP"), "utf8").trim() !== newestSourceMtime(root);
}

/**
 * Marks a build fresh for the sources as they were when it STARTED (take `stamp` with `newestSourceMtime` before
 * building): a source edited while the build ran then makes the next start build again.
 */
export function stampBuild(root, dist, stamp = newestSourceMtime(root)) {
  writeFileSync(join(dist, "SOURCE_STAMP"), String(stamp));
}
