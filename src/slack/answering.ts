/**
 * Answer a question in Slack: read it with the asker's earlier questions in the conversation (stored turns), ask the
 * knowledge core, store the answer (for feedback) and the turn (so follow-ups are read with it and need no mention),
 * and deliver it — streamed (chat.startStream / appendStream / stopStream) in the assistant
 * container when streaming is on, a plain chat.postMessage otherwise. A failure on the way is told to the asker.
 */
import type { Logger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { acknowledgementOf, thanksReply } from "../answer/acknowledgement.js";
import { QuestionError } from "../answer/index.js";
import type { Answer, Lang } from "../answer/schema.js";
import type { Knowledge } from "../knowledge/index.js";
import type { ConversationStore, TurnPlace } from "../store/conversations.js";
import { TokenRelay, type AnswerStream } from "./answer-stream.js";
import { askerLanguage } from "./asker-language.js";
import { MAX_CITATIONS, answerMessage } from "./blocks/answer.js";
import { streamSources } from "./blocks/sources.js";
import { escapeMrkdwn } from "./blocks/text.js";
import { showSearching, type StatusFn } from "./status.js";
import type { SlackStore } from "./store.js";
import { FAILURE_TEXT, tell } from "./telling.js";

/** Top-level DMs each start their own thread: a question there is read with the asker's DM questions this recent. */
export const DM_FOLLOW_UP_WINDOW_MS = 30 * 60 * 1000;

export interface AnsweringDeps {
  knowledge: Pick<Knowledge, "ask">;
  store: SlackStore;
  conversations: ConversationStore;
  logger: Logger;
  streaming: boolean;
}

/** The conversation a question belongs to: its place, and for top-level DMs how far back earlier questions count. */
export interface Turn {
  place: TurnPlace;
  /** Read with the asker's questions anywhere in the conversation since this time (else: in the thread only). */
  since?: number;
}

/** The turn of a Slack message: the conversation is the channel, the thread its root (a top-level message roots its own). */
export function slackTurn(m: { channel: string; user: string; ts: string; thread_ts?: string; channel_type?: string }, now = Date.now()): Turn {
  const place = { conversation: `slack:${m.channel}`, thread: m.thread_ts ?? m.ts, userId: m.user };
  return m.channel_type === "im" && !m.thread_ts ? { place, since: now - DM_FOLLOW_UP_WINDOW_MS } : { place };
}

/** What a face needs to say something in the conversation. */
export interface Delivery {
  client: WebClient;
  channel: string;
  /** Thread to answer in (undefined: top level, e.g. a DM). */
  threadTs?: string;
  userId?: string;
  teamId?: string;
  /** Where the question sits in its conversation (read with earlier turns, recorded); none: answered on its own. */
  turn?: Turn;
  /** Bolt's setStatus for the question's thread: the searching status is shown while the notices are searched. */
  setStatus?: StatusFn;
  /** The streaming helper Bolt gives event listeners (sayStream); only used when streaming is on. */
  sayStream?: () => AnswerStream;
}


/** What answering needs from the listeners' dependencies. */
export function answeringDeps(deps: { core: { knowledge: AnsweringDeps["knowledge"] }; store: SlackStore; conversations: ConversationStore; logger: Logger; streaming: boolean }): AnsweringDeps {
  return { knowledge: deps.core.knowledge, store: deps.store, conversations: deps.conversations, logger: deps.logger, streaming: deps.streaming };
}

/** A text in the asker's language, or both when it is unknown. */
function inLang(lang: Lang | null, t: { zh: string; en: string }): string {
  return lang ? t[lang] : `${t.zh} / ${t.en}`;
}

const SEARCH_FAILED = { zh: "抱歉，检索政策条款时出错，请稍后再试", en: "Sorry, something went wrong while searching the notices — please try again." };

export function questionErrorText(e: QuestionError, lang: Lang | null = null): string {
  return `⚠️ ${escapeMrkdwn(inLang(lang, e))}`;
}

/** Tell the asker, ephemerally where they asked (nobody to tell for a message without a user). */
async function tellAsker(deps: AnsweringDeps, where: Delivery, text: string): Promise<void> {
  if (where.userId) await tell({ client: where.client, user: where.userId, channel: where.channel, threadTs: where.threadTs, logger: deps.logger }, text);
}

/**
 * Ask and deliver; never throws. Failures reach the user as a short note with a retry hint (the exception goes to the
 * log); the Slack tables failing costs the feedback buttons or the thread memory, never the answer. Returns the
 * answer when there was one.
 */
export async function answerQuestion(deps: AnsweringDeps, where: Delivery, question: string): Promise<Answer | null> {
  const { client, channel, threadTs } = where;
  const ack = acknowledgementOf(question);
  if (ack === "ack") return null;
  const lang = await askerLanguage(question, where, deps.logger);
  if (ack === "thanks") {
    await postText(deps, where, thanksReply(lang));
    return null;
  }
  await showSearching(where.setStatus, lang, deps.logger);
  const turn = where.turn;
  const previous = turn
    ? await deps.conversations.previous(turn.place, { since: turn.since }).catch((e: unknown) => {
        deps.logger.error("reading earlier turns failed; answering the question on its own", e);
        return [];
      })
    : [];
  // an LLM's answer is streamed as it is written; an answer that comes complete (extractive) is posted once
  const open = where.sayStream;
  const relay = deps.streaming && open ? new TokenRelay(open, lang, deps.logger) : null;
  let answer: Answer;
  try {
    answer = await deps.knowledge.ask(question, { previous, ...(relay ? { onToken: relay.push } : {}) });
  } catch (e) {
    const text = e instanceof QuestionError ? questionErrorText(e, lang) : `⚠️ ${inLang(lang, SEARCH_FAILED)}`;
    if (!(e instanceof QuestionError)) deps.logger.error("ask failed", e);
    if (!(relay && (await relay.finish(client, channel, { text }, () => tellAsker(deps, where, text))))) await postText(deps, where, text);
    return null;
  }
  let answerId: string | undefined;
  try {
    answerId = await deps.store.recordAnswer({
      channel,
      threadTs,
      userId: where.userId,
      question,
      verdict: answer.verdict,
      abstained: answer.abstained,
      citations: answer.citations,
    });
  } catch (e) {
    deps.logger.error("recordAnswer failed; answering without feedback buttons", e);
  }
  if (turn) await deps.conversations.record(turn.place, question).catch((e: unknown) => deps.logger.error("recording the turn failed; a follow-up will not be read with it", e));

  // labels follow the asker's language when it is the answer's too; otherwise (undecided, or a mixed question) both
  const msg = answerMessage(answer, answerId, lang === answer.lang ? lang : null);
  const sources = streamSources(answer.citations.slice(0, MAX_CITATIONS));
  if (relay && (await relay.finish(client, channel, msg, () => tellAsker(deps, where, FAILURE_TEXT.answerCut), sources))) return answer;
  try {
    await client.chat.postMessage({ channel, ...(threadTs ? { thread_ts: threadTs } : {}), text: msg.text, blocks: msg.blocks });
  } catch (e) {
    deps.logger.error("posting the answer failed", e);
    await tellAsker(deps, where, FAILURE_TEXT.answer);
  }
  return answer;
}

/** Post a short text where the question was asked; if that fails, tell the asker ephemerally. */
async function postText(deps: AnsweringDeps, where: Delivery, text: string): Promise<void> {
  try {
    await where.client.chat.postMessage({ channel: where.channel, text, ...(where.threadTs ? { thread_ts: where.threadTs } : {}) });
  } catch (err) {
    deps.logger.error("postMessage failed", err);
    await tellAsker(deps, where, text);
  }
}
