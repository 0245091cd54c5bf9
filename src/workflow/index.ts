/** Opens the approval workflow on the configured store with the configured routing file. */
import { loadRouting, type Routing } from "../../flows/routing.js";
import type { Config } from "../config.js";
import { openDatabase, type Database } from "../store/index.js";
import { createWorkflowService, type Prereview, type WorkflowService } from "./service.js";

export * from "./service.js";
export type { Notification, NotificationKind, NotificationListener, StepView } from "./notifications.js";
export { ProposalValidationError, validateProposal } from "./proposal-errors.js";

export async function openWorkflow(
  config: Pick<Config, "dataDir" | "databaseUrl" | "routingFile">,
  deps: { prereview: Prereview; db?: Database; routing?: Routing; now?: () => Date; workerId?: string; pgSchema?: string },
): Promise<WorkflowService> {
  const routing = deps.routing ?? loadRouting(config.routingFile);
  const db = deps.db ?? (await openDatabase(config, { pgSchema: deps.pgSchema }));
  return createWorkflowService({ db, routing, prereview: deps.prereview, now: deps.now, workerId: deps.workerId, ownsDb: !deps.db });
}
