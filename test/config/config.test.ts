import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { briefbot } from "../cli/run.ts";

describe("loadConfig", () => {
  it("gives the defaults for an empty environment", () => {
    expect(loadConfig({})).toEqual({
      dataDir: "./data",
      fetchTimeoutMs: 15_000,
      fetchMaxBytes: 5 * 1024 * 1024,
      color: true,
    });
  });

  it("treats a blank variable as unset", () => {
    expect(loadConfig({ BRIEFBOT_DATA_DIR: "", NO_COLOR: "" })).toMatchObject({ dataDir: "./data", color: true });
  });

  it("names every invalid variable at once", () => {
    expect(() => loadConfig({ BRIEFBOT_FETCH_TIMEOUT_MS: "soon", BRIEFBOT_FETCH_MAX_BYTES: "-1" })).toThrow(
      /BRIEFBOT_FETCH_TIMEOUT_MS: .*; BRIEFBOT_FETCH_MAX_BYTES: /,
    );
  });

  it("makes the command exit 1 with that message", () => {
    const r = briefbot(["search", "x"], { env: { BRIEFBOT_FETCH_TIMEOUT_MS: "soon" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^briefbot: invalid configuration: BRIEFBOT_FETCH_TIMEOUT_MS/);
  });
});
