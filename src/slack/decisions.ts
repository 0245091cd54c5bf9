/**
 * A click on a decision button, as plain logic: is the card still about the current step (else: who decided it and
 * when), does the action need a modal (reason / transferee), and what to tell the user when the workflow refuses.
 * The workflow decides and audits; nothing here re-implements its guards.
 */
import type { DecisionResult, WorkflowService } from "../workflow/index.js";
import { actionLabel, type DecisionAction, type ProposalView } from "./blocks/approval.js";
import { escapeMrkdwn, slackDate, userMention } from "./blocks/text.js";

export type ClickOutcome =
  | { kind: "done"; result: Extract<DecisionResult, { ok: true }> }
  | { kind: "refused"; text: string; code: string }
  | { kind: "needs_modal"; view: ProposalView };

const STEP_DECISIONS = new Set(["approve", "reject", "request_changes", "withdraw", "transfer", "step_completed", "escalate"]);

/** "本步骤已由 @X 于 T 批准" for a card whose step is no longer the current one. */
export function staleCardText(view: ProposalView, stepIndex: number): string {
  const entries = view.history.filter((h) => h.step === stepIndex && STEP_DECISIONS.has(h.type) && h.type !== "step_completed" && h.type !== "escalate");
  const last = entries.at(-1);
  if (!last) return `⚠️ 该审批卡片已过期，项目当前状态：${escapeMrkdwn(view.state)} / This card is out of date; the proposal is now ${escapeMrkdwn(view.state)}.`;
  const l = actionLabel[last.type as DecisionAction | "withdraw"] ?? { zh: last.type, en: last.type };
  return `ℹ️ 本步骤已由 ${userMention(last.actor)} 于 ${slackDate(last.at)} ${l.zh}，无需再次处理。/ This step was already decided (${l.en}) by ${userMention(last.actor)} at ${slackDate(last.at)}.`;
}

export function refusalText(r: Extract<DecisionResult, { ok: false }>): string {
  let text = `⛔ ${escapeMrkdwn(r.messageZh)} / ${escapeMrkdwn(r.messageEn)}`;
  if (r.code === "already_decided" && r.decidedBy)
    text = `ℹ️ 已由 ${userMention(r.decidedBy)}${r.decidedAt ? ` 于 ${slackDate(r.decidedAt)}` : ""} 处理，无需再次操作 / Already decided by ${userMention(r.decidedBy)}${r.decidedAt ? ` at ${slackDate(r.decidedAt)}` : ""}.`;
  return text;
}

/**
 * Handle a click on a card of `stepIndex`. Approve applies at once; reject / request changes / transfer open a modal
 * for an authorised approver. An unauthorised click (including the submitter's) goes to the workflow, which refuses and
 * audits it.
 */
export async function clickDecision(
  workflow: Pick<WorkflowService, "show" | "decide">,
  click: { user: string; proposalId: string; stepIndex: number; round?: number; action: DecisionAction },
): Promise<ClickOutcome> {
  const view = (await workflow.show(click.proposalId)) as ProposalView | null;
  if (!view) return { kind: "refused", code: "not_found", text: `⛔ 找不到项目 ${escapeMrkdwn(click.proposalId)} / proposal not found` };
  const otherRound = click.round !== undefined && view.round !== undefined && click.round !== view.round;
  if (otherRound && view.state === "pending")
    return { kind: "refused", code: "stale", text: "⚠️ 该卡片属于项目上一轮提交，项目已重新提交，请使用新的审批卡片 / This card is from an earlier submission round; use the new card." };
  if (view.state !== "pending" || view.step?.index !== click.stepIndex || otherRound) {
    // A stale card. Someone who may not act on the proposal now still gets their attempt refused and audited by the
    // workflow (it cannot apply: they are not an approver of the current step); they are told who decided the card's step.
    const currentApprover = view.state === "pending" && (view.step?.approvers.includes(click.user) ?? false);
    if (!currentApprover) await workflow.decide(click.proposalId, "approve", click.user).catch(() => undefined);
    return { kind: "refused", code: "already_decided", text: staleCardText(view, click.stepIndex) };
  }
  const mayAct = view.submitter !== click.user && view.step.approvers.includes(click.user) && !view.step.decided.includes(click.user);
  if (click.action !== "approve" && mayAct) return { kind: "needs_modal", view };
  const r = await workflow.decide(click.proposalId, click.action, click.user);
  if (r.ok) return { kind: "done", result: r };
  if (r.code === "reason_required" || (click.action === "transfer" && r.code === "invalid" && !r.decidedBy)) {
    // authorised after all (e.g. an escalation user): ask for what is missing
    return { kind: "needs_modal", view };
  }
  return { kind: "refused", code: r.code, text: refusalText(r) };
}

/**
 * Submit the modal of a reason / transfer decision. If the step the modal was opened for is no longer current (someone
 * else decided meanwhile, or the proposal was resubmitted), nothing is applied and the refusal says who decided.
 */
export async function submitDecision(
  workflow: Pick<WorkflowService, "decide" | "show">,
  d: { user: string; proposalId: string; stepIndex?: number; round?: number; action: DecisionAction; reason?: string; to?: string },
): Promise<DecisionResult> {
  if (d.stepIndex !== undefined) {
    const view = (await workflow.show(d.proposalId)) as ProposalView | null;
    const moved = view && (view.state !== "pending" || view.step?.index !== d.stepIndex || (d.round !== undefined && view.round !== undefined && view.round !== d.round));
    if (view && moved) {
      const text = staleCardText(view, d.stepIndex).replace(/^\S+\s/, "");
      const [zh, en] = text.split(/\s?\/ (?=[A-Z])/);
      return { ok: false, id: d.proposalId, code: "already_decided", messageZh: zh ?? text, messageEn: en ?? text, state: view.state as never };
    }
  }
  return workflow.decide(d.proposalId, d.action, d.user, { reason: d.reason, to: d.to });
}
