/**
 * Text rules of Slack surfaces: escaping of echoed user text and the size limits Slack enforces.
 * Everything a user typed goes through `escapeMrkdwn` before it is put into a mrkdwn/markdown field, so it can never
 * ping @channel (`<!channel>`), mention people (`<@U…>`) or inject links (`<http://…|label>`).
 */
import type { KnownBlock } from "@slack/types";

/** Slack's published limits. */
export const LIMITS = {
  sectionText: 3000,
  sectionField: 2000,
  blocksPerMessage: 50,
  blocksPerView: 100,
  streamedMarkdown: 12000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  contextElements: 10,
  modalTitle: 24,
  messageText: 40000,
  plainTextInputLabel: 2000,
} as const;

const TRUNCATED = "…（已截断 / truncated）";

/** Escape the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cut `text` to at most `max` characters (UTF-16 units, as Slack counts), on a code-point boundary, marking the cut. */
export function truncate(text: string, max: number, marker = TRUNCATED): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - marker.length);
  let cut = text.slice(0, room);
  // do not split a surrogate pair
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  // do not leave a dangling entity such as "&am"
  cut = cut.replace(/&[a-z]{0,4}$/i, "");
  return cut + marker;
}

/** Quote a (possibly multi-line) text as a mrkdwn block quote, escaped. */
export function quote(text: string): string {
  return escapeMrkdwn(text)
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "")
    .map((l) => `> ${l}`)
    .join("\n");
}

export function mrkdwnSection(text: string, blockId?: string): KnownBlock {
  const block: KnownBlock = {
    type: "section",
    text: { type: "mrkdwn", text: truncate(text || " ", LIMITS.sectionText) },
  };
  if (blockId) block.block_id = blockId;
  return block;
}

export function contextLine(text: string): KnownBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text: truncate(text || " ", LIMITS.sectionText) }] };
}

export function header(text: string): KnownBlock {
  return { type: "header", text: { type: "plain_text", text: truncate(text, LIMITS.headerText, "…"), emoji: true } };
}

export function plain(text: string, max: number = LIMITS.buttonText): { type: "plain_text"; text: string; emoji: true } {
  return { type: "plain_text", text: truncate(text, max, "…"), emoji: true };
}

/**
 * Keep a message within Slack's block limit: when there are too many blocks, drop from the middle (the least relevant
 * citations / items) and keep the `keepTail` trailing blocks (buttons, feedback), inserting a note where blocks were cut.
 */
export function clampBlocks(blocks: KnownBlock[], max: number = LIMITS.blocksPerMessage, keepTail = 0): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const tail = keepTail > 0 ? blocks.slice(-keepTail) : [];
  const headRoom = max - tail.length - 1;
  const head = blocks.slice(0, blocks.length - tail.length).slice(0, headRoom);
  const dropped = blocks.length - tail.length - head.length;
  return [...head, contextLine(`…另有 ${dropped} 项未显示 / ${dropped} more not shown`), ...tail];
}

/** Split a long text into pieces of at most `max` characters, preferring paragraph and sentence boundaries. */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let at = Math.max(window.lastIndexOf("\n"), window.lastIndexOf("。"), window.lastIndexOf(". "));
    if (at < max * 0.5) at = max - 1;
    if (/[\uD800-\uDBFF]/.test(rest[at] ?? "")) at -= 1;
    out.push(rest.slice(0, at + 1));
    rest = rest.slice(at + 1);
  }
  if (rest.length) out.push(rest);
  return out;
}

/** Slack's date formatting token, with a plain fallback for clients that cannot render it. */
export function slackDate(iso: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return escapeMrkdwn(iso);
  const secs = Math.floor(t / 1000);
  const fallback = new Date(t).toISOString().replace("T", " ").slice(0, 16) + " UTC";
  return `<!date^${secs}^{date_num} {time}|${fallback}>`;
}

export function userMention(userId: string): string {
  // Only well-formed Slack ids become mentions; anything else is shown escaped.
  return /^[UW][A-Z0-9_]{1,30}$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}
