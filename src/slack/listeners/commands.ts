/** `/prereview` opens the pre-review modal (ack first; views.open uses the trigger id within its 3 s life). */
import type { App } from "@slack/bolt";
import { prereviewModal } from "../blocks/modals.js";
import type { SlackDeps } from "../deps.js";

export const PREREVIEW_COMMAND = "/prereview";

export function registerCommands(app: App, deps: SlackDeps): void {
  app.command(PREREVIEW_COMMAND, async ({ ack, body, client }) => {
    await ack();
    await client.views
      .open({ trigger_id: body.trigger_id, view: prereviewModal({ privateMetadata: JSON.stringify({ channel: body.channel_id }) }) })
      .catch((e) => deps.logger.error("views.open failed", e));
  });
}
