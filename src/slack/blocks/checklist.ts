/**
 * A pre-review checklist as Block Kit: outcome on top, then each check with its status, message and cited clause.
 * When the proposal is not blocked, a "提交审批" button starts the approval workflow.
 */
import type { KnownBlock } from "@slack/types";
import type { Checklist, CheckId, CheckStatus, Outcome, Proposal } from "../../prereview/schema.js";
import { citationHeading } from "./answer.js";
import { LIMITS, clampBlocks, contextLine, escapeMrkdwn, header, mrkdwnSection, quote, truncate } from "./text.js";

export const SUBMIT_ACTION = "proposal_submit";

export const checkLabel: Record<CheckId, { zh: string; en: string }> = {
  prohibited_matters: { zh: "禁止性事项", en: "Prohibited matters" },
  budget_arranged: { zh: "预算安排", en: "Budget arranged" },
  purchaser_eligible: { zh: "购买主体资格", en: "Purchaser eligible" },
  contractor_eligible: { zh: "承接主体资格", en: "Contractor eligible" },
  procurement_method: { zh: "采购方式", en: "Procurement method" },
  contract_term: { zh: "合同期限", en: "Contract term" },
  performance_targets: { zh: "绩效目标", en: "Performance targets" },
  prior_assessment: { zh: "事前评估", en: "Prior assessment" },
};

export const statusLabel: Record<CheckStatus, { icon: string; zh: string; en: string }> = {
  pass: { icon: "✅", zh: "通过", en: "pass" },
  warn: { icon: "⚠️", zh: "注意", en: "warning" },
  fail: { icon: "❌", zh: "不通过", en: "fail" },
  "n/a": { icon: "➖", zh: "不适用", en: "n/a" },
};

export const outcomeLabel: Record<Outcome, { icon: string; zh: string; en: string }> = {
  blocked: { icon: "⛔", zh: "不可提交：存在不通过项", en: "Blocked — fix the failed items first" },
  ready_with_warnings: { icon: "⚠️", zh: "可提交，但有需注意事项", en: "Ready with warnings" },
  ready: { icon: "✅", zh: "可提交审批", en: "Ready for approval" },
};

function checkText(check: Checklist["checks"][number], quoteMax: number): string {
  const s = statusLabel[check.status];
  const l = checkLabel[check.id] ?? { zh: check.id, en: check.id };
  const lines = [`${s.icon} *${l.zh}* / ${l.en} — ${s.zh} (${s.en})`, escapeMrkdwn(check.message)];
  if (check.trigger) lines.push(`触发词 / trigger: 「${escapeMrkdwn(check.trigger)}」`);
  const c = check.citations[0];
  if (c) lines.push(`${citationHeading(c, 1).replace(/^\*\[1\] /, "*")}\n${quote(truncate(c.text, quoteMax))}`);
  return lines.join("\n");
}

/** One line per check, for compact cards. */
export function checklistSummary(checklist: Checklist): string {
  return checklist.checks
    .map((c) => `${statusLabel[c.status].icon} ${checkLabel[c.id]?.zh ?? c.id}${c.status === "pass" || c.status === "n/a" ? "" : `：${escapeMrkdwn(truncate(c.message, 120))}`}`)
    .join("\n");
}

export function checklistBlocks(checklist: Checklist, opts: { quoteMax?: number } = {}): KnownBlock[] {
  const o = outcomeLabel[checklist.outcome];
  return [
    mrkdwnSection(`${o.icon} *${o.zh}* / ${o.en}`),
    ...checklist.checks.map((c) => mrkdwnSection(checkText(c, opts.quoteMax ?? 220))),
  ];
}

/**
 * The message posted after a pre-review. `draftId` is the stored draft the submit button refers to
 * (button values are limited to 2000 characters, a proposal may be longer).
 */
export function checklistMessage(
  proposal: Pick<Proposal, "title">,
  checklist: Checklist,
  draftId: string | null,
  opts: { resubmitOf?: string } = {},
): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [header(`预审结果 / Pre-review: ${proposal.title}`), ...checklistBlocks(checklist)];
  if (opts.resubmitOf) blocks.push(contextLine(`修改后的项目 ${escapeMrkdwn(opts.resubmitOf)}：提交后审批从第一步重新开始 / Revision of ${escapeMrkdwn(opts.resubmitOf)}: approval restarts from the first step.`));
  const tail: KnownBlock[] = [];
  if (checklist.outcome !== "blocked" && draftId) {
    tail.push({
      type: "actions",
      block_id: `submit:${draftId}`.slice(0, 255),
      elements: [
        {
          type: "button",
          action_id: SUBMIT_ACTION,
          style: "primary",
          text: { type: "plain_text", text: opts.resubmitOf ? "重新提交审批 Resubmit" : "提交审批 Submit for approval", emoji: true },
          value: draftId,
        },
      ],
    });
  } else if (checklist.outcome === "blocked") {
    tail.push(contextLine("请修改不通过项后重新预审 / Fix the failed items and run /prereview again."));
  }
  return {
    text: truncate(`预审结果：${outcomeLabel[checklist.outcome].zh} — ${escapeMrkdwn(proposal.title)}`, 3000),
    blocks: clampBlocks([...blocks, ...tail], LIMITS.blocksPerMessage, tail.length),
  };
}

/** The checklist message after its submit button was used. */
export function submittedChecklistMessage(
  proposal: Pick<Proposal, "title">,
  checklist: Checklist,
  proposalId: string,
  state: string,
): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    header(`预审结果 / Pre-review: ${proposal.title}`),
    ...checklistBlocks(checklist),
    contextLine(`已提交审批，编号 ${escapeMrkdwn(proposalId)}，状态 ${escapeMrkdwn(state)} / Submitted as ${escapeMrkdwn(proposalId)} (${escapeMrkdwn(state)})`),
  ];
  return { text: `已提交审批 / Submitted: ${escapeMrkdwn(proposal.title)}`, blocks: clampBlocks(blocks, LIMITS.blocksPerMessage, 1) };
}
