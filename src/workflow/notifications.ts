/**
 * What the faces are told after a workflow change commits. The Slack face turns these into DMs and card updates;
 * the CLI ignores them. Recipients are user ids (never empty lists: a notification nobody should get is not sent).
 */
import type { HistoryType, RefusalCode } from "../../flows/approval.machine.js";
import { stateWords } from "./refusals.js";

export type NotificationKind = "step_pending" | "state_changed" | "decided" | "reminder" | "escalation" | "cc" | "refused";

export interface StepView {
  index: number;
  name: string;
  mode: "any" | "all";
  approvers: string[];
  decided: string[];
}

export interface Notification {
  /** Outbox id: the same notification may be delivered again after a crash (at-least-once); dedupe on it. */
  id?: number;
  kind: NotificationKind;
  proposalId: string;
  title: string;
  /** State after the change. */
  state: string;
  /** The proposal's seq after the change (cards carry it back as expectedSeq). */
  seq: number;
  recipients: string[];
  actor: string;
  at: string;
  submitter: string;
  step: StepView | null;
  /** What happened: the history type (approve, reject …) for decided / state_changed. */
  action?: HistoryType;
  reason?: string | null;
  code?: RefusalCode | "stale" | "not_found";
  messageZh: string;
  messageEn: string;
}

export type NotificationListener = (n: Notification) => void | Promise<void>;

/** How a decision reads in a notification (never the internal action name). */
const DECISION_WORDS: Partial<Record<HistoryType, { zh: string; en: string }>> = {
  approve: { zh: "批准了", en: "approved" },
  reject: { zh: "驳回了", en: "rejected" },
  request_changes: { zh: "退回修改了", en: "requested changes to" },
  withdraw: { zh: "撤回了", en: "withdrew" },
  transfer: { zh: "转交了", en: "transferred" },
  resubmit: { zh: "重新提交了", en: "resubmitted" },
  submit: { zh: "提交了", en: "submitted" },
};

/** "U_FIN_REVIEWER 批准了「…」" / `U_FIN_REVIEWER approved "…"` (a transfer names its target). */
export function decisionMessage(actor: string, type: HistoryType, title: string, to?: string): { messageZh: string; messageEn: string } {
  const w = DECISION_WORDS[type] ?? { zh: `${type}了`, en: type.replace(/_/g, " ") };
  if (type === "transfer" && to)
    return { messageZh: `${actor} 将「${title}」转交给 ${to}`, messageEn: `${actor} transferred "${title}" to ${to}` };
  return { messageZh: `${actor} ${w.zh}「${title}」`, messageEn: `${actor} ${w.en} "${title}"` };
}

/** `「…」状态：审批中（第 2 步 分管领导审批）` / `"…" is now pending at step 2 (分管领导审批)`. */
export function stateChangeMessage(title: string, state: string, step: StepView | null, prefix?: { zh: string; en: string }): { messageZh: string; messageEn: string } {
  const w = stateWords(state, step);
  return {
    messageZh: `${prefix?.zh ?? ""}「${title}」状态：${w.zh}`,
    messageEn: `${prefix?.en ?? ""}"${title}" is now ${w.en}`,
  };
}
