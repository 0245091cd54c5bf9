import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canonicalJson, verifyAudit } from "../../src/audit/index.js";
import type { Database } from "../../src/store/index.js";
import { createWorkflowService, type WorkflowService } from "../../src/workflow/service.js";
import { ROUTING, STORES, makeStore, proposal, simplePrereview, type StoreHandle } from "../workflow/harness.js";

/** What someone with raw database access would do first: switch the append-only protection off. */
async function bypassProtection(db: Database) {
  if (db.dialect === "sqlite") {
    await db.exec("DROP TRIGGER audit_log_no_update");
    await db.exec("DROP TRIGGER audit_log_no_delete");
  } else await db.exec("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change");
}

describe.each(STORES)("audit trail on %s", (kind) => {
  let store: StoreHandle;
  let db: Database;
  let wf: WorkflowService;
  beforeEach(async () => {
    store = await makeStore(kind);
    db = await store.open();
    wf = createWorkflowService({ db, routing: ROUTING, prereview: simplePrereview });
    const { id } = await wf.submit(proposal(), "U_CLERK");
    await wf.decide(id, "approve", "U_CLERK"); // refused, audited
    await wf.decide(id, "approve", "U_REV1");
    await wf.decide(id, "reject", "U_HEAD", { reason: "预算依据不足" });
  });
  afterEach(async () => {
    await wf.close();
    await store.cleanup();
  });

  it("records every event with actor, time, payload and the previous hash; verify passes", async () => {
    const rows = JSON.parse(await wf.exportAudit("json")) as { id: number; actor: string; kind: string; at: string; prevHash: string; hash: string; payload: unknown }[];
    expect(rows.map((r) => [r.kind, r.actor])).toEqual([
      ["submit", "U_CLERK"],
      ["refused", "U_CLERK"],
      ["approve", "U_REV1"],
      ["reject", "U_HEAD"],
    ]);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
    expect(rows[3].payload).toMatchObject({ event: { reason: "预算依据不足" }, to: "rejected" });
    expect(await verifyAudit(db)).toMatchObject({ ok: true, entries: 4 });
  });

  it("the table refuses UPDATE and DELETE", async () => {
    await expect(db.exec("UPDATE audit_log SET actor = 'X' WHERE id = 2")).rejects.toThrow(/append-only/);
    await expect(db.exec("DELETE FROM audit_log WHERE id = 2")).rejects.toThrow(/append-only/);
  });

  it("verify names the first edited entry", async () => {
    await bypassProtection(db);
    await db.exec("UPDATE audit_log SET payload = ? WHERE id = 3", [JSON.stringify({ event: { type: "APPROVE", actor: "U_MALLORY" } })]);
    expect(await verifyAudit(db)).toMatchObject({ ok: false, badId: 3, problem: "edited", messageEn: "audit entry #3 was edited (hash mismatch)" });
  });

  it("verify detects a deleted entry in the middle and at the end", async () => {
    await bypassProtection(db);
    await db.exec("DELETE FROM audit_log WHERE id = 2");
    expect(await verifyAudit(db)).toMatchObject({ ok: false, badId: 2, problem: "deleted" });
  });

  it("verify detects the newest entry deleted (the head remembers it)", async () => {
    await bypassProtection(db);
    await db.exec("DELETE FROM audit_log WHERE id = 4");
    const r = await verifyAudit(db);
    expect(r).toMatchObject({ ok: false, badId: 4, problem: "deleted" });
    if (!r.ok) expect(r.messageZh).toMatch(/#4/);
  });

  it("exports CSV with a header and one row per entry, quoting commas and quotes", async () => {
    const csv = await wf.exportAudit("csv");
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("id,at,actor,kind,proposal_id,payload,prev_hash,hash");
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(/^4,[^,]+,U_HEAD,reject,GP-/);
    expect(lines[4]).toContain('""reason"":""预算依据不足""');
  });
});

describe("canonical JSON", () => {
  it("sorts keys at every level so the hash does not depend on key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });
});
