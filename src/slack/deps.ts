/** What every Slack listener is given: the cores, the Slack tables, settings, a logger. */
import type { Logger } from "@slack/bolt";
import type { Core } from "../core.js";
import type { NoticeIntake } from "./files/shared-files.js";
import type { SlackStore } from "./store.js";

export interface SlackDeps {
  core: Pick<Core, "knowledge" | "prereview" | "workflow">;
  store: SlackStore;
  logger: Logger;
  streaming: boolean;
  /** The knowledge base's notice import (knowledge admins), when wired in; shared notices go there. */
  kb?: NoticeIntake;
}
