/**
 * The durable approval workflow: load snapshot → send event to the pure machine → save with compare-and-set on
 * seq → append audit → (re)schedule reminder / escalation jobs, all in one transaction; then notify listeners.
 * Reminders and escalations are rows with absolute due times, fired by runDueJobs (claimed once, SKIP LOCKED on
 * PostgreSQL), never XState `after` timers.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import {
  FINAL_STATES,
  MACHINE_VERSION,
  SYSTEM_ACTOR,
  currentStep,
  draftSnapshot,
  migrateSnapshot,
  persist,
  refusalOf,
  restoreSnapshot,
  step as machineStep,
  type ApprovalEvent,
  type ApprovalSnapshot,
  type ApprovalState,
  type HistoryEntry,
  type PersistedApproval,
  type Refusal,
} from "../../flows/approval.machine.js";
import { routeSteps, type Routing } from "../../flows/routing.js";
import { appendAudit } from "../audit/chain.js";
import { checkpointAudit, type CheckpointOutcome } from "../audit/checkpoint-writer.js";
import type { AuditTrust } from "../audit/trust.js";
import { exportAudit, type AuditFormat } from "../audit/export.js";
import { verifyAudit, type VerifyResult } from "../audit/verify.js";
import type { Checklist, Proposal } from "../prereview/schema.js";
import type { Database, Transaction } from "../store/database.js";
import { repository, type ProposalRow } from "../store/repository.js";
import { decisionMessage, stateChangeMessage, type Notification, type NotificationListener, type StepView } from "./notifications.js";
import { validateProposal } from "./proposal-errors.js";
import { UnreadableProposalError } from "./unreadable.js";
import { refusalMessage, type RefusalCodeOrStore } from "./refusals.js";

export type Prereview = (p: Proposal) => Promise<Checklist>;
export type DecisionAction = "approve" | "reject" | "request_changes" | "withdraw" | "transfer";
export const DECISION_ACTIONS: readonly DecisionAction[] = ["approve", "reject", "request_changes", "withdraw", "transfer"];

export interface DecideOptions {
  reason?: string;
  /** transfer: the user who takes over the step. */
  to?: string;
  /** The seq the caller saw (an approval card): a different current seq refuses with "stale" or "already_decided". */
  expectedSeq?: number;
}

export type DecisionResult =
  | { ok: true; id: string; state: ApprovalState; seq: number; step: StepView | null }
  | {
      ok: false;
      id: string;
      code: RefusalCodeOrStore;
      messageZh: string;
      messageEn: string;
      state?: ApprovalState;
      seq?: number;
      decidedBy?: string;
      decidedAt?: string;
    };

export interface SubmitResult {
  id: string;
  state: ApprovalState;
  seq: number;
  checklist: Checklist;
}

export interface ProposalView {
  id: string;
  state: ApprovalState;
  seq: number;
  submitter: string;
  title: string;
  round: number;
  step: StepView | null;
  steps: { name: string; mode: "any" | "all"; approvers: string[] }[];
  escalatedTo: string[];
  cc: string[];
  history: { type: string; actor: string; at: string; reason: string | null; step: number | null; to?: string[] }[];
  proposal: Proposal;
  checklist: Checklist;
  createdAt: string;
  updatedAt: string;
}

export interface ProposalSummary {
  /** Set when the stored proposal cannot be read (corrupt snapshot): listed, never acted on. */
  unreadable?: { messageZh: string; messageEn: string };
  id: string;
  title: string;
  state: ApprovalState;
  submitter: string;
  amountYuan: number;
  step: StepView | null;
  seq: number;
  updatedAt: string;
}

export interface ListFilter {
  state?: string;
  submitter?: string;
  /** Proposals waiting for this user's decision (pending, user is an approver of the current step, not yet decided). */
  approver?: string;
  limit?: number;
}

export interface JobRunReport {
  /** Each reminder / escalation fired: which proposal (and its title), which step (0-based index and name). */
  fired: { jobId: number; proposalId: string; kind: "reminder" | "escalation"; title: string; step: { index: number; name: string } }[];
  obsolete: number;
  /** Due jobs left open because their proposal cannot be read; they fire once it is repaired. */
  skipped: { jobId: number; proposalId: string; messageZh: string; messageEn: string }[];
}

export interface SubmitOptions {
  /**
   * Idempotency key (CLI --key, the Slack draft id): a submit repeated with the same key by the same submitter
   * returns the first proposal instead of creating another.
   */
  key?: string;
}

export interface WorkflowService {
  readonly db: Database;
  readonly routing: Routing;
  submit(proposal: unknown, actor: string, opts?: SubmitOptions): Promise<SubmitResult>;
  resubmit(id: string, proposal: unknown, actor: string): Promise<DecisionResult & { checklist?: Checklist }>;
  decide(id: string, action: DecisionAction | string, actor: string, opts?: DecideOptions): Promise<DecisionResult>;
  remind(id: string, actor: string): Promise<DecisionResult>;
  cc(id: string, actor: string, users: string[]): Promise<DecisionResult>;
  list(filter?: ListFilter): Promise<ProposalSummary[]>;
  show(id: string): Promise<ProposalView | null>;
  runDueJobs(now?: Date): Promise<JobRunReport>;
  /**
   * Delivers notifications whose delivery was interrupted (a crash after commit) or that were queued by a process
   * without listeners (e.g. the CLI); runs on every scheduler tick. Returns how many were handed to listeners.
   */
  deliverPendingNotifications(now?: Date): Promise<number>;
  startScheduler(intervalMs: number): () => void;
  onNotify(listener: NotificationListener): () => void;
  verifyAudit(): Promise<VerifyResult>;
  /** Signs the audit head into the checkpoint file when it moved (also done every scheduler tick and on close). */
  checkpointAudit(): Promise<CheckpointOutcome>;
  exportAudit(format: AuditFormat, opts?: { proposalId?: string }): Promise<string>;
  close(): Promise<void>;
}

export interface WorkflowOptions {
  db: Database;
  routing: Routing;
  prereview: Prereview;
  /** The audit key and checkpoint file (openAuditTrust). */
  audit: AuditTrust;
  /** Clock for event times and due times (tests move it). */
  now?: () => Date;
  /** Identifies this process in jobs.claimed_by. */
  workerId?: string;
  /** Close the database on close() (true when the service opened it). */
  ownsDb?: boolean;
  onError?: (e: unknown) => void;
}

class StaleWrite extends Error {}
const MINUTE = 60_000;
/** A claimed notification not marked delivered after this long is delivered again by any replica. */
const NOTIFY_LEASE_MS = 60_000;
/** Queued notifications older than this are not delivered any more (a week-old DM would only confuse). */
const NOTIFY_MAX_AGE_MS = 24 * 60 * MINUTE;

function newId(): string {
  const d = new Date();
  const ymd = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}${String(d.getUTCDate()).padStart(2, "0")}`;
  return `GP-${ymd}-${randomBytes(3).toString("hex").toUpperCase()}`;
}

function stepView(s: ApprovalSnapshot): StepView | null {
  const state = s.value as ApprovalState;
  if (state === "draft" || state === "blocked") return null;
  const step = currentStep(s.context);
  if (!step) return null;
  return {
    index: s.context.stepIndex,
    name: step.name,
    mode: step.mode,
    approvers: [...step.approvers, ...s.context.escalatedTo.filter((u) => !step.approvers.includes(u))],
    decided: [...s.context.decided],
  };
}

/**
 * When the current step may be reminded again: `intervalMinutes` after its last 催办 (by the submitter or the
 * scheduler) since the step was entered; null when it was not reminded yet.
 */
function nextRemindAt(s: ApprovalSnapshot, intervalMinutes: number): number | null {
  const h = s.context.history;
  let entered = -1;
  for (let i = h.length - 1; i >= 0; i--)
    if (["submit", "resubmit", "step_completed"].includes(h[i]!.type)) {
      entered = i;
      break;
    }
  const last = h.slice(entered + 1).filter((e) => e.type === "remind").pop();
  return last ? Date.parse(last.at) + intervalMinutes * MINUTE : null;
}

const ACTION_EVENT: Record<DecisionAction, ApprovalEvent["type"]> = {
  approve: "APPROVE",
  reject: "REJECT",
  request_changes: "REQUEST_CHANGES",
  withdraw: "WITHDRAW",
  transfer: "TRANSFER",
};

export function createWorkflowService(opts: WorkflowOptions): WorkflowService {
  const { db, routing, prereview } = opts;
  const key = opts.audit.key;
  const now = opts.now ?? (() => new Date());
  const workerId = opts.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(2).toString("hex")}`;
  const listeners = new Set<NotificationListener>();
  const timers = new Set<NodeJS.Timeout>();
  /** Scheduler ticks in flight: close() waits for them before closing the database. */
  const ticks = new Set<Promise<void>>();
  const onError = opts.onError ?? ((e: unknown) => console.error(`[workflow] ${e instanceof Error ? e.message : String(e)}`));

  function load(row: ProposalRow): ApprovalSnapshot {
    if (row.unreadable) throw new UnreadableProposalError(row.id, row.unreadable);
    const persisted =
      row.machineVersion === MACHINE_VERSION
        ? (row.snapshot as PersistedApproval)
        : migrateSnapshot(row.snapshot, row.machineVersion);
    const ctx = (persisted as Partial<PersistedApproval> | null)?.context;
    if (!ctx || typeof persisted.value !== "string" || !Array.isArray(ctx.steps) || !Array.isArray(ctx.history))
      throw new UnreadableProposalError(row.id, ["snapshot"]);
    return restoreSnapshot(persisted);
  }
  /** Unreadable proposals already logged by this process (the scheduler meets them every tick). */
  const reportedUnreadable = new Set<string>();
  function reportUnreadable(e: UnreadableProposalError): void {
    if (reportedUnreadable.has(e.proposalId)) return;
    reportedUnreadable.add(e.proposalId);
    onError(e);
  }

  /** Puts the notifications of a change into the outbox, inside the change's transaction. */
  async function enqueue(tx: Transaction, ns: Notification[]): Promise<Notification[]> {
    const real = ns.filter((n) => n.recipients.length > 0);
    const ids = await repository.enqueueNotifications(
      tx,
      real.map((n) => ({ proposalId: n.proposalId, payload: n })),
      listeners.size > 0 ? workerId : null,
      Date.now(),
    );
    real.forEach((n, i) => (n.id = ids[i]));
    return real;
  }

  /** After commit: hands notifications to the listeners, then marks them delivered. Without listeners they stay queued. */
  async function emit(ns: Notification[]): Promise<void> {
    if (listeners.size === 0 || ns.length === 0) return;
    for (const n of ns) {
      for (const l of listeners) {
        try {
          await l(n);
        } catch (e) {
          onError(e);
        }
      }
    }
    await repository.markNotificationsDelivered(db, ns.map((n) => n.id!).filter((id) => id !== undefined), Date.now()).catch(onError);
  }

  /** Schedules the reminder + escalation of a freshly entered step; closes jobs of earlier step instances. */
  async function scheduleFor(tx: Transaction, id: string, prev: ApprovalSnapshot | null, next: ApprovalSnapshot, at: number) {
    const entered = next.value === "pending" && (!prev || prev.value !== "pending" || prev.context.stepEntry !== next.context.stepEntry);
    const left = prev?.value === "pending" && (next.value !== "pending" || prev.context.stepEntry !== next.context.stepEntry);
    if (left || entered) await repository.cancelJobs(tx, id, next.value === "pending" ? next.context.stepEntry : 2_000_000_000, at);
    if (entered) {
      const stepNo = next.context.stepEntry;
      await repository.scheduleJob(tx, { proposalId: id, step: stepNo, kind: "reminder", dueAt: at + routing.reminderAfterMinutes * MINUTE });
      await repository.scheduleJob(tx, { proposalId: id, step: stepNo, kind: "escalation", dueAt: at + routing.escalateAfterMinutes * MINUTE });
    }
  }

  /** Notifications implied by one applied event. */
  function notificationsFor(title: string, seq: number, prev: ApprovalSnapshot | null, next: ApprovalSnapshot, event: ApprovalEvent): Notification[] {
    const c = next.context;
    const state = next.value as ApprovalState;
    const sv = stepView(next);
    const last = c.history[c.history.length - 1];
    const base = { proposalId: c.proposalId, title, state, seq, actor: event.actor, at: event.at, submitter: c.submitter, step: sv };
    const out: Notification[] = [];
    const waiting = sv ? sv.approvers.filter((a) => !sv.decided.includes(a)) : [];
    const enteredStep = state === "pending" && (!prev || prev.value !== "pending" || prev.context.stepEntry !== c.stepEntry);
    const stateChanged = !prev || prev.value !== state;
    // What caused the change: the actor's own entry (approve, not the step_completed that follows it).
    const cause = [...c.history].reverse().find((h) => h.actor === event.actor && h.type !== "step_completed") ?? last;

    if (event.type === "APPROVE" || event.type === "REJECT" || event.type === "REQUEST_CHANGES" || event.type === "TRANSFER" || event.type === "WITHDRAW") {
      const decidedEntry = cause;
      const prevStep = prev ? stepView(prev) : null;
      out.push({
        ...base,
        kind: "decided",
        action: decidedEntry.type,
        reason: decidedEntry.reason,
        step: prevStep ?? sv,
        // The submitter hears every decision; the step's other approvers learn their card is settled. The actor
        // is told by the answer to their own action (a withdrawing submitter included): no notice about it.
        recipients: [...new Set([c.submitter, ...(prevStep?.approvers ?? [])])].filter((u) => u !== event.actor),
        ...decisionMessage(event.actor, decidedEntry.type, title, decidedEntry.to?.[0]),
      });
    }
    if (stateChanged && prev) {
      out.push({
        ...base,
        kind: "state_changed",
        action: cause.type,
        reason: cause.reason,
        recipients: event.type === "WITHDRAW" ? [] : [c.submitter],
        ...stateChangeMessage(title, state, sv),
      });
    }
    if (stateChanged && (FINAL_STATES as string[]).includes(state) && c.cc.length) {
      out.push({
        ...base,
        kind: "cc",
        action: cause.type,
        reason: cause.reason,
        recipients: c.cc.filter((u) => u !== event.actor),
        ...stateChangeMessage(title, state, sv, { zh: "抄送：", en: "cc: " }),
      });
    }
    if (enteredStep && sv) {
      out.push({
        ...base,
        kind: "step_pending",
        recipients: waiting,
        messageZh: `「${title}」待您审批（${sv.name}，${sv.mode === "all" ? "会签" : "或签"}）`,
        messageEn: `"${title}" awaits your decision (${sv.name}, ${sv.mode === "all" ? "all must approve" : "any one approves"})`,
      });
    } else if (event.type === "TRANSFER" && event.to) {
      out.push({ ...base, kind: "step_pending", recipients: [event.to], messageZh: `${event.actor} 将「${title}」转交给您审批`, messageEn: `${event.actor} transferred "${title}" to you` });
    }
    if (event.type === "REMIND")
      out.push({ ...base, kind: "reminder", recipients: waiting, messageZh: `催办：「${title}」仍在等待您审批`, messageEn: `Reminder: "${title}" still awaits your decision` });
    if (event.type === "ESCALATE")
      out.push({ ...base, kind: "escalation", recipients: c.escalatedTo, messageZh: `升级：「${title}」审批超时，现可由您决定`, messageEn: `Escalation: "${title}" is overdue; you may now decide it` });
    if (event.type === "CC")
      out.push({ ...base, kind: "cc", recipients: last.to ?? [], messageZh: `${event.actor} 抄送您：「${title}」`, messageEn: `${event.actor} copied you on "${title}"` });
    return out;
  }

  type Attempt =
    | { kind: "applied"; result: DecisionResult; notes: Notification[] }
    | { kind: "refused"; result: DecisionResult; notes: Notification[] };

  /**
   * The one transaction behind every change to an existing proposal. `build` turns the loaded row into an event
   * (or a refusal code before the machine is asked, e.g. not_found). CAS failure retries with a fresh load.
   */
  async function transact(
    id: string,
    actor: string,
    action: string,
    build: (row: ProposalRow, snap: ApprovalSnapshot) => ApprovalEvent | { refusal: Refusal },
    extra: { expectedSeq?: number; patch?: (row: ProposalRow) => { proposal?: unknown; checklist?: unknown; title?: string; amountYuan?: number }; auditPayload?: Record<string, unknown> } = {},
  ): Promise<DecisionResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        const out = await db.transaction<Attempt>(async (tx) => {
          const at = now();
          const row = await repository.loadProposal(tx, id);
          const refuse = async (code: RefusalCodeOrStore, snap: ApprovalSnapshot | null, refusal?: Refusal, to?: string): Promise<Attempt> => {
            const state = snap ? (snap.value as ApprovalState) : undefined;
            const msg = refusalMessage(code, { id, state, stepName: snap ? currentStep(snap.context)?.name : undefined, refusal, to, actor, stepIndex: snap?.context.stepIndex, history: snap?.context.history });
            await appendAudit(tx, key, {
              at: at.toISOString(),
              actor: actor || "(none)",
              kind: "refused",
              proposalId: row ? id : null,
              payload: { action, code, detail: refusal?.detail ?? null, requestedId: id, seq: row?.seq ?? null, ...(extra.auditPayload ?? {}) },
            });
            const result: DecisionResult = { ok: false, id, code, ...msg, state, seq: row?.seq, decidedBy: refusal?.decidedBy, decidedAt: refusal?.decidedAt };
            const notes: Notification[] =
              snap && actor
                ? [{ kind: "refused", proposalId: id, title: row!.title, state: state!, seq: row!.seq, recipients: [actor], actor, at: at.toISOString(), submitter: row!.submitter, step: stepView(snap), code, ...msg }]
                : [];
            return { kind: "refused", result, notes: await enqueue(tx, notes) };
          };
          if (!row) return refuse("not_found", null);
          const snap = load(row);
          const event = build(row, snap);
          if ("refusal" in event) return refuse(event.refusal.code, snap, event.refusal);
          const r = machineStep(snap, event);
          if (!r.ok) return refuse(r.refusal.code, snap, r.refusal, "to" in event ? event.to : undefined);
          if (extra.expectedSeq !== undefined && extra.expectedSeq !== row.seq) return refuse("stale", snap);
          const next = r.snapshot;
          const state = next.value as ApprovalState;
          const patch = extra.patch?.(row) ?? {};
          const saved = await repository.saveProposal(tx, id, row.seq, { state, snapshot: persist(next), machineVersion: MACHINE_VERSION, ...patch }, at.getTime());
          if (!saved) throw new StaleWrite();
          const seq = row.seq + 1;
          await appendAudit(tx, key, {
            at: event.at,
            actor: event.actor,
            kind: action,
            proposalId: id,
            payload: { event, from: snap.value, to: state, step: next.context.stepIndex, seq, ...(extra.auditPayload ?? {}) },
          });
          await scheduleFor(tx, id, snap, next, at.getTime());
          return {
            kind: "applied",
            result: { ok: true, id, state, seq, step: stepView(next) },
            notes: await enqueue(tx, notificationsFor(patch.title ?? row.title, seq, snap, next, event)),
          };
        });
        await emit(out.notes);
        return out.result;
      } catch (e) {
        const retriable = e instanceof StaleWrite || ["40001", "40P01"].includes((e as { code?: string }).code ?? "");
        if (retriable && attempt < 5) continue;
        if (retriable) {
          const msg = refusalMessage("stale", { id });
          return { ok: false, id, code: "stale", ...msg };
        }
        throw e;
      }
    }
  }

  const service: WorkflowService = {
    db,
    routing,

    async submit(input, actor, o = {}) {
      if (!actor?.trim()) throw new Error("提交需要提交人（--as） / submit needs an actor (--as)");
      const idemKey = o.key?.trim() || null;
      const first = async (): Promise<SubmitResult | null> => {
        const row = idemKey ? await repository.findByIdempotencyKey(db, actor, idemKey) : null;
        return row ? { id: row.id, state: row.state as ApprovalState, seq: row.seq, checklist: row.checklist as Checklist } : null;
      };
      const earlier = await first();
      if (earlier) return earlier;
      const proposal = validateProposal(input);
      const checklist = await prereview(proposal);
      const steps = routeSteps(routing, proposal.budget.amountYuan, actor);
      const id = newId();
      const at = now();
      const draft = draftSnapshot({ proposalId: id, submitter: actor, cc: routing.cc.filter((u) => u !== actor) });
      const event: ApprovalEvent = { type: "SUBMIT", actor, at: at.toISOString(), outcome: checklist.outcome, steps };
      const r = machineStep(draft, event);
      if (!r.ok) throw new Error(`提交失败 / submit refused: ${r.refusal.code}`);
      const next = r.snapshot;
      const state = next.value as ApprovalState;
      const notes = notificationsFor(proposal.title, 1, null, next, event);
      if (state === "blocked")
        notes.push({
          kind: "state_changed", proposalId: id, title: proposal.title, state, seq: 1, recipients: [actor], actor, at: event.at,
          submitter: actor, step: null, action: "blocked", messageZh: `「${proposal.title}」预审未通过，未进入审批`, messageEn: `"${proposal.title}" is blocked by the pre-check and did not enter approval`,
        });
      let queued: Notification[] | SubmitResult;
      try {
        queued = await db.transaction(async (tx): Promise<Notification[] | SubmitResult> => {
          if (idemKey) {
            // Same key submitted meanwhile (SQLite serialises transactions; PostgreSQL's unique index catches the rest).
            const row = await repository.findByIdempotencyKey(tx, actor, idemKey);
            if (row) return { id: row.id, state: row.state as ApprovalState, seq: row.seq, checklist: row.checklist as Checklist };
          }
          await repository.insertProposal(tx, {
            id, submitter: actor, title: proposal.title, amountYuan: proposal.budget.amountYuan, proposal, checklist,
            state, snapshot: persist(next), machineVersion: MACHINE_VERSION, createdAt: at.getTime(), idempotencyKey: idemKey,
          });
          await appendAudit(tx, key, {
            at: event.at, actor, kind: "submit", proposalId: id,
            payload: { title: proposal.title, amountYuan: proposal.budget.amountYuan, outcome: checklist.outcome, state, steps, seq: 1, ...(idemKey ? { idempotencyKey: idemKey } : {}) },
          });
          await scheduleFor(tx, id, null, next, at.getTime());
          return enqueue(tx, notes);
        });
      } catch (e) {
        const again = idemKey && ["23505", "SQLITE_CONSTRAINT_UNIQUE"].includes((e as { code?: string }).code ?? "") ? await first() : null;
        if (again) return again;
        throw e;
      }
      if (!Array.isArray(queued)) return queued;
      await emit(queued);
      return { id, state, seq: 1, checklist };
    },

    async resubmit(id, input, actor) {
      const proposal = validateProposal(input);
      const checklist = await prereview(proposal);
      const steps = routeSteps(routing, proposal.budget.amountYuan, actor);
      const r = await transact(
        id,
        actor,
        "resubmit",
        () => ({ type: "RESUBMIT", actor, at: now().toISOString(), outcome: checklist.outcome, steps }),
        { patch: () => ({ proposal, checklist, title: proposal.title, amountYuan: proposal.budget.amountYuan }), auditPayload: { outcome: checklist.outcome } },
      );
      return r.ok ? { ...r, checklist } : r;
    },

    async decide(id, action, actor, o = {}) {
      if (!(DECISION_ACTIONS as readonly string[]).includes(action))
        return transact(id, actor, String(action), () => ({ refusal: { code: "invalid", detail: "unknown_action" } }));
      const type = ACTION_EVENT[action as DecisionAction];
      return transact(
        id,
        actor,
        action,
        () => ({ type, actor, at: now().toISOString(), reason: o.reason, to: o.to }) as ApprovalEvent,
        { expectedSeq: o.expectedSeq },
      );
    },

    remind(id, actor) {
      return transact(id, actor, "remind", (_row, snap) => {
        const at = now();
        const next = nextRemindAt(snap, routing.remindIntervalMinutes);
        if (next && next > at.getTime() && refusalOf(snap, { type: "REMIND", actor, at: at.toISOString() }) === null)
          return { refusal: { code: "too_soon", detail: new Date(next).toISOString() } };
        return { type: "REMIND", actor, at: at.toISOString() };
      });
    },

    cc(id, actor, users) {
      return transact(id, actor, "cc", () => ({ type: "CC", actor, at: now().toISOString(), users }));
    },

    async list(f = {}) {
      const rows = await repository.listProposals(db, { state: f.approver ? "pending" : f.state, submitter: f.submitter, limit: f.approver ? 1000 : f.limit });
      const out: ProposalSummary[] = [];
      for (const row of rows) {
        let sv: StepView | null = null;
        let unreadable: ProposalSummary["unreadable"];
        try {
          sv = stepView(load(row));
        } catch (e) {
          if (e instanceof UnreadableProposalError) {
            reportUnreadable(e);
            const [zh, en] = e.message.split(" / ");
            unreadable = { messageZh: zh, messageEn: en };
            if (f.approver) continue; // nobody can decide it until it is repaired
          } else onError(e); // listed with its stored state; show(id) reports the version problem
        }
        if (f.approver && !(sv && sv.approvers.includes(f.approver) && !sv.decided.includes(f.approver))) continue;
        out.push({ ...(unreadable ? { unreadable } : {}), id: row.id, title: row.title, state: row.state as ApprovalState, submitter: row.submitter, amountYuan: row.amountYuan, step: sv, seq: row.seq, updatedAt: new Date(row.updatedAt).toISOString() });
      }
      return f.limit ? out.slice(0, f.limit) : out;
    },

    async show(id) {
      const row = await repository.loadProposal(db, id);
      if (!row) return null;
      const snap = load(row);
      const c = snap.context;
      return {
        id: row.id,
        state: snap.value as ApprovalState,
        seq: row.seq,
        submitter: row.submitter,
        title: row.title,
        round: c.round,
        step: stepView(snap),
        steps: c.steps.map((s) => ({ name: s.name, mode: s.mode, approvers: [...s.approvers] })),
        escalatedTo: [...c.escalatedTo],
        cc: [...c.cc],
        history: c.history.map((h) => ({ type: h.type, actor: h.actor, at: h.at, reason: h.reason, step: h.step, ...(h.to ? { to: h.to } : {}) })),
        proposal: row.proposal as Proposal,
        checklist: row.checklist as Checklist,
        createdAt: new Date(row.createdAt).toISOString(),
        updatedAt: new Date(row.updatedAt).toISOString(),
      };
    },

    async runDueJobs(at = now()) {
      const report: JobRunReport = { fired: [], obsolete: 0, skipped: [] };
      const skip: number[] = [];
      let retries = 0;
      for (;;) {
        const out = await db.transaction(async (tx) => {
          const job = await repository.claimDueJob(tx, at.getTime(), workerId, skip);
          if (!job) return null;
          const row = await repository.loadProposal(tx, job.proposalId);
          let snap: ApprovalSnapshot | null = null;
          try {
            snap = row ? load(row) : null;
          } catch (e) {
            if (e instanceof UnreadableProposalError) {
              // Left open (it fires once the row is repaired); the rest of the due jobs go on.
              reportUnreadable(e);
              const [messageZh, messageEn] = e.message.split(" / ");
              return { job, fired: false, skipped: { jobId: job.id, proposalId: job.proposalId, messageZh, messageEn }, notes: [] as Notification[] };
            }
            // A snapshot this version cannot read must not block every job behind it: close the job loudly.
            onError(e);
            await repository.finishJob(tx, job.id, `failed:${(e as Error).name}`, Date.now());
            return { job, fired: false, notes: [] as Notification[] };
          }
          if (!row || !snap || snap.value !== "pending" || snap.context.stepEntry !== job.step) {
            await repository.finishJob(tx, job.id, "obsolete", Date.now());
            return { job, fired: false, notes: [] as Notification[] };
          }
          const event: ApprovalEvent =
            job.kind === "reminder"
              ? { type: "REMIND", actor: SYSTEM_ACTOR, at: at.toISOString() }
              : { type: "ESCALATE", actor: SYSTEM_ACTOR, at: at.toISOString(), users: routing.escalateTo };
          const r = machineStep(snap, event);
          if (!r.ok) {
            await repository.finishJob(tx, job.id, `refused:${r.refusal.code}`, Date.now());
            return { job, fired: false, notes: [] as Notification[] };
          }
          const next = r.snapshot;
          const saved = await repository.saveProposal(tx, row.id, row.seq, { state: next.value as string, snapshot: persist(next), machineVersion: MACHINE_VERSION }, Date.now());
          if (!saved) throw new StaleWrite();
          await appendAudit(tx, key, {
            at: event.at,
            actor: SYSTEM_ACTOR,
            kind: job.kind,
            proposalId: row.id,
            payload: { jobId: job.id, step: next.context.stepIndex, stepEntry: job.step, dueAt: new Date(job.dueAt).toISOString(), worker: workerId, seq: row.seq + 1 },
          });
          await repository.finishJob(tx, job.id, "fired", Date.now());
          const step = { index: next.context.stepIndex, name: currentStep(next.context)?.name ?? "" };
          return { job, fired: true, title: row.title, step, notes: await enqueue(tx, notificationsFor(row.title, row.seq + 1, snap, next, event)) };
        }).catch((e: unknown) => {
          if (e instanceof StaleWrite || ["40001", "40P01"].includes((e as { code?: string }).code ?? "")) {
            if (++retries <= 20) return "retry" as const;
          }
          throw e;
        });
        if (out === null) break;
        if (out === "retry") continue;
        if ("skipped" in out && out.skipped) {
          skip.push(out.job.id);
          report.skipped.push(out.skipped);
          continue;
        }
        if (out.fired && out.step && out.title !== undefined) report.fired.push({ jobId: out.job.id, proposalId: out.job.proposalId, kind: out.job.kind, title: out.title, step: out.step });
        else report.obsolete++;
        await emit(out.notes);
      }
      return report;
    },

    async deliverPendingNotifications(at = new Date()) {
      if (listeners.size === 0) return 0;
      let delivered = 0;
      for (;;) {
        const batch = await db.transaction((tx) =>
          repository.claimNotifications(tx, { now: at.getTime(), leaseMs: NOTIFY_LEASE_MS, maxAgeMs: NOTIFY_MAX_AGE_MS, worker: workerId, limit: 100 }),
        );
        if (batch.length === 0) return delivered;
        await emit(batch.map((b) => ({ ...(b.payload as Notification), id: b.id })));
        delivered += batch.length;
      }
    },

    startScheduler(intervalMs) {
      let running: Promise<void> | null = null;
      const timer = setInterval(() => {
        if (running) return;
        running = service
          .runDueJobs()
          .then(() => service.deliverPendingNotifications())
          .then(() => service.checkpointAudit())
          .then((c) => {
            if ("problemZh" in c) onError(new Error(`${c.problemZh} / ${c.problemEn}`));
          })
          .then(() => undefined, onError)
          .finally(() => {
            ticks.delete(running!);
            running = null;
          });
        ticks.add(running);
      }, intervalMs);
      timer.unref();
      timers.add(timer);
      return () => {
        clearInterval(timer);
        timers.delete(timer);
      };
    },

    onNotify(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    verifyAudit: () => verifyAudit(db, opts.audit),

    checkpointAudit: () => checkpointAudit(db, opts.audit, now()),

    async exportAudit(format, o = {}) {
      return exportAudit(await repository.readAudit(db, o), format);
    },

    async close() {
      for (const t of timers) clearInterval(t);
      timers.clear();
      await Promise.allSettled([...ticks]);
      listeners.clear();
      await service
        .checkpointAudit()
        .then((c) => {
          if ("problemZh" in c) onError(new Error(`${c.problemZh} / ${c.problemEn}`));
        })
        .catch(onError);
      if (opts.ownsDb !== false) await db.close();
    },
  };
  return service;
}

