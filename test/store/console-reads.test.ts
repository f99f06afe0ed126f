import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../../src/store/index.ts";
import { consoleReadsContract } from "./console-reads-contract.ts";

consoleReadsContract({
  engine: "sqlite",
  open: (now) => openStore({ dataDir: mkdtempSync(join(tmpdir(), "briefbot-console-reads-")), now }),
});
