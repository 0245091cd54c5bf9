/**
 * The agent experience (agent_view, the default for new Slack apps): when the user opens the app's Messages tab,
 * suggested prompts are set for the conversation — without thread_ts, which agent apps must not pass. Their questions
 * arrive as message.im and are answered by listeners/messages.ts with a status and streaming. Apps installed with
 * the legacy assistant_view keep the assistant container (listeners/assistant.ts).
 */
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../deps.js";
import { PROMPTS_TITLE, SUGGESTED_PROMPTS } from "../prompts.js";

export function registerAgent(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, client }) => {
    if (event.tab !== "messages") return;
    await client.assistant.threads
      .setSuggestedPrompts({ channel_id: event.channel, title: PROMPTS_TITLE, prompts: SUGGESTED_PROMPTS })
      .catch((e: unknown) => deps.logger.warn("setSuggestedPrompts failed; the Messages tab opens without suggestions", e));
  });
}
