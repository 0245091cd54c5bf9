/** The global shortcut (and the App Home button) open the same pre-review modal as /prereview. */
import type { App, BlockAction } from "@slack/bolt";
import { PREREVIEW_OPEN_ACTION } from "../blocks/actions.js";
import { prereviewModal } from "../blocks/modals.js";
import type { SlackDeps } from "../deps.js";

export const PREREVIEW_SHORTCUT = "prereview_shortcut";

export function registerShortcuts(app: App, deps: SlackDeps): void {
  app.shortcut(PREREVIEW_SHORTCUT, async ({ ack, shortcut, client }) => {
    await ack();
    await client.views.open({ trigger_id: shortcut.trigger_id, view: prereviewModal() }).catch((e) => deps.logger.error("views.open failed", e));
  });
  app.action<BlockAction>(PREREVIEW_OPEN_ACTION, async ({ ack, body, client }) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: prereviewModal() }).catch((e) => deps.logger.error("views.open failed", e));
  });
}
