/** App Home: published when the user opens the tab, and again after they act from it. */
import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ProposalView } from "../blocks/approval.js";
import { homeView } from "../blocks/home.js";
import type { SlackDeps } from "../deps.js";

/** Who sees the counts over every proposal: the approvers, escalation users and 抄送 of the routing file. */
export function seesAllCounts(routing: SlackDeps["core"]["workflow"]["routing"], userId: string): boolean {
  return [...routing.steps.flatMap((s) => s.approvers), ...routing.escalateTo, ...routing.cc].includes(userId);
}

export async function homeData(workflow: SlackDeps["core"]["workflow"], userId: string) {
  const overseer = seesAllCounts(workflow.routing, userId);
  const [mineList, queueList, all] = await Promise.all([
    workflow.list({ submitter: userId, limit: 20 }),
    workflow.list({ approver: userId, limit: 20 }),
    overseer ? workflow.list({ limit: 1000 }) : Promise.resolve(null),
  ]);
  const views = async (ids: string[]) => (await Promise.all(ids.map((id) => workflow.show(id)))).filter((v): v is NonNullable<typeof v> => !!v) as ProposalView[];
  const [mine, queue] = await Promise.all([views(mineList.map((p) => p.id)), views(queueList.map((p) => p.id))]);
  const count = (s: string) => (all ?? []).filter((p) => p.state === s).length;
  const counts = all ? { pending: count("pending"), approved: count("approved"), rejected: count("rejected"), total: all.length } : null;
  return { userId, mine, queue, counts };
}

/** Publishes for one user run one after another, each reading fresh data, so the last one shown is never stale. */
const publishing = new Map<string, Promise<void>>();

export function publishHome(deps: SlackDeps, client: WebClient, userId: string): Promise<void> {
  const previous = publishing.get(userId) ?? Promise.resolve();
  const next = previous
    .catch(() => undefined)
    .then(async () => {
      const data = await homeData(deps.core.workflow, userId);
      await client.views.publish({ user_id: userId, view: homeView(data) });
    });
  publishing.set(userId, next);
  void next
    .catch(() => undefined)
    .finally(() => {
      if (publishing.get(userId) === next) publishing.delete(userId);
    });
  return next;
}

export function registerHome(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, client }) => {
    if (event.tab && event.tab !== "home") return;
    await publishHome(deps, client, event.user).catch((e) => deps.logger.error("views.publish failed", e));
  });
}
