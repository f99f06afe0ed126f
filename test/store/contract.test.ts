import { afterAll } from "vitest";
import { dropTestDatabases } from "../postgres/databases.ts";
import { STORE_DRIVERS } from "./drivers.ts";
import { ledgerContract } from "./ledger-contract.ts";
import { libraryContract } from "./library-contract.ts";

for (const driver of STORE_DRIVERS) {
  libraryContract(driver);
  ledgerContract(driver);
}
afterAll(() => dropTestDatabases());
