/** Ids the fake uses when a test names none; the interaction builders default to the same ones. */
export const DEFAULT_TOKEN = "test-bot-token";
export const DEFAULT_APPLICATION_ID = "100000000000000001";
export const DEFAULT_GUILD_ID = "200000000000000001";
export const DEFAULT_CHANNEL_ID = "300000000000000001";
export const DEFAULT_USER_ID = "400000000000000001";

/** Discord's epoch (2015-01-01T00:00:00Z): snowflakes count milliseconds from here, shifted left by 22 bits. */
const DISCORD_EPOCH = 1_420_070_400_000n;

/** Real-looking, strictly increasing snowflakes; the timestamp inside comes from `now()`. */
export function createSnowflakes(now: () => number): () => string {
  let last = 0n;
  return () => {
    let id = (BigInt(Math.floor(now())) - DISCORD_EPOCH) << 22n;
    if (id <= last) id = last + 1n;
    last = id;
    return id.toString();
  };
}
