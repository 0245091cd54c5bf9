/**
 * The three cores wired together for the faces (CLI verbs that need more than one core, local mode, Slack).
 * Faces call core.knowledge.ask(q), core.prereview(p), core.workflow.*; they never reach below.
 */
import type { Config } from "./config.js";
import { openKnowledge, type Knowledge } from "./knowledge/index.js";
import { createPrereviewer } from "./prereview/index.js";
import type { Proposal, Checklist } from "./prereview/schema.js";
import { openWorkflow, type WorkflowService } from "./workflow/index.js";

export interface Core {
  config: Config;
  knowledge: Knowledge;
  prereview(proposal: Proposal): Promise<Checklist>;
  workflow: WorkflowService;
  close(): Promise<void>;
}

export async function createCore(config: Config, opts: { quiet?: boolean } = {}): Promise<Core> {
  const knowledge = await openKnowledge(config, { autoIngest: true, quiet: opts.quiet ?? true });
  const prereview = createPrereviewer(knowledge, config);
  const workflow = await openWorkflow(config, { prereview });
  return {
    config,
    knowledge,
    prereview,
    workflow,
    async close() {
      await workflow.close();
      await knowledge.close();
    },
  };
}
