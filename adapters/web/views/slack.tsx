import type { Child } from "hono/jsx";
import type { SlackBlock, SlackMessage } from "../../slack/blocks.ts";
import { slackMrkdwn, unescapeSlack } from "./markup.tsx";

/** Where Slack's Block Kit Builder opens a payload (in the URL's fragment, which never leaves the browser). */
export const BLOCK_KIT_BUILDER = "https://app.slack.com/block-kit-builder#";

interface TextObject {
  type?: string;
  text?: string;
}

/** A text object as Slack shows it: `plain_text` as it is (its escapes read), `mrkdwn` formatted. */
function textOf(t: TextObject | undefined): Child[] {
  if (!t?.text) return [];
  return t.type === "mrkdwn" ? slackMrkdwn(t.text) : [unescapeSlack(t.text)];
}

function BlockView(props: { block: SlackBlock }) {
  const b = props.block;
  switch (b.type) {
    case "header":
      return <div class="sk-header">{textOf(b.text as TextObject)}</div>;
    case "section":
      return <div class="sk-section">{textOf(b.text as TextObject)}</div>;
    case "context":
      return (
        <div class="sk-context">
          {((b.elements as TextObject[] | undefined) ?? []).map((e) => (
            <span class="sk-context-el">{textOf(e)}</span>
          ))}
        </div>
      );
    case "divider":
      return <hr class="sk-divider" />;
    case "actions":
      return (
        <div class="sk-actions">
          {((b.elements as Array<{ text?: TextObject }> | undefined) ?? []).map((e) => (
            <span class="sk-button">{textOf(e.text)}</span>
          ))}
        </div>
      );
    default:
      return <div class="sk-unknown">{`[${String(b.type)} block]`}</div>;
  }
}

/** One message as Slack draws it: the app's name, then its blocks. */
export function SlackMessageView(props: { message: SlackMessage; reply?: boolean }) {
  return (
    <div class={props.reply ? "sk-message sk-reply" : "sk-message"}>
      <div class="sk-avatar" aria-hidden="true">
        b
      </div>
      <div class="sk-body">
        <div class="sk-meta">
          <span class="sk-name">briefbot</span> <span class="sk-app">APP</span>
        </div>
        {props.message.blocks.map((block) => (
          <BlockView block={block} />
        ))}
      </div>
    </div>
  );
}

/** Block Kit Builder with this message's blocks (in the URL's fragment, which never leaves the browser). */
export function blockKitBuilderUrl(message: SlackMessage): string {
  return BLOCK_KIT_BUILDER + encodeURIComponent(JSON.stringify({ blocks: message.blocks }));
}

/**
 * A posted message and its quote thread, with a link that opens the payload in Block Kit Builder:
 * `builder` is where the link goes (a page of the console that redirects there, which keeps
 * pages small), the builder itself without it.
 */
export function SlackView(props: { message: SlackMessage; thread: SlackMessage[]; builder?: string }) {
  const replies = props.thread.length;
  return (
    <section class="platform slack" aria-label="Slack">
      <h3 class="platform-name">Slack</h3>
      <div class="sk-channel">
        <SlackMessageView message={props.message} />
        {replies > 0 ? (
          <details class="sk-thread" open>
            <summary>
              {replies} {replies === 1 ? "reply" : "replies"} in the thread
            </summary>
            {props.thread.map((m) => (
              <SlackMessageView message={m} reply />
            ))}
          </details>
        ) : null}
      </div>
      <p class="payload-link">
        <a href={props.builder ?? blockKitBuilderUrl(props.message)} rel="noopener noreferrer" target="_blank">
          Open in Block Kit Builder
        </a>{" "}
        · {props.message.blocks.length} blocks
      </p>
    </section>
  );
}
