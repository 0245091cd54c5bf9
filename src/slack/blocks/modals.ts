/**
 * Modals: the pre-review form (block ids are the proposal's field paths, so validation errors map straight onto
 * `response_action: "errors"`), the reason modal (退回修改 / 驳回) and the transfer modal (转交).
 */
import type { InputBlock, KnownBlock, ModalView } from "@slack/types";
import type { Proposal } from "../../prereview/schema.js";
import type { DecisionAction } from "./approval.js";
import { actionLabel } from "./approval.js";
import { escapeMrkdwn, mrkdwnSection, plain, truncate } from "./text.js";

export const PREREVIEW_CALLBACK = "prereview_modal";
export const REASON_CALLBACK = "decision_reason_modal";
export const TRANSFER_CALLBACK = "decision_transfer_modal";
export const ASK_CALLBACK = "ask_about_message_modal";
/** Every input element in our modals uses this action id; the block id names the field. */
export const VALUE = "value";

const option = (value: string, text: string) => ({ text: plain(text), value });

export { contractorTypes, procurementMethods, purchaserTypes } from "../../prereview/labels.js";
import { contractorTypes, procurementMethods, purchaserTypes } from "../../prereview/labels.js";
import { requiredByRules } from "../../prereview/required-fields.js";
export const ratings = ["1A", "2A", "3A", "4A", "5A"];

/** An input block: every form field is one, with the field path as its block id. */
function inputBlock(blockId: string, label: string, optional: boolean | undefined, element: InputBlock["element"]): KnownBlock {
  return { type: "input", block_id: blockId, optional: optional ?? false, label: plain(label, 2000), element };
}

function textInput(blockId: string, label: string, opts: { multiline?: boolean; optional?: boolean; placeholder?: string; initial?: string; max?: number } = {}): KnownBlock {
  return inputBlock(blockId, label, opts.optional, {
    type: "plain_text_input",
    action_id: VALUE,
    multiline: opts.multiline ?? false,
    ...(opts.max ? { max_length: opts.max } : {}),
    ...(opts.placeholder ? { placeholder: plain(opts.placeholder, 150) } : {}),
    ...(opts.initial !== undefined ? { initial_value: opts.max ? opts.initial.slice(0, opts.max) : opts.initial } : {}),
  });
}

function selectInput(blockId: string, label: string, options: [string, string][], opts: { optional?: boolean; initial?: string } = {}): KnownBlock {
  const initial = options.find(([v]) => v === opts.initial);
  return inputBlock(blockId, label, opts.optional, {
    type: "static_select",
    action_id: VALUE,
    placeholder: plain("请选择 / choose", 150),
    options: options.map(([v, t]) => option(v, t)),
    ...(initial ? { initial_option: option(initial[0], initial[1]) } : {}),
  });
}

function yesNo(blockId: string, label: string, opts: { optional?: boolean; initial?: boolean } = {}): KnownBlock {
  const yes = option("true", "是 / yes");
  const no = option("false", "否 / no");
  return inputBlock(blockId, label, opts.optional, {
    type: "radio_buttons",
    action_id: VALUE,
    options: [yes, no],
    ...(opts.initial === undefined ? {} : { initial_option: opts.initial ? yes : no }),
  });
}

/** What the pre-review modal carries from its opening to its submission. */
export interface PrereviewMeta {
  channel?: string;
  /** Set when the modal revises a proposal whose changes were requested: its submit button resubmits. */
  resubmitOf?: string;
}

export function parsePrereviewMeta(meta: string | undefined): PrereviewMeta {
  try {
    const v = JSON.parse(meta ?? "") as PrereviewMeta;
    return typeof v === "object" && v ? { channel: typeof v.channel === "string" ? v.channel : undefined, resubmitOf: typeof v.resubmitOf === "string" ? v.resubmitOf : undefined } : {};
  } catch {
    return {};
  }
}

/** A proposal, whole or in part (fields read from a document), to prefill the pre-review modal with. */
export type ProposalDraft = Proposal | Record<string, unknown>;

/**
 * The pre-review modal opened by /prereview and by the global shortcut; prefilled when revising a proposal
 * (`revise`) or from the fields of a shared document (`note` says which).
 */
export function prereviewModal(opts: { privateMetadata?: string; initial?: ProposalDraft; revise?: boolean; note?: string } = {}): ModalView {
  const get = (path: string): unknown =>
    path.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), opts.initial);
  const str = (path: string): string | undefined => {
    const v = get(path);
    return typeof v === "string" && v ? v : typeof v === "number" ? String(v) : undefined;
  };
  const bool = (path: string): boolean | undefined => {
    const v = get(path);
    return typeof v === "boolean" ? v : undefined;
  };
  return {
    type: "modal",
    callback_id: PREREVIEW_CALLBACK,
    title: plain(opts.revise ? "修改项目 Revise" : "项目预审 Pre-review", 24),
    submit: plain("预审 Check", 24),
    close: plain("取消 Cancel", 24),
    ...(opts.privateMetadata ? { private_metadata: opts.privateMetadata } : {}),
    blocks: [
      mrkdwnSection(opts.note ?? "填写购买服务项目信息，提交后返回逐项预审清单。/ Describe the purchase-of-services proposal; you get an itemised checklist back."),
      textInput("title", "项目名称 / Title", { max: 200, initial: str("title") }),
      textInput("service", "服务内容 / Service description", { multiline: true, max: 3000, initial: str("service") }),
      textInput("purchaser.name", "购买主体名称 / Purchaser name", { max: 200, initial: str("purchaser.name") }),
      selectInput("purchaser.type", "购买主体类型 / Purchaser type", purchaserTypes, { initial: str("purchaser.type") }),
      textInput("budget.amountYuan", "预算金额（元） / Budget (yuan)", { placeholder: "例如 / e.g. 800000", initial: str("budget.amountYuan") }),
      yesNo("budget.arranged", "预算是否已安排 / Budget arranged?", { initial: bool("budget.arranged") }),
      textInput("contractor.name", "承接主体名称 / Contractor name", { max: 200, initial: str("contractor.name") }),
      selectInput("contractor.type", "承接主体类型 / Contractor type", contractorTypes, { initial: str("contractor.type") }),
      selectInput("contractor.rating", "社会组织评估等级 / Rating (social organisations)", ratings.map((r) => [r, r]), { optional: true, initial: str("contractor.rating") }),
      textInput("contractor.inspectionYearsPassed", "连续年检合格年数 / Years of passed annual inspection", { optional: true, placeholder: "例如 / e.g. 2", initial: str("contractor.inspectionYearsPassed") }),
      selectInput("procurementMethod", "采购方式 / Procurement method", procurementMethods, { initial: str("procurementMethod") }),
      textInput("contractTermMonths", "合同期限（月） / Contract term (months)", { placeholder: "例如 / e.g. 12", initial: str("contractTermMonths") }),
      yesNo("stableRecurring", "是否为长期稳定、经常性的服务 / Stable and recurring service?", { optional: true, initial: bool("stableRecurring") }),
      textInput("performanceTargets", "绩效目标 / Performance targets", { multiline: true, optional: !requiredByRules().has("performanceTargets"), max: 3000, initial: str("performanceTargets") }),
      yesNo("newMajorProject", "是否为新增重大项目 / New major project?", { optional: true, initial: bool("newMajorProject") }),
      yesNo("priorAssessmentDone", "是否已完成事前评估 / Prior assessment done?", { optional: true, initial: bool("priorAssessmentDone") }),
    ],
  };
}

/** Where a decision modal came from, so its submission can update the right card. */
export interface DecisionContext {
  proposalId: string;
  stepIndex: number;
  /** The submission round of the card the modal was opened from. */
  round?: number;
  action: DecisionAction;
  channel?: string;
  ts?: string;
  /** The proposal's title (to show the modal again after a refusal). */
  title?: string;
}

/** What a decision modal shows again after a refusal: the user's input, and why it did not go through. */
export interface DecisionRetry {
  reason?: string;
  to?: string;
  /** mrkdwn, shown above the inputs. */
  warning?: string;
}

function decisionLead(ctx: DecisionContext, title: string, line: string, retry: DecisionRetry): KnownBlock[] {
  return [
    ...(retry.warning ? [mrkdwnSection(retry.warning)] : []),
    mrkdwnSection(`*${escapeMrkdwn(truncate(title, 500))}*（${escapeMrkdwn(ctx.proposalId)}）\n${line}`),
  ];
}

export function reasonModal(ctx: DecisionContext, title: string, retry: DecisionRetry = {}): ModalView {
  const l = actionLabel[ctx.action];
  return {
    type: "modal",
    callback_id: REASON_CALLBACK,
    private_metadata: JSON.stringify({ ...ctx, title: truncate(title, 500) }),
    title: plain(`${l.zh} ${l.en}`, 24),
    submit: plain(`确认${l.zh}`, 24),
    close: plain("取消 Cancel", 24),
    blocks: [
      ...decisionLead(ctx, title, `${l.zh}需要说明理由 / A reason is required.`, retry),
      textInput("reason", "理由 / Reason", { multiline: true, max: 2000, initial: retry.reason }),
    ],
  };
}

export function transferModal(ctx: DecisionContext, title: string, retry: DecisionRetry = {}): ModalView {
  return {
    type: "modal",
    callback_id: TRANSFER_CALLBACK,
    private_metadata: JSON.stringify({ ...ctx, title: truncate(title, 500) }),
    title: plain("转交 Transfer", 24),
    submit: plain("确认转交 Transfer", 24),
    close: plain("取消 Cancel", 24),
    blocks: [
      ...decisionLead(ctx, title, "把本步骤转交给另一位审批人 / Hand this step to another approver.", retry),
      {
        type: "input",
        block_id: "to",
        label: plain("转交给 / Transfer to", 2000),
        element: { type: "users_select", action_id: VALUE, placeholder: plain("选择同事 / pick a colleague", 150), ...(retry.to ? { initial_user: retry.to } : {}) },
      },
      textInput("reason", "说明（可选） / Note (optional)", { multiline: true, optional: true, max: 2000, initial: retry.reason }),
    ],
  };
}

/** A modal with a message and no inputs: work in progress (⏳) or its outcome; only a close button. */
export function noticeModal(title: string, text: string, callbackId?: string): ModalView {
  return {
    type: "modal",
    ...(callbackId ? { callback_id: callbackId } : {}),
    title: plain(title, 24),
    close: plain("关闭 Close", 24),
    blocks: [mrkdwnSection(text)],
  };
}

export function parseDecisionContext(meta: string | undefined): DecisionContext | null {
  try {
    const v = JSON.parse(meta ?? "") as Partial<DecisionContext>;
    if (typeof v.proposalId === "string" && typeof v.stepIndex === "number" && typeof v.action === "string") return v as DecisionContext;
  } catch {
    /* fallthrough */
  }
  return null;
}

/** Where the 问知策 modal's answer goes: the thread of the message it was opened on. */
export interface AskContext {
  channel: string;
  threadTs: string;
}

/** 问知策 (the message shortcut): the question, prefilled with the message's text, to edit before asking. */
export function askModal(ctx: AskContext, question: string): ModalView {
  return {
    type: "modal",
    callback_id: ASK_CALLBACK,
    private_metadata: JSON.stringify(ctx),
    title: plain("问知策 Ask zhice", 24),
    submit: plain("提问 Ask", 24),
    close: plain("取消 Cancel", 24),
    blocks: [
      mrkdwnSection("回答会发在这条消息的话题里，附引用条款。可以先修改问题。/ The answer, with cited clauses, goes to this message's thread. Edit the question first if you like."),
      textInput("question", "问题 / Question", { multiline: true, max: 2000, initial: question, placeholder: "例如 / e.g. 劳务派遣岗位能否纳入政府购买服务？" }),
    ],
  };
}

export function parseAskContext(meta: string | undefined): AskContext | null {
  try {
    const v = JSON.parse(meta ?? "") as Partial<AskContext>;
    if (typeof v.channel === "string" && typeof v.threadTs === "string") return { channel: v.channel, threadTs: v.threadTs };
  } catch {
    /* fallthrough */
  }
  return null;
}
