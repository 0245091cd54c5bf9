/**
 * `/prereview` opens the pre-review modal (ack first; views.open uses the trigger id within its 3 s life); if the modal
 * cannot be opened the user is told where they typed the command, with a retry hint. `/prereview help` explains it.
 */
import type { App } from "@slack/bolt";
import { prereviewModal } from "../blocks/modals.js";
import type { SlackDeps } from "../deps.js";
import { openModal, tell } from "../telling.js";

export const PREREVIEW_COMMAND = "/prereview";

export const PREREVIEW_HELP = [
  "*/prereview* — 打开项目预审表单：填写项目名称、服务内容、购买主体、预算、承接主体、采购方式、合同期限等，提交后逐项检查" +
    "（禁止性事项、预算安排、主体资格、采购方式、合同期限、绩效目标、事前评估），每项给出 通过/注意/不通过 和依据条款；" +
    "结果发到与知策的私信，未被拦截的项目可直接「提交审批」。也可以把项目申报材料（PDF、Word、TXT）私信发给知策，自动读出字段。",
  "*/prereview* — opens the pre-review form. Each check (prohibited matters, budget, purchaser and contractor eligibility, " +
    "procurement method, contract term, performance targets, prior assessment) comes back pass / warning / fail with the clause " +
    "it rests on, in your DM with zhice, where a proposal that is not blocked can be submitted for approval. You can also DM zhice " +
    "the proposal as a PDF, Word or TXT file to have the form filled in.",
  "提问请用 `/zhice 问题` 或 @知策 / For questions use `/zhice QUESTION` or @mention zhice.",
].join("\n");

const HELP = /^(help|帮助|说明|\?|？)$/i;

export function registerCommands(app: App, deps: SlackDeps): void {
  app.command(PREREVIEW_COMMAND, async ({ ack, body, client, respond }) => {
    await ack();
    const to = { client, user: body.user_id, channel: body.channel_id, respond, logger: deps.logger };
    if (HELP.test((body.text ?? "").trim())) return void (await tell(to, PREREVIEW_HELP));
    await openModal(to, body.trigger_id, prereviewModal({ privateMetadata: JSON.stringify({ channel: body.channel_id }) }));
  });
}
