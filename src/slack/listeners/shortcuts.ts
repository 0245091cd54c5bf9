/**
 * The global shortcut (and the App Home button) open the same pre-review modal as /prereview. If the modal cannot be
 * opened the user is told (a DM: a global shortcut and App Home have no channel), with a retry hint.
 */
import type { App, BlockAction } from "@slack/bolt";
import { PREREVIEW_OPEN_ACTION } from "../blocks/actions.js";
import { prereviewModal } from "../blocks/modals.js";
import type { SlackDeps } from "../deps.js";
import { clicker, openModal } from "../telling.js";

export const PREREVIEW_SHORTCUT = "prereview_shortcut";

export function registerShortcuts(app: App, deps: SlackDeps): void {
  app.shortcut(PREREVIEW_SHORTCUT, async ({ ack, shortcut, client }) => {
    await ack();
    await openModal({ client, user: shortcut.user.id, logger: deps.logger }, shortcut.trigger_id, prereviewModal());
  });
  app.action<BlockAction>(PREREVIEW_OPEN_ACTION, async ({ ack, body, client, respond }) => {
    await ack();
    await openModal(clicker(deps.logger, client, body, respond), body.trigger_id, prereviewModal());
  });
}
