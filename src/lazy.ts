import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * A package loaded on first use, synchronously, so that a command pays at start-up only for what
 * it touches (`brief` of a text file never loads the HTML parser). Node 20.19 `require`s ES
 * modules too.
 *
 * @example
 * const linkedom = lazy<typeof import("linkedom")>("linkedom");
 * linkedom().parseHTML("<p>Hallo</p>");
 */
export function lazy<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(id) as T;
    return loaded;
  };
}
