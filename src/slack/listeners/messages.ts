/**
 * Messages: an @mention in a channel is answered in its thread; a DM is answered in the DM; a follow-up in a thread
 * the bot has answered in (stored, so this survives restarts) is answered without a new mention.
 * Threaded DMs belong to the assistant container (listeners/assistant.ts), registered before this.
 */
import type { App } from "@slack/bolt";
import { answerQuestion } from "../answering.js";
import type { SlackDeps } from "../deps.js";
import { mentionsBot, questionFromSlackText } from "../question-text.js";

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

export function registerMessageListeners(app: App, deps: SlackDeps): void {
  const answering = { knowledge: deps.core.knowledge, store: deps.store, logger: deps.logger, streaming: deps.streaming };

  app.event("app_mention", async ({ event, client, context }) => {
    if ((event as { bot_id?: string }).bot_id) return;
    const question = questionFromSlackText(event.text ?? "", context.botUserId);
    const threadTs = event.thread_ts ?? event.ts;
    await answerQuestion(answering, { client, channel: event.channel, threadTs, userId: event.user, teamId: context.teamId }, question);
  });

  app.event("message", async ({ event, client, context }) => {
    const m = event as unknown as PlainMessage;
    if (m.subtype || m.bot_id || !m.user || !m.text) return; // edits, joins, bots (incl. ourselves)
    if (m.channel_type === "im") {
      // top-level DM (threaded DMs are the assistant's)
      const question = questionFromSlackText(m.text, context.botUserId);
      await answerQuestion(answering, { client, channel: m.channel, threadTs: m.thread_ts, userId: m.user, teamId: context.teamId }, question);
      return;
    }
    if (!m.thread_ts || mentionsBot(m.text, context.botUserId)) return; // a mention is the app_mention listener's
    // a thread the bot cannot look up is left alone: answering every thread reply in a channel would be worse
    const answered = await deps.store.isAnsweredThread(m.channel, m.thread_ts).catch((e: unknown) => {
      deps.logger.error("isAnsweredThread failed; reply left unanswered", e);
      return false;
    });
    if (!answered) return;
    const question = questionFromSlackText(m.text, context.botUserId);
    await answerQuestion(answering, { client, channel: m.channel, threadTs: m.thread_ts, userId: m.user, teamId: context.teamId }, question);
  });
}
