/**
 * Approval cards: the approver's DM card (summary, checklist, buttons 批准 / 退回修改 / 驳回 / 转交), the same card after a
 * decision (outcome, actor, time, no buttons), and the submitter's status notes.
 */
import type { KnownBlock } from "@slack/types";
import { zhLabel } from "../../prereview/labels.js";
import type { Checklist, Proposal } from "../../prereview/schema.js";
import { RESUBMIT_OPEN_ACTION, WITHDRAW_ACTION } from "./actions.js";
import { checklistSummary, outcomeLabel } from "./checklist.js";
import { LIMITS, clampBlocks, contextLine, escapeMrkdwn, header, mrkdwnSection, slackDate, truncate, userMention } from "./text.js";

/** What the cards need to know about a proposal (the workflow's `show(id)` result has this shape). */
export interface ProposalView {
  id: string;
  state: string;
  submitter: string;
  /** 1 on the first submission, +1 on every resubmission (cards of an earlier round are stale). */
  round?: number;
  proposal: Proposal;
  checklist: Checklist;
  step: { index: number; name: string; mode: "any" | "all"; approvers: string[]; decided: string[] } | null;
  history: { type: string; actor: string; at: string; reason?: string | null; step?: number | null; to?: string[] }[];
}

export type DecisionAction = "approve" | "request_changes" | "reject" | "transfer";
export const DECISION_ACTIONS: readonly DecisionAction[] = ["approve", "request_changes", "reject", "transfer"];
export const DECISION_ACTION_PREFIX = "wf:";

export const actionLabel: Record<DecisionAction | "withdraw", { zh: string; en: string; done: string; icon: string }> = {
  approve: { zh: "批准", en: "Approve", done: "已批准 / Approved", icon: "✅" },
  request_changes: { zh: "退回修改", en: "Request changes", done: "已退回修改 / Changes requested", icon: "↩️" },
  reject: { zh: "驳回", en: "Reject", done: "已驳回 / Rejected", icon: "⛔" },
  transfer: { zh: "转交", en: "Transfer", done: "已转交 / Transferred", icon: "➡️" },
  withdraw: { zh: "撤回", en: "Withdraw", done: "已撤回 / Withdrawn", icon: "↩️" },
};

export const stateLabel: Record<string, string> = {
  draft: "草稿 / draft",
  prechecked: "已预审 / pre-checked",
  blocked: "预审未通过 / blocked",
  pending: "审批中 / pending",
  approved: "已批准 / approved",
  rejected: "已驳回 / rejected",
  changes_requested: "退回修改 / changes requested",
  resubmitted: "已重新提交 / resubmitted",
  withdrawn: "已撤回 / withdrawn",
};
export function stateText(state: string): string {
  return stateLabel[state] ?? escapeMrkdwn(state);
}

/** The value carried by every decision button: which proposal and which step the card was made for. */
export function cardValue(proposalId: string, stepIndex: number, round?: number): string {
  return JSON.stringify(round === undefined ? { p: proposalId, s: stepIndex } : { p: proposalId, s: stepIndex, r: round });
}
export function parseCardValue(value: string | undefined): { proposalId: string; stepIndex: number; round?: number } | null {
  try {
    const v = JSON.parse(value ?? "") as { p?: unknown; s?: unknown; r?: unknown };
    if (typeof v.p === "string" && typeof v.s === "number")
      return { proposalId: v.p, stepIndex: v.s, ...(typeof v.r === "number" ? { round: v.r } : {}) };
  } catch {
    /* not a card value */
  }
  return null;
}

const yuan = (n: number) => `${n.toLocaleString("zh-CN")} 元`;

export function summaryBlock(view: Pick<ProposalView, "id" | "submitter" | "proposal">): KnownBlock {
  const p = view.proposal;
  const f = (label: string, value: string) => ({ type: "mrkdwn" as const, text: truncate(`*${label}*\n${value}`, LIMITS.sectionField) });
  return {
    type: "section",
    fields: [
      f("编号 / ID", escapeMrkdwn(view.id)),
      f("提交人 / Submitter", userMention(view.submitter)),
      f("购买主体 / Purchaser", escapeMrkdwn(p.purchaser.name)),
      f("承接主体 / Contractor", escapeMrkdwn(p.contractor.name)),
      f("预算 / Budget", `${yuan(p.budget.amountYuan)}${p.budget.arranged ? "（已安排）" : "（未安排）"}`),
      f("采购方式 / Method", `${zhLabel(p.procurementMethod)} · ${p.contractTermMonths} 个月`),
    ],
  };
}

function serviceBlock(p: Proposal): KnownBlock {
  return mrkdwnSection(`*服务内容 / Service*\n${escapeMrkdwn(truncate(p.service, 1200))}`);
}

function stepLine(view: ProposalView): string {
  if (!view.step) return `状态 / State: ${stateText(view.state)}`;
  const s = view.step;
  const mode = s.mode === "all" ? "会签 / all must approve" : "或签 / any one approves";
  const decided = s.decided.length ? `；已批准 / approved by: ${s.decided.map(userMention).join(" ")}` : "";
  return `第 ${s.index + 1} 步 / Step ${s.index + 1}：*${escapeMrkdwn(s.name)}*（${mode}）${decided}`;
}

export function decisionButtons(proposalId: string, stepIndex: number, round?: number, title?: string): KnownBlock {
  const value = cardValue(proposalId, stepIndex, round);
  const btn = (a: DecisionAction, style?: "primary" | "danger") => ({
    type: "button" as const,
    action_id: `${DECISION_ACTION_PREFIX}${a}`,
    text: { type: "plain_text" as const, text: actionLabel[a].zh, emoji: true },
    value,
    ...(style ? { style } : {}),
  });
  // approving needs no reason, so it is the one decision a stray click could make: Slack asks first, as for 撤回
  const approve = {
    ...btn("approve", "primary"),
    confirm: {
      title: { type: "plain_text" as const, text: "确认批准？Approve?" },
      text: {
        type: "mrkdwn" as const,
        text: truncate(`批准后进入下一审批步骤或完成审批，不能撤销。/ The proposal moves on; this cannot be undone.${title ? `\n*${escapeMrkdwn(truncate(title, 120))}*（${escapeMrkdwn(proposalId)}）` : ""}`, 300),
      },
      confirm: { type: "plain_text" as const, text: "批准 Approve" },
      deny: { type: "plain_text" as const, text: "取消 Cancel" },
      style: "primary" as const,
    },
  };
  return {
    type: "actions",
    block_id: `wf:${proposalId}:${round ?? 1}:${stepIndex}`.slice(0, 255),
    elements: [approve, btn("request_changes"), btn("reject", "danger"), btn("transfer")],
  };
}

/** The card an approver receives for a pending step. */
export function approverCard(view: ProposalView, opts: { reason?: "pending" | "reminder" | "escalation" } = {}): { text: string; blocks: KnownBlock[] } {
  const title = view.proposal.title;
  const lead =
    opts.reason === "reminder"
      ? "⏰ 催办：以下项目仍在等待您审批 / Reminder: still waiting for your decision"
      : opts.reason === "escalation"
        ? "⏫ 升级：以下项目审批超时，已升级给您 / Escalated to you: the step is overdue"
        : "📥 有新的项目等待您审批 / A proposal is waiting for your decision";
  const o = outcomeLabel[view.checklist.outcome];
  const blocks: KnownBlock[] = [
    header(`待审批 / Approval needed: ${title}`),
    contextLine(lead),
    summaryBlock(view),
    serviceBlock(view.proposal),
    mrkdwnSection(stepLine(view)),
    mrkdwnSection(`*预审 / Pre-review:* ${o.icon} ${o.zh}\n${checklistSummary(view.checklist)}`),
  ];
  const buttons = view.step ? [decisionButtons(view.id, view.step.index, view.round, view.proposal.title)] : [];
  return {
    text: truncate(`待审批 / Approval needed: ${escapeMrkdwn(title)}`, 3000),
    blocks: clampBlocks([...blocks, ...buttons], LIMITS.blocksPerMessage, buttons.length),
  };
}

export interface StepOutcome {
  stepIndex: number;
  stepName?: string;
  action: DecisionAction | "withdraw" | "escalated";
  actor: string;
  at: string;
  reason?: string | null;
  to?: string | null;
}

export function outcomeLine(o: StepOutcome): string {
  if (o.action === "escalated") return `⏫ 已升级 / Escalated · ${slackDate(o.at)}`;
  const l = actionLabel[o.action];
  let line = `${l.icon} *${l.done}* · ${userMention(o.actor)} · ${slackDate(o.at)}`;
  if (o.to) line += ` → ${userMention(o.to)}`;
  if (o.reason) line += `\n理由 / Reason: ${escapeMrkdwn(truncate(o.reason, 1500))}`;
  return line;
}

/** The same card once its step was decided (by anyone): outcome, actor and time, no buttons. */
export function decidedCard(view: ProposalView, outcome: StepOutcome): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    header(`审批 / Approval: ${view.proposal.title}`),
    summaryBlock(view),
    mrkdwnSection(
      `第 ${outcome.stepIndex + 1} 步${outcome.stepName ? `「${escapeMrkdwn(outcome.stepName)}」` : ""} / Step ${outcome.stepIndex + 1}\n${outcomeLine(outcome)}`,
    ),
    contextLine(`项目当前状态 / Proposal state: ${stateText(view.state)}`),
  ];
  const l = outcome.action === "escalated" ? "已升级 / escalated" : actionLabel[outcome.action].done;
  return { text: truncate(`${l}: ${escapeMrkdwn(view.proposal.title)}`, 3000), blocks };
}

/**
 * A DM to the submitter when their proposal changes state; when changes were requested (or the pre-check blocked a
 * resubmission) it carries a button to revise and resubmit.
 */
export function submitterNote(view: ProposalView, event: { text: string; reason?: string | null; forSubmitter?: boolean }): { text: string; blocks: KnownBlock[] } {
  const lines = [`*${escapeMrkdwn(view.proposal.title)}*（${escapeMrkdwn(view.id)}）`, event.text, `状态 / State: ${stateText(view.state)}`];
  if (view.step && view.state === "pending") lines.push(stepLine(view));
  if (event.reason) lines.push(`理由 / Reason: ${escapeMrkdwn(truncate(event.reason, 1500))}`);
  const blocks: KnownBlock[] = [mrkdwnSection(lines.join("\n"))];
  if (event.forSubmitter && (view.state === "changes_requested" || view.state === "blocked"))
    blocks.push({
      type: "actions",
      block_id: `revise:${view.id}:${view.round ?? 1}`.slice(0, 255),
      elements: [
        { type: "button", action_id: RESUBMIT_OPEN_ACTION, style: "primary", text: { type: "plain_text", text: "修改并重新提交 Revise", emoji: true }, value: view.id },
      ],
    });
  else if (event.forSubmitter && view.state === "pending") blocks.push(withdrawButton(view));
  return { text: truncate(`${escapeMrkdwn(view.proposal.title)}: ${stateText(view.state)}`, 3000), blocks };
}

/** 撤回 for the submitter of a pending proposal, behind Slack's confirmation dialog. */
export function withdrawButton(view: Pick<ProposalView, "id" | "round" | "proposal">): KnownBlock {
  return {
    type: "actions",
    block_id: `withdraw:${view.id}:${view.round ?? 1}`.slice(0, 255),
    elements: [
      {
        type: "button",
        action_id: WITHDRAW_ACTION,
        text: { type: "plain_text", text: "撤回 Withdraw", emoji: true },
        value: view.id,
        confirm: {
          title: { type: "plain_text", text: "撤回项目？Withdraw?" },
          text: { type: "mrkdwn", text: `撤回后审批终止，可修改后重新提交。/ Approval stops; you can revise and submit again.\n*${escapeMrkdwn(truncate(view.proposal.title, 120))}*` },
          confirm: { type: "plain_text", text: "撤回 Withdraw" },
          deny: { type: "plain_text", text: "取消 Cancel" },
          style: "danger",
        },
      },
    ],
  };
}
