/**
 * `/zhice 问题`: a private answer with 「分享到频道 / Share」 and 「仅自己可见 / Keep」 (private-answer.ts does the work).
 * Every handler acks first.
 */
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { KEEP_ACTION, SHARE_ACTION } from "../blocks/private-answer.js";
import type { SlackDeps } from "../deps.js";
import { ASK_COMMAND, answerPrivately, keepAnswer, shareAnswer, type PrivateAnswerDeps } from "../private-answer.js";
import { clicker, tell } from "../telling.js";

export function registerAskCommand(app: App, deps: SlackDeps): void {
  const answering: PrivateAnswerDeps = { knowledge: deps.core.knowledge, store: deps.store, conversations: deps.conversations, logger: deps.logger };

  app.command(ASK_COMMAND, async ({ ack, body, client, respond }) => {
    await ack();
    await answerPrivately(answering, { client, user: body.user_id, channel: body.channel_id, respond, logger: deps.logger }, body.text ?? "");
  });

  const clickedAnswer = (which: "share" | "keep") =>
    async ({ ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs) => {
      await ack();
      const to = clicker(deps.logger, client, body, respond);
      if (!to.channel) return void (await tell(to, "⚠️ 这条回答已无法分享，请重新提问 / This answer can no longer be shared — please ask again."));
      const asker = { ...to, channel: to.channel, respond };
      if (which === "share") await shareAnswer(answering, client, asker, action.value ?? "");
      else await keepAnswer(answering, asker, action.value ?? "");
    };
  app.action<BlockAction<ButtonAction>>(SHARE_ACTION, clickedAnswer("share"));
  app.action<BlockAction<ButtonAction>>(KEEP_ACTION, clickedAnswer("keep"));
}
