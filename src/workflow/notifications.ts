/**
 * What the faces are told after a workflow change commits. The Slack face turns these into DMs and card updates;
 * the CLI ignores them. Recipients are user ids (never empty lists: a notification nobody should get is not sent).
 */
import type { HistoryType, RefusalCode } from "../../flows/approval.machine.js";

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
