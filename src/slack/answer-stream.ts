/**
 * An LLM answer streamed into Slack as the model writes it (chat.startStream / appendStream / stopStream through
 * Bolt's sayStream; web-api's ChatStreamer gathers pieces into ~256-character appends). The stream opens on the
 * first token. When the answer is complete, the streamed message is finished and replaced by the whole answer as it
 * is posted (verdict on top, citations, feedback buttons): the checked answer may differ from the model's raw text
 * (a verdict overruled by the deontic review, or the extractive answer after a failure).
 * Failures never leave a half message or add a second one: a failed append stops appending (the rest arrives with
 * the replacement); a failed stop still replaces; a failed replacement tells the asker the answer was cut.
 */
import type { Logger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { AnyChunk, KnownBlock } from "@slack/types";
import type { Lang } from "../answer/schema.js";
import { escapeMrkdwn } from "./blocks/text.js";
import type { URLSourceElement } from "@slack/types";

/** The part of web-api's ChatStreamer used here; `ts` stays undefined until chat.startStream succeeded. */
export interface AnswerStream {
  readonly ts?: string;
  append(a: { markdown_text?: string; chunks?: AnyChunk[] }): Promise<unknown>;
  stop(a?: { blocks?: any[]; markdown_text?: string }): Promise<unknown>;
}

const WRITING = {
  zh: { title: "检索政策条款并撰写回答", details: "回答写完后会附上引用条款" },
  en: { title: "Searching the notices and writing the answer", details: "the cited clauses follow when the answer is complete" },
};

export class TokenRelay {
  private streamer: AnswerStream | null = null;
  private chain: Promise<void> = Promise.resolve();
  private broken = false;

  constructor(
    private readonly open: () => AnswerStream,
    private readonly lang: Lang | null,
    private readonly logger: Pick<Logger, "warn" | "error">,
  ) {}

  /** One piece of the model's answer text: appended in order (the first opens the stream). */
  readonly push = (text: string): void => {
    if (this.broken || !text) return;
    const first = this.streamer === null;
    const streamer = (this.streamer ??= this.open());
    const w = this.lang ? WRITING[this.lang] : { title: `${WRITING.zh.title} / ${WRITING.en.title}`, details: `${WRITING.zh.details} / ${WRITING.en.details}` };
    this.chain = this.chain
      .then(async () => {
        if (this.broken) return;
        if (first) await streamer.append({ chunks: [{ type: "task_update", id: "answer", title: w.title, status: "in_progress", details: w.details }] });
        await streamer.append({ markdown_text: escapeMrkdwn(text) });
      })
      .catch((e: unknown) => {
        this.broken = true;
        this.logger.warn(streamer.ts === undefined ? "starting the stream failed" : "appending to the stream failed; the rest comes with the whole answer", e);
      });
  };

  /**
   * Finish with the complete message (the answer as posted, or a failure note). Returns false when nothing is on
   * screen (no token came, or chat.startStream failed): the caller posts it instead. `tellCut` is called when the
   * streamed message could not be completed.
   */
  async finish(
    client: WebClient,
    channel: string,
    msg: { text: string; blocks?: KnownBlock[] },
    tellCut: () => Promise<void>,
    sources: URLSourceElement[] = [],
  ): Promise<boolean> {
    await this.chain;
    const streamer = this.streamer;
    if (!streamer || streamer.ts === undefined) return false;
    // The task closes with the documents the answer cites (Slack shows them as the task's sources).
    if (!this.broken && sources.length) {
      const w = this.lang ? WRITING[this.lang] : { title: `${WRITING.zh.title} / ${WRITING.en.title}` };
      try {
        await streamer.append({ chunks: [{ type: "task_update", id: "answer", title: w.title, status: "complete", sources }] });
      } catch (e) {
        this.logger.warn("closing the task with its sources failed", e);
      }
    }
    try {
      await streamer.stop();
    } catch (e) {
      this.logger.warn("stopping the stream failed; replacing the streamed message with the whole answer", e);
    }
    try {
      await client.chat.update({ channel, ts: streamer.ts, text: msg.text, ...(msg.blocks ? { blocks: msg.blocks } : {}) });
    } catch (e) {
      this.logger.error("replacing the streamed answer failed", e);
      await tellCut();
    }
    return true;
  }
}
