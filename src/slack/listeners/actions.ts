/**
 * Button clicks: decision buttons on approver cards and in App Home (批准 / 退回修改 / 驳回 / 转交), the checklist's
 * "提交审批", and the answer feedback buttons. Every handler acks first; the work follows the ack.
 */
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { CITATION_ERROR_ACTION, FEEDBACK_ACTION, parseFeedbackValue } from "../blocks/answer.js";
import { DECISION_ACTION_PREFIX, parseCardValue, type DecisionAction } from "../blocks/approval.js";
import { SUBMIT_ACTION, submittedChecklistMessage } from "../blocks/checklist.js";
import { RESUBMIT_OPEN_ACTION, WITHDRAW_ACTION } from "../blocks/actions.js";
import { prereviewModal, reasonModal, transferModal } from "../blocks/modals.js";
import { escapeMrkdwn } from "../blocks/text.js";
import { clickDecision, refusalText } from "../decisions.js";
import type { SlackDeps } from "../deps.js";
import { publishHome } from "./home.js";
import type { Checklist, Proposal } from "../../prereview/schema.js";

/** Tell one user something where they clicked: ephemeral in a channel, a DM from App Home (no channel there). */
export async function tellUser(client: WebClient, body: BlockAction, text: string): Promise<void> {
  const channel = body.channel?.id ?? body.container?.channel_id;
  const threadTs = (body.message as { thread_ts?: string } | undefined)?.thread_ts;
  if (channel) await client.chat.postEphemeral({ channel, user: body.user.id, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
  else await client.chat.postMessage({ channel: body.user.id, text });
}

const DECISION_RE = new RegExp(`^${DECISION_ACTION_PREFIX}(approve|request_changes|reject|transfer)$`);

export function registerActions(app: App, deps: SlackDeps): void {
  const { workflow } = deps.core;

  app.action<BlockAction<ButtonAction>>({ action_id: DECISION_RE }, async ({ ack, body, action, client }) => {
    await ack();
    const card = parseCardValue(action.value);
    const decision = action.action_id.slice(DECISION_ACTION_PREFIX.length) as DecisionAction;
    if (!card) return;
    const out = await clickDecision(workflow, { user: body.user.id, proposalId: card.proposalId, stepIndex: card.stepIndex, round: card.round, action: decision });
    if (out.kind === "refused") {
      deps.logger.info(`decision refused (${out.code}) for ${body.user.id} on ${card.proposalId}`);
      await tellUser(client, body, out.text);
    } else if (out.kind === "needs_modal") {
      const ctx = { proposalId: card.proposalId, stepIndex: card.stepIndex, round: out.view.round, action: decision, channel: body.channel?.id, ts: body.message?.ts };
      const view = decision === "transfer" ? transferModal(ctx, out.view.proposal.title) : reasonModal(ctx, out.view.proposal.title);
      await client.views.open({ trigger_id: body.trigger_id, view });
    }
    if (body.view?.type === "home") await publishHome(deps, client, body.user.id);
  });

  const feedback = async ({ ack, body, action, client }: { ack: () => Promise<void>; body: BlockAction; action: { value?: string }; client: WebClient }) => {
    await ack();
    const fb = parseFeedbackValue(action.value);
    if (!fb) return;
    const stored = await deps.store.recordFeedback(fb.answerId, body.user.id, fb.kind);
    const text = !stored
      ? "⚠️ 找不到这条回答，反馈未记录 / That answer is unknown; feedback not recorded."
      : fb.kind === "helpful"
        ? "🙏 感谢反馈！/ Thanks for the feedback!"
        : fb.kind === "not_helpful"
          ? "🙏 感谢反馈，我们会改进回答 / Thanks — we'll use this to improve answers."
          : "🙏 已记录“引用有误”，将人工核对引用条款 / Noted: the citation will be reviewed.";
    await tellUser(client, body, text);
  };
  app.action(FEEDBACK_ACTION, feedback as never);
  app.action(CITATION_ERROR_ACTION, feedback as never);

  // revise a proposal whose changes were requested: the pre-review modal, pre-filled; its checklist resubmits
  app.action<BlockAction<ButtonAction>>(RESUBMIT_OPEN_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    const view = await workflow.show(action.value ?? "");
    if (!view) return tellUser(client, body, "⚠️ 找不到该项目 / proposal not found");
    if (view.submitter !== body.user.id) return tellUser(client, body, "⛔ 只有提交人可以修改并重新提交 / Only the submitter can revise and resubmit.");
    await client.views.open({ trigger_id: body.trigger_id, view: prereviewModal({ initial: view.proposal, privateMetadata: JSON.stringify({ resubmitOf: view.id }) }) });
  });

  // the submitter withdraws a pending proposal (the workflow refuses anyone else, and audits it)
  app.action<BlockAction<ButtonAction>>(WITHDRAW_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    const r = await workflow.decide(action.value ?? "", "withdraw", body.user.id);
    await tellUser(client, body, r.ok ? `↩️ 已撤回 / Withdrawn: ${escapeMrkdwn(r.id)}` : refusalText(r));
    if (body.view?.type === "home") await publishHome(deps, client, body.user.id);
  });

  app.action<BlockAction<ButtonAction>>(SUBMIT_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    const draft = await deps.store.draft(action.value ?? "");
    if (!draft) return tellUser(client, body, "⚠️ 找不到这份预审记录 / This pre-review is unknown.");
    if (draft.userId !== body.user.id)
      return tellUser(client, body, "⛔ 只有发起预审的人可以提交审批 / Only the person who ran the pre-review can submit it.");
    if (!(await deps.store.claimDraft(draft.id, "pending")))
      return tellUser(client, body, `ℹ️ 该项目已提交${draft.submittedId && draft.submittedId !== "pending" ? `（${escapeMrkdwn(draft.submittedId)}）` : ""} / Already submitted.`);
    try {
      let r: { id: string; state: string; checklist: Checklist };
      if (draft.resubmitOf) {
        const res = await workflow.resubmit(draft.resubmitOf, draft.proposal, body.user.id);
        if (!res.ok) {
          await deps.store.releaseDraft(draft.id);
          return tellUser(client, body, refusalText(res));
        }
        r = { id: res.id, state: res.state, checklist: res.checklist ?? (draft.checklist as Checklist) };
      } else r = await workflow.submit(draft.proposal, body.user.id);
      await deps.store.markDraftSubmitted(draft.id, r.id);
      const msg = submittedChecklistMessage(draft.proposal as Proposal, r.checklist, r.id, r.state);
      const channel = draft.channel ?? body.channel?.id;
      const ts = draft.ts ?? body.message?.ts;
      if (channel && ts) await client.chat.update({ channel, ts, text: msg.text, blocks: msg.blocks as never });
    } catch (e) {
      await deps.store.releaseDraft(draft.id);
      deps.logger.error("submit failed", e);
      await tellUser(client, body, `⚠️ 提交失败 / Submit failed: ${escapeMrkdwn(e instanceof Error ? e.message : String(e))}`);
    }
  });
}
