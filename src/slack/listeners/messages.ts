/**
 * Messages: an @mention in a channel is answered in its thread; a top-level DM is answered under it; a mention-less
 * reply in a thread is answered only for someone who asked the bot in that thread (stored turns, so this survives
 * restarts) — a colleague's 「好的，谢谢」 there gets silence. Each answer shows a status while the notices are searched
 * and is read with the asker's earlier questions in the conversation.
 * Threaded DMs belong to the assistant container (listeners/assistant.ts), registered before this.
 */
import type { App } from "@slack/bolt";
import type { AnswerStream } from "../answer-stream.js";
import { answerQuestion, answeringDeps, slackTurn } from "../answering.js";
import type { SlackDeps } from "../deps.js";
import { mentionsBot, questionFromSlackText } from "../question-text.js";
import type { StatusFn } from "../status.js";

interface PlainMessage {
  type: "message";
  subtype?: string;
  bot_id?: string;
  channel: string;
  channel_type?: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
}

/** Bolt's per-event helpers (Bolt 5 gives them to app.event listeners whose event has a channel and a ts). */
interface EventHelpers {
  setStatus?: StatusFn;
  sayStream?: () => AnswerStream;
}

export function registerMessageListeners(app: App, deps: SlackDeps): void {
  const answering = answeringDeps(deps);

  app.event("app_mention", async (args) => {
    const { event, client, context } = args;
    const { setStatus, sayStream } = args as unknown as EventHelpers;
    if ((event as { bot_id?: string }).bot_id || !event.user) return;
    const question = questionFromSlackText(event.text ?? "", context.botUserId);
    const threadTs = event.thread_ts ?? event.ts;
    const turn = slackTurn({ channel: event.channel, user: event.user, ts: event.ts, thread_ts: event.thread_ts });
    await answerQuestion(answering, { client, channel: event.channel, threadTs, userId: event.user, teamId: context.teamId, turn, setStatus, sayStream }, question);
  });

  app.event("message", async (args) => {
    const { event, client, context } = args;
    const { setStatus, sayStream } = args as unknown as EventHelpers;
    const m = event as unknown as PlainMessage;
    if (m.subtype || m.bot_id || !m.user || !m.text) return; // edits, joins, bots (incl. ourselves)
    const turn = slackTurn({ channel: m.channel, user: m.user, ts: m.ts, thread_ts: m.thread_ts, channel_type: m.channel_type });
    const where = { client, channel: m.channel, threadTs: m.thread_ts ?? m.ts, userId: m.user, teamId: context.teamId, turn, setStatus, sayStream };
    if (m.channel_type === "im") {
      // top-level DM (threaded DMs are the assistant's): answered under the message, where the status shows
      await answerQuestion(answering, where, questionFromSlackText(m.text, context.botUserId));
      return;
    }
    if (!m.thread_ts || mentionsBot(m.text, context.botUserId)) return; // a mention is the app_mention listener's
    // only someone who asked in this thread follows up without a mention; a thread that cannot be looked up is left alone
    const asked = await deps.conversations.hasAsked(turn.place).catch((e: unknown) => {
      deps.logger.error("looking up the thread's askers failed; reply left unanswered", e);
      return false;
    });
    if (!asked) return;
    await answerQuestion(answering, where, questionFromSlackText(m.text, context.botUserId));
  });
}
