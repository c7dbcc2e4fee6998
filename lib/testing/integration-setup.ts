// Runs before every integration test file: gives the file its own fresh, migrated database —
// a temporary SQLite file by default, or a new database on the PostgreSQL server named by
// TEST_POSTGRES_URL (npm run test:postgres). Real databases, never a mock.
import { afterAll, beforeAll } from "vitest";
import { setupTestDatabase } from "./test-database";

let teardown: (() => Promise<void>) | null = null;

beforeAll(async () => {
  teardown = await setupTestDatabase();
});

afterAll(async () => {
  await teardown?.();
});
