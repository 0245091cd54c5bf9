/**
 * `/prereview` opens the pre-review modal (ack first; views.open uses the trigger id within its 3 s life). If the modal
 * cannot be opened the user is told where they typed the command, with a retry hint.
 */
import type { App } from "@slack/bolt";
import { prereviewModal } from "../blocks/modals.js";
import type { SlackDeps } from "../deps.js";
import { openModal } from "../telling.js";

export const PREREVIEW_COMMAND = "/prereview";

export function registerCommands(app: App, deps: SlackDeps): void {
  app.command(PREREVIEW_COMMAND, async ({ ack, body, client, respond }) => {
    await ack();
    const to = { client, user: body.user_id, channel: body.channel_id, respond, logger: deps.logger };
    await openModal(to, body.trigger_id, prereviewModal({ privateMetadata: JSON.stringify({ channel: body.channel_id }) }));
  });
}
