/** What every Slack listener is given: the cores, the Slack tables, settings, a logger. */
import type { Logger } from "@slack/bolt";
import type { Core } from "../core.js";
import type { KnowledgeAdmin } from "./knowledge-admin.js";
import type { ConversationStore } from "../store/conversations.js";
import type { SlackStore } from "./store.js";

export interface SlackDeps {
  core: Pick<Core, "knowledge" | "prereview" | "workflow">;
  store: SlackStore;
  /** Conversation turns (earlier questions, who asked in a thread), in the workflow's database. */
  conversations: ConversationStore;
  logger: Logger;
  streaming: boolean;
  /** knowledge-base admin: notice previews / imports, `/zhice-kb` (the file-sharing listener calls kb.previewNotice) */
  kb?: KnowledgeAdmin;
}
