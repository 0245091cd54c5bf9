/**
 * Replies to a file shared with the bot: the fields read from a proposal with 「核对并预审」 (opens the prefilled
 * pre-review modal), a refusal with its reason, and what the bot can do with files.
 */
import type { KnownBlock } from "@slack/types";
import { zhLabel } from "../../prereview/labels.js";
import { contextLine, escapeMrkdwn, mrkdwnSection, truncate } from "./text.js";

export const FILE_FORM_ACTION = "file_proposal_review";

export const FILE_HELP =
  "📎 知策可以读取你私信发来的 PDF、Word（.docx）或 TXT 文件（20 MB 以内）：\n" +
  "• *项目申报材料* — 读出「项目名称：」「预算金额：」等字段，核对后逐项预审，可直接提交审批；\n" +
  "• *政策通知* — 知识管理员可以用 `/zhice-kb` 加入知识库。\n" +
  "Send me a PDF, Word (.docx) or TXT file (up to 20 MB) in a DM: a *proposal* is read into the pre-review form " +
  "(fields such as 项目名称 / 预算金额), checked, and can be submitted; *notices* can be added to the knowledge base by knowledge admins with `/zhice-kb`.";

export const NOTICE_NOT_ADMIN =
  "📄 这份文件看起来是一份政策通知。只有知识管理员可以把通知加入知识库（`/zhice-kb`），请联系他们；你也可以直接向我提问。\n" +
  "This looks like a policy notice. Knowledge admins can add notices to the knowledge base with `/zhice-kb` — please ask one of them; you can also ask me questions directly.";

function shown(value: unknown): string {
  if (typeof value === "boolean") return value ? "是 / yes" : "否 / no";
  if (typeof value === "number") return value.toLocaleString("zh-CN");
  return zhLabel(String(value));
}

/** The fields read from a proposal document, what is missing, and the button that opens the prefilled modal. */
export function fileProposalMessage(
  fileName: string,
  read: { label: string; value: unknown }[],
  missing: string[],
  formId: string,
): { text: string; blocks: KnownBlock[] } {
  const name = escapeMrkdwn(truncate(fileName, 200));
  const lines = read.map((f) => `• ${escapeMrkdwn(f.label)}：${escapeMrkdwn(truncate(shown(f.value), 150))}`);
  const blocks: KnownBlock[] = [
    mrkdwnSection(`📄 *${name}* 是一份项目材料，已读出 ${read.length} 项 / Read as a proposal: ${read.length} field(s) found.\n${lines.join("\n")}`),
  ];
  if (missing.length) blocks.push(contextLine(`还需填写 / Still to fill in: ${missing.map((m) => escapeMrkdwn(m)).join("、")}`));
  blocks.push({
    type: "actions",
    block_id: `fileform:${formId}`.slice(0, 255),
    elements: [
      { type: "button", action_id: FILE_FORM_ACTION, style: "primary", text: { type: "plain_text", text: "核对并预审 Review & check", emoji: true }, value: formId },
    ],
  });
  blocks.push(contextLine("点击后在表单中核对、补全，再给出逐项预审清单 / Confirm or complete the fields in the form; the checklist follows."));
  return { text: `已读取项目材料 ${truncate(fileName, 200)}，请核对后预审 / Proposal read — review it to get the checklist`, blocks };
}
