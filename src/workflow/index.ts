/** Opens the approval workflow on the configured store with the configured routing file and audit key. */
import { loadRouting, type Routing } from "../../flows/routing.js";
import { openAuditTrust } from "../audit/checkpoint-writer.js";
import type { Config } from "../config.js";
import { openDatabase, type Database } from "../store/index.js";
import { createWorkflowService, type Prereview, type WorkflowService } from "./service.js";

export * from "./service.js";
export type { Notification, NotificationKind, NotificationListener, StepView } from "./notifications.js";
export { ProposalValidationError, validateProposal } from "./proposal-errors.js";
export { UnreadableProposalError } from "./unreadable.js";

export async function openWorkflow(
  config: Pick<Config, "dataDir" | "databaseUrl" | "routingFile" | "auditKey" | "production">,
  deps: {
    prereview: Prereview;
    db?: Database;
    routing?: Routing;
    now?: () => Date;
    workerId?: string;
    pgSchema?: string;
    /** audit verify: open a store that disagrees with its marker, to report what is wrong. */
    inspect?: boolean;
  },
): Promise<WorkflowService> {
  const routing = deps.routing ?? loadRouting(config.routingFile);
  const db = deps.db ?? (await openDatabase(config, { pgSchema: deps.pgSchema }));
  try {
    const audit = await openAuditTrust(config, db, { inspect: deps.inspect });
    return createWorkflowService({ db, routing, prereview: deps.prereview, audit, now: deps.now, workerId: deps.workerId, ownsDb: !deps.db });
  } catch (e) {
    if (!deps.db) await db.close();
    throw e;
  }
}
