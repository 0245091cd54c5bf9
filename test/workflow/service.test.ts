import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MACHINE_VERSION, SnapshotVersionError } from "../../flows/approval.machine.js";
import { createWorkflowService, type WorkflowService } from "../../src/workflow/service.js";
import { ProposalValidationError, type Notification } from "../../src/workflow/index.js";
import type { Database } from "../../src/store/index.js";
import { ROUTING, STORES, clock, makeStore, proposal, simplePrereview, trustFor, type StoreHandle } from "./harness.js";

describe.each(STORES)("workflow service on %s", (kind) => {
  let store: StoreHandle;
  let db: Database;
  let wf: WorkflowService;
  let notes: Notification[];
  let clk: ReturnType<typeof clock>;

  beforeEach(async () => {
    store = await makeStore(kind);
    db = await store.open();
    clk = clock();
    wf = createWorkflowService({ db, audit: await trustFor(store, db), routing: ROUTING, prereview: simplePrereview, now: clk.now, onError: () => undefined });
    notes = [];
    wf.onNotify((n) => void notes.push(n));
  });
  afterEach(async () => {
    await wf.close();
    await store.cleanup();
  });

  it("a blocked pre-check never enters approval and nobody can approve it", async () => {
    const r = await wf.submit(proposal({ arranged: false }), "U_CLERK");
    expect(r.state).toBe("blocked");
    expect(r.checklist.outcome).toBe("blocked");
    const d = await wf.decide(r.id, "approve", "U_REV1");
    expect(d).toMatchObject({ ok: false, code: "invalid" });
    expect((await wf.show(r.id))!.step).toBeNull();
    expect(notes.filter((n) => n.kind === "step_pending")).toHaveLength(0);
    expect(notes.find((n) => n.kind === "state_changed")?.recipients).toEqual(["U_CLERK"]);
  });

  it("routes by amount: small proposals pass one 或签 step, large ones also need 会签", async () => {
    const small = await wf.submit(proposal({ amountYuan: 100000 }), "U_CLERK");
    expect((await wf.show(small.id))!.steps.map((s) => s.name)).toEqual(["科室审核"]);
    expect(await wf.decide(small.id, "approve", "U_REV2")).toMatchObject({ ok: true, state: "approved" });

    const big = await wf.submit(proposal({ amountYuan: 800000 }), "U_CLERK");
    expect(notes.find((n) => n.kind === "step_pending" && n.proposalId === big.id)?.recipients).toEqual(["U_REV1", "U_REV2"]);
    expect(await wf.decide(big.id, "approve", "U_REV1")).toMatchObject({ ok: true, state: "pending", step: { index: 1, name: "分管领导" } });
    expect(await wf.decide(big.id, "approve", "U_HEAD")).toMatchObject({ ok: true, state: "pending", step: { index: 1, decided: ["U_HEAD"] } });
    const again = await wf.decide(big.id, "approve", "U_HEAD");
    expect(again).toMatchObject({ ok: false, code: "already_decided", decidedBy: "U_HEAD" });
    expect(await wf.decide(big.id, "approve", "U_DEPUTY")).toMatchObject({ ok: true, state: "approved" });
    const v = await wf.show(big.id);
    expect(v!.history.map((h) => [h.type, h.actor])).toEqual([
      ["submit", "U_CLERK"],
      ["approve", "U_REV1"],
      ["step_completed", "U_REV1"],
      ["approve", "U_HEAD"],
      ["approve", "U_DEPUTY"],
      ["step_completed", "U_DEPUTY"],
    ]);
    expect(notes.find((n) => n.kind === "cc" && n.proposalId === big.id)?.recipients).toEqual(["U_ARCHIVE"]);
    const done = notes.find((n) => n.kind === "state_changed" && n.proposalId === big.id && n.state === "approved");
    expect(done).toMatchObject({ action: "approve", actor: "U_DEPUTY", recipients: ["U_CLERK"] });
  });

  it("refuses with clear bilingual reasons, and audits every refusal", async () => {
    const { id } = await wf.submit(proposal(), "U_CLERK");
    const own = await wf.decide(id, "approve", "U_CLERK");
    expect(own).toMatchObject({ ok: false, code: "own_proposal" });
    if (!own.ok) expect(own.messageZh + own.messageEn).toMatch(/提交人.*submitter/);
    expect(await wf.decide(id, "approve", "U_STRANGER")).toMatchObject({ ok: false, code: "not_approver" });
    expect(await wf.decide(id, "reject", "U_REV1")).toMatchObject({ ok: false, code: "reason_required" });
    expect(await wf.decide(id, "reject", "U_REV1", { reason: "  " })).toMatchObject({ ok: false, code: "reason_required" });
    expect(await wf.decide(id, "withdraw", "U_REV1")).toMatchObject({ ok: false, code: "not_submitter" });
    expect(await wf.decide(id, "transfer", "U_REV1", { to: "U_CLERK" })).toMatchObject({ ok: false, code: "own_proposal" });
    expect(await wf.decide(id, "transfer", "U_REV1")).toMatchObject({ ok: false, code: "invalid" });
    expect(await wf.decide("GP-NOPE", "approve", "U_REV1")).toMatchObject({ ok: false, code: "not_found" });
    expect(await wf.decide(id, "approve", "")).toMatchObject({ ok: false, code: "invalid" });
    const unknown = await wf.decide(id, "bless", "U_REV1");
    expect(unknown).toMatchObject({ ok: false, code: "invalid" });
    if (!unknown.ok) expect(unknown.messageEn).toMatch(/unknown action/);
    const audit = JSON.parse(await wf.exportAudit("json")) as { kind: string; actor: string; payload: { code?: string } }[];
    const refused = audit.filter((a) => a.kind === "refused").map((a) => a.payload.code);
    expect(refused).toEqual(["own_proposal", "not_approver", "reason_required", "reason_required", "not_submitter", "own_proposal", "invalid", "not_found", "invalid", "invalid"]);
    expect((await wf.show(id))!.state).toBe("pending");
    expect((await wf.verifyAudit()).ok).toBe(true);
  });

  it("transfer hands the step over: the old approver can no longer act, the new one can", async () => {
    const { id } = await wf.submit(proposal({ amountYuan: 1000 }), "U_CLERK");
    expect(await wf.decide(id, "transfer", "U_REV1", { to: "U_REV3", reason: "出差" })).toMatchObject({ ok: true, state: "pending", step: { approvers: ["U_REV3", "U_REV2"] } });
    expect(notes.some((n) => n.kind === "step_pending" && n.recipients.includes("U_REV3"))).toBe(true);
    expect(await wf.decide(id, "approve", "U_REV1")).toMatchObject({ ok: false, code: "not_approver" });
    expect(await wf.decide(id, "approve", "U_REV3")).toMatchObject({ ok: true, state: "approved" });
  });

  it("request changes → resubmit re-runs the pre-check and restarts the chain", async () => {
    const { id } = await wf.submit(proposal(), "U_CLERK");
    await wf.decide(id, "approve", "U_REV1");
    expect(await wf.decide(id, "request_changes", "U_HEAD", { reason: "补充绩效目标" })).toMatchObject({ ok: true, state: "changes_requested" });
    expect(await wf.resubmit(id, proposal(), "U_OTHER")).toMatchObject({ ok: false, code: "not_submitter" });
    const blocked = await wf.resubmit(id, proposal({ arranged: false }), "U_CLERK");
    expect(blocked).toMatchObject({ ok: true, state: "blocked" });
    const again = await wf.resubmit(id, proposal({ amountYuan: 200000, title: "社区居家养老上门服务项目（修改稿）" }), "U_CLERK");
    expect(again).toMatchObject({ ok: true, state: "pending", step: { index: 0, name: "科室审核", decided: [] } });
    const v = await wf.show(id);
    expect(v!.round).toBe(3);
    expect(v!.title).toContain("修改稿");
    expect(v!.steps).toHaveLength(1);
    expect(await wf.decide(id, "approve", "U_REV2")).toMatchObject({ ok: true, state: "approved" });
  });

  it("withdraw by the submitter while pending; then nothing else applies", async () => {
    const { id } = await wf.submit(proposal(), "U_CLERK");
    expect(await wf.decide(id, "withdraw", "U_CLERK", { reason: "预算调整" })).toMatchObject({ ok: true, state: "withdrawn" });
    expect(await wf.decide(id, "approve", "U_REV1")).toMatchObject({ ok: false, code: "already_decided", decidedBy: "U_CLERK" });
    expect(await wf.list({ state: "withdrawn" })).toHaveLength(1);
  });

  it("list by approver shows only what waits for that user", async () => {
    const a = await wf.submit(proposal(), "U_CLERK");
    const b = await wf.submit(proposal({ amountYuan: 1000 }), "U_CLERK2");
    await wf.decide(a.id, "approve", "U_REV1");
    expect((await wf.list({ approver: "U_REV1" })).map((p) => p.id)).toEqual([b.id]);
    expect((await wf.list({ approver: "U_HEAD" })).map((p) => p.id)).toEqual([a.id]);
    expect((await wf.list({ submitter: "U_CLERK2" })).map((p) => p.id)).toEqual([b.id]);
  });

  it("50 concurrent approve attempts on one step → exactly one transition, 49 clear refusals", async () => {
    const { id } = await wf.submit(proposal(), "U_CLERK");
    const before = await wf.show(id);
    const attempts = Array.from({ length: 50 }, (_, i) =>
      wf.decide(id, "approve", i % 2 ? "U_REV1" : "U_REV2", i % 5 === 0 ? { expectedSeq: before!.seq } : {}),
    );
    const results = await Promise.all(attempts);
    const applied = results.filter((r) => r.ok);
    expect(applied).toHaveLength(1);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(49);
    for (const r of refused) {
      expect(r.ok ? "" : r.code).toBe("already_decided");
      if (!r.ok) expect(r.messageZh).toMatch(/已由 U_REV\d|你已在第 1 步审批/);
    }
    const v = await wf.show(id);
    expect(v!.history.filter((h) => h.type === "approve")).toHaveLength(1);
    expect(v!.step).toMatchObject({ index: 1 });
    expect(v!.seq).toBe(before!.seq + 1);
  });

  it("remind (催办) by the submitter notifies the approvers still waiting", async () => {
    const { id } = await wf.submit(proposal(), "U_CLERK");
    await wf.decide(id, "approve", "U_REV1");
    await wf.decide(id, "approve", "U_HEAD");
    notes.length = 0;
    expect(await wf.remind(id, "U_CLERK")).toMatchObject({ ok: true });
    expect(notes.find((n) => n.kind === "reminder")?.recipients).toEqual(["U_DEPUTY"]);
    expect(await wf.remind(id, "U_STRANGER")).toMatchObject({ ok: false, code: "not_submitter" });
  });

  it("remind is limited to once an hour per step, says when the next is possible, and counts the scheduler's reminder", async () => {
    const { id } = await wf.submit(proposal(), "U_CLERK"); // 2026-03-02 09:00 Beijing time; two steps
    expect(await wf.remind(id, "U_CLERK")).toMatchObject({ ok: true });
    clk.advanceMinutes(59);
    notes.length = 0;
    const again = await wf.remind(id, "U_CLERK");
    expect(again).toMatchObject({ ok: false, code: "too_soon" });
    expect(again.ok ? "" : again.messageZh).toBe("该步骤刚催办过，请勿重复催办；下次可催办时间：2026-03-02 10:00（北京时间）");
    expect(again.ok ? "" : again.messageEn).toBe("this step was reminded recently; the next reminder is possible at 2026-03-02 10:00 Beijing time");
    expect(notes.filter((n) => n.kind === "reminder")).toHaveLength(0); // the approvers are not reminded again
    clk.advanceMinutes(1);
    expect(await wf.remind(id, "U_CLERK")).toMatchObject({ ok: true });
    // a stranger still hears that only the submitter may remind, not when to try again
    expect(await wf.remind(id, "U_STRANGER")).toMatchObject({ ok: false, code: "not_submitter" });
    // the scheduler's reminder (due after ROUTING.reminderAfterMinutes) counts as well
    clk.advanceMinutes(ROUTING.reminderAfterMinutes);
    await wf.runDueJobs(clk.now());
    expect(await wf.remind(id, "U_CLERK")).toMatchObject({ ok: false, code: "too_soon" });
    // a new step may be reminded at once
    expect(await wf.decide(id, "approve", "U_REV1")).toMatchObject({ ok: true, state: "pending", step: { index: 1 } });
    expect(await wf.remind(id, "U_CLERK")).toMatchObject({ ok: true });
  });

  it("scheduler: due reminder and escalation fire exactly once; escalation lets the director decide", async () => {
    const { id } = await wf.submit(proposal({ amountYuan: 1000 }), "U_CLERK");
    expect((await wf.runDueJobs(clk.now())).fired).toHaveLength(0);
    clk.advanceMinutes(61);
    const first = await wf.runDueJobs(clk.now());
    expect(first.fired.map((f) => f.kind)).toEqual(["reminder"]);
    expect((await wf.runDueJobs(clk.now())).fired).toHaveLength(0);
    expect(notes.find((n) => n.kind === "reminder")?.recipients).toEqual(["U_REV1", "U_REV2"]);
    clk.advanceMinutes(200);
    expect((await wf.runDueJobs(clk.now())).fired.map((f) => f.kind)).toEqual(["escalation"]);
    expect(notes.find((n) => n.kind === "escalation")?.recipients).toEqual(["U_DIRECTOR"]);
    expect(await wf.decide(id, "approve", "U_DIRECTOR")).toMatchObject({ ok: true, state: "approved" });
    clk.advanceMinutes(10_000);
    expect((await wf.runDueJobs(clk.now())).fired).toHaveLength(0);
    const audit = JSON.parse(await wf.exportAudit("json", { proposalId: id })) as { kind: string }[];
    expect(audit.filter((a) => a.kind === "reminder")).toHaveLength(1);
    expect(audit.filter((a) => a.kind === "escalation")).toHaveLength(1);
  });

  it("jobs of a finished step never fire", async () => {
    const { id } = await wf.submit(proposal({ amountYuan: 1000 }), "U_CLERK");
    await wf.decide(id, "approve", "U_REV1");
    clk.advanceMinutes(1000);
    const r = await wf.runDueJobs(clk.now());
    expect(r.fired).toHaveLength(0);
  });

  it("invalid proposal input names every bad field in Chinese and English", async () => {
    const bad = { ...proposal(), budget: { amountYuan: -5, arranged: "yes" }, procurementMethod: "bribery", title: "" };
    const err = await wf.submit(bad, "U_CLERK").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProposalValidationError);
    const lines = (err as ProposalValidationError).lines.join("\n");
    expect(lines).toMatch(/budget\.amountYuan: 预算金额.*非负数 \/ budget\.amountYuan must be ≥ 0/);
    expect(lines).toMatch(/budget\.arranged: .*\/ budget\.arranged must be true or false/);
    expect(lines).toMatch(/procurementMethod: 采购方式.*\/ procurementMethod must be one of/);
    expect(lines).toMatch(/title: 项目名称.*不能为空 \/ title must not be empty/);
    expect(await wf.list()).toHaveLength(0);
  });

  it("an older snapshot version is migrated; an unknown one fails loudly", async () => {
    const { id } = await wf.submit(proposal({ amountYuan: 1000 }), "U_CLERK");
    const rows = await db.query<{ snapshot: string }>("SELECT snapshot FROM proposals WHERE id = ?", [id]);
    const snap = JSON.parse(rows[0].snapshot) as { context: Record<string, unknown> };
    // Rewrite it as version 1 wrote it (approvals as approvedBy, no escalation / cc / lastDecision / stepEntry).
    const v1 = { ...snap, context: { ...snap.context, approvedBy: [] } as Record<string, unknown> };
    for (const k of ["decided", "escalatedTo", "cc", "lastDecision", "stepEntry"]) delete v1.context[k];
    await db.exec("UPDATE proposals SET snapshot = ?, machine_version = 1 WHERE id = ?", [JSON.stringify(v1), id]);
    expect((await wf.show(id))!.state).toBe("pending");
    expect(await wf.decide(id, "approve", "U_REV1")).toMatchObject({ ok: true, state: "approved" });
    const stored = await db.query<{ machine_version: number }>("SELECT machine_version FROM proposals WHERE id = ?", [id]);
    expect(Number(stored[0].machine_version)).toBe(MACHINE_VERSION);

    const other = await wf.submit(proposal({ amountYuan: 1000 }), "U_CLERK");
    await db.exec("UPDATE proposals SET machine_version = 99 WHERE id = ?", [other.id]);
    await expect(wf.decide(other.id, "approve", "U_REV1")).rejects.toBeInstanceOf(SnapshotVersionError);
    await expect(wf.show(other.id)).rejects.toThrow(/version 99/);
    // It neither hides the other proposals nor blocks the scheduler.
    expect((await wf.list()).map((p) => p.id)).toContain(other.id);
    clk.advanceMinutes(1000);
    expect((await wf.runDueJobs(clk.now())).fired).toEqual([]);
    const jobs = await db.query<{ outcome: string }>("SELECT outcome FROM jobs WHERE proposal_id = ?", [other.id]);
    expect(jobs.map((j) => j.outcome)).toEqual(["failed:SnapshotVersionError", "failed:SnapshotVersionError"]);
  });

  it("a proposal whose snapshot is not valid JSON is skipped and named: the other due reminders fire, list shows it unreadable", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await wf.submit(proposal({ amountYuan: 1000 }), `U_C${i}`)).id);
    const [good] = await db.query<{ snapshot: string }>("SELECT snapshot FROM proposals WHERE id = ?", [ids[2]]);
    await db.exec("UPDATE proposals SET snapshot = ? WHERE id = ?", ['{"value":"pending","context":{', ids[2]]);
    clk.advanceMinutes(61);
    const run = await wf.runDueJobs(clk.now());
    expect(run.fired.map((f) => f.proposalId).sort()).toEqual(ids.filter((x) => x !== ids[2]).sort());
    expect(run.skipped).toEqual([expect.objectContaining({ proposalId: ids[2], messageEn: expect.stringMatching(/proposal .* cannot be read \(snapshot is not valid JSON\)/) })]);
    const list = await wf.list();
    expect(list).toHaveLength(5);
    expect(list.find((p) => p.id === ids[2])).toMatchObject({ unreadable: { messageZh: expect.stringMatching(/无法读取/) } });
    expect(list.filter((p) => p.unreadable)).toHaveLength(1);
    expect((await wf.list({ approver: "U_REV1" })).map((p) => p.id)).not.toContain(ids[2]);
    await expect(wf.show(ids[2])).rejects.toThrow(/cannot be read/);
    // Repaired, its reminder fires (it was left open, not lost).
    await db.exec("UPDATE proposals SET snapshot = ? WHERE id = ?", [good.snapshot.replace(/"proposalId":"[^"]+"/, `"proposalId":"${ids[2]}"`), ids[2]]);
    expect((await wf.runDueJobs(clk.now())).fired.map((f) => f.proposalId)).toEqual([ids[2]]);
  });

  it("submit with an idempotency key: five identical submits at once make one proposal; another key makes another", async () => {
    const runs = await Promise.all(Array.from({ length: 5 }, () => wf.submit(proposal({ amountYuan: 1000 }), "U_CLERK", { key: "draft-42" })));
    expect(new Set(runs.map((r) => r.id)).size).toBe(1);
    expect(runs.every((r) => r.state === "pending" && r.checklist.outcome === "ready")).toBe(true);
    const again = await wf.submit(proposal({ amountYuan: 1000 }), "U_CLERK", { key: "draft-42" });
    expect(again.id).toBe(runs[0].id);
    const other = await wf.submit(proposal({ amountYuan: 1000 }), "U_CLERK", { key: "draft-43" });
    const byOther = await wf.submit(proposal({ amountYuan: 1000 }), "U_CLERK2", { key: "draft-42" });
    expect(new Set([runs[0].id, other.id, byOther.id]).size).toBe(3);
    expect(await wf.list()).toHaveLength(3);
    const submits = (JSON.parse(await wf.exportAudit("json")) as { kind: string }[]).filter((a) => a.kind === "submit");
    expect(submits).toHaveLength(3);
    expect((await wf.verifyAudit()).ok).toBe(true);
  });

  it("notifications queued by a process without listeners (the CLI) reach a process that has them", async () => {
    const cli = createWorkflowService({ db, audit: await trustFor(store, db), routing: ROUTING, prereview: simplePrereview, now: clk.now, ownsDb: false });
    const { id } = await cli.submit(proposal({ amountYuan: 1000 }), "U_CLERK");
    await cli.decide(id, "approve", "U_REV1");
    notes.length = 0;
    expect(await wf.deliverPendingNotifications()).toBeGreaterThanOrEqual(2);
    expect(notes.map((n) => n.kind)).toEqual(expect.arrayContaining(["step_pending", "decided", "state_changed", "cc"]));
    expect(new Set(notes.map((n) => n.id)).size).toBe(notes.length);
    expect(await wf.deliverPendingNotifications()).toBe(0);
  });

  it("startScheduler fires due jobs in the background; close() waits for a tick in flight", async () => {
    const errors: unknown[] = [];
    const bg = createWorkflowService({ db, audit: await trustFor(store, db), routing: ROUTING, prereview: simplePrereview, now: clk.now, ownsDb: false, onError: (e) => void errors.push(e) });
    const got: Notification[] = [];
    bg.onNotify((n) => void got.push(n));
    for (let i = 0; i < 5; i++) await bg.submit(proposal({ amountYuan: 1000 }), `U_C${i}`);
    clk.advanceMinutes(61);
    bg.startScheduler(5);
    for (let i = 0; i < 200 && got.filter((n) => n.kind === "reminder").length < 5; i++) await new Promise((r) => setTimeout(r, 10));
    await bg.close();
    expect(got.filter((n) => n.kind === "reminder")).toHaveLength(5);
    expect(errors).toEqual([]);
  });
});
