/**
 * The assistant / agent container (Bolt's Assistant class, the legacy assistant_view): suggested prompts when a
 * thread starts; for each user message a status with loading messages, the answer (streamed when ZHICE_STREAMING is
 * on) read with the asker's earlier questions in the thread, and a title on the thread's first message only.
 * Thread context is not saved: nothing reads it, and conversation turns live in the database.
 */
import { Assistant, type App } from "@slack/bolt";
import { answerQuestion, answeringDeps, slackTurn } from "../answering.js";
import type { SlackDeps } from "../deps.js";
import { questionFromSlackText } from "../question-text.js";
import { answerFileShare, type FileShareMessage } from "./files.js";
import { SUGGESTED_PROMPTS, PROMPTS_TITLE, GREETING } from "../prompts.js";

export function registerAssistant(app: App, deps: SlackDeps): void {
  const answering = answeringDeps(deps);
  const assistant = new Assistant({
    threadStarted: async ({ say, setSuggestedPrompts }) => {
      await say(GREETING);
      await setSuggestedPrompts({ title: PROMPTS_TITLE, prompts: SUGGESTED_PROMPTS });
    },
    threadContextChanged: async () => {
      // the context (the channel the user is viewing) is not used by answers
    },
    userMessage: async ({ message, client, context, setStatus, setTitle, sayStream }) => {
      const m = message as { text?: string; channel: string; thread_ts?: string; ts: string; user?: string; subtype?: string; bot_id?: string };
      if (m.subtype === "file_share" && !m.bot_id) return answerFileShare(deps, client, context, m as FileShareMessage);
      if (m.subtype || m.bot_id || !m.text || !m.user) return;
      const question = questionFromSlackText(m.text, context.botUserId);
      const turn = slackTurn({ channel: m.channel, user: m.user, ts: m.ts, thread_ts: m.thread_ts ?? m.ts });
      const first = !(await deps.conversations.hasAsked(turn.place).catch(() => false));
      if (first) await setTitle(question.slice(0, 60)).catch((e) => deps.logger.warn("setTitle failed", e));
      await answerQuestion(
        answering,
        { client, channel: m.channel, threadTs: turn.place.thread, userId: m.user, teamId: context.teamId, turn, setStatus, sayStream: () => sayStream() },
        question,
      );
    },
  });
  app.assistant(assistant);
}
