import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCredential, sessionValue } from "../../adapters/web/access.ts";
import { consoleAccessProblem, isLoopback } from "../../src/listen.ts";
import { briefbot, briefbotAsync } from "../cli/run.ts";
import { SEED } from "../helpers.ts";
import { type ConsoleLibrary, type RunningConsole, startConsole } from "./library.ts";

const TOKEN = "console-token-for-the-access-test-0123456789";

/** A library holding the seed, ingested through the command line. */
function seedLibrary(): ConsoleLibrary & { seed: string } {
  const dataDir = mkdtempSync(join(tmpdir(), "briefbot-access-"));
  const r = briefbot(["ingest", SEED, "--data-dir", dataDir]);
  if (r.status !== 0) throw new Error(r.stderr);
  const seed = JSON.parse(briefbot(["search", "oekraine", "--json", "--data-dir", dataDir]).stdout)[0].articleId;
  return { dataDir, briefingsDir: join(SEED, "..", ".."), ids: { seed, hostile: seed, backlog: seed }, seed };
}

/** Every page the console has, and one it has not. */
const pages = (seed: string) => [
  "/",
  "/?q=oekraine",
  `/cards/${seed}`,
  "/schedule",
  "/schedule/preview?subscription=morning&destination=console",
  "/deliveries",
  `/why?article=${seed}`,
  "/feeds",
  "/no-such-page",
];

/** A plain HTTP request with the headers given as they are (fetch would set Host itself). */
function get(url: string, headers: Record<string, string> = {}, method = "GET", body?: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const req = request(url, { method, headers }, (res) => {
        let text = "";
        res.on("data", (d) => {
          text += d;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      });
      req.on("error", reject);
      req.end(body);
    },
  );
}

describe("who may open the console", () => {
  it("binds loopback by default, and refuses to start anywhere else without a token, in one line", async () => {
    expect(isLoopback("127.0.0.1") && isLoopback("::1") && isLoopback("localhost") && isLoopback("[::1]")).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.168.1.10", "example.org"]) expect(isLoopback(host)).toBe(false);
    expect(consoleAccessProblem("0.0.0.0", { enabled: false })).toBeUndefined();
    expect(consoleAccessProblem("0.0.0.0", { enabled: true, token: TOKEN })).toBeUndefined();
    const { dataDir } = seedLibrary();
    for (const command of ["console", "serve"]) {
      const r = await briefbotAsync([command, "--data-dir", dataDir], { HOST: "0.0.0.0" });
      expect(r.status).toBe(1);
      const lines = r.stderr.split("\n").filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^briefbot: BRIEFBOT_CONSOLE_TOKEN is required: HOST 0\.0\.0\.0 is not a loopback address/,
      );
    }
    // status names it among the problems.
    const status = briefbot(["status", "--data-dir", dataDir], { env: { HOST: "0.0.0.0" } });
    expect(status.status).toBe(1);
    expect(status.stdout).toMatch(/^✗ BRIEFBOT_CONSOLE_TOKEN is required: HOST 0\.0\.0\.0/m);
  });

  it("says there is no library rather than serving an empty console", () => {
    const r = briefbot(["console", "--data-dir", join(mkdtempSync(join(tmpdir(), "briefbot-none-")), "data")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^briefbot: there is no library at .*briefbot\.db yet/);
  });
});

describe("a login's session", () => {
  it("is signed with the token, and ends by itself after 12 hours", () => {
    const t = Date.parse("2026-12-01T12:00:00Z");
    const session = sessionValue(TOKEN, t);
    expect(session).not.toContain(TOKEN);
    expect(checkCredential(TOKEN, undefined, session, t + 3_600_000)).toBe("valid");
    expect(checkCredential(TOKEN, undefined, session, t + 12 * 3_600_000 + 1_000)).toBe("wrong");
    expect(checkCredential(`${TOKEN}-other`, undefined, session, t)).toBe("wrong");
    const [until, mac] = session.split(".");
    expect(checkCredential(TOKEN, undefined, `${Number(until) + 3600}.${mac}`, t)).toBe("wrong");
    expect(checkCredential(TOKEN, undefined, "garbage", t)).toBe("wrong");
    expect(checkCredential(TOKEN, `Bearer ${TOKEN}`, undefined, t)).toBe("valid");
    expect(checkCredential(TOKEN, `Basic ${TOKEN}`, undefined, t)).toBe("wrong");
    expect(checkCredential(TOKEN, undefined, undefined, t)).toBe("none");
  });
});

describe("the console with a token", () => {
  let lib: ReturnType<typeof seedLibrary>;
  let server: RunningConsole;
  beforeAll(async () => {
    lib = seedLibrary();
    server = await startConsole(lib, { BRIEFBOT_CONSOLE_TOKEN: TOKEN });
  }, 60_000);
  afterAll(() => server?.stop());

  it("answers 401 on every page to a wrong token, a wrong cookie or none, with the policy on each", async () => {
    for (const path of pages(lib.seed)) {
      for (const headers of [
        { authorization: `Bearer ${TOKEN.slice(0, -1)}x` } as Record<string, string>,
        { authorization: "Bearer " },
        { cookie: "briefbot_console=forged" },
        {},
      ]) {
        const r = await get(`${server.url}${path}`, headers);
        expect(r.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(r.headers["www-authenticate"]).toBe('Bearer realm="briefbot console"');
        expect(r.headers["content-security-policy"]).toMatch(/script-src 'self';/);
        expect(r.body).not.toContain("Drie maanden nadat Poetin");
      }
    }
  });

  it("opens every page to the right bearer token", async () => {
    for (const path of pages(lib.seed).slice(0, -1)) {
      const r = await get(`${server.url}${path}`, { authorization: `Bearer ${TOKEN}` });
      expect(r.status, path).toBe(200);
    }
  });

  it("logs in through the form: an HttpOnly, SameSite=Strict cookie that is not the token", async () => {
    const wrong = await get(
      `${server.url}/login`,
      { "content-type": "application/x-www-form-urlencoded" },
      "POST",
      "token=nope&next=/feeds",
    );
    expect(wrong.status).toBe(401);
    expect(wrong.headers["set-cookie"]).toBeUndefined();
    const form = `token=${encodeURIComponent(TOKEN)}&next=${encodeURIComponent("/feeds")}`;
    const ok = await get(`${server.url}/login`, { "content-type": "application/x-www-form-urlencoded" }, "POST", form);
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe("/feeds");
    const cookie = String(ok.headers["set-cookie"]);
    expect(cookie).toMatch(/^briefbot_console=\d+\.[\w-]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(TOKEN);
    const session = cookie.split(";")[0] as string;
    expect((await get(`${server.url}/feeds`, { cookie: session })).status).toBe(200);
    // A login that would send the browser elsewhere goes home instead; a form from another site is refused.
    const away = await get(
      `${server.url}/login`,
      { "content-type": "application/x-www-form-urlencoded" },
      "POST",
      `token=${encodeURIComponent(TOKEN)}&next=//evil.example`,
    );
    expect(away.headers.location).toBe("/");
    const cross = await get(
      `${server.url}/login`,
      { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      "POST",
      form,
    );
    expect(cross.status).toBe(403);
  });
});

describe("the console on loopback without a token", () => {
  let lib: ReturnType<typeof seedLibrary>;
  let server: RunningConsole;
  beforeAll(async () => {
    lib = seedLibrary();
    server = await startConsole(lib);
  }, 60_000);
  afterAll(() => server?.stop());

  it("answers pages to this machine, only reads, and refuses a name that is not loopback", async () => {
    const home = await get(`${server.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers["content-security-policy"]).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'none'; font-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(home.headers["x-frame-options"]).toBe("DENY");
    expect(home.headers["cache-control"]).toBe("no-store");
    expect((await get(`${server.url}/`, {}, "POST", "")).status).toBe(405);
    expect((await get(`${server.url}/deliveries`, {}, "DELETE")).status).toBe(405);
    // A page elsewhere that rebinds its own name to 127.0.0.1 gets nothing.
    const rebound = await get(`${server.url}/`, { host: "evil.example" });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain("Poetin");
    expect((await get(`${server.url}/healthz`)).status).toBe(200);
    expect((await get(`${server.url}/static/console.js`)).headers["content-type"]).toBe(
      "text/javascript; charset=utf-8",
    );
    expect((await get(`${server.url}/static/..%2f..%2fpackage.json`)).status).toBe(404);
  });
});
