/**
 * The assistant / agent container (Bolt's Assistant class): suggested prompts when a thread starts; for each user
 * message a status ("正在检索政策条款…"), the answer (streamed when ZHICE_STREAMING is on) and a thread title.
 */
import { Assistant, type App } from "@slack/bolt";
import { STATUS_SEARCHING, answerQuestion } from "../answering.js";
import type { SlackDeps } from "../deps.js";
import { questionFromSlackText } from "../question-text.js";
import { answerFileShare, type FileShareMessage } from "./files.js";

export const SUGGESTED_PROMPTS = [
  { title: "劳务派遣能否购买？", message: "能否通过政府购买服务方式购买劳务派遣服务？" },
  { title: "预算未安排怎么办？", message: "预算未安排的事项可以开展政府购买服务吗？" },
  { title: "合同期限多长？", message: "政府购买服务合同期限最长可以签几年？" },
  { title: "Who may supply services?", message: "Which organisations can be contractors for government purchase of services?" },
];

export function registerAssistant(app: App, deps: SlackDeps): void {
  const answering = { knowledge: deps.core.knowledge, store: deps.store, logger: deps.logger, streaming: deps.streaming };
  const assistant = new Assistant({
    threadStarted: async ({ say, setSuggestedPrompts, saveThreadContext }) => {
      await say("您好，我是知策。请问政府购买服务方面的问题，回答会附上引用的政策条款。\nHi, I'm zhice — ask about government purchase of services; answers cite the notices.");
      await saveThreadContext().catch(() => undefined);
      await setSuggestedPrompts({ title: "试试这些问题 / Try asking", prompts: SUGGESTED_PROMPTS });
    },
    threadContextChanged: async ({ saveThreadContext }) => {
      await saveThreadContext();
    },
    userMessage: async ({ message, client, context, setStatus, setTitle, sayStream }) => {
      const m = message as { text?: string; channel: string; thread_ts?: string; ts: string; user?: string; subtype?: string; bot_id?: string };
      if (m.subtype === "file_share" && !m.bot_id) return answerFileShare(deps, client, context, m as FileShareMessage);
      if (m.subtype || m.bot_id || !m.text) return;
      const question = questionFromSlackText(m.text, context.botUserId);
      await setStatus(STATUS_SEARCHING).catch((e) => deps.logger.warn("setStatus failed", e));
      await setTitle(question.slice(0, 60)).catch((e) => deps.logger.warn("setTitle failed", e));
      await answerQuestion(
        answering,
        { client, channel: m.channel, threadTs: m.thread_ts ?? m.ts, userId: m.user, teamId: context.teamId, sayStream: () => sayStream() },
        question,
      );
    },
  });
  app.assistant(assistant);
}
