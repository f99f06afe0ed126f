/**
 * Untrusted text (articles, feed titles, errors carrying a feed's addresses, Slack-given topics)
 * made inert for a terminal: no escape sequences, no control characters but line breaks and tabs.
 *
 * @example
 * inert("\u001b[2Jhello\u0007"); // "hello"
 */
export function inert(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, "").replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "");
}

/** As {@link inert}, on one line: line breaks and tabs become spaces. */
export function inertLine(text: string): string {
  return inert(text).replace(/[\t\n]/g, " ");
}
