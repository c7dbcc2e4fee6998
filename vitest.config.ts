import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{lib,components,app,scripts}/**/*.test.{ts,tsx}"],
          exclude: ["**/*.int.test.ts", "**/*.fault.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{lib,app,scripts}/**/*.int.test.ts"],
          // The two-stores comparison needs a PostgreSQL server: it runs in `npm run test:postgres`.
          exclude: ["node_modules/**", ...(process.env.TEST_POSTGRES_URL ? [] : ["lib/booking/two-stores.int.test.ts"])],
          environment: "node",
          pool: "forks",
          testTimeout: 60_000,
          hookTimeout: 60_000,
          setupFiles: ["lib/testing/integration-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          // Injected database faults (npm run test:faults): a TCP relay on loopback in front of PostgreSQL, SQLite on a
          // full tmpfs. Each file builds its own database.
          name: "faults",
          include: ["lib/**/*.fault.test.ts"],
          environment: "node",
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // The FHIR conformance suite: real HTTP against a production build on the assurance data set.
          name: "api",
          include: ["api-tests/**/*.test.ts"],
          environment: "node",
          globalSetup: ["api-tests/global-setup.ts"],
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
