import type { APIEmbed } from "discord.js";
import { discordMarkdown, safeHref } from "./markup.tsx";

/** The accents our embeds use, as classes: the page's style rules allow no inline style. */
const ACCENTS: Record<number, string> = { 16742912: "dc-accent-nl", 2845872: "dc-accent-en" };

/** One embed as Discord draws it: accent bar, author, title (a link only to a web address), description, fields, footer. */
export function DiscordEmbedView(props: { embed: APIEmbed }) {
  const e = props.embed;
  const href = safeHref(e.url);
  const accent = e.color !== undefined ? (ACCENTS[e.color] ?? "dc-accent-other") : "dc-accent-none";
  return (
    <div class={`dc-embed ${accent}`}>
      {e.author?.name ? <div class="dc-author">{discordMarkdown(e.author.name)}</div> : null}
      {e.title ? (
        <div class="dc-title">
          {href ? (
            <a href={href} rel="noopener noreferrer nofollow" target="_blank">
              {discordMarkdown(e.title)}
            </a>
          ) : (
            discordMarkdown(e.title)
          )}
        </div>
      ) : null}
      {e.description ? <div class="dc-description">{discordMarkdown(e.description)}</div> : null}
      {(e.fields ?? []).map((f) => (
        <div class="dc-field">
          <div class="dc-field-name">{discordMarkdown(f.name)}</div>
          <div class="dc-field-value">{discordMarkdown(f.value)}</div>
        </div>
      ))}
      {e.footer?.text ? <div class="dc-footer">{discordMarkdown(e.footer.text)}</div> : null}
    </div>
  );
}

/** A message of embeds, or of text (a thread's quote messages). */
export function DiscordMessageView(props: { embeds?: APIEmbed[]; content?: string }) {
  return (
    <div class="dc-message">
      <div class="dc-avatar" aria-hidden="true">
        b
      </div>
      <div class="dc-body">
        <div class="dc-meta">
          <span class="dc-name">briefbot</span> <span class="dc-bot">APP</span>
        </div>
        {props.content ? <div class="dc-content">{discordMarkdown(props.content)}</div> : null}
        {(props.embeds ?? []).map((embed) => (
          <DiscordEmbedView embed={embed} />
        ))}
      </div>
    </div>
  );
}

/** A posted message and the thread its quotes go into. */
export function DiscordView(props: { embeds: APIEmbed[]; thread: string[]; threadName?: string }) {
  return (
    <section class="platform discord" aria-label="Discord">
      <h3 class="platform-name">Discord</h3>
      <div class="dc-channel">
        <DiscordMessageView embeds={props.embeds} />
        {props.thread.length > 0 ? (
          <details class="dc-thread" open>
            <summary>Thread: {props.threadName ?? "quotes"}</summary>
            {props.thread.map((content) => (
              <DiscordMessageView content={content} />
            ))}
          </details>
        ) : null}
      </div>
    </section>
  );
}
