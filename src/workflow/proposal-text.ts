/**
 * A proposal and its approval record as people read it (local mode /show, `zhice proposals show`): states and
 * history events in words, Chinese with English alongside, times in Beijing time. JSON output keeps ISO and raw types.
 */
import type { ProposalView } from "./service.js";
import { SYSTEM_ACTOR } from "../../flows/approval.machine.js";
import { beijingTimeLabel, stateWords } from "./refusals.js";

export const HISTORY_WORDS: Record<string, string> = {
  submit: "提交 / submitted",
  blocked: "预审未通过 / blocked",
  resubmit: "重新提交 / resubmitted",
  approve: "批准 / approved",
  step_completed: "步骤完成 / step completed",
  reject: "驳回 / rejected",
  request_changes: "退回修改 / requested changes",
  withdraw: "撤回 / withdrew",
  transfer: "转交 / transferred",
  remind: "催办 / reminded",
  escalate: "升级 / escalated",
  cc: "抄送 / copied",
};

export function proposalText(v: ProposalView): string {
  const w = stateWords(v.state, v.step);
  const lines = [
    `${v.id}  ${v.title}`,
    `提交人 / submitter: ${v.submitter}    预算 / budget: ${v.proposal.budget.amountYuan.toLocaleString("zh-CN")} 元`,
    `状态 / state: ${w.zh} / ${w.en}`,
    `提交时间 / submitted: ${beijingTimeLabel(v.createdAt)}`,
  ];
  if (v.step)
    lines.push(
      `当前步骤 / step ${v.step.index + 1}/${v.steps.length}: ${v.step.name}（${v.step.mode === "all" ? "会签 all" : "或签 any"}）审批人 / approvers: ${v.step.approvers.join(", ")}；已批准 / approved: ${v.step.decided.join(", ") || "—"}`,
    );
  lines.push("记录 / history:");
  for (const h of v.history) {
    const to = h.to?.length ? ` → ${h.to.join(", ")}` : "";
    lines.push(`  ${beijingTimeLabel(h.at)}  ${h.actor === SYSTEM_ACTOR ? "系统 / system" : h.actor}  ${HISTORY_WORDS[h.type] ?? h.type}${to}${h.reason ? `：${h.reason}` : ""}`);
  }
  return lines.join("\n");
}
