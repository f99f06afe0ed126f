import type { TestProject } from "vitest/node";
import { startTestPostgres } from "./server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The tests' PostgreSQL server, as a superuser URL (`BRIEFBOT_TEST_DATABASE_URL`, else one started here). */
    postgresUrl: string;
  }
}

/** One PostgreSQL for the whole run, started before the first test file and stopped after the last. */
export default async function setup(project: TestProject) {
  const server = await startTestPostgres();
  project.provide("postgresUrl", server.url);
  return () => server.stop();
}
