/**
 * Modal submissions. Each is acknowledged before any database or model work, inside Slack's 3 seconds:
 *  - the pre-review modal: invalid fields → `response_action: "errors"` shown inline; valid → the modal turns into a
 *    progress note (`response_action: "update"`), the checklist goes to the user's DM with 「提交审批」 when not blocked,
 *    the modal then shows the outcome, and a channel the command was run in gets an ephemeral pointer to the DM;
 *  - the reason and transfer modals: a progress note, then the decision; the modal shows the outcome, or the same form
 *    again with the user's input and the refusal on top (so nobody acts on a stale card unknowingly);
 *  - 问知策: the answer in the thread of the message the shortcut was used on.
 * Failures reach the user as a bilingual retry hint, never as raw exception text.
 */
import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { View } from "@slack/types";
import { MAX_QUESTION_CHARS } from "../../answer/index.js";
import { parseProposal } from "../../prereview/index.js";
import { answerQuestion } from "../answering.js";
import { actionLabel } from "../blocks/approval.js";
import { checklistMessage, outcomeLabel } from "../blocks/checklist.js";
import {
  ASK_CALLBACK,
  PREREVIEW_CALLBACK,
  REASON_CALLBACK,
  TRANSFER_CALLBACK,
  VALUE,
  noticeModal,
  parseAskContext,
  parseDecisionContext,
  parsePrereviewMeta,
  reasonModal,
  transferModal,
} from "../blocks/modals.js";
import { escapeMrkdwn } from "../blocks/text.js";
import { refusalText, submitDecision } from "../decisions.js";
import type { SlackDeps } from "../deps.js";
import { errorsForModal, proposalFromView } from "../proposal-form.js";
import { FAILURE_TEXT, tell } from "../telling.js";
import { publishHome } from "./home.js";

export const PREREVIEW_PROGRESS = "⏳ 正在逐项预审，请稍候…（结果会发到与知策的私信）\nChecking the proposal item by item… (the checklist goes to your DM with zhice)";

/** Replace an open modal (after its submission was acknowledged with a progress note); a failure is only logged. */
async function updateModal(deps: SlackDeps, client: WebClient, viewId: string, view: View): Promise<boolean> {
  try {
    await client.views.update({ view_id: viewId, view });
    return true;
  } catch (e) {
    deps.logger.warn("views.update failed", e);
    return false;
  }
}

export function registerViews(app: App, deps: SlackDeps): void {
  app.view(PREREVIEW_CALLBACK, async ({ ack, body, view, client }) => {
    const parsed = parseProposal(proposalFromView(view.state.values));
    if (!parsed.ok) return void (await ack({ response_action: "errors", errors: errorsForModal(parsed.errors) }));
    await ack({ response_action: "update", view: noticeModal("项目预审 Pre-review", PREREVIEW_PROGRESS) });
    const user = body.user.id;
    const meta = parsePrereviewMeta(view.private_metadata);
    try {
      const checklist = await deps.core.prereview(parsed.proposal);
      const draftId = checklist.outcome === "blocked" ? null : await deps.store.saveDraft(user, parsed.proposal, checklist, meta.resubmitOf);
      const msg = checklistMessage(parsed.proposal, checklist, draftId, { resubmitOf: meta.resubmitOf });
      const r = await client.chat.postMessage({ channel: user, text: msg.text, blocks: msg.blocks as never });
      if (draftId && r.channel && r.ts) await deps.store.setDraftMessage(draftId, r.channel, r.ts);
      const o = outcomeLabel[checklist.outcome];
      const done = `${o.icon} *${escapeMrkdwn(parsed.proposal.title)}*：${o.zh} / ${o.en}\n逐项清单已发到与知策的私信${draftId ? "，可在那里提交审批" : ""}。/ The checklist is in your DM with zhice${draftId ? ", where you can submit it" : ""}.`;
      if (meta.channel && meta.channel !== r.channel)
        await client.chat
          .postEphemeral({ channel: meta.channel, user, text: `📋 「${escapeMrkdwn(parsed.proposal.title)}」的预审结果（${o.zh}）已发到你与知策的私信 / The pre-review result is in your DM with zhice.` })
          .catch((e: unknown) => deps.logger.warn("pointer to the DM failed", e));
      await updateModal(deps, client, view.id, noticeModal("预审完成 Checked", done));
    } catch (e) {
      deps.logger.error("prereview failed", e);
      if (!(await updateModal(deps, client, view.id, noticeModal("预审失败 Failed", FAILURE_TEXT.prereview)))) await tell({ client, user, logger: deps.logger }, FAILURE_TEXT.prereview);
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
    const answering = { knowledge: deps.core.knowledge, store: deps.store, conversations: deps.conversations, logger: deps.logger, streaming: deps.streaming };
    await answerQuestion(answering, { client, channel: ctx.channel, threadTs: ctx.threadTs, userId: body.user.id, teamId: body.team?.id }, question);
  });

  for (const callback of [REASON_CALLBACK, TRANSFER_CALLBACK]) {
    app.view(callback, async ({ ack, body, view, client }) => {
      const ctx = parseDecisionContext(view.private_metadata);
      if (!ctx) return void (await ack());
      const v = view.state.values;
      const reason = v.reason?.[VALUE]?.value?.trim() || undefined;
      const to = v.to?.[VALUE]?.selected_user ?? undefined;
      const user = body.user.id;
      // what needs no database is checked before the ack, inline
      if (callback === TRANSFER_CALLBACK && to === user) return void (await ack({ response_action: "errors", errors: { to: "不能转交给自己 / You cannot transfer to yourself." } }));
      const l = actionLabel[ctx.action];
      await ack({ response_action: "update", view: noticeModal(`${l.zh} ${l.en}`, `⏳ 正在提交「${l.zh}」… / Submitting…`) });
      const title = ctx.title ?? ctx.proposalId;
      const again = (warning: string) => (callback === TRANSFER_CALLBACK ? transferModal(ctx, title, { reason, to, warning }) : reasonModal(ctx, title, { reason, warning }));
      let r: Awaited<ReturnType<typeof submitDecision>>;
      try {
        r = await submitDecision(deps.core.workflow, { user, proposalId: ctx.proposalId, stepIndex: ctx.stepIndex, round: ctx.round, action: ctx.action, reason, to });
      } catch (e) {
        deps.logger.error(`decision ${ctx.action} on ${ctx.proposalId} failed`, e);
        if (!(await updateModal(deps, client, view.id, again(FAILURE_TEXT.action)))) await tell({ client, user, logger: deps.logger }, FAILURE_TEXT.action);
        return;
      }
      if (!r.ok) {
        if (!(await updateModal(deps, client, view.id, again(refusalText(r))))) await tell({ client, user, logger: deps.logger }, refusalText(r));
        return;
      }
      await updateModal(deps, client, view.id, noticeModal(`${l.zh} ${l.en}`, `✅ 已${l.zh}：*${escapeMrkdwn(title)}*（${escapeMrkdwn(ctx.proposalId)}）/ Done.`));
      await publishHome(deps, client, user).catch(() => undefined);
    });
  }
}
