import { type Briefing, parseDestination } from "../../../src/schemas.ts";
import { inert } from "../../../src/terminal.ts";
import { renderBriefingText } from "../../console/publisher.ts";
import { briefingToDiscordEmbeds, quotesToDiscordMessages } from "../../discord/embed.ts";
import { briefingToSlackBlocks, quotesToSlackMessages } from "../../slack/blocks.ts";
import { TERMINAL_COLUMNS } from "./card.tsx";
import { DiscordView } from "./discord.tsx";
import { SlackView } from "./slack.tsx";

/** A briefing as its destination's platform would show it, from the payloads its publisher sends. */
export function BriefingRendering(props: { briefing: Briefing; destination: string }) {
  const { briefing } = props;
  const destination = parseDestination(props.destination);
  if (destination.platform === "slack")
    return <SlackView message={briefingToSlackBlocks(briefing)} thread={quotesToSlackMessages(briefing.cards)} />;
  if (destination.platform === "discord")
    return <DiscordView embeds={briefingToDiscordEmbeds(briefing)} thread={quotesToDiscordMessages(briefing.cards)} />;
  const quotes = briefing.cards.flatMap((c) =>
    c.quotes.map((q) => `  ↳ “${inert(q.text)}” — ${inert([q.speaker ?? "?", q.role].filter(Boolean).join(", "))}`),
  );
  return (
    <section class="platform terminal" aria-label="Terminal">
      <h3 class="platform-name">Terminal</h3>
      <pre class="term">
        {inert(renderBriefingText(briefing, destination, { color: false, width: TERMINAL_COLUMNS }))}
        {quotes.join("\n")}
      </pre>
    </section>
  );
}
