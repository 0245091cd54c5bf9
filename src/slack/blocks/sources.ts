/**
 * Clickable sources: a cited notice's title as a link to where it is published, when its document has a URL — in a
 * context block under an answer, as a markdown link in streamed text, and as `sources` of a streamed task update.
 */
import type { KnownBlock, URLSourceElement } from "@slack/types";
import type { Citation } from "../../knowledge/schema.js";
import { LIMITS, escapeMrkdwn, truncate } from "./text.js";

/** The URL in a form safe inside `<url|label>` and `[label](url)`: http(s) only, with the delimiters encoded; else null. */
export function safeUrl(url: string | undefined): string | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  return u.href.replace(/\|/g, "%7C").replace(/\(/g, "%28").replace(/\)/g, "%29");
}

/** 《title》, linked in mrkdwn when the citation has a URL. */
export function titleLink(c: Pick<Citation, "title" | "url">): string {
  const title = `《${escapeMrkdwn(truncate(c.title, 200))}》`;
  const url = safeUrl(c.url ?? undefined);
  return url ? `<${url}|${title}>` : title;
}

/** 《title》, linked in (streamed) markdown when the citation has a URL. */
export function titleMarkdownLink(c: Pick<Citation, "title" | "url">): string {
  const title = `《${escapeMrkdwn(c.title).replace(/[[\]]/g, "")}》`;
  const url = safeUrl(c.url ?? undefined);
  return url ? `[${title}](${url})` : title;
}

/** One source per linked document (the first citation of each), in citation order. */
function linkedDocs(citations: Citation[]): { index: number; c: Citation; url: string }[] {
  const seen = new Set<string>();
  const out: { index: number; c: Citation; url: string }[] = [];
  citations.forEach((c, i) => {
    const url = safeUrl(c.url ?? undefined);
    if (!url || seen.has(url)) return;
    seen.add(url);
    out.push({ index: i + 1, c, url });
  });
  return out;
}

/** A context block linking each cited notice that has a URL ("来源 / Sources: [1] 《…》 · [2] 《…》"); null when none has. */
export function sourcesContext(citations: Citation[]): KnownBlock | null {
  const docs = linkedDocs(citations).slice(0, LIMITS.contextElements - 1);
  if (!docs.length) return null;
  return {
    type: "context",
    elements: [
      { type: "mrkdwn", text: "*来源 / Sources*" },
      ...docs.map((d) => ({ type: "mrkdwn" as const, text: `[${d.index}] ${titleLink(d.c)}` })),
    ],
  };
}

/** The `sources` of a streamed task update: each cited notice with a URL. */
export function streamSources(citations: Citation[]): URLSourceElement[] {
  return linkedDocs(citations).map((d) => ({ type: "url", url: d.url, text: truncate(`《${d.c.title}》`, 150) }));
}
