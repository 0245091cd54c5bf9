/**
 * The knowledge-base admin surface: `/zhice-kb …` (answered ephemerally) and the preview card's 「导入 / Import」 and
 * 「取消 / Cancel」 buttons (the card is replaced by the outcome; a refusal goes to the clicker alone; an import is
 * announced in ZHICE_KB_CHANNEL). Every handler acks first; failures reach the user as a message (telling.ts).
 */
import type { App, BlockAction, ButtonAction, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { KB_CANCEL_ACTION, KB_IMPORT_ACTION, type SlackMessage } from "../blocks/knowledge.js";
import type { SlackDeps } from "../deps.js";
import { FAILURE_TEXT, clicker, tell } from "../telling.js";

export const KB_COMMAND = "/zhice-kb";
const ANNOUNCE_FAILED = "⚠️ 已导入，但没能在通知频道发布公告（请检查 ZHICE_KB_CHANNEL 和机器人是否在频道中） / Imported, but the announcement could not be posted (check ZHICE_KB_CHANNEL and that the bot is in the channel).";

/** Replaces the clicked card with `msg` (response_url, else chat.update); false when neither worked. */
async function replaceCard(client: WebClient, body: BlockAction, respond: RespondFn | undefined, msg: SlackMessage): Promise<boolean> {
  try {
    if (respond) await respond({ replace_original: true, ...msg });
    else if (body.channel?.id && body.message?.ts) await client.chat.update({ channel: body.channel.id, ts: body.message.ts, ...msg });
    else return false;
    return true;
  } catch {
    return false;
  }
}

export function registerKnowledgeAdmin(app: App, deps: SlackDeps): void {
  const kb = deps.kb;
  if (!kb) return;

  app.command(KB_COMMAND, async ({ ack, body, respond, client }) => {
    await ack();
    try {
      await respond({ response_type: "ephemeral", ...(await kb.command(body.user_id, body.text ?? "")) });
    } catch (e) {
      deps.logger.error(`${KB_COMMAND} ${body.text ?? ""} failed`, e);
      await tell({ client, user: body.user_id, channel: body.channel_id, respond, logger: deps.logger }, FAILURE_TEXT.action);
    }
  });

  app.action<BlockAction<ButtonAction>>(KB_IMPORT_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    const to = clicker(deps.logger, client, body, respond);
    try {
      const out = await kb.importUpload(action.value ?? "", body.user.id);
      if (!out.replace || !(await replaceCard(client, body, respond, out.message))) await tell(to, out.message.text);
      for (const line of out.announcements) {
        if (!kb.channel) break;
        try {
          await client.chat.postMessage({ channel: kb.channel, text: line, unfurl_links: false });
        } catch (e) {
          deps.logger.warn(`announcement in ${kb.channel} failed`, e);
          await tell(to, ANNOUNCE_FAILED);
          break;
        }
      }
    } catch (e) {
      deps.logger.error(`import of upload ${action.value ?? ""} failed`, e);
      await tell(to, FAILURE_TEXT.action);
    }
  });

  app.action<BlockAction<ButtonAction>>(KB_CANCEL_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    const to = clicker(deps.logger, client, body, respond);
    try {
      const msg = await kb.cancelUpload(action.value ?? "", body.user.id);
      if (!kb.isAdmin(body.user.id) || !(await replaceCard(client, body, respond, msg))) await tell(to, msg.text);
    } catch (e) {
      deps.logger.error(`cancel of upload ${action.value ?? ""} failed`, e);
      await tell(to, FAILURE_TEXT.action);
    }
  });
}
