/**
 * Private first, then share (the `/zhice 问题` slash command, as Onyx's Slack bot does): the answer is shown only to
 * the asker, through the command's response_url, with 「分享到频道 / Share」 and 「仅自己可见 / Keep」. Share posts it in
 * the channel saying who asked (feedback buttons and thread follow-ups as for any answer) and removes the private copy;
 * Keep removes the buttons. Nothing is lost on the way: every failure is told to the asker with a retry hint.
 */
import type { Logger, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { QuestionError, isHelpRequest } from "../answer/index.js";
import { AnswerSchema, type Answer } from "../answer/schema.js";
import type { Knowledge } from "../knowledge/index.js";
import { questionErrorText } from "./answering.js";
import { keptAnswerMessage, privateAnswerMessage, sharedAnswerMessage } from "./blocks/private-answer.js";
import { questionFromSlackText } from "./question-text.js";
import type { ConversationStore } from "../store/conversations.js";
import type { SlackStore } from "./store.js";
import { FAILURE_TEXT, tell, type Listener } from "./telling.js";

export const ASK_COMMAND = "/zhice";

export const ASK_COMMAND_HELP = [
  "*/zhice 问题* — 私下回答（只有你能看到），满意后可「分享到频道」。例如：`/zhice 劳务派遣岗位能否纳入政府购买服务？`",
  "*/zhice QUESTION* — answered privately (only you see it); click Share to post it in the channel.",
  "也可以在频道里 @知策、私信知策，或在消息的「⋯」菜单里选「问知策」。/ You can also @mention zhice, DM it, or use 问知策 on a message's ⋯ menu.",
].join("\n");

export interface PrivateAnswerDeps {
  knowledge: Pick<Knowledge, "ask">;
  store: SlackStore;
  /** A shared answer's thread takes follow-ups from the asker, read with their question. */
  conversations?: Pick<ConversationStore, "record">;
  logger: Logger;
}

/** The asker, where the command was typed, and the command's response_url. */
export interface Asker extends Listener {
  channel: string;
  respond: RespondFn;
}

async function respondOrTell(to: Asker, message: Parameters<RespondFn>[0], fallback: string): Promise<void> {
  try {
    await to.respond(message);
  } catch (e) {
    to.logger.warn("respond() failed", e);
    await tell({ ...to, respond: undefined }, fallback);
  }
}

/** Answer `/zhice TEXT` privately, with Share / Keep; help for an empty command or `help`. */
export async function answerPrivately(deps: PrivateAnswerDeps, to: Asker, text: string): Promise<void> {
  const question = questionFromSlackText(text);
  if (!question || isHelpRequest(question)) return respondOrTell(to, { response_type: "ephemeral", text: ASK_COMMAND_HELP }, ASK_COMMAND_HELP);
  let answer: Answer;
  try {
    answer = await deps.knowledge.ask(question);
  } catch (e) {
    if (!(e instanceof QuestionError)) deps.logger.error("ask failed", e);
    const t = e instanceof QuestionError ? questionErrorText(e) : "⚠️ 抱歉，检索政策条款时出错，请稍后再试 / Sorry, something went wrong while searching the notices — please try again.";
    return respondOrTell(to, { response_type: "ephemeral", text: t }, t);
  }
  let answerId: string | undefined;
  try {
    answerId = await deps.store.recordAnswer({ channel: to.channel, userId: to.user, question, verdict: answer.verdict, abstained: answer.abstained, citations: answer.citations, answer });
  } catch (e) {
    deps.logger.error("recordAnswer failed; the private answer cannot be shared", e);
  }
  const msg = answerId ? privateAnswerMessage(answer, answerId) : keptAnswerMessage(answer);
  await respondOrTell(to, { response_type: "ephemeral", text: msg.text, blocks: msg.blocks }, FAILURE_TEXT.answer);
}

async function storedAnswer(deps: PrivateAnswerDeps, to: Listener, answerId: string): Promise<{ answer: Answer; question: string; userId: string | null } | null> {
  let row: Awaited<ReturnType<SlackStore["answerById"]>>;
  try {
    row = await deps.store.answerById(answerId);
  } catch (e) {
    deps.logger.error("answerById failed", e);
    await tell(to, FAILURE_TEXT.action);
    return null;
  }
  const parsed = AnswerSchema.safeParse(row?.answer);
  if (!row || !parsed.success) {
    await tell(to, "⚠️ 这条回答已无法分享，请重新提问 / This answer can no longer be shared — please ask again.");
    return null;
  }
  return { answer: parsed.data, question: row.question, userId: row.userId };
}

/** 「分享到频道」: post the answer in the channel as asked by the clicker, then remove the private copy. */
export async function shareAnswer(deps: PrivateAnswerDeps, client: WebClient, to: Asker, answerId: string): Promise<void> {
  const stored = await storedAnswer(deps, to, answerId);
  if (!stored) return;
  if (stored.userId !== to.user) return void (await tell(to, "⛔ 只有提问人可以分享这条回答 / Only the person who asked can share this answer."));
  const msg = sharedAnswerMessage(stored.answer, answerId, to.user, stored.question);
  let shared = false;
  try {
    const r = await client.chat.postMessage({ channel: to.channel, text: msg.text, blocks: msg.blocks });
    shared = true;
    if (r.ts && deps.conversations)
      await deps.conversations.record({ conversation: to.channel, thread: r.ts, userId: to.user }, stored.question).catch((e: unknown) => deps.logger.warn("recording the shared answer's turn failed", e));
  } catch (e) {
    // the bot is not in the channel (not_in_channel), or posting failed: the command's response_url can still post there
    deps.logger.warn("chat.postMessage failed while sharing; posting through the response_url", e);
    try {
      await to.respond({ response_type: "in_channel", replace_original: false, text: msg.text, blocks: msg.blocks });
      shared = true;
    } catch (err) {
      deps.logger.error("sharing the answer failed", err);
    }
  }
  if (!shared) return void (await tell(to, "⚠️ 分享没能完成，请稍后再点「分享到频道」/ Sharing did not go through — please click Share again in a moment."));
  await to.respond({ delete_original: true }).catch((e: unknown) => deps.logger.warn("removing the private answer failed", e));
}

/** 「仅自己可见」: keep the answer private and remove the buttons. */
export async function keepAnswer(deps: PrivateAnswerDeps, to: Asker, answerId: string): Promise<void> {
  const stored = await storedAnswer(deps, to, answerId);
  if (!stored) return;
  const msg = keptAnswerMessage(stored.answer);
  await respondOrTell(to, { response_type: "ephemeral", replace_original: true, text: msg.text, blocks: msg.blocks }, FAILURE_TEXT.action);
}
