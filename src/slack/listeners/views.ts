/**
 * Modal submissions. The pre-review modal: invalid fields → `response_action: "errors"` shown inline; valid → ack,
 * then the checklist is posted to the user (DM) with a "提交审批" button when not blocked. The reason and transfer
 * modals apply the decision; a refusal is shown inline in the modal, so nobody acts on a stale card unknowingly.
 * Failures reach the user as a bilingual retry hint (a DM, or inline in the modal), never as raw exception text.
 */
import type { App } from "@slack/bolt";
import { parseProposal } from "../../prereview/index.js";
import { checklistMessage } from "../blocks/checklist.js";
import { ASK_CALLBACK, PREREVIEW_CALLBACK, REASON_CALLBACK, TRANSFER_CALLBACK, VALUE, parseAskContext, parseDecisionContext, parsePrereviewMeta } from "../blocks/modals.js";
import { answerQuestion } from "../answering.js";
import { MAX_QUESTION_CHARS } from "../../answer/index.js";
import { refusalText, submitDecision } from "../decisions.js";
import type { SlackDeps } from "../deps.js";
import { errorsForModal, proposalFromView } from "../proposal-form.js";
import { FAILURE_TEXT, tell } from "../telling.js";
import { publishHome } from "./home.js";

/** Modal error texts are plain; strip the mrkdwn mentions/dates refusalText adds. */
function plainRefusal(text: string): string {
  return text.replace(/<@([A-Z0-9_]+)>/g, "$1").replace(/<!date\^\d+\^[^|]*\|([^>]*)>/g, "$1").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").slice(0, 300);
}

export function registerViews(app: App, deps: SlackDeps): void {
  app.view(PREREVIEW_CALLBACK, async ({ ack, body, view, client }) => {
    const parsed = parseProposal(proposalFromView(view.state.values));
    if (!parsed.ok) {
      await ack({ response_action: "errors", errors: errorsForModal(parsed.errors) });
      return;
    }
    await ack();
    const user = body.user.id;
    try {
      const checklist = await deps.core.prereview(parsed.proposal);
      const { resubmitOf } = parsePrereviewMeta(view.private_metadata);
      const draftId = checklist.outcome === "blocked" ? null : await deps.store.saveDraft(user, parsed.proposal, checklist, resubmitOf);
      const msg = checklistMessage(parsed.proposal, checklist, draftId, { resubmitOf });
      const r = await client.chat.postMessage({ channel: user, text: msg.text, blocks: msg.blocks as never });
      if (draftId && r.channel && r.ts) await deps.store.setDraftMessage(draftId, r.channel, r.ts);
    } catch (e) {
      deps.logger.error("prereview failed", e);
      await tell({ client, user, logger: deps.logger }, FAILURE_TEXT.prereview);
    }
  });

  // 问知策: answer in the thread of the message the shortcut was used on
  app.view(ASK_CALLBACK, async ({ ack, body, view, client }) => {
    const question = view.state.values.question?.[VALUE]?.value?.trim() ?? "";
    const ctx = parseAskContext(view.private_metadata);
    if (!question) return void (await ack({ response_action: "errors", errors: { question: "请输入问题 / Please enter a question." } }));
    if (question.length > MAX_QUESTION_CHARS) return void (await ack({ response_action: "errors", errors: { question: `问题请控制在 ${MAX_QUESTION_CHARS} 字以内 / At most ${MAX_QUESTION_CHARS} characters.` } }));
    await ack();
    if (!ctx) return void (await tell({ client, user: body.user.id, logger: deps.logger }, FAILURE_TEXT.answer));
    const answering = { knowledge: deps.core.knowledge, store: deps.store, logger: deps.logger, streaming: deps.streaming };
    await answerQuestion(answering, { client, channel: ctx.channel, threadTs: ctx.threadTs, userId: body.user.id, teamId: body.team?.id }, question);
  });

  for (const callback of [REASON_CALLBACK, TRANSFER_CALLBACK]) {
    app.view(callback, async ({ ack, body, view, client }) => {
      const ctx = parseDecisionContext(view.private_metadata);
      if (!ctx) {
        await ack();
        return;
      }
      const v = view.state.values;
      const reason = v.reason?.[VALUE]?.value?.trim() || undefined;
      const to = v.to?.[VALUE]?.selected_user ?? undefined;
      let r: Awaited<ReturnType<typeof submitDecision>>;
      try {
        r = await submitDecision(deps.core.workflow, { user: body.user.id, proposalId: ctx.proposalId, stepIndex: ctx.stepIndex, round: ctx.round, action: ctx.action, reason, to });
      } catch (e) {
        deps.logger.error(`decision ${ctx.action} on ${ctx.proposalId} failed`, e);
        await ack({ response_action: "errors", errors: { reason: FAILURE_TEXT.action } });
        return;
      }
      if (!r.ok) {
        await ack({ response_action: "errors", errors: { [callback === TRANSFER_CALLBACK && r.code === "invalid" ? "to" : "reason"]: plainRefusal(refusalText(r)) } });
        return;
      }
      await ack();
      await publishHome(deps, client, body.user.id).catch(() => undefined);
    });
  }
}
