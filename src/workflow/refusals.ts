/**
 * The bilingual one-line reasons users see when a workflow action is refused. They are shared by every face (CLI,
 * local mode, Slack), so they name no face's syntax (no --flags, no /commands): each face adds its own usage hint.
 */
import type { Refusal, RefusalCode } from "../../flows/approval.machine.js";

export type RefusalCodeOrStore = RefusalCode | "stale" | "not_found";

export const STATE_ZH: Record<string, string> = {
  draft: "草稿",
  blocked: "预审未通过",
  pending: "审批中",
  changes_requested: "退回修改",
  approved: "已批准",
  rejected: "已驳回",
  withdrawn: "已撤回",
};

export const STATE_EN: Record<string, string> = {
  draft: "draft",
  blocked: "blocked by the pre-check",
  pending: "pending",
  changes_requested: "changes requested",
  approved: "approved",
  rejected: "rejected",
  withdrawn: "withdrawn",
};

const CLOSED = new Set(["approved", "rejected", "withdrawn"]);

/** An ISO instant as Beijing wall-clock time (UTC+8, no DST): "2026-11-25 09:15". */
export function beijingTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}

/** "2026-11-25 09:15（北京时间）" — for human output; JSON contracts keep ISO. */
export function beijingTimeLabel(iso: string): string {
  return `${beijingTime(iso)}（北京时间）`;
}

/** A state in words, with the step when pending: { zh: "审批中（第 2 步 分管领导审批）", en: "pending at step 2 (分管领导审批)" }. */
export function stateWords(state: string, step?: { index: number; name: string } | null): { zh: string; en: string } {
  if (state === "pending" && step)
    return { zh: `审批中（第 ${step.index + 1} 步 ${step.name}）`, en: `pending at step ${step.index + 1} (${step.name})` };
  return { zh: STATE_ZH[state] ?? state, en: STATE_EN[state] ?? state };
}

export interface RefusalContext {
  id: string;
  state?: string;
  stepName?: string;
  refusal?: Refusal;
  to?: string;
  /** Who tried (lets "already decided" tell "you already approved step 1" from "someone else decided"). */
  actor?: string;
  /** The current step index (0-based) when the proposal is pending. */
  stepIndex?: number;
  history?: readonly { type: string; actor: string; at: string; step: number | null }[];
}

function alreadyDecided(ctx: RefusalContext): { messageZh: string; messageEn: string } {
  const r = ctx.refusal;
  const state = ctx.state ?? "";
  const who = r?.decidedBy;
  const when = r?.decidedAt ? beijingTime(r.decidedAt) : undefined;
  if (CLOSED.has(state)) {
    const zhBy = who ? `，${who}${when ? ` 于 ${when}（北京时间）` : ""}处理` : "";
    const enBy = who ? `, by ${who}${when ? ` at ${when} Beijing time` : ""}` : "";
    return {
      messageZh: `该项目已结束（${STATE_ZH[state]}${zhBy}），不能再办理`,
      messageEn: `the proposal is already closed (${STATE_EN[state]}${enBy}); nothing more can be done on it`,
    };
  }
  if (state === "changes_requested") {
    return {
      messageZh: `该项目已${who ? `由 ${who} ` : ""}退回修改，等待提交人修改后重新提交`,
      messageEn: `changes were already requested${who ? ` by ${who}` : ""}; it waits for the submitter to resubmit`,
    };
  }
  const stepNo = ctx.stepIndex !== undefined ? ctx.stepIndex + 1 : undefined;
  const here = stepNo !== undefined ? `第 ${stepNo} 步${ctx.stepName ? `（${ctx.stepName}）` : ""}` : "当前步骤";
  const hereEn = stepNo !== undefined ? `step ${stepNo}${ctx.stepName ? ` (${ctx.stepName})` : ""}` : "the current step";
  const mine = ctx.actor
    ? [...(ctx.history ?? [])].reverse().find((h) => h.actor === ctx.actor && h.type === "approve" && h.step !== null)
    : undefined;
  if (mine && ctx.stepIndex !== undefined && mine.step! < ctx.stepIndex) {
    const n = mine.step! + 1;
    return {
      messageZh: `你已在第 ${n} 步审批，当前在${here}等待他人`,
      messageEn: `you already approved step ${n}; it now waits at ${hereEn} for others`,
    };
  }
  if (mine && who === ctx.actor) {
    return {
      messageZh: `你已批准${here}${when ? `（${when}，北京时间）` : ""}，等待其他审批人`,
      messageEn: `you already approved ${hereEn}${when ? ` at ${when} Beijing time` : ""}; it waits for the other approvers`,
    };
  }
  const theirs = who ? ctx.history?.find((h) => h.actor === who && h.at === r?.decidedAt && h.step !== null) : undefined;
  const their = theirs && theirs.step !== ctx.stepIndex ? { zh: `第 ${theirs.step! + 1} 步`, en: `step ${theirs.step! + 1}` } : { zh: "该步骤", en: "this step" };
  return {
    messageZh: `${their.zh}已由 ${who ?? "他人"} 处理${when ? `（${when}，北京时间）` : ""}，当前在${here}`,
    messageEn: `${their.en} was already decided by ${who ?? "someone else"}${when ? ` at ${when} Beijing time` : ""}; it is now at ${hereEn}`,
  };
}

export function refusalMessage(code: RefusalCodeOrStore, ctx: RefusalContext): { messageZh: string; messageEn: string } {
  const r = ctx.refusal;
  const state = ctx.state ?? "";
  switch (code) {
    case "not_found":
      return { messageZh: `找不到项目 ${ctx.id}`, messageEn: `proposal ${ctx.id} not found` };
    case "stale":
      return { messageZh: "项目已被他人更新，请刷新后重试", messageEn: "the proposal changed since you loaded it; refresh and retry" };
    case "own_proposal":
      return r?.detail === "transfer_to_submitter"
        ? { messageZh: "不能将审批转交给提交人本人", messageEn: "a step cannot be transferred to the submitter" }
        : { messageZh: "提交人不能审批自己提交的项目", messageEn: "the submitter cannot decide on their own proposal" };
    case "not_approver":
      return {
        messageZh: `您不是当前审批步骤${ctx.stepName ? `「${ctx.stepName}」` : ""}的审批人`,
        messageEn: `you are not an approver of the current step${ctx.stepName ? ` "${ctx.stepName}"` : ""}`,
      };
    case "reason_required":
      return { messageZh: "驳回或退回修改必须填写理由", messageEn: "a reason is required to reject or request changes" };
    case "already_decided":
      return alreadyDecided(ctx);
    case "not_submitter":
      return { messageZh: "只有提交人可以执行此操作", messageEn: "only the submitter can do this" };
    case "too_soon": {
      const next = r?.detail ? beijingTime(r.detail) : undefined;
      return {
        messageZh: `该步骤刚催办过，请勿重复催办${next ? `；下次可催办时间：${next}（北京时间）` : ""}`,
        messageEn: `this step was reminded recently${next ? `; the next reminder is possible at ${next} Beijing time` : ""}`,
      };
    }
    case "invalid":
    default:
      switch (r?.detail) {
        case "actor_missing":
          return { messageZh: "缺少操作人", messageEn: "every action needs an actor" };
        case "transfer_target_missing":
          return { messageZh: "转交需要指定接收人", messageEn: "transfer needs a target user" };
        case "transfer_target_is_approver":
          return { messageZh: `${ctx.to ?? "该用户"} 已是当前步骤的审批人`, messageEn: `${ctx.to ?? "that user"} is already an approver of this step` };
        case "cc_users_missing":
          return { messageZh: "抄送需要指定用户", messageEn: "cc needs at least one user" };
        case "unknown_action":
          return { messageZh: "未知的审批操作", messageEn: "unknown action (approve | reject | request_changes | withdraw | transfer)" };
        default:
          return {
            messageZh: `项目当前状态（${STATE_ZH[state] ?? state}）不允许此操作`,
            messageEn: `this action is not allowed while the proposal is ${STATE_EN[state] ?? state}`,
          };
      }
  }
}
