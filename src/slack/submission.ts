/** 提交审批 on a checklist, as a plain function the listener calls. */
import { submittedChecklistMessage } from "./blocks/checklist.js";
import { escapeMrkdwn } from "./blocks/text.js";
import { refusalText } from "./decisions.js";
import type { SlackDeps } from "./deps.js";
import { FAILURE_TEXT, tell, type Listener } from "./telling.js";
import type { Checklist, Proposal } from "../prereview/schema.js";

/**
 * 提交审批 on a checklist: claim the draft, submit (or resubmit) it, then show it as submitted. Only the submit itself
 * can fail the click: once the proposal exists, a failed card update or store write is logged and the user is told
 * 「已提交」 with the id, so a second click cannot submit it again.
 */
export async function submitDraft(deps: SlackDeps, to: Listener, draftId: string, clicked: { channel?: string; ts?: string }): Promise<void> {
  const { workflow } = deps.core;
  let draft: Awaited<ReturnType<SlackDeps["store"]["draft"]>>;
  let claimed: boolean;
  try {
    draft = await deps.store.draft(draftId);
    if (!draft) return void (await tell(to, "⚠️ 找不到这份预审记录 / This pre-review is unknown."));
    if (draft.userId !== to.user) return void (await tell(to, "⛔ 只有发起预审的人可以提交审批 / Only the person who ran the pre-review can submit it."));
    claimed = await deps.store.claimDraft(draft.id, "pending");
  } catch (e) {
    deps.logger.error("loading or claiming the draft failed", e);
    return void (await tell(to, FAILURE_TEXT.submit));
  }
  if (!claimed)
    return void (await tell(to, `ℹ️ 该项目已提交${draft.submittedId && draft.submittedId !== "pending" ? `（${escapeMrkdwn(draft.submittedId)}）` : ""} / Already submitted.`));

  let r: { id: string; state: string; checklist: Checklist };
  try {
    if (draft.resubmitOf) {
      const res = await workflow.resubmit(draft.resubmitOf, draft.proposal, to.user);
      if (!res.ok) {
        await deps.store.releaseDraft(draft.id);
        return void (await tell(to, refusalText(res)));
      }
      r = { id: res.id, state: res.state, checklist: res.checklist ?? (draft.checklist as Checklist) };
    } else r = await workflow.submit(draft.proposal, to.user, { key: `slack-draft:${draft.id}` });
  } catch (e) {
    deps.logger.error("submit failed", e);
    await deps.store.releaseDraft(draft.id).catch((err: unknown) => deps.logger.error("releaseDraft failed", err));
    return void (await tell(to, FAILURE_TEXT.submit));
  }

  // the proposal exists from here on: nothing below may release the draft or say the submit failed
  await deps.store.markDraftSubmitted(draft.id, r.id).catch((e: unknown) => deps.logger.error(`markDraftSubmitted failed for ${r.id}`, e));
  const channel = draft.channel ?? clicked.channel;
  const ts = draft.ts ?? clicked.ts;
  try {
    if (!channel || !ts) throw new Error("no checklist message to update");
    const msg = submittedChecklistMessage(draft.proposal as Proposal, r.checklist, r.id, r.state);
    await to.client.chat.update({ channel, ts, text: msg.text, blocks: msg.blocks as never });
  } catch (e) {
    deps.logger.error(`updating the checklist of ${r.id} failed`, e);
    await tell(to, `✅ 已提交 ${escapeMrkdwn(r.id)} / Submitted ${escapeMrkdwn(r.id)}.`);
  }
}
