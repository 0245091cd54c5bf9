/**
 * Button clicks: decision buttons on approver cards and in App Home (批准 / 退回修改 / 驳回 / 转交), the checklist's
 * "提交审批", and the answer feedback buttons. Every handler acks first; the work follows the ack. A failure is told to
 * the user who clicked (telling.ts) with a retry hint, never as raw exception text.
 */
import type { App, BlockAction, ButtonAction, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { CITATION_ERROR_ACTION, FEEDBACK_ACTION, parseFeedbackValue } from "../blocks/answer.js";
import { DECISION_ACTION_PREFIX, parseCardValue, type DecisionAction } from "../blocks/approval.js";
import { SUBMIT_ACTION } from "../blocks/checklist.js";
import { RESUBMIT_OPEN_ACTION, WITHDRAW_ACTION } from "../blocks/actions.js";
import { prereviewModal, reasonModal, transferModal } from "../blocks/modals.js";
import { escapeMrkdwn } from "../blocks/text.js";
import { submitDraft } from "../submission.js";
import { FAILURE_TEXT, clicker, openModal, tell } from "../telling.js";
import { clickDecision, refusalText } from "../decisions.js";
import type { SlackDeps } from "../deps.js";
import { publishHome } from "./home.js";

const DECISION_RE = new RegExp(`^${DECISION_ACTION_PREFIX}(approve|request_changes|reject|transfer)$`);

export function registerActions(app: App, deps: SlackDeps): void {
  const { workflow } = deps.core;

  app.action<BlockAction<ButtonAction>>({ action_id: DECISION_RE }, async ({ ack, body, action, client, respond }) => {
    await ack();
    const card = parseCardValue(action.value);
    const decision = action.action_id.slice(DECISION_ACTION_PREFIX.length) as DecisionAction;
    if (!card) return;
    const to = clicker(deps.logger, client, body, respond);
    let out: Awaited<ReturnType<typeof clickDecision>>;
    try {
      out = await clickDecision(workflow, { user: body.user.id, proposalId: card.proposalId, stepIndex: card.stepIndex, round: card.round, action: decision });
    } catch (e) {
      deps.logger.error(`decision ${decision} on ${card.proposalId} failed`, e);
      return void (await tell(to, FAILURE_TEXT.action));
    }
    if (out.kind === "refused") {
      deps.logger.info(`decision refused (${out.code}) for ${body.user.id} on ${card.proposalId}`);
      await tell(to, out.text);
    } else if (out.kind === "needs_modal") {
      const ctx = { proposalId: card.proposalId, stepIndex: card.stepIndex, round: out.view.round, action: decision, channel: body.channel?.id, ts: body.message?.ts };
      const view = decision === "transfer" ? transferModal(ctx, out.view.proposal.title) : reasonModal(ctx, out.view.proposal.title);
      await openModal(to, body.trigger_id, view);
    }
    if (body.view?.type === "home") await publishHome(deps, client, body.user.id).catch((e: unknown) => deps.logger.error("views.publish failed", e));
  });

  const feedback = async ({ ack, body, action, client, respond }: { ack: () => Promise<void>; body: BlockAction; action: { value?: string }; client: WebClient; respond?: RespondFn }) => {
    await ack();
    const fb = parseFeedbackValue(action.value);
    if (!fb) return;
    const to = clicker(deps.logger, client, body, respond);
    let stored: boolean;
    try {
      stored = await deps.store.recordFeedback(fb.answerId, body.user.id, fb.kind);
    } catch (e) {
      deps.logger.error("recordFeedback failed", e);
      return void (await tell(to, FAILURE_TEXT.feedback));
    }
    const text = !stored
      ? "⚠️ 找不到这条回答，反馈未记录 / That answer is unknown; feedback not recorded."
      : fb.kind === "helpful"
        ? "🙏 感谢反馈！/ Thanks for the feedback!"
        : fb.kind === "not_helpful"
          ? "🙏 感谢反馈，我们会改进回答 / Thanks — we'll use this to improve answers."
          : "🙏 已记录“引用有误”，将人工核对引用条款 / Noted: the citation will be reviewed.";
    await tell(to, text);
  };
  app.action(FEEDBACK_ACTION, feedback as never);
  app.action(CITATION_ERROR_ACTION, feedback as never);

  // revise a proposal whose changes were requested: the pre-review modal, pre-filled; its checklist resubmits
  app.action<BlockAction<ButtonAction>>(RESUBMIT_OPEN_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    const to = clicker(deps.logger, client, body, respond);
    let view: Awaited<ReturnType<typeof workflow.show>>;
    try {
      view = await workflow.show(action.value ?? "");
    } catch (e) {
      deps.logger.error("show failed", e);
      return void (await tell(to, FAILURE_TEXT.action));
    }
    if (!view) return void (await tell(to, "⚠️ 找不到该项目 / proposal not found"));
    if (view.submitter !== body.user.id) return void (await tell(to, "⛔ 只有提交人可以修改并重新提交 / Only the submitter can revise and resubmit."));
    await openModal(to, body.trigger_id, prereviewModal({ initial: view.proposal, revise: true, privateMetadata: JSON.stringify({ resubmitOf: view.id }) }));
  });

  // the submitter withdraws a pending proposal (the workflow refuses anyone else, and audits it)
  app.action<BlockAction<ButtonAction>>(WITHDRAW_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    const to = clicker(deps.logger, client, body, respond);
    let r: Awaited<ReturnType<typeof workflow.decide>>;
    try {
      r = await workflow.decide(action.value ?? "", "withdraw", body.user.id);
    } catch (e) {
      deps.logger.error("withdraw failed", e);
      return void (await tell(to, FAILURE_TEXT.action));
    }
    await tell(to, r.ok ? `↩️ 已撤回 / Withdrawn: ${escapeMrkdwn(r.id)}` : refusalText(r));
    if (body.view?.type === "home") await publishHome(deps, client, body.user.id).catch((e: unknown) => deps.logger.error("views.publish failed", e));
  });

  app.action<BlockAction<ButtonAction>>(SUBMIT_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    await submitDraft(deps, clicker(deps.logger, client, body, respond), action.value ?? "", { channel: body.channel?.id, ts: body.message?.ts });
  });
}
