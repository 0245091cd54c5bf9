import { describe, expect, it } from "vitest";
import { getShortestPaths, getSimplePaths } from "xstate/graph";
import {
  approvalMachine,
  migrateSnapshot,
  refusalOf,
  SnapshotVersionError,
  MACHINE_VERSION,
  type ApprovalEvent,
  type ApprovalSnapshot,
} from "../../flows/approval.machine.js";
import { parseRouting, routeSteps, RoutingError, loadRouting } from "../../flows/routing.js";
import type { RoutedStep } from "../../flows/routing.js";
import path from "node:path";
import { projectRoot } from "../../src/config.js";

const at = "2026-03-02T01:00:00.000Z";
const STEPS: RoutedStep[] = [
  { name: "科室审核", mode: "any", approvers: ["A", "B"] },
  { name: "分管领导", mode: "all", approvers: ["C", "D"] },
];
const input = { proposalId: "P1", submitter: "S", cc: ["CC"] };

/** Every event any actor could send, in every state (including ones the guards must refuse). */
function events(): ApprovalEvent[] {
  const people = ["S", "A", "B", "C", "D", "E", "X"];
  const out: ApprovalEvent[] = [
    { type: "SUBMIT", actor: "S", at, outcome: "ready", steps: STEPS },
    { type: "SUBMIT", actor: "S", at, outcome: "blocked", steps: STEPS },
    { type: "SUBMIT", actor: "X", at, outcome: "ready", steps: STEPS },
    { type: "RESUBMIT", actor: "S", at, outcome: "ready_with_warnings", steps: STEPS },
    { type: "RESUBMIT", actor: "A", at, outcome: "ready", steps: STEPS },
    { type: "ESCALATE", actor: "system:scheduler", at, users: ["E", "S"] },
    { type: "ESCALATE", actor: "A", at, users: ["E"] },
    { type: "REMIND", actor: "S", at },
    { type: "REMIND", actor: "X", at },
    { type: "TRANSFER", actor: "A", at, to: "T" },
    { type: "TRANSFER", actor: "A", at, to: "S" },
    { type: "TRANSFER", actor: "C", at, to: "D" },
    { type: "APPROVE", actor: "", at },
  ];
  for (const p of people) {
    out.push({ type: "APPROVE", actor: p, at });
    out.push({ type: "REJECT", actor: p, at, reason: "不符合规定" });
    out.push({ type: "REJECT", actor: p, at });
    out.push({ type: "REQUEST_CHANGES", actor: p, at, reason: "补充材料" });
    out.push({ type: "WITHDRAW", actor: p, at });
  }
  return out;
}

const serializeState = (s: ApprovalSnapshot) =>
  JSON.stringify({
    v: s.value,
    i: s.context.stepIndex,
    d: [...s.context.decided].sort(),
    e: [...s.context.escalatedTo].sort(),
    a: s.context.steps[s.context.stepIndex]?.approvers ?? [],
    o: s.context.outcome,
  });

const traversal = { input, events, serializeState };

function checkInvariants(s: ApprovalSnapshot) {
  const c = s.context;
  // The submitter never approves, never is an approver of the current step.
  expect(c.history.filter((h) => h.type === "approve").map((h) => h.actor)).not.toContain("S");
  expect(c.decided).not.toContain("S");
  expect(c.steps[c.stepIndex]?.approvers ?? []).not.toContain("S");
  expect(c.escalatedTo).not.toContain("S");
  // Every entry has an actor; reject / request changes carry a reason.
  for (const h of c.history) {
    expect(h.actor).toBeTruthy();
    if (h.type === "reject" || h.type === "request_changes") expect(h.reason).toBeTruthy();
  }
  // Approved only when every step of the last round completed.
  if (s.value === "approved") {
    const lastRound = c.history.slice(c.history.map((h) => h.type).lastIndexOf(c.round > 1 ? "resubmit" : "submit"));
    expect(lastRound.filter((h) => h.type === "step_completed").map((h) => h.step)).toEqual(c.steps.map((_, i) => i));
  }
}

describe("approval machine (model-based)", () => {
  const shortest = getShortestPaths(approvalMachine, traversal);

  it("reaches every state of the workflow", () => {
    const reached = new Set(shortest.map((p) => String(p.state.value)));
    for (const s of ["draft", "blocked", "pending", "changes_requested", "approved", "rejected", "withdrawn"]) expect(reached).toContain(s);
    expect(reached).not.toContain("prechecked"); // transient: resolved to blocked or pending in the same step
  });

  it("holds the invariants on every shortest path, and refusalOf agrees with the guards everywhere", () => {
    for (const path of shortest) {
      for (const step of path.steps) checkInvariants(step.state);
      checkInvariants(path.state);
      for (const e of events()) {
        const refused = refusalOf(path.state, e);
        expect(refused === null, `${serializeState(path.state)} ${JSON.stringify(e)} → ${JSON.stringify(refused)}`).toBe(path.state.can(e));
      }
    }
    expect(shortest.length).toBeGreaterThan(10);
  });

  it("every simple path to approved passes both steps, with both 会签 approvers, and never the submitter", () => {
    const toApproved = getSimplePaths(approvalMachine, {
      ...traversal,
      // a smaller alphabet keeps simple paths enumerable
      events: () => events().filter((e) => ["SUBMIT", "APPROVE", "TRANSFER"].includes(e.type)),
      toState: (s) => s.value === "approved",
    });
    expect(toApproved.length).toBeGreaterThan(3);
    for (const p of toApproved) {
      expect(p.state.value).toBe("approved");
      const approvals = p.state.context.history.filter((h) => h.type === "approve");
      const step1 = approvals.filter((h) => h.step === 1).map((h) => h.actor).sort();
      expect(step1).toEqual([...p.state.context.steps[1].approvers].sort());
      expect(approvals.filter((h) => h.step === 0)).toHaveLength(1);
      checkInvariants(p.state);
    }
  });

  it("request changes → resubmit restarts the chain at step 0 with no approvals", () => {
    const paths = getShortestPaths(approvalMachine, {
      ...traversal,
      toState: (s) => s.value === "pending" && s.context.round === 2,
      serializeState: (s) => serializeState(s) + s.context.round,
    });
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) {
      expect(p.state.context.stepIndex).toBe(0);
      expect(p.state.context.decided).toEqual([]);
      expect(p.steps.map((s) => s.event.type)).toContain("RESUBMIT");
    }
  });
});

describe("snapshot versions", () => {
  it("migrates version 1 and refuses versions it does not know", () => {
    const v1 = { value: "pending", context: { proposalId: "P", submitter: "S", round: 1, outcome: "ready", steps: STEPS, stepIndex: 0, approvedBy: ["A"] } };
    const m = migrateSnapshot(v1, 1) as unknown as { context: Record<string, unknown> };
    expect(m.context.decided).toEqual(["A"]);
    expect(m.context.approvedBy).toBeUndefined();
    expect(() => migrateSnapshot(v1, 0)).toThrow(SnapshotVersionError);
    expect(() => migrateSnapshot(v1, MACHINE_VERSION + 1)).toThrow(/approval snapshot version 3 cannot be loaded/);
  });
});

describe("routing", () => {
  it("the default routing file is valid and routes by amount", () => {
    const r = loadRouting(path.join(projectRoot, "flows", "routing.default.json"));
    expect(routeSteps(r, 100_000, "U_CLERK").map((s) => s.name)).toEqual(["科室审核"]);
    expect(routeSteps(r, 600_000, "U_CLERK").map((s) => s.mode)).toEqual(["any", "all"]);
  });

  it("removes the submitter from every step (separation of duties), falling back to escalation users", () => {
    const r = parseRouting({ steps: [{ name: "a", mode: "all", approvers: ["S"] }], reminderAfterMinutes: 1, escalateAfterMinutes: 2, escalateTo: ["E"] });
    expect(routeSteps(r, 1, "S")).toEqual([{ name: "a", mode: "all", approvers: ["E"] }]);
    const lonely = parseRouting({ steps: [{ name: "a", mode: "any", approvers: ["S"] }], reminderAfterMinutes: 1, escalateAfterMinutes: 2 });
    expect(() => routeSteps(lonely, 1, "S")).toThrow(RoutingError);
  });

  it("an invalid routing file names the field", () => {
    const bad = { steps: [{ name: "a", mode: "some", approvers: [] }], reminderAfterMinutes: 10, escalateAfterMinutes: 5 };
    const e = (() => {
      try {
        parseRouting(bad, "r.json");
      } catch (err) {
        return err as RoutingError;
      }
    })();
    expect(e).toBeInstanceOf(RoutingError);
    expect(e!.message).toMatch(/steps\[0\]\.mode: .*mode must be "any" or "all"/);
    expect(e!.message).toMatch(/steps\[0\]\.approvers: 每个步骤至少需要一名审批人/);
    const ok = { steps: [{ name: "a", mode: "any", approvers: ["A"] }], reminderAfterMinutes: 10, escalateAfterMinutes: 5 };
    expect(() => parseRouting(ok, "r.json")).toThrow(/escalateAfterMinutes: .*must be greater than reminderAfterMinutes/);
    const conditional = { ...ok, escalateAfterMinutes: 20, steps: [{ ...ok.steps[0], condition: { minAmountYuan: 5 } }] };
    expect(() => parseRouting(conditional)).toThrow(/steps: 至少一个步骤不设条件/);
  });
});
