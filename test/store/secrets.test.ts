import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSecretBox, parseEncryptionKey } from "../../src/store/secrets.ts";
import { briefbot } from "../cli/run.ts";

const KEY = "q0sQj3b5a8zH1vN0c2wX4e6r8t0y2u4i6o8p0a2s4d4=";
const OTHER = "a".repeat(64);

describe("Slack installations at rest", () => {
  // Sealing at rest is in the store contract (contract.test.ts), on both engines.
  it("takes a key as 64 hex characters or base64 of 32 bytes, and nothing else", () => {
    expect(parseEncryptionKey(KEY)).toHaveLength(32);
    expect(parseEncryptionKey(OTHER)).toHaveLength(32);
    for (const bad of ["short", "a".repeat(63), Buffer.alloc(16).toString("base64")])
      expect(() => parseEncryptionKey(bad)).toThrow(/32 bytes/);
    const box = createSecretBox(parseEncryptionKey(KEY));
    expect(box.seal("x")).not.toBe(box.seal("x")); // a fresh IV every time
  });

  it("status warns when Slack installs through OAuth without a key, and a bad key is named", () => {
    const data = mkdtempSync(join(tmpdir(), "briefbot-secrets-status-"));
    const oauth = {
      SLACK_SIGNING_SECRET: "status-signing-secret",
      SLACK_CLIENT_ID: "cid",
      SLACK_CLIENT_SECRET: "csecret",
      SLACK_STATE_SECRET: "state-secret",
    };
    const warned = JSON.parse(briefbot(["status", "--json", "--data-dir", data], { env: oauth }).stdout);
    expect(warned.warnings.join("\n")).toMatch(/unencrypted: set BRIEFBOT_ENCRYPTION_KEY/);
    const keyed = JSON.parse(
      briefbot(["status", "--json", "--data-dir", data], { env: { ...oauth, BRIEFBOT_ENCRYPTION_KEY: KEY } }).stdout,
    );
    expect(keyed.warnings).toEqual([]);
    const bad = briefbot(["status", "--json", "--data-dir", data], {
      env: { ...oauth, BRIEFBOT_ENCRYPTION_KEY: "oops" },
    });
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout).problems.join("\n")).toMatch(/BRIEFBOT_ENCRYPTION_KEY: 32 bytes/);
    expect(bad.stdout).not.toContain("oops");
  });
});
