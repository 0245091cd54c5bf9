/**
 * Answer a question in Slack: ask the knowledge core, store the answer (for feedback) and the thread (so follow-ups
 * need no mention), and deliver it — streamed (chat.startStream / appendStream / stopStream) in the assistant
 * container when streaming is on, a plain chat.postMessage otherwise. A failure on the way is told to the asker.
 */
import type { Logger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { AnyChunk } from "@slack/types";
import { QuestionError } from "../answer/index.js";
import type { Answer } from "../answer/schema.js";
import type { Knowledge } from "../knowledge/index.js";
import { MAX_CITATIONS, answerMarkdown, answerMessage, feedbackBlocks } from "./blocks/answer.js";
import { streamSources } from "./blocks/sources.js";
import { escapeMrkdwn, splitText } from "./blocks/text.js";
import type { SlackStore } from "./store.js";
import { FAILURE_TEXT, tell } from "./telling.js";

export const STATUS_SEARCHING = "正在检索政策条款…";
/** Size of each streamed piece of markdown. */
const STREAM_PIECE = 400;

export interface AnsweringDeps {
  knowledge: Pick<Knowledge, "ask">;
  store: SlackStore;
  logger: Logger;
  streaming: boolean;
}

/** What a face needs to say something in the conversation. */
export interface Delivery {
  client: WebClient;
  channel: string;
  /** Thread to answer in (undefined: top level, e.g. a DM). */
  threadTs?: string;
  userId?: string;
  teamId?: string;
  /** The assistant container's streaming helper (Bolt's sayStream); only used when streaming is on. */
  sayStream?: () => AnswerStream;
}

/** The part of web-api's ChatStreamer used here; `ts` stays undefined until chat.startStream succeeded. */
export interface AnswerStream {
  readonly ts?: string;
  append(a: { markdown_text?: string; chunks?: AnyChunk[] }): Promise<unknown>;
  stop(a?: { blocks?: any[]; markdown_text?: string }): Promise<unknown>;
}

export function questionErrorText(e: QuestionError): string {
  return `⚠️ ${escapeMrkdwn(e.zh)} / ${escapeMrkdwn(e.en)}`;
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
  let answer: Answer;
  try {
    answer = await deps.knowledge.ask(question);
  } catch (e) {
    const text =
      e instanceof QuestionError
        ? questionErrorText(e)
        : "⚠️ 抱歉，检索政策条款时出错，请稍后再试 / Sorry, something went wrong while searching the notices — please try again.";
    if (!(e instanceof QuestionError)) deps.logger.error("ask failed", e);
    try {
      await client.chat.postMessage({ channel, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
    } catch (err) {
      deps.logger.error("postMessage failed", err);
      await tellAsker(deps, where, text);
    }
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
  if (threadTs) await deps.store.rememberThread(channel, threadTs).catch((e: unknown) => deps.logger.error("rememberThread failed; follow-ups in this thread need a mention", e));

  if (deps.streaming && where.sayStream && threadTs && (await streamAnswer(deps, where, where.sayStream(), answer, answerId))) return answer;
  const msg = answerMessage(answer, answerId);
  try {
    await client.chat.postMessage({ channel, ...(threadTs ? { thread_ts: threadTs } : {}), text: msg.text, blocks: msg.blocks });
  } catch (e) {
    deps.logger.error("posting the answer failed", e);
    await tellAsker(deps, where, FAILURE_TEXT.answer);
  }
  return answer;
}

/**
 * Stream the answer: task updates, the markdown in pieces, feedback buttons on stop. Returns false only when
 * chat.startStream itself failed (nothing is on screen yet: the caller posts the answer instead). Once the stream has
 * started, a failure finishes that message — stop with the rest, else replace it with the whole answer, else tell the
 * user it was cut — and never adds a second copy beside it.
 */
async function streamAnswer(deps: AnsweringDeps, where: Delivery, streamer: AnswerStream, answer: Answer, answerId: string | undefined): Promise<boolean> {
  const pieces = splitText(answerMarkdown(answer), STREAM_PIECE);
  const blocks = answerId ? feedbackBlocks(answerId) : undefined;
  let sent = 0;
  const sources = streamSources(answer.citations.slice(0, MAX_CITATIONS));
  try {
    await streamer.append({
      chunks: [
        { type: "task_update", id: "retrieve", title: "检索政策条款 / Searching the notices", status: "complete", details: `${answer.citations.length} 条相关条款 / relevant clauses`, ...(sources.length ? { sources } : {}) },
        { type: "task_update", id: "verdict", title: "核对条款并给出结论 / Checking the clauses", status: "complete" },
      ],
    });
    for (; sent < pieces.length; sent += 1) await streamer.append({ markdown_text: pieces[sent] });
    await streamer.stop(blocks ? { blocks } : undefined);
    return true;
  } catch (e) {
    if (streamer.ts === undefined) {
      deps.logger.warn("starting the stream failed, posting the answer instead", e);
      return false;
    }
    deps.logger.warn(`streaming failed after it started (at piece ${sent + 1} of ${pieces.length}); finishing the stream`, e);
  }
  // ChatStreamer keeps the piece whose append failed in its buffer and sends it with stop(): stop with what follows it
  const rest = pieces.slice(sent + 1).join("");
  try {
    await streamer.stop({ ...(rest ? { markdown_text: rest } : {}), ...(blocks ? { blocks } : {}) });
    return true;
  } catch (e) {
    deps.logger.warn("stopping the stream failed; replacing the streamed message with the whole answer", e);
  }
  const msg = answerMessage(answer, answerId);
  try {
    await where.client.chat.update({ channel: where.channel, ts: streamer.ts, text: msg.text, blocks: msg.blocks });
  } catch (e) {
    deps.logger.error("updating the cut-off answer failed", e);
    await tellAsker(deps, where, FAILURE_TEXT.answerCut);
  }
  return true;
}
