import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    pool: "forks",
    // The CLI tests run dist/: it is rebuilt when a source is newer.
    globalSetup: ["test/global-setup.ts"],
  },
});
