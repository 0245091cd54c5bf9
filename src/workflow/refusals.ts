/** The bilingual one-line reasons users see when a workflow action is refused. */
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

export function refusalMessage(
  code: RefusalCodeOrStore,
  ctx: { id: string; state?: string; stepName?: string; refusal?: Refusal; to?: string },
): { messageZh: string; messageEn: string } {
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
      return { messageZh: "驳回或退回修改必须填写理由（--reason）", messageEn: "a reason is required to reject or request changes (--reason)" };
    case "already_decided": {
      const by = r?.decidedBy ? `${r.decidedBy} ` : "";
      const at = r?.decidedAt ? `（${r.decidedAt}）` : "";
      return {
        messageZh: `该项目${by ? `已由 ${by}` : "已"}处理${at}，当前状态：${STATE_ZH[state] ?? state}`,
        messageEn: `already decided${by ? ` by ${by.trim()}` : ""}${r?.decidedAt ? ` at ${r.decidedAt}` : ""}; state is now ${state}`,
      };
    }
    case "not_submitter":
      return { messageZh: "只有提交人可以执行此操作", messageEn: "only the submitter can do this" };
    case "invalid":
    default:
      switch (r?.detail) {
        case "actor_missing":
          return { messageZh: "缺少操作人（--as）", messageEn: "every action needs an actor (--as)" };
        case "transfer_target_missing":
          return { messageZh: "转交需要指定接收人（--to）", messageEn: "transfer needs a target user (--to)" };
        case "transfer_target_is_approver":
          return { messageZh: `${ctx.to ?? "该用户"} 已是当前步骤的审批人`, messageEn: `${ctx.to ?? "that user"} is already an approver of this step` };
        case "cc_users_missing":
          return { messageZh: "抄送需要指定用户", messageEn: "cc needs at least one user" };
        case "unknown_action":
          return { messageZh: "未知的审批操作", messageEn: "unknown action (approve | reject | request_changes | withdraw | transfer)" };
        default:
          return {
            messageZh: `项目当前状态（${STATE_ZH[state] ?? state}）不允许此操作`,
            messageEn: `this action is not allowed while the proposal is ${state}`,
          };
      }
  }
}
