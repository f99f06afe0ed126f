import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.ts";
import type { ComposeRules, Store, StoredSubscription } from "../../src/store/index.ts";
import { deliveryKey, POST_SUBSCRIPTION } from "../../src/store/keys.ts";
import { carded } from "../helpers.ts";
import type { StoreDriver, TestLibrary } from "./drivers.ts";

const RULES: ComposeRules = { lookbackMs: 86_400_000, overlapMs: 3_600_000, maxCarried: 1000 };
const T0 = new Date("2026-11-24T06:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const claimant = (owner: string, now: Date, leaseMs = 600_000) => ({
  owner,
  now,
  leaseUntil: new Date(now.getTime() + leaseMs),
});
const sub = (over: Partial<StoredSubscription> = {}) => ({
  id: "morning",
  origin: "definitions",
  schedule: "* * * * *",
  timezone: "UTC",
  maxCards: 2,
  destinations: ["slack:C1", "slack:C2"],
  ...over,
});

/**
 * The ledger half of the store contract: claims and their leases, what a briefing carries,
 * button posts, ranges, subscriptions and named leases, the same on every engine; and two
 * processes on one library racing for the same deliveries, each won once.
 */
export function ledgerContract(driver: StoreDriver) {
  describe(`the ${driver.engine} store keeps the ledger contract`, () => {
    let library: TestLibrary;
    let clock = T0;
    const opened: Store[] = [];
    const open = async () => {
      const store = await library.open({ now: () => clock });
      opened.push(store);
      return store;
    };
    let n = 0;
    const addArticle = async (store: Store, topic = "de haven") => {
      n++;
      const text = `Bericht ${n} over ${topic}. De havenmeester zei dat “alles goed gaat” met nummer ${n}. Morgen meer.`;
      return (await store.save(carded({ article: parseArticle(text), origin: `test:${n}` }))).articleId;
    };
    const stored = async (store: Store, over: Partial<StoredSubscription> = {}) => {
      await store.ledger.syncSubscriptions("definitions", [sub(over)], clock);
      return (await store.ledger.subscription("morning")) as StoredSubscription;
    };
    beforeEach(async () => {
      library = await driver.library();
      clock = T0;
    });
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });

    it("syncs subscriptions: creates, updates, deactivates those no longer defined, notes first sightings", async () => {
      const store = await open();
      await store.ledger.syncSubscriptions("definitions", [sub(), sub({ id: "evening" })], clock);
      clock = at(5);
      await store.ledger.syncSubscriptions("definitions", [sub({ destinations: ["slack:C1", "slack:C3"] })], clock);
      const all = await store.ledger.subscriptions();
      expect(all.map((s) => [s.id, s.active])).toEqual([
        ["evening", false],
        ["morning", true],
      ]);
      expect(all[1]?.destinations).toEqual(["slack:C1", "slack:C3"]);
      expect(await store.ledger.firstSeen("morning", "slack:C1")).toBe(T0.toISOString());
      expect(await store.ledger.firstSeen("morning", "slack:C3")).toBe(at(5).toISOString());
      await store.ledger.setCheckedUntil("morning", at(10));
      await store.ledger.setCheckedUntil("morning", at(7));
      expect((await store.ledger.subscription("morning"))?.checkedUntil).toBe(at(10).toISOString());
      await store.ledger.saveSubscription({ ...sub({ id: "slack:T1:C9", origin: "slack" }) }, clock);
      await store.ledger.deactivate("slack:T1:C9", clock);
      expect((await store.ledger.subscription("slack:T1:C9"))?.active).toBe(false);
    });

    it('counts the candidates past the cap in the "+N more", so none goes unsaid', async () => {
      const store = await open();
      const s = await stored(store);
      for (let i = 0; i < 7; i++) await addArticle(store);
      clock = at(30);
      const capped = { ...RULES, maxCarried: 4 };
      const got = await store.ledger.claimBriefing(s, at(30), "slack:C1", claimant("a", clock), capped);
      expect(got.kind).toBe("claimed");
      if (got.kind !== "claimed") return;
      expect(got.carried.shown).toHaveLength(2);
      expect(got.carried.more).toHaveLength(2);
      expect(got.carried.beyond).toBe(3);
      expect(await store.ledger.carried(got.claim.key, s, capped)).toEqual(got.carried);
      const [row] = await store.ledger.list({ subscription: "morning" });
      expect(row?.more).toBe(5);
      // Held by the delivery: listed in the ledger, and no later slot offers them again.
      expect(row?.articles).toHaveLength(7);
      await store.ledger.settle(got.claim.key, "a", "delivered", '{"id":"1"}', null, clock);
      clock = at(31);
      expect((await store.ledger.claimBriefing(s, at(31), "slack:C1", claimant("a", clock), capped)).kind).toBe(
        "empty",
      );
      // Within the cap, nothing is beyond it.
      const other = await store.ledger.claimBriefing(s, at(31), "slack:C2", claimant("a", clock), RULES);
      expect(other.kind === "claimed" && other.carried.beyond).toBeUndefined();
    });

    it('counts the matches of a topic past the cap in the "+N more" too', async () => {
      const store = await open();
      const s = await stored(store, { topic: "markt" });
      for (let i = 0; i < 6; i++) await addArticle(store, "de markt");
      await addArticle(store);
      clock = at(30);
      const capped = { ...RULES, maxCarried: 3 };
      const got = await store.ledger.claimBriefing(s, at(30), "slack:C1", claimant("a", clock), capped);
      expect(got.kind).toBe("claimed");
      if (got.kind !== "claimed") return;
      expect([got.carried.shown.length, got.carried.more.length, got.carried.beyond]).toEqual([2, 1, 3]);
      expect(await store.ledger.carried(got.claim.key, s, capped)).toEqual(got.carried);
    });

    it("gives each slot to one claimant, and says who holds it", async () => {
      const store = await open();
      const first = await store.ledger.claim("morning", at(30), "slack:C1", "a", at(40), at(31));
      expect(first).toMatchObject({
        claimed: true,
        claim: { key: deliveryKey("morning", at(30).toISOString(), "slack:C1") },
      });
      expect(await store.ledger.claim("morning", at(30), "slack:C1", "b", at(40), at(31))).toEqual({
        claimed: false,
        status: "claimed",
        owner: "a",
        leaseUntil: at(40).toISOString(),
      });
    });

    it("carries each article to each destination once, records an empty slot as a range, and gives back a failed one's", async () => {
      const store = await open();
      const s = await stored(store);
      const [a1, a2, a3] = [await addArticle(store), await addArticle(store), await addArticle(store)];
      clock = at(30);
      const one = await store.ledger.claimBriefing(s, at(30), "slack:C1", claimant("a", clock), RULES);
      expect(one.kind).toBe("claimed");
      if (one.kind !== "claimed") return;
      expect(one.carried.shown).toHaveLength(2);
      expect([...one.carried.shown, ...one.carried.more].sort()).toEqual([a1, a2, a3].sort());
      expect(await store.ledger.carried(one.claim.key, s, RULES)).toEqual(one.carried);
      await store.ledger.settle(one.claim.key, "a", "delivered", '{"id":"1"}', null, clock);
      for (const m of [31, 32, 33]) {
        clock = at(m);
        expect((await store.ledger.claimBriefing(s, at(m), "slack:C1", claimant("a", clock), RULES)).kind).toBe(
          "empty",
        );
      }
      const a4 = await addArticle(store);
      clock = at(34);
      const next = await store.ledger.claimBriefing(s, at(34), "slack:C1", claimant("a", clock), RULES);
      expect(next.kind === "claimed" && next.carried.shown).toEqual([a4]);
      if (next.kind !== "claimed") return;
      await store.ledger.settle(next.claim.key, "a", "failed", null, "channel_not_found", clock);
      clock = at(35);
      const again = await store.ledger.claimBriefing(s, at(35), "slack:C1", claimant("a", clock), RULES);
      expect(again.kind === "claimed" && again.carried.shown).toEqual([a4]);
      const rows = await store.ledger.list({ subscription: "morning" });
      expect(rows.map((r) => [r.slot, r.until, r.status])).toEqual([
        [at(30).toISOString(), undefined, "delivered"],
        [at(31).toISOString(), at(33).toISOString(), "empty"],
        [at(34).toISOString(), undefined, "failed"],
        [at(35).toISOString(), undefined, "claimed"],
      ]);
      expect(rows[0]).toMatchObject({ articles: [...one.carried.shown, ...one.carried.more], more: 1 });
      expect((await store.ledger.list({ status: "failed" })).map((r) => r.error)).toEqual(["channel_not_found"]);
    });

    it("chooses a topic's articles only, and looks back from a new destination's first sighting", async () => {
      const store = await open();
      const harbour = await addArticle(store, "de haven van Westerdam");
      await addArticle(store, "de nieuwe fietsbrug");
      const s = await stored(store, { topic: "westerdam" });
      clock = at(30);
      const got = await store.ledger.claimBriefing(s, at(30), "slack:C2", claimant("a", clock), RULES);
      expect(got.kind === "claimed" && got.carried.shown).toEqual([harbour]);
      const none = await store.ledger.claimBriefing(s, at(30), "slack:C1", claimant("a", clock), {
        ...RULES,
        lookbackMs: 0,
      });
      expect(none.kind).toBe("empty");
    });

    it("looks back from a reactivation, not from the first subscription: what came while it was off stays out", async () => {
      const store = await open();
      const s0 = await stored(store);
      const before = await addArticle(store);
      clock = at(30);
      const first = await store.ledger.claimBriefing(s0, at(30), "slack:C1", claimant("a", clock), RULES);
      expect(first.kind === "claimed" && first.carried.shown).toEqual([before]);
      if (first.kind !== "claimed") return;
      await store.ledger.settle(first.claim.key, "a", "delivered", '{"id":"1"}', null, clock);
      clock = at(40);
      await store.ledger.syncSubscriptions("definitions", [], clock);
      clock = at(60);
      await addArticle(store); // while it was off
      const tenDays = 10 * 24 * 60;
      clock = at(tenDays - 60);
      const recent = await addArticle(store);
      clock = at(tenDays);
      const again = await stored(store);
      expect(again.activatedAt).toBe(at(tenDays).toISOString());
      clock = at(tenDays + 5);
      // Synced again while active: still active since the reactivation.
      expect((await stored(store)).activatedAt).toBe(at(tenDays).toISOString());
      clock = at(tenDays + 30);
      for (const destination of ["slack:C1", "slack:C2"]) {
        const got = await store.ledger.claimBriefing(again, at(tenDays + 30), destination, claimant("a", clock), RULES);
        expect(got.kind === "claimed" && [...got.carried.shown, ...got.carried.more]).toEqual([recent]);
      }
    });

    it("upgrades a library from before button:post and activated_at, once", async () => {
      const store = await library.open({ now: () => clock });
      await stored(store);
      await store.close();
      const stamp = T0.toISOString();
      const back = library.knownVersion - 2;
      await library.exec(
        `ALTER TABLE subscriptions DROP COLUMN activated_at;
         INSERT INTO deliveries (subscription, slot, destination, delivery_key, status, created_at, updated_at)
           VALUES ('post', '${stamp}', 'slack:C1', 'old-button-post', 'delivered', '${stamp}', '${stamp}');
         ${driver.engine === "sqlite" ? `PRAGMA user_version = ${back}` : `UPDATE briefbot_schema SET version = ${back}`}`,
      );
      for (let i = 0; i < 2; i++) {
        const reopened = await library.open({ now: () => clock });
        expect((await reopened.ledger.list()).map((r) => r.subscription)).toEqual([POST_SUBSCRIPTION]);
        expect((await reopened.ledger.subscription("morning"))?.activatedAt).toBe(stamp);
        await reopened.close();
      }
    });

    it("posts a card from a button once per channel and window, however often it is clicked", async () => {
      const store = await open();
      const id = await addArticle(store);
      const first = await store.ledger.claimPost(id, "slack:C1", claimant("a", at(1)), 3_600_000);
      expect(first.kind).toBe("claimed");
      if (first.kind !== "claimed") return;
      expect((await store.ledger.claimPost(id, "slack:C1", claimant("b", at(2)), 3_600_000)).kind).toBe("done");
      await store.ledger.settle(first.claim.key, "a", "delivered", '{"id":"9"}', null, at(2));
      expect(await store.ledger.claimPost(id, "slack:C1", claimant("b", at(3)), 3_600_000)).toMatchObject({
        kind: "done",
        status: "delivered",
        messageRef: '{"id":"9"}',
      });
      expect((await store.ledger.claimPost(id, "slack:C2", claimant("b", at(3)), 3_600_000)).kind).toBe("claimed");
      expect((await store.ledger.claimPost(id, "slack:C1", claimant("b", at(70)), 3_600_000)).kind).toBe("claimed");
    });

    it("posts two cards clicked in the same millisecond to one channel as two deliveries", async () => {
      const store = await open();
      const [one, two] = [await addArticle(store), await addArticle(store)];
      const [a, b] = await Promise.all([
        store.ledger.claimPost(one, "slack:C1", claimant("a", at(1)), 3_600_000),
        store.ledger.claimPost(two, "slack:C1", claimant("a", at(1)), 3_600_000),
      ]);
      expect([a.kind, b.kind]).toEqual(["claimed", "claimed"]);
      if (a.kind !== "claimed" || b.kind !== "claimed") return;
      expect(a.claim.key).not.toBe(b.claim.key);
      const rows = await store.ledger.list();
      expect(rows.map((r) => r.articles).sort()).toEqual([[one], [two]].sort());
      // A third click on either is still the same post.
      expect(await store.ledger.claimPost(two, "slack:C1", claimant("b", at(2)), 3_600_000)).toMatchObject({
        kind: "done",
        key: b.claim.key,
      });
    });

    it("keeps button posts apart from a briefing named like them", async () => {
      const store = await open();
      await store.ledger.syncSubscriptions("definitions", [sub({ id: "post" })], clock);
      const s = (await store.ledger.subscription("post")) as StoredSubscription;
      const id = await addArticle(store);
      clock = at(10);
      expect((await store.ledger.claimPost(id, "slack:C1", claimant("a", clock), 3_600_000)).kind).toBe("claimed");
      clock = at(30);
      // The card went out from its button; the briefing "post" still carries it, as any briefing would.
      const briefing = await store.ledger.claimBriefing(s, at(30), "slack:C1", claimant("a", clock), RULES);
      expect(briefing.kind === "claimed" && briefing.carried.shown).toEqual([id]);
    });

    it("lets a lapsed claim be taken over by one owner only; a running lease, only by force", async () => {
      const store = await open();
      const other = await open();
      await store.ledger.claim("morning", at(30), "slack:C1", "dead", at(40), at(30));
      const key = deliveryKey("morning", at(30).toISOString(), "slack:C1");
      expect(await store.ledger.takeOver(key, "b", at(50), at(35), false, "dead")).toBeUndefined();
      expect(await store.ledger.takeOver(key, "b", at(50), at(41), false, "someone-else")).toBeUndefined();
      const wins = await Promise.all([
        store.ledger.takeOver(key, "b", at(50), at(41), false, "dead"),
        other.ledger.takeOver(key, "c", at(50), at(41), false, "dead"),
      ]);
      expect(wins.filter(Boolean)).toHaveLength(1);
      const winner = wins[0] ? "b" : "c";
      expect((await store.ledger.openClaims()).map((c) => [c.key, c.owner])).toEqual([[key, winner]]);
      expect(await store.ledger.takeOver(key, "d", at(60), at(45), true, winner)).toMatchObject({ key });
    });

    it("settles a claim for its owner only, and a settled one never again", async () => {
      const store = await open();
      const claimed = await store.ledger.claim("morning", at(30), "slack:C1", "a", at(40), at(31));
      if (!claimed.claimed) throw new Error("not claimed");
      const key = claimed.claim.key;
      expect(await store.ledger.settle(key, "b", "failed", null, "not b's", at(32))).toBe(false);
      expect(await store.ledger.takeOver(key, "b", at(50), at(33), true, "a")).toMatchObject({ key });
      // The first owner's post came back after the take-over: the claim is b's to settle now.
      expect(await store.ledger.settle(key, "a", "delivered", '{"id":"a"}', null, at(34))).toBe(false);
      expect(await store.ledger.list()).toMatchObject([{ status: "claimed", messageRef: null }]);
      expect(await store.ledger.settle(key, "b", "delivered", '{"id":"b"}', null, at(35))).toBe(true);
      expect(await store.ledger.settle(key, "b", "failed", null, "late", at(36))).toBe(false);
      expect(await store.ledger.list()).toMatchObject([{ status: "delivered", messageRef: '{"id":"b"}', error: null }]);
    });

    it("counts tries and renews leases only for the owner; a released claim is anyone's", async () => {
      const store = await open();
      await store.ledger.claim("morning", at(30), "slack:C1", "a", at(40), at(30));
      await store.ledger.claim("morning", at(30), "slack:C2", "b", at(40), at(30));
      const k1 = deliveryKey("morning", at(30).toISOString(), "slack:C1");
      const k2 = deliveryKey("morning", at(30).toISOString(), "slack:C2");
      expect(await store.ledger.attempt(k1, "a", at(31), at(45))).toBe(1);
      expect(await store.ledger.attempt(k1, "a", at(32), at(46))).toBe(2);
      expect(await store.ledger.attempt(k1, "b", at(32), at(46))).toBeUndefined();
      expect((await store.ledger.renew([k1, k2], "a", at(33), at(55))).sort()).toEqual([k1]);
      expect((await store.ledger.openClaims()).map((c) => c.leaseUntil)).toEqual([
        at(55).toISOString(),
        at(40).toISOString(),
      ]);
      // Only its owner gives a claim up: another process's release changes nothing.
      await store.ledger.release(k2, "a", at(34));
      expect((await store.ledger.openClaims()).find((c) => c.key === k2)?.owner).toBe("b");
      await store.ledger.release(k2, "b", at(34));
      const released = (await store.ledger.openClaims()).find((c) => c.key === k2);
      expect(released?.owner).toBeNull();
      expect(store.isOwnerGone(null)).toBe(true);
      expect(await store.ledger.takeOver(k2, "c", at(60), at(35), true, null)).toMatchObject({ key: k2 });
    });

    it("records a missed range once, however often it is recorded", async () => {
      const store = await open();
      for (let i = 0; i < 2; i++)
        await store.ledger.recordRange("morning", "slack:C1", "missed", at(1), at(9), "the bot was down", at(10));
      expect(await store.ledger.list()).toMatchObject([
        { slot: at(1).toISOString(), until: at(9).toISOString(), status: "missed", error: "the bot was down" },
      ]);
    });

    it("gives each of a slot's deliveries to one of two processes racing for them, each article once", async () => {
      const a = await open();
      const b = await open();
      const destinations = Array.from({ length: 24 }, (_, i) => `slack:C${i}`);
      const s = await stored(a, { destinations, maxCards: 5 });
      const ids = [await addArticle(a), await addArticle(b), await addArticle(a)];
      clock = at(30);
      const race = (store: Store, owner: string) =>
        Promise.all(destinations.map((d) => store.ledger.claimBriefing(s, at(30), d, claimant(owner, clock), RULES)));
      const [ra, rb] = await Promise.all([race(a, "a"), race(b, "b")]);
      const won = [...ra, ...rb].filter((r) => r.kind === "claimed");
      expect(won).toHaveLength(destinations.length);
      expect(new Set(won.map((r) => (r.kind === "claimed" ? r.claim.destination : ""))).size).toBe(destinations.length);
      const rows = await a.ledger.list();
      expect(rows).toHaveLength(destinations.length);
      expect(rows.every((r) => [...r.articles].sort().join() === [...ids].sort().join())).toBe(true);
    });

    it("leases a name to one owner at a time until it runs out, renews it for its holder, and lists the live ones", async () => {
      const store = await open();
      const other = await open();
      expect(await store.leases.acquire("feed:1", "a", at(2), at(0))).toBe(true);
      expect(await other.leases.acquire("feed:1", "b", at(3), at(1))).toBe(false);
      expect(await store.leases.acquire("feed:1", "a", at(4), at(1))).toBe(true);
      expect(await other.leases.acquire("feed:1", "b", at(6), at(5))).toBe(true);
      await store.leases.release("feed:1", "a");
      expect(await store.leases.acquire("feed:1", "a", at(7), at(5))).toBe(false);
      await other.leases.release("feed:1", "b");
      expect(await store.leases.acquire("feed:1", "a", at(7), at(5))).toBe(true);
      const race = await Promise.all(
        ["x", "y", "z"].map((o, i) => [store, other, store][i]?.leases.acquire("shard:0/1", o, at(9), at(5))),
      );
      expect(race.filter(Boolean)).toHaveLength(1);
      await store.leases.acquire("replica:r1", "r1", at(8), at(5));
      await store.leases.acquire("replica:r2", "r2", at(20), at(5));
      expect((await other.leases.live("replica:", at(10))).map((l) => l.owner)).toEqual(["r2"]);
    });
  });
}
