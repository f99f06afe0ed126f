import { describe, expect, it } from "vitest";
import { ftsQuery } from "../../src/store/query.ts";

describe("ftsQuery", () => {
  it("matches every word, the last one also as a prefix while typing", () => {
    expect(ftsQuery("Oekraïne NAVO-droo")).toBe('"Oekraïne" "NAVO" "droo"*');
    expect(ftsQuery("haven")).toBe('"haven"*');
  });

  it("leaves out one-letter words, which as prefixes would merge the whole index", () => {
    expect(ftsQuery("BBC World Service's")).toBe('"BBC" "World" "Service"*');
    expect(ftsQuery("I'd")).toBeUndefined();
    expect(ftsQuery("5 G")).toBe('"5"');
  });

  it("passes no operator or quote through", () => {
    expect(ftsQuery('"; DROP TABLE x; -- NEAR(a b) OR *')).toBe('"DROP" "TABLE" "NEAR" "OR"');
    expect(ftsQuery("")).toBeUndefined();
  });
});
