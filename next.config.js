// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and driver packages stay as plain Node requires in the server bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "@node-rs/argon2", "pino"],
  poweredByHeader: false,
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
