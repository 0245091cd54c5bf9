/**
 * An answer as Block Kit: the verdict on top, the answer, the cited clauses (《title》 文号 clause path + quoted text),
 * and feedback buttons (helpful / not helpful via `feedback_buttons` in a `context_actions` block, 引用有误 as a button).
 */
import type { KnownBlock } from "@slack/types";
import { verdictHeadline } from "../../answer/extractive.js";
import type { Answer, Lang, Verdict } from "../../answer/schema.js";
import type { Citation } from "../../knowledge/schema.js";
import { sourcesContext, titleLink, titleMarkdownLink } from "./sources.js";
import { LIMITS, clampBlocks, contextLine, escapeMrkdwn, mrkdwnSection, quote, splitText, truncate } from "./text.js";
import { citationParts } from "../../knowledge/citation.js";

export const FEEDBACK_ACTION = "answer_feedback";
export const CITATION_ERROR_ACTION = "answer_citation_error";
export type FeedbackKind = "helpful" | "not_helpful" | "citation_error";

const verdictIcon: Record<Verdict, string> = {
  prohibited: "🚫",
  allowed: "✅",
  conditional: "⚠️",
  info: "ℹ️",
  unknown: "❔",
};

/** Most citations shown under one answer. */
export const MAX_CITATIONS = 5;
/** Longest quoted clause text shown per citation. */
const QUOTE_MAX = 900;

/** A label in the asker's language, or both when it is unknown (null / undefined). */
function say(lang: Lang | null | undefined, zh: string, en: string, both = `${zh} / ${en}`): string {
  return lang === "zh" ? zh : lang === "en" ? en : both;
}

/**
 * The verdict worded for the question as asked (禁止 / 不禁止 for "is it forbidden", 需要 for obligations), in the
 * asker's language (both when it is unknown).
 */
export function verdictLine(answer: Pick<Answer, "q" | "lang" | "verdict" | "abstained">, lang?: Lang | null): string {
  if (answer.abstained) return `${verdictIcon.unknown} ${say(lang, "*知识库中无依据*", "*No basis in the notices*", "*知识库中无依据* / No basis in the notices")}`;
  const label = verdictHeadline(answer);
  const zh = `*结论：${escapeMrkdwn(label.zh)}*`;
  return `${verdictIcon[answer.verdict]} ${say(lang, zh, `*${escapeMrkdwn(label.en)}*`, `${zh} / ${escapeMrkdwn(label.en)}`)}`;
}

export function citationHeading(c: Citation, index: number): string {
  const [, ...rest] = citationParts(c, escapeMrkdwn);
  return [`*[${index}] ${titleLink(c)}*`, ...rest].join(" ");
}

export function citationText(c: Citation, index: number, quoteMax = QUOTE_MAX): string {
  return `${citationHeading(c, index)}\n${quote(truncate(c.text, quoteMax))}`;
}

/**
 * The cited clauses under their labels, numbered in order: 依据 (what the verdict rests on) and 相关条款 (only near
 * the question); an abstention's nearest clauses are no support at all.
 */
export function citationGroups(answer: Answer, lang?: Lang | null): { label: string; cites: { c: Citation; n: number }[] }[] {
  const numbered = answer.citations.slice(0, MAX_CITATIONS).map((c, i) => ({ c, n: i + 1 }));
  if (answer.abstained) return [{ label: say(lang, "最接近的条款（仅供参考，并非依据）", "Nearest clauses — shown for reference, not as support"), cites: numbered }];
  return [
    { label: say(lang, "依据", "Basis"), cites: numbered.filter((x) => x.c.role !== "related") },
    { label: say(lang, "相关条款", "Related"), cites: numbered.filter((x) => x.c.role === "related") },
  ].filter((g) => g.cites.length > 0);
}


export function feedbackBlocks(answerId: string): KnownBlock[] {
  return [
    {
      type: "context_actions",
      block_id: `fb:${answerId}`.slice(0, 255),
      elements: [
        {
          type: "feedback_buttons",
          action_id: FEEDBACK_ACTION,
          positive_button: {
            text: { type: "plain_text", text: "有帮助 Helpful" },
            accessibility_label: "这个回答有帮助 / This answer was helpful",
            value: `helpful:${answerId}`,
          },
          negative_button: {
            text: { type: "plain_text", text: "没帮助 Not helpful" },
            accessibility_label: "这个回答没有帮助 / This answer was not helpful",
            value: `not_helpful:${answerId}`,
          },
        },
      ],
    },
    {
      type: "actions",
      block_id: `fbc:${answerId}`.slice(0, 255),
      elements: [
        {
          type: "button",
          action_id: CITATION_ERROR_ACTION,
          text: { type: "plain_text", text: "引用有误 Wrong citation", emoji: true },
          value: `citation_error:${answerId}`,
        },
      ],
    },
  ];
}

/** Parse the value of a feedback button back into its kind and answer id. */
export function parseFeedbackValue(value: string | undefined): { kind: FeedbackKind; answerId: string } | null {
  const m = /^(helpful|not_helpful|citation_error):(.+)$/.exec(value ?? "");
  return m ? { kind: m[1] as FeedbackKind, answerId: m[2]! } : null;
}

/** Blocks for the citations only (appended after a streamed answer text). */
export function citationBlocks(answer: Answer, lang?: Lang | null): KnownBlock[] {
  const cites = answer.citations.slice(0, MAX_CITATIONS);
  if (!cites.length) return [];
  return [
    { type: "divider" },
    ...citationGroups(answer, lang).flatMap((g) => [contextLine(g.label), ...g.cites.map(({ c, n }) => mrkdwnSection(citationText(c, n)))]),
    ...[sourcesContext(cites)].filter((b): b is KnownBlock => b !== null),
  ];
}

/**
 * The whole answer as one message: `text` is the notification fallback, `blocks` the rendering, labels in `lang`
 * (both languages when it is unknown). Without an answer id (it could not be stored) there are no feedback buttons.
 */
export function answerMessage(answer: Answer, answerId?: string, lang?: Lang | null): { text: string; blocks: KnownBlock[] } {
  const body = splitText(escapeMrkdwn(answer.answer || " "), LIMITS.sectionText - 20).slice(0, 3);
  const blocks: KnownBlock[] = [
    mrkdwnSection(verdictLine(answer, lang)),
    ...body.map((t) => mrkdwnSection(t)),
    ...citationBlocks(answer, lang),
  ];
  if (answer.note) blocks.push(contextLine(escapeMrkdwn(answer.note)));
  const feedback = answerId ? feedbackBlocks(answerId) : [];
  const all = clampBlocks([...blocks, ...feedback], LIMITS.blocksPerMessage, feedback.length);
  const label = answer.abstained ? "知识库中无依据" : `结论：${verdictHeadline(answer).zh}`;
  return { text: truncate(`${label} — ${escapeMrkdwn(answer.answer)}`, 3000), blocks: all };
}
