/**
 * The three cores wired together for the faces (CLI verbs that need more than one core, local mode, Slack).
 * Faces call core.knowledge.ask(q), core.prereview(p), core.workflow.*; they never reach below.
 */
import type { Config } from "./config.js";
import { openKnowledge, type Knowledge } from "./knowledge/index.js";
import { createPrereviewer } from "./prereview/index.js";
import type { Proposal, Checklist } from "./prereview/schema.js";
import { openDatabase } from "./store/index.js";
import { openWorkflow, type WorkflowService } from "./workflow/index.js";

export interface Core {
  config: Config;
  knowledge: Knowledge;
  prereview(proposal: Proposal): Promise<Checklist>;
  workflow: WorkflowService;
  close(): Promise<void>;
}

export async function createCore(config: Config, opts: { quiet?: boolean } = {}): Promise<Core> {
  // one store for the clause store and the workflow (one SQLite connection per process: no lock waits between them)
  const db = await openDatabase(config);
  let knowledge: Knowledge;
  let workflow: WorkflowService;
  try {
    knowledge = await openKnowledge(config, { autoIngest: true, quiet: opts.quiet ?? true, db });
  } catch (e) {
    await db.close();
    throw e;
  }
  const prereview = createPrereviewer(knowledge, config);
  try {
    workflow = await openWorkflow(config, { prereview, db });
  } catch (e) {
    await knowledge.close();
    await db.close();
    throw e;
  }
  return {
    config,
    knowledge,
    prereview,
    workflow,
    async close() {
      await workflow.close();
      await knowledge.close();
      await db.close();
    },
  };
}
