/**
 * Workflow notifications → Slack. A pending step gives each waiting approver a DM card (its channel + ts stored);
 * after any decision every open card about that step is updated with chat.update (outcome, actor, time, no buttons —
 * or, for a 会签 step still waiting for others, refreshed with who has approved); the submitter gets a DM at each
 * state change; reminders and escalations arrive as DM cards; cc users get a note.
 */
import type { Logger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Notification, WorkflowService } from "../workflow/index.js";
import { approverCard, decidedCard, submitterNote, type DecisionAction, type ProposalView, type StepOutcome } from "./blocks/approval.js";
import { escapeMrkdwn } from "./blocks/text.js";
import type { SlackStore } from "./store.js";

const DECISIONS = new Set(["approve", "reject", "request_changes", "transfer", "withdraw"]);

export class SlackNotifier {
  constructor(
    private readonly client: WebClient,
    private readonly workflow: Pick<WorkflowService, "show">,
    private readonly store: SlackStore,
    private readonly logger: Logger,
    /** Re-publish App Home for users whose lists changed (their queue or their proposals). */
    private readonly refreshHome?: (userId: string) => Promise<void>,
  ) {}

  private queue: Promise<void> = Promise.resolve();

  /**
   * The listener to give `workflow.onNotify`. It only queues: the workflow's decision (and the Slack ack that may wait
   * for it) never waits for Slack's Web API; notifications are delivered in order, one at a time. Never throws (a
   * failed DM must not undo a decision).
   */
  readonly listener = (n: Notification): void => {
    this.queue = this.queue.then(() =>
      this.handle(n).catch((e) => this.logger.error(`通知发送失败 / notification ${n.kind} for ${n.proposalId} failed`, e)),
    );
  };

  /** Resolves when every queued notification has been delivered (used before stopping). */
  async drain(): Promise<void> {
    let last: Promise<void>;
    do {
      last = this.queue;
      await last;
    } while (last !== this.queue);
  }

  private async handle(n: Notification): Promise<void> {
    if (n.kind === "refused") return; // told to the clicker directly, where they clicked
    const view = (await this.workflow.show(n.proposalId)) as ProposalView | null;
    if (!view) return;
    await this.deliver(n, view);
    if (this.refreshHome && n.kind !== "cc") {
      for (const u of [...n.recipients, view.submitter, ...(n.step?.approvers ?? []), ...(view.step?.approvers ?? [])]) this.homesToRefresh.add(u);
      if (!this.homeRefreshQueued) {
        // one refresh per user after the notifications queued so far (a decision emits several)
        this.homeRefreshQueued = true;
        this.queue = this.queue.then(() => this.flushHomes()).catch((e) => this.logger.warn("App Home 刷新失败 / home refresh failed", e));
      }
    }
  }

  private readonly homesToRefresh = new Set<string>();
  private homeRefreshQueued = false;

  private async flushHomes(): Promise<void> {
    this.homeRefreshQueued = false;
    const users = [...this.homesToRefresh];
    this.homesToRefresh.clear();
    for (const u of users) await this.refreshHome!(u).catch((e) => this.logger.warn(`App Home 刷新失败 / home refresh for ${u} failed`, e));
  }

  private async deliver(n: Notification, view: ProposalView): Promise<void> {
    switch (n.kind) {
      case "step_pending":
      case "reminder":
      case "escalation": {
        const reason = n.kind === "step_pending" ? "pending" : n.kind;
        await this.each(n, (user) => this.postCard(user, view, reason));
        return;
      }
      case "decided":
        await this.updateCards(n, view);
        if (n.state === "pending" && n.recipients.includes(view.submitter) && n.actor !== view.submitter)
          await this.dm(view.submitter, submitterNote(view, { text: `${escapeMrkdwn(n.messageZh)} / ${escapeMrkdwn(n.messageEn)}`, reason: n.reason, forSubmitter: true }));
        return;
      case "state_changed":
        await this.each(n, (user) =>
          this.dm(user, submitterNote(view, { text: `${escapeMrkdwn(n.messageZh)} / ${escapeMrkdwn(n.messageEn)}`, reason: n.reason, forSubmitter: user === view.submitter })),
        );
        return;
      case "cc":
        await this.each(n, (user) => this.dm(user, submitterNote(view, { text: `📋 ${escapeMrkdwn(n.messageZh)} / ${escapeMrkdwn(n.messageEn)}` })));
        return;
    }
  }

  /** One delivery per recipient; a recipient Slack refuses (deactivated, unknown id) does not stop the others. */
  private async each(n: Notification, deliver: (user: string) => Promise<unknown>): Promise<void> {
    for (const user of n.recipients) {
      try {
        await deliver(user);
      } catch (e) {
        this.logger.warn(`通知 ${n.kind} 未能送达 ${user} / could not deliver ${n.kind} for ${n.proposalId} to ${user}`, e);
      }
    }
  }

  private async dm(user: string, msg: { text: string; blocks: unknown[] }): Promise<{ channel: string; ts: string } | null> {
    const r = await this.client.chat.postMessage({ channel: user, text: msg.text, blocks: msg.blocks as never });
    return r.channel && r.ts ? { channel: r.channel, ts: r.ts } : null;
  }

  private async postCard(user: string, view: ProposalView, reason: "pending" | "reminder" | "escalation"): Promise<void> {
    if (!view.step || view.state !== "pending") return;
    const ref = await this.dm(user, approverCard(view, { reason }));
    if (ref) await this.store.saveCard({ ...ref, proposalId: view.id, stepIndex: view.step.index, userId: user, kind: "approver" });
  }

  /** Update every open card of the decided step. */
  private async updateCards(n: Notification, view: ProposalView): Promise<void> {
    const stepIndex = n.step?.index;
    if (stepIndex === undefined || !n.action || !DECISIONS.has(n.action)) return;
    const outcome: StepOutcome = {
      stepIndex,
      stepName: n.step?.name,
      action: n.action as DecisionAction | "withdraw",
      actor: n.actor,
      at: n.at,
      reason: n.reason,
      to: n.action === "transfer" ? ([...view.history].reverse().find((h) => h.type === "transfer")?.to?.[0] ?? null) : null,
    };
    // The step is over for everyone unless it is still the current pending step (会签 waiting for others, or a transfer).
    const stepOver = !(view.state === "pending" && view.step?.index === stepIndex && (n.action === "approve" || n.action === "transfer"));
    for (const card of await this.store.openCards(view.id, stepIndex)) {
      const settle = stepOver || card.userId === n.actor;
      const msg = settle ? decidedCard(view, outcome) : approverCard(view);
      try {
        await this.client.chat.update({ channel: card.channel, ts: card.ts, text: msg.text, blocks: msg.blocks as never });
        if (settle) await this.store.settleCard(card.channel, card.ts);
      } catch (e) {
        this.logger.warn(`卡片更新失败 / chat.update ${card.channel}/${card.ts} failed`, e);
      }
    }
  }
}
