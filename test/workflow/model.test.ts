/**
 * The service follows the machine: every shortest path of the approval machine (over the events the service
 * exposes) is replayed through the real service on SQLite, and after each step the stored proposal is in the
 * state the machine predicts (state, step, approvals so far).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getShortestPaths } from "xstate/graph";
import { approvalMachine, type ApprovalEvent, type ApprovalSnapshot } from "../../flows/approval.machine.js";
import { parseRouting } from "../../flows/routing.js";
import type { Database } from "../../src/store/index.js";
import { createWorkflowService, type WorkflowService } from "../../src/workflow/service.js";
import { makeStore, proposal, simplePrereview, trustFor, type StoreHandle } from "./harness.js";

const routing = parseRouting({
  steps: [
    { name: "科室审核", mode: "any", approvers: ["A", "B"] },
    { name: "分管领导", mode: "all", approvers: ["C", "D"] },
  ],
  reminderAfterMinutes: 60,
  escalateAfterMinutes: 120,
  escalateTo: ["E"],
});
const STEPS = routing.steps.map((s) => ({ name: s.name, mode: s.mode, approvers: s.approvers }));
const at = "2026-03-02T01:00:00.000Z";

function events(): ApprovalEvent[] {
  const out: ApprovalEvent[] = [
    { type: "SUBMIT", actor: "S", at, outcome: "ready", steps: STEPS },
    { type: "SUBMIT", actor: "S", at, outcome: "blocked", steps: STEPS },
    { type: "RESUBMIT", actor: "S", at, outcome: "ready_with_warnings", steps: STEPS },
    { type: "RESUBMIT", actor: "S", at, outcome: "blocked", steps: STEPS },
    { type: "WITHDRAW", actor: "S", at, reason: "调整" },
    { type: "TRANSFER", actor: "A", at, to: "T" },
    { type: "TRANSFER", actor: "C", at, to: "T" },
  ];
  for (const p of ["A", "B", "C", "D", "T"]) {
    out.push({ type: "APPROVE", actor: p, at });
    out.push({ type: "REJECT", actor: p, at, reason: "不符合规定" });
    out.push({ type: "REQUEST_CHANGES", actor: p, at, reason: "补充材料" });
  }
  return out;
}

const key = (s: ApprovalSnapshot) =>
  JSON.stringify({ v: s.value, i: s.context.stepIndex, d: [...s.context.decided].sort(), a: s.context.steps[s.context.stepIndex]?.approvers ?? [] });

describe("service ≡ machine (model-based, SQLite)", () => {
  let store: StoreHandle;
  let db: Database;
  let wf: WorkflowService;
  beforeAll(async () => {
    store = await makeStore("sqlite");
    db = await store.open();
    wf = createWorkflowService({ db, routing, prereview: simplePrereview, audit: await trustFor(store, db) });
  });
  afterAll(async () => {
    await wf.close();
    await store.cleanup();
  });

  const paths = getShortestPaths(approvalMachine, {
    input: { proposalId: "P", submitter: "S" },
    events,
    serializeState: key,
  }).map((p) => ({ ...p, steps: p.steps.filter((s) => !s.event.type.startsWith("xstate.")) }));

  it("covers every state", () => {
    expect(new Set(paths.map((p) => p.state.value))).toEqual(new Set(["draft", "blocked", "pending", "changes_requested", "approved", "rejected", "withdrawn"]));
  });

  it.each(paths.filter((p) => p.steps.length > 0).map((p) => [p.steps.map((s) => `${s.event.type}:${s.event.actor}`).join(" → "), p] as const))(
    "%s",
    async (_name, path) => {
      let id = "";
      for (const { event, state } of path.steps) {
        let r: { ok: boolean; state?: string } & Record<string, unknown>;
        const p = (outcome: string) => proposal({ arranged: outcome !== "blocked", performanceTargets: outcome === "ready_with_warnings" ? "" : "满意度≥90%" });
        switch (event.type) {
          case "SUBMIT": {
            const s = await wf.submit(p(event.outcome), event.actor);
            id = s.id;
            r = { ok: true, state: s.state };
            break;
          }
          case "RESUBMIT":
            r = await wf.resubmit(id, p(event.outcome), event.actor);
            break;
          case "APPROVE":
            r = await wf.decide(id, "approve", event.actor);
            break;
          case "REJECT":
            r = await wf.decide(id, "reject", event.actor, { reason: event.reason });
            break;
          case "REQUEST_CHANGES":
            r = await wf.decide(id, "request_changes", event.actor, { reason: event.reason });
            break;
          case "WITHDRAW":
            r = await wf.decide(id, "withdraw", event.actor, { reason: event.reason });
            break;
          case "TRANSFER":
            r = await wf.decide(id, "transfer", event.actor, { to: event.to });
            break;
          default:
            throw new Error(`unmapped ${event.type}`);
        }
        expect(r, JSON.stringify(r)).toMatchObject({ ok: true, state: state.value });
        const v = await wf.show(id);
        expect(v!.state).toBe(state.value);
        if (state.value === "pending")
          expect(v!.step).toMatchObject({ index: state.context.stepIndex, decided: state.context.decided, approvers: state.context.steps[state.context.stepIndex].approvers });
      }
    },
  );
});
