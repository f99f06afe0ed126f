import { afterAll } from "vitest";
import { dropTestDatabases } from "../postgres/databases.ts";
import { consoleReadsContract } from "./console-reads-contract.ts";
import { STORE_DRIVERS } from "./drivers.ts";

// The console's reads on both engines: SQLite, and PostgreSQL on the tests' embedded server.
for (const driver of STORE_DRIVERS)
  consoleReadsContract({ engine: driver.engine, open: async (now) => (await driver.library()).open({ now }) });
afterAll(() => dropTestDatabases());
