/**
 * Errors a user can act on, shared by `npm start` and the zhice verbs: one bilingual line and an exit code,
 * never a stack trace. Anything else is a bug and keeps its stack.
 */
import { RoutingError } from "../../flows/routing.js";
import { SnapshotVersionError } from "../../flows/approval.machine.js";
import { AuditKeyError } from "../audit/trust.js";
import { ConfigError } from "../config.js";
import { DataDirError } from "../store/data-dir.js";
import { StoreStateError } from "../store/marker.js";
import { UnreadableProposalError } from "../workflow/unreadable.js";

export function userFacingError(e: unknown): { message: string; exitCode: number } | null {
  if (e instanceof ConfigError) return { message: e.message, exitCode: 1 };
  if (e instanceof RoutingError) {
    const [head, ...problems] = e.message.split("\n");
    return { message: `${head} ${problems.map((p) => p.trim()).join("; ")}`, exitCode: 2 };
  }
  if (e instanceof DataDirError || e instanceof StoreStateError || e instanceof AuditKeyError)
    return { message: e.message, exitCode: 2 };
  if (e instanceof SnapshotVersionError || e instanceof UnreadableProposalError) return { message: e.message, exitCode: 1 };
  return null;
}
