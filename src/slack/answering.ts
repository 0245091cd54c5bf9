/**
 * Answer a question in Slack: ask the knowledge core, store the answer (for feedback) and the thread (so follow-ups
 * need no mention), and deliver it — streamed (chat.startStream / appendStream / stopStream) in the assistant
 * container when streaming is on, a plain chat.postMessage otherwise.
 */
import type { Logger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { AnyChunk } from "@slack/types";
import { QuestionError } from "../answer/index.js";
import type { Answer } from "../answer/schema.js";
import type { Knowledge } from "../knowledge/index.js";
import { answerMarkdown, answerMessage, feedbackBlocks } from "./blocks/answer.js";
import { escapeMrkdwn, splitText } from "./blocks/text.js";
import type { SlackStore } from "./store.js";

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
  sayStream?: () => { append(a: { markdown_text?: string; chunks?: AnyChunk[] }): Promise<unknown>; stop(a?: { blocks?: any[]; markdown_text?: string }): Promise<unknown> };
}

export function questionErrorText(e: QuestionError): string {
  return `⚠️ ${escapeMrkdwn(e.zh)} / ${escapeMrkdwn(e.en)}`;
}

/** Ask and deliver; never throws (failures are told to the user and logged). Returns the answer when there was one. */
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
    await client.chat.postMessage({ channel, text, ...(threadTs ? { thread_ts: threadTs } : {}) }).catch((err) => deps.logger.error("postMessage failed", err));
    return null;
  }
  const answerId = await deps.store.recordAnswer({
    channel,
    threadTs,
    userId: where.userId,
    question,
    verdict: answer.verdict,
    abstained: answer.abstained,
    citations: answer.citations,
  });
  if (threadTs) await deps.store.rememberThread(channel, threadTs);

  if (deps.streaming && where.sayStream && threadTs) {
    try {
      const streamer = where.sayStream();
      await streamer.append({
        chunks: [
          { type: "task_update", id: "retrieve", title: "检索政策条款 / Searching the notices", status: "complete", details: `${answer.citations.length} 条相关条款 / relevant clauses` },
          { type: "task_update", id: "verdict", title: "核对条款并给出结论 / Checking the clauses", status: "complete" },
        ],
      });
      for (const piece of splitText(answerMarkdown(answer), STREAM_PIECE)) await streamer.append({ markdown_text: piece });
      await streamer.stop({ blocks: feedbackBlocks(answerId) });
      return answer;
    } catch (e) {
      deps.logger.warn("streaming failed, falling back to a plain message", e);
    }
  }
  const msg = answerMessage(answer, answerId);
  await client.chat.postMessage({ channel, ...(threadTs ? { thread_ts: threadTs } : {}), text: msg.text, blocks: msg.blocks });
  return answer;
}
