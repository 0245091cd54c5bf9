/**
 * Files shared with the bot in a DM (the assistant container's threads come through listeners/assistant.ts), and the
 * 「核对并预审」 button that opens the pre-review modal prefilled with the fields read from a proposal document.
 */
import type { App, BlockAction, ButtonAction, Context } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { FILE_FORM_ACTION } from "../blocks/files.js";
import { prereviewModal } from "../blocks/modals.js";
import { escapeMrkdwn } from "../blocks/text.js";
import type { SlackDeps } from "../deps.js";
import { handleSharedFiles } from "../files/shared-files.js";
import { FAILURE_TEXT, clicker, openModal, tell } from "../telling.js";

/** A message with files, as the message event carries it. */
export interface FileShareMessage {
  subtype?: string;
  channel: string;
  channel_type?: string;
  user?: string;
  ts: string;
  thread_ts?: string;
  files?: { id: string }[];
}

/** Answer the files of a file_share message in its conversation (the thread, when it has one). */
export async function answerFileShare(deps: SlackDeps, client: WebClient, context: Context, m: FileShareMessage): Promise<void> {
  const ids = (m.files ?? []).map((f) => f.id).filter(Boolean);
  if (!m.user || !ids.length) return;
  const token = context.botToken ?? client.token ?? "";
  await handleSharedFiles({ store: deps.store, logger: deps.logger, kb: deps.kb }, { client, token, user: m.user, channel: m.channel, threadTs: m.thread_ts }, ids);
}

export function registerFiles(app: App, deps: SlackDeps): void {
  app.event("message", async ({ event, client, context }) => {
    const m = event as unknown as FileShareMessage & { bot_id?: string };
    if (m.subtype !== "file_share" || m.bot_id || m.channel_type !== "im") return;
    await answerFileShare(deps, client, context, m);
  });

  app.action<BlockAction<ButtonAction>>(FILE_FORM_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    const to = clicker(deps.logger, client, body, respond);
    let form: Awaited<ReturnType<typeof deps.store.fileForm>>;
    try {
      form = await deps.store.fileForm(action.value ?? "");
    } catch (e) {
      deps.logger.error("fileForm failed", e);
      return void (await tell(to, FAILURE_TEXT.action));
    }
    if (!form) return void (await tell(to, "⚠️ 找不到这份材料的读取结果，请重新发送文件 / That file's fields are gone — please send the file again."));
    if (form.userId !== body.user.id) return void (await tell(to, "⛔ 只有发送文件的人可以预审它 / Only the person who sent the file can pre-review it."));
    const note = `已从 *${escapeMrkdwn(form.fileName)}* 读取以下字段，请核对、补全后预审。/ Read from the file — check and complete the fields, then run the check.`;
    await openModal(to, body.trigger_id, prereviewModal({ initial: form.proposal, note, privateMetadata: JSON.stringify({ channel: body.channel?.id }) }));
  });
}
