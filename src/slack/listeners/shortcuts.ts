/**
 * The global shortcut (and the App Home button) open the same pre-review modal as /prereview. If the modal cannot be
 * opened the user is told (a DM: a global shortcut and App Home have no channel), with a retry hint.
 * The message shortcut 问知策 opens a question modal prefilled with the message's text; the answer goes to its thread.
 */
import type { App, BlockAction, MessageShortcut } from "@slack/bolt";
import { PREREVIEW_OPEN_ACTION } from "../blocks/actions.js";
import { askModal, prereviewModal } from "../blocks/modals.js";
import { questionFromSlackText } from "../question-text.js";
import type { SlackDeps } from "../deps.js";
import { clicker, openModal } from "../telling.js";

export const PREREVIEW_SHORTCUT = "prereview_shortcut";
export const ASK_SHORTCUT = "ask_about_message";

export function registerShortcuts(app: App, deps: SlackDeps): void {
  app.shortcut(PREREVIEW_SHORTCUT, async ({ ack, shortcut, client }) => {
    await ack();
    await openModal({ client, user: shortcut.user.id, logger: deps.logger }, shortcut.trigger_id, prereviewModal());
  });
  app.shortcut<MessageShortcut>(ASK_SHORTCUT, async ({ ack, shortcut, client, context, respond }) => {
    await ack();
    const m = shortcut.message as { text?: string; ts: string; thread_ts?: string };
    const ctx = { channel: shortcut.channel.id, threadTs: m.thread_ts ?? m.ts };
    const to = { client, user: shortcut.user.id, channel: shortcut.channel.id, respond, logger: deps.logger };
    await openModal(to, shortcut.trigger_id, askModal(ctx, questionFromSlackText(m.text ?? "", context.botUserId)));
  });
  app.action<BlockAction>(PREREVIEW_OPEN_ACTION, async ({ ack, body, client, respond }) => {
    await ack();
    await openModal(clicker(deps.logger, client, body, respond), body.trigger_id, prereviewModal());
  });
}
