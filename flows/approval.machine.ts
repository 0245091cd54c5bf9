/**
 * The approval workflow of a purchase-of-services proposal, as a pure XState v5 machine (no I/O, no timers:
 * time arrives in every event's `at`, reminders and escalations are fired by the durable scheduler as events).
 *
 *   draft ─SUBMIT─▶ prechecked ─┬─(pre-check blocked)─▶ blocked ─RESUBMIT─▶ prechecked
 *                               └─▶ pending (step k) ─APPROVE(step complete, last)─▶ approved
 *                                      │  APPROVE(step complete) → step k+1 · APPROVE (会签, not complete) → stays
 *                                      ├─REJECT(reason)──────────▶ rejected
 *                                      ├─REQUEST_CHANGES(reason)─▶ changes_requested ─RESUBMIT─▶ prechecked (chain restarts)
 *                                      ├─WITHDRAW(submitter)─────▶ withdrawn
 *                                      └─TRANSFER · REMIND (催办) · CC (抄送) · ESCALATE (scheduler) → stays
 *
 * Hard guards: every event has an actor; only the current step's approvers (or, after escalation, the escalation
 * users) may decide; the submitter never approves their own proposal, and a step cannot be transferred to them;
 * reject and request-changes need a reason; an approver decides a step once.
 */
import { and, assign, initialTransition, setup, transition, type SnapshotFrom } from "xstate";
import type { Outcome } from "../src/prereview/schema.js";
import type { RoutedStep } from "./routing.js";

/** Bump when context or states change shape; add a migration below for the previous version. */
export const MACHINE_VERSION = 2;

/** The actor id the scheduler uses for reminders and escalations. */
export const SYSTEM_ACTOR = "system:scheduler";

export type HistoryType =
  | "submit"
  | "blocked"
  | "resubmit"
  | "approve"
  | "step_completed"
  | "reject"
  | "request_changes"
  | "withdraw"
  | "transfer"
  | "remind"
  | "cc"
  | "escalate";

export interface HistoryEntry {
  type: HistoryType;
  actor: string;
  at: string;
  reason: string | null;
  step: number | null;
  to?: string[];
}

export interface ApprovalContext {
  proposalId: string;
  submitter: string;
  /** 1 on the first submission, +1 on every resubmission. */
  round: number;
  outcome: Outcome | null;
  steps: RoutedStep[];
  stepIndex: number;
  /** Increments every time a step is entered: scheduled jobs name the step instance they belong to. */
  stepEntry: number;
  /** Approvers who approved the current step. */
  decided: string[];
  /** Users who may decide the current step after escalation. */
  escalatedTo: string[];
  /** 抄送: told about the outcome. */
  cc: string[];
  lastDecision: { type: HistoryType; actor: string; at: string; step: number } | null;
  history: HistoryEntry[];
}

interface Base {
  actor: string;
  at: string;
}
export type ApprovalEvent =
  | (Base & { type: "SUBMIT"; outcome: Outcome; steps: RoutedStep[] })
  | (Base & { type: "RESUBMIT"; outcome: Outcome; steps: RoutedStep[] })
  | (Base & { type: "APPROVE"; reason?: string })
  | (Base & { type: "REJECT"; reason?: string })
  | (Base & { type: "REQUEST_CHANGES"; reason?: string })
  | (Base & { type: "WITHDRAW"; reason?: string })
  | (Base & { type: "TRANSFER"; to?: string; reason?: string })
  | (Base & { type: "REMIND" })
  | (Base & { type: "CC"; users: string[] })
  | (Base & { type: "ESCALATE"; users: string[] });

export interface ApprovalInput {
  proposalId: string;
  submitter: string;
  cc?: string[];
}

// ── predicates (used by the guards and by refusalOf, so the refusal reasons always match the machine) ──
const hasText = (s: string | undefined | null): s is string => typeof s === "string" && s.trim().length > 0;
export const isSystem = (actor: string) => actor.startsWith("system:");
export const currentStep = (c: ApprovalContext): RoutedStep | undefined => c.steps[c.stepIndex];
export const isStepApprover = (c: ApprovalContext, actor: string) =>
  (currentStep(c)?.approvers.includes(actor) ?? false) || c.escalatedTo.includes(actor);
export const isSubmitter = (c: ApprovalContext, actor: string) => c.submitter === actor;
const hasDecided = (c: ApprovalContext, actor: string) => c.decided.includes(actor);

/** Whether this approval completes the current step (或签, 会签 with everyone, or an escalation user deciding). */
export function completesStep(c: ApprovalContext, actor: string): boolean {
  const step = currentStep(c);
  if (!step) return false;
  if (step.mode === "any") return true;
  if (c.escalatedTo.includes(actor) && !step.approvers.includes(actor)) return true;
  const done = new Set([...c.decided, actor]);
  return step.approvers.every((a) => done.has(a));
}

const entry = (e: ApprovalEvent, type: HistoryType, step: number | null, extra: Partial<HistoryEntry> = {}): HistoryEntry => ({
  type,
  actor: e.actor,
  at: e.at,
  reason: "reason" in e && hasText(e.reason) ? e.reason.trim() : null,
  step,
  ...extra,
});

export const approvalMachine = setup({
  types: {
    context: {} as ApprovalContext,
    events: {} as ApprovalEvent,
    input: {} as ApprovalInput,
  },
  guards: {
    hasActor: ({ event }) => hasText(event.actor),
    isSubmitter: ({ context, event }) => isSubmitter(context, event.actor),
    isNotSubmitter: ({ context, event }) => !isSubmitter(context, event.actor),
    isStepApprover: ({ context, event }) => isStepApprover(context, event.actor),
    hasNotDecided: ({ context, event }) => !hasDecided(context, event.actor),
    hasReason: ({ event }) => "reason" in event && hasText(event.reason),
    completesStep: ({ context, event }) => completesStep(context, event.actor),
    isLastStep: ({ context }) => context.stepIndex >= context.steps.length - 1,
    validTransferTarget: ({ context, event }) =>
      event.type === "TRANSFER" &&
      hasText(event.to) &&
      event.to !== context.submitter &&
      !(currentStep(context)?.approvers.includes(event.to) ?? false),
    canRemind: ({ context, event }) => isSubmitter(context, event.actor) || isSystem(event.actor),
    canCc: ({ context, event }) =>
      (isSubmitter(context, event.actor) || isStepApprover(context, event.actor)) &&
      event.type === "CC" &&
      event.users.some(hasText),
    isScheduler: ({ event }) => isSystem(event.actor),
    precheckBlocked: ({ context }) => context.outcome === "blocked",
    hasSteps: ({ event }) => (event.type === "SUBMIT" || event.type === "RESUBMIT") && event.steps.length > 0,
  },
  actions: {
    startRound: assign(({ context, event }) => {
      if (event.type !== "SUBMIT" && event.type !== "RESUBMIT") return {};
      return {
        round: event.type === "SUBMIT" ? 1 : context.round + 1,
        outcome: event.outcome,
        steps: event.steps.map((s) => ({ ...s, approvers: [...s.approvers] })),
        stepIndex: 0,
        decided: [],
        escalatedTo: [],
        history: [...context.history, entry(event, event.type === "SUBMIT" ? "submit" : "resubmit", null)],
      };
    }),
    recordBlocked: assign(({ context, event }) => ({
      history: [...context.history, { ...entry(event, "blocked", null), actor: context.submitter }],
    })),
    enterStep: assign(({ context }) => ({ stepEntry: context.stepEntry + 1, decided: [], escalatedTo: [] })),
    recordApproval: assign(({ context, event }) => ({
      decided: [...context.decided, event.actor],
      history: [...context.history, entry(event, "approve", context.stepIndex)],
    })),
    completeStep: assign(({ context, event }) => ({
      lastDecision: { type: "approve" as const, actor: event.actor, at: event.at, step: context.stepIndex },
      history: [...context.history, entry(event, "step_completed", context.stepIndex)],
    })),
    nextStep: assign(({ context }) => ({ stepIndex: context.stepIndex + 1 })),
    recordFinal: assign(({ context, event }) => {
      const type: HistoryType =
        event.type === "REJECT" ? "reject" : event.type === "REQUEST_CHANGES" ? "request_changes" : "withdraw";
      return {
        lastDecision: { type, actor: event.actor, at: event.at, step: context.stepIndex },
        history: [...context.history, entry(event, type, context.stepIndex)],
      };
    }),
    transferStep: assign(({ context, event }) => {
      if (event.type !== "TRANSFER" || !event.to) return {};
      const to = event.to;
      const steps = context.steps.map((s, i) =>
        i === context.stepIndex
          ? { ...s, approvers: s.approvers.includes(event.actor) ? s.approvers.map((a) => (a === event.actor ? to : a)) : [...s.approvers, to] }
          : s,
      );
      return {
        steps,
        escalatedTo: context.escalatedTo.filter((a) => a !== event.actor),
        history: [...context.history, entry(event, "transfer", context.stepIndex, { to: [to] })],
      };
    }),
    recordRemind: assign(({ context, event }) => ({
      history: [...context.history, entry(event, "remind", context.stepIndex)],
    })),
    addCc: assign(({ context, event }) => {
      if (event.type !== "CC") return {};
      const users = event.users.filter(hasText).filter((u) => !context.cc.includes(u));
      return {
        cc: [...context.cc, ...users],
        history: [...context.history, entry(event, "cc", context.stepIndex, { to: users })],
      };
    }),
    escalate: assign(({ context, event }) => {
      if (event.type !== "ESCALATE") return {};
      const users = event.users.filter((u) => hasText(u) && u !== context.submitter && !context.escalatedTo.includes(u));
      return {
        escalatedTo: [...context.escalatedTo, ...users],
        history: [...context.history, entry(event, "escalate", context.stepIndex, { to: users })],
      };
    }),
  },
}).createMachine({
  id: "approval",
  context: ({ input }) => ({
    proposalId: input.proposalId,
    submitter: input.submitter,
    round: 0,
    outcome: null,
    steps: [],
    stepIndex: 0,
    stepEntry: 0,
    decided: [],
    escalatedTo: [],
    cc: [...(input.cc ?? [])],
    lastDecision: null,
    history: [],
  }),
  initial: "draft",
  states: {
    draft: {
      on: {
        SUBMIT: { guard: and(["hasActor", "isSubmitter", "hasSteps"]), target: "prechecked", actions: "startRound" },
      },
    },
    prechecked: {
      always: [
        { guard: "precheckBlocked", target: "blocked", actions: "recordBlocked" },
        { target: "pending", actions: "enterStep" },
      ],
    },
    blocked: {
      on: {
        RESUBMIT: { guard: and(["hasActor", "isSubmitter", "hasSteps"]), target: "prechecked", actions: "startRound" },
        WITHDRAW: { guard: and(["hasActor", "isSubmitter"]), target: "withdrawn", actions: "recordFinal" },
      },
    },
    pending: {
      on: {
        APPROVE: [
          {
            guard: and(["hasActor", "isNotSubmitter", "isStepApprover", "hasNotDecided", "completesStep", "isLastStep"]),
            target: "approved",
            actions: ["recordApproval", "completeStep"],
          },
          {
            guard: and(["hasActor", "isNotSubmitter", "isStepApprover", "hasNotDecided", "completesStep"]),
            target: "pending",
            reenter: true,
            actions: ["recordApproval", "completeStep", "nextStep", "enterStep"],
          },
          {
            guard: and(["hasActor", "isNotSubmitter", "isStepApprover", "hasNotDecided"]),
            actions: "recordApproval",
          },
        ],
        REJECT: {
          guard: and(["hasActor", "isNotSubmitter", "isStepApprover", "hasNotDecided", "hasReason"]),
          target: "rejected",
          actions: "recordFinal",
        },
        REQUEST_CHANGES: {
          guard: and(["hasActor", "isNotSubmitter", "isStepApprover", "hasNotDecided", "hasReason"]),
          target: "changes_requested",
          actions: "recordFinal",
        },
        WITHDRAW: { guard: and(["hasActor", "isSubmitter"]), target: "withdrawn", actions: "recordFinal" },
        TRANSFER: {
          guard: and(["hasActor", "isNotSubmitter", "isStepApprover", "hasNotDecided", "validTransferTarget"]),
          actions: "transferStep",
        },
        REMIND: { guard: and(["hasActor", "canRemind"]), actions: "recordRemind" },
        CC: { guard: and(["hasActor", "canCc"]), actions: "addCc" },
        ESCALATE: { guard: and(["hasActor", "isScheduler"]), actions: "escalate" },
      },
    },
    changes_requested: {
      on: {
        RESUBMIT: { guard: and(["hasActor", "isSubmitter", "hasSteps"]), target: "prechecked", actions: "startRound" },
        WITHDRAW: { guard: and(["hasActor", "isSubmitter"]), target: "withdrawn", actions: "recordFinal" },
      },
    },
    approved: { type: "final" },
    rejected: { type: "final" },
    withdrawn: { type: "final" },
  },
});

export type ApprovalSnapshot = SnapshotFrom<typeof approvalMachine>;
export type ApprovalState = "draft" | "blocked" | "pending" | "changes_requested" | "approved" | "rejected" | "withdrawn";
export const FINAL_STATES: readonly ApprovalState[] = ["approved", "rejected", "withdrawn"];

export type RefusalCode =
  | "not_approver"
  | "own_proposal"
  | "reason_required"
  | "already_decided"
  | "not_submitter"
  | "invalid"
  /** 催办 again before the routing's remindIntervalMinutes passed (the service checks it; detail = next time, ISO). */
  | "too_soon";

export interface Refusal {
  code: RefusalCode;
  /** Who decided first, when the refusal is "already decided". */
  decidedBy?: string;
  decidedAt?: string;
  detail?: string;
}

const DECISIONS = new Set(["APPROVE", "REJECT", "REQUEST_CHANGES", "TRANSFER"]);

/**
 * Why the machine would not accept this event in this state, or null when it would. Evaluates the same
 * predicates as the guards, in the order a user understands (own proposal before not-an-approver …).
 */
export function refusalOf(snapshot: ApprovalSnapshot, event: ApprovalEvent): Refusal | null {
  const c = snapshot.context;
  const state = snapshot.value as ApprovalState;
  const last = c.lastDecision ?? undefined;
  const decided = (): Refusal => ({ code: "already_decided", decidedBy: last?.actor, decidedAt: last?.at });
  if (!hasText(event.actor)) return { code: "invalid", detail: "actor_missing" };
  if (DECISIONS.has(event.type)) {
    if (state !== "pending") return FINAL_STATES.includes(state) || state === "changes_requested" ? decided() : { code: "invalid", detail: `state_${state}` };
    if (isSubmitter(c, event.actor)) return { code: "own_proposal" };
    if (!isStepApprover(c, event.actor)) {
      // Decided an earlier step of this round (e.g. a duplicate click after the step moved on)?
      const prevStep = c.stepIndex > 0 ? c.steps[c.stepIndex - 1] : undefined;
      if (prevStep?.approvers.includes(event.actor) || c.history.some((h) => h.actor === event.actor && h.type === "approve" && h.step !== null && h.step < c.stepIndex))
        return decided();
      return { code: "not_approver" };
    }
    if (hasDecided(c, event.actor)) {
      const mine = [...c.history].reverse().find((h) => h.actor === event.actor && h.type === "approve");
      return { code: "already_decided", decidedBy: event.actor, decidedAt: mine?.at };
    }
    if ((event.type === "REJECT" || event.type === "REQUEST_CHANGES") && !hasText(event.reason))
      return { code: "reason_required" };
    if (event.type === "TRANSFER") {
      if (!hasText(event.to)) return { code: "invalid", detail: "transfer_target_missing" };
      if (event.to === c.submitter) return { code: "own_proposal", detail: "transfer_to_submitter" };
      if (currentStep(c)?.approvers.includes(event.to)) return { code: "invalid", detail: "transfer_target_is_approver" };
    }
  } else if (event.type === "WITHDRAW") {
    if (FINAL_STATES.includes(state)) return decided();
    if (!isSubmitter(c, event.actor)) return { code: "not_submitter" };
  } else if (event.type === "RESUBMIT" || event.type === "SUBMIT") {
    if (!isSubmitter(c, event.actor)) return { code: "not_submitter" };
    if (event.type === "RESUBMIT" && state !== "blocked" && state !== "changes_requested")
      return FINAL_STATES.includes(state) ? decided() : { code: "invalid", detail: `state_${state}` };
    if (event.steps.length === 0) return { code: "invalid", detail: "no_steps" };
  } else if (event.type === "REMIND") {
    if (state !== "pending") return FINAL_STATES.includes(state) ? decided() : { code: "invalid", detail: `state_${state}` };
    if (!isSubmitter(c, event.actor) && !isSystem(event.actor)) return { code: "not_submitter" };
  } else if (event.type === "CC") {
    if (state !== "pending") return { code: "invalid", detail: `state_${state}` };
    if (!isSubmitter(c, event.actor) && !isStepApprover(c, event.actor)) return { code: "not_approver" };
    if (!event.users.some(hasText)) return { code: "invalid", detail: "cc_users_missing" };
  } else if (event.type === "ESCALATE") {
    if (state !== "pending") return { code: "invalid", detail: `state_${state}` };
    if (!isSystem(event.actor)) return { code: "invalid", detail: "escalate_by_scheduler_only" };
  }
  return snapshot.can(event) ? null : { code: "invalid" };
}

// ── persistence: snapshots carry MACHINE_VERSION; older versions are migrated explicitly or refused loudly ──

/** What is stored: the state value and the context (no child actors, no timers). */
export interface PersistedApproval {
  value: string;
  context: ApprovalContext;
}

export class SnapshotVersionError extends Error {
  constructor(
    public readonly found: number,
    public readonly expected: number,
  ) {
    super(
      `审批快照版本 ${found} 无法加载（当前版本 ${expected}，没有对应的迁移） / ` +
        `approval snapshot version ${found} cannot be loaded (machine version ${expected}, no migration)`,
    );
    this.name = "SnapshotVersionError";
  }
}

type Migration = (snapshot: Record<string, unknown>) => Record<string, unknown>;

/**
 * Migrations keyed by the version they upgrade FROM. Version 1 (before escalation and CC existed) stored the
 * approvals of the current step as `approvedBy` and had no `escalatedTo`, `cc`, `lastDecision` or `stepEntry`.
 */
export const SNAPSHOT_MIGRATIONS: Record<number, Migration> = {
  1: (s) => {
    const ctx = { ...(s.context as Record<string, unknown>) };
    ctx.decided = (ctx.approvedBy as string[] | undefined) ?? [];
    delete ctx.approvedBy;
    ctx.escalatedTo ??= [];
    ctx.cc ??= [];
    ctx.lastDecision ??= null;
    ctx.stepEntry ??= 1;
    ctx.history ??= [];
    return { ...s, context: ctx };
  },
};

/** Brings a stored snapshot up to MACHINE_VERSION, or throws SnapshotVersionError. */
export function migrateSnapshot(
  snapshot: unknown,
  fromVersion: number,
  migrations: Record<number, Migration> = SNAPSHOT_MIGRATIONS,
): PersistedApproval {
  if (fromVersion > MACHINE_VERSION || !Number.isInteger(fromVersion)) throw new SnapshotVersionError(fromVersion, MACHINE_VERSION);
  let s = snapshot as Record<string, unknown>;
  for (let v = fromVersion; v < MACHINE_VERSION; v++) {
    const m = migrations[v];
    if (!m) throw new SnapshotVersionError(fromVersion, MACHINE_VERSION);
    s = m(s);
  }
  return s as unknown as PersistedApproval;
}

/** Restores a (current-version) persisted snapshot into a live snapshot of the machine. */
export function restoreSnapshot(persisted: PersistedApproval): ApprovalSnapshot {
  return approvalMachine.resolveState({ value: persisted.value, context: persisted.context });
}

/** A fresh draft snapshot for a new proposal. */
export function draftSnapshot(input: ApprovalInput): ApprovalSnapshot {
  return initialTransition(approvalMachine, input)[0];
}

/** Sends one event; returns the next snapshot, or the refusal. Pure: nothing outside the snapshot changes. */
export function step(
  snapshot: ApprovalSnapshot,
  event: ApprovalEvent,
): { ok: true; snapshot: ApprovalSnapshot } | { ok: false; refusal: Refusal } {
  const refusal = refusalOf(snapshot, event);
  if (refusal) return { ok: false, refusal };
  const [next] = transition(approvalMachine, snapshot, event);
  return { ok: true, snapshot: next };
}

export function persist(snapshot: ApprovalSnapshot): PersistedApproval {
  return { value: snapshot.value as string, context: snapshot.context };
}
