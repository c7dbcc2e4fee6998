// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- Next loads this file as CommonJS */
const { existsSync, lstatSync, realpathSync } = require("node:fs");
const path = require("node:path");
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Development worktrees share one node_modules through a link. Turbopack resolves only inside its root, so
 * when node_modules is a link, the root is widened to the folder holding both this app and the linked install.
 */
function turbopackRoot() {
  const link = path.join(__dirname, "node_modules");
  if (!existsSync(link) || !lstatSync(link).isSymbolicLink()) return undefined;
  const a = __dirname.split(path.sep);
  const b = path.dirname(realpathSync(link)).split(path.sep);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i).join(path.sep) || path.sep;
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  turbopack: { root: turbopackRoot() },
  // Native and driver packages stay as plain Node requires in the server bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "@node-rs/argon2", "pino"],
  poweredByHeader: false,
  // A trailing slash on a FHIR address is answered by the API itself (an OperationOutcome), not a bodiless 308.
  skipTrailingSlashRedirect: true,
  // Next gzips every answer when the client accepts it, FHIR ones included (the standard requires gzip).
  compress: true,
  reactStrictMode: true,
  // A separate build folder lets the test suite build and serve without touching a developer's `next dev`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typedRoutes: false,
  // forbidden() renders app/forbidden.tsx with HTTP 403 for a signed-in person without the role.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
