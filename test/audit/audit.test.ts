import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditKeyError, canonicalJson, hashEntry, openAuditTrust, resolveAuditKey, verifyAudit, type AuditTrust, type VerifyResult } from "../../src/audit/index.js";
import { repository, type Database } from "../../src/store/index.js";
import { createWorkflowService, type WorkflowService } from "../../src/workflow/service.js";
import { ROUTING, STORES, TEST_AUDIT_KEY, makeStore, proposal, simplePrereview, trustFor, type StoreHandle } from "../workflow/harness.js";

/** What someone with raw database access would do first: switch the append-only protection off. */
async function bypassProtection(db: Database) {
  if (db.dialect === "sqlite") {
    for (const t of ["audit_log_no_update", "audit_log_no_delete", "audit_head_no_delete", "audit_head_forward_only"]) await db.exec(`DROP TRIGGER IF EXISTS ${t}`);
  } else {
    await db.exec("ALTER TABLE audit_log DISABLE TRIGGER USER");
    await db.exec("ALTER TABLE audit_head DISABLE TRIGGER USER");
  }
}

/** Rewrites the chain from entry `from` on with plain SHA-256, as an attacker without the key can. */
async function recomputeChain(db: Database, from: number) {
  const rows = await repository.readAudit(db);
  let prev = rows.find((r) => r.id === from - 1)?.hash ?? "0".repeat(64);
  for (const r of rows.filter((x) => x.id >= from)) {
    const hash = hashEntry(prev, r.id, r);
    await db.exec("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", [prev, hash, r.id]);
    prev = hash;
  }
  await db.exec("UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1", [rows[rows.length - 1].id, prev]);
}

function findings(r: VerifyResult): string[] {
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.findings.map((f) => `${f.problem}: ${f.messageEn}`);
}

describe.each(STORES)("audit trail on %s", (kind) => {
  let store: StoreHandle;
  let db: Database;
  let trust: AuditTrust;
  let wf: WorkflowService;
  let id: string;
  beforeEach(async () => {
    store = await makeStore(kind);
    db = await store.open();
    trust = await trustFor(store, db);
    wf = createWorkflowService({ db, audit: trust, routing: ROUTING, prereview: simplePrereview });
    ({ id } = await wf.submit(proposal(), "U_CLERK"));
    await wf.decide(id, "approve", "U_CLERK"); // refused, audited
    await wf.decide(id, "approve", "U_REV1");
    await wf.decide(id, "reject", "U_HEAD", { reason: "预算依据不足" });
    await wf.checkpointAudit(); // what the scheduler tick does periodically
  });
  afterEach(async () => {
    await wf.close();
    await store.cleanup();
  });

  it("records every event with actor, time, payload, the previous hash and a key signature; verify passes", async () => {
    const rows = JSON.parse(await wf.exportAudit("json")) as { id: number; actor: string; kind: string; at: string; prevHash: string; hash: string; payload: unknown }[];
    expect(rows.map((r) => [r.kind, r.actor])).toEqual([
      ["submit", "U_CLERK"],
      ["refused", "U_CLERK"],
      ["approve", "U_REV1"],
      ["reject", "U_HEAD"],
    ]);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
    expect(rows[3].payload).toMatchObject({ event: { reason: "预算依据不足" }, to: "rejected" });
    expect((await repository.readAudit(db)).every((r) => /^[0-9a-f]{64}$/.test(r.mac ?? ""))).toBe(true);
    expect(await verifyAudit(db, trust)).toMatchObject({ ok: true, entries: 4 });
    const lines = readFileSync(trust.checkpointFile, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { id: number });
    expect(lines.at(-1)).toMatchObject({ id: 4 });
  });

  it("the tables refuse UPDATE and DELETE, and the head only moves forward", async () => {
    await expect(db.exec("UPDATE audit_log SET actor = 'X' WHERE id = 2")).rejects.toThrow(/append-only/);
    await expect(db.exec("DELETE FROM audit_log WHERE id = 2")).rejects.toThrow(/append-only/);
    await expect(db.exec("UPDATE audit_head SET last_id = 3 WHERE id = 1")).rejects.toThrow(/moves forward/);
    await expect(db.exec("DELETE FROM audit_head")).rejects.toThrow(/moves forward/);
  });

  it("verify names the first edited entry", async () => {
    await bypassProtection(db);
    await db.exec("UPDATE audit_log SET payload = ? WHERE id = 3", [JSON.stringify({ event: { type: "APPROVE", actor: "U_MALLORY" } })]);
    expect(await verifyAudit(db, trust)).toMatchObject({ ok: false, badId: 3, problem: "edited", messageEn: "audit entry #3 was edited (hash mismatch)" });
  });

  it("verify detects a deleted entry in the middle", async () => {
    await bypassProtection(db);
    await db.exec("DELETE FROM audit_log WHERE id = 2");
    expect(await verifyAudit(db, trust)).toMatchObject({ ok: false, badId: 2, problem: "deleted" });
  });

  it("attack: triggers dropped, the last entry deleted and audit_head moved back — the signed checkpoint remembers it", async () => {
    await bypassProtection(db);
    await db.exec("DELETE FROM audit_log WHERE id = 4");
    const [prev] = await db.query<{ hash: string }>("SELECT hash FROM audit_log WHERE id = 3");
    await db.exec("UPDATE audit_head SET last_id = 3, last_hash = ? WHERE id = 1", [prev.hash]);
    const f = findings(await verifyAudit(db, trust));
    expect(f).toContainEqual(expect.stringMatching(/^deleted: the signed checkpoint .* covers audit entry #4, which is no longer in the database/));
    expect(f).toContainEqual(expect.stringMatching(/^trigger: /));
  });

  it("attack: triggers dropped, an entry edited and the chain recomputed with plain SHA-256 (no key)", async () => {
    await bypassProtection(db);
    await db.exec("UPDATE audit_log SET actor = 'U_MALLORY', payload = ? WHERE id = 3", [JSON.stringify({ event: { type: "APPROVE", actor: "U_MALLORY" } })]);
    await recomputeChain(db, 3);
    const f = findings(await verifyAudit(db, trust));
    expect(f).toContainEqual("bad_signature: audit entry #3 has an invalid key signature (edited, or recomputed without the audit key)");
    expect(f).toContainEqual(expect.stringMatching(/^checkpoint: audit entry #4 differs from the signed checkpoint/));
  });

  it("attack: a forged approve entry appended with INSERT (allowed) and the head moved forward", async () => {
    const head = (await repository.auditHead(db))!;
    const forged = { id: 5, at: new Date().toISOString(), actor: "U_HEAD", kind: "approve", proposalId: id, payload: { event: { type: "APPROVE", actor: "U_HEAD" }, from: "rejected", to: "approved", seq: 5 } };
    const hash = hashEntry(head.lastHash, 5, forged);
    await db.exec("INSERT INTO audit_log (id, at, actor, kind, proposal_id, payload, prev_hash, hash, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
      5, forged.at, forged.actor, forged.kind, id, JSON.stringify(forged.payload), head.lastHash, hash, "f".repeat(64),
    ]);
    await db.exec("UPDATE audit_head SET last_id = 5, last_hash = ? WHERE id = 1", [hash]);
    const f = findings(await verifyAudit(db, trust));
    expect(f).toContainEqual("bad_signature: audit entry #5 has an invalid key signature (edited, or recomputed without the audit key)");
    // …and the periodic checkpoint refuses to vouch for it.
    expect(await wf.checkpointAudit()).toMatchObject({ written: null, problemEn: expect.stringMatching(/#5 has no valid key signature/) });
  });

  it("attack: an unsigned entry inserted after the anchor is named", async () => {
    const head = (await repository.auditHead(db))!;
    const forged = { id: 5, at: new Date().toISOString(), actor: "U_HEAD", kind: "approve", proposalId: id, payload: {} };
    const hash = hashEntry(head.lastHash, 5, forged);
    await db.exec("INSERT INTO audit_log (id, at, actor, kind, proposal_id, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [5, forged.at, forged.actor, forged.kind, id, "{}", head.lastHash, hash]);
    await db.exec("UPDATE audit_head SET last_id = 5, last_hash = ? WHERE id = 1", [hash]);
    expect(findings(await verifyAudit(db, trust))).toContainEqual("unsigned: audit entry #5 has no key signature (inserted outside the workflow)");
  });

  it("attack: a rejected proposal's state and snapshot changed to approved, where the audit log disagrees", async () => {
    const [row] = await db.query<{ snapshot: string }>("SELECT snapshot FROM proposals WHERE id = ?", [id]);
    const snap = JSON.parse(row.snapshot) as { value: string };
    await db.exec("UPDATE proposals SET state = 'approved', snapshot = ? WHERE id = ?", [JSON.stringify({ ...snap, value: "approved" }), id]);
    expect(findings(await verifyAudit(db, trust))).toEqual([`state: proposal ${id} is stored as "approved" but its audit events replay to "rejected"`]);
    // The snapshot alone (state column left alone) is caught too.
    await db.exec("UPDATE proposals SET state = 'rejected' WHERE id = ?", [id]);
    expect(findings(await verifyAudit(db, trust))).toEqual([`state: proposal ${id}: the snapshot says "approved" but its audit events replay to "rejected"`]);
  });

  it("attack: the triggers dropped (or disabled) and nothing else", async () => {
    if (kind === "sqlite") await db.exec("DROP TRIGGER audit_log_no_update");
    else await db.exec("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change");
    expect(findings(await verifyAudit(db, trust))).toEqual([
      kind === "sqlite" ? "trigger: the audit table trigger audit_log_no_update was dropped" : "trigger: the audit table trigger audit_log_no_change was disabled",
    ]);
  });

  it.runIf(kind === "postgres")("attack: TRUNCATE audit_log and audit_head is refused; forced with triggers off, verify names it", async () => {
    await expect(db.exec("TRUNCATE audit_log")).rejects.toThrow(/append-only/);
    await expect(db.exec("TRUNCATE audit_head")).rejects.toThrow(/moves forward/);
    await db.exec("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate");
    await db.exec("ALTER TABLE audit_head DISABLE TRIGGER audit_head_no_truncate");
    await db.exec("TRUNCATE audit_log, audit_head");
    const f = findings(await verifyAudit(db, trust));
    expect(f).toContainEqual(expect.stringMatching(/^deleted: the signed checkpoint .* covers audit entry #4/));
    expect(f).toContainEqual("trigger: the audit table trigger audit_log_no_truncate was disabled");
    expect(f).toContainEqual(`state: proposal ${id} has no submit entry in the audit trail (written outside the workflow)`);
  });

  it("CSV export: cells a spreadsheet would run as formulas (= + - @) are prefixed with a quote", async () => {
    for (const actor of ["=HYPERLINK(\"http://x\",\"点击\")", "+1+1", "-2+3", "@SUM(A1)"]) await wf.decide(id, "approve", actor);
    const lines = (await wf.exportAudit("csv")).trim().split("\r\n");
    const actors = lines.slice(5).map((l) => l.split(",")[2]);
    expect(actors).toEqual(['"\'=HYPERLINK(""http://x""', "'+1+1", "'-2+3", "'@SUM(A1)"]);
    for (const l of lines.slice(1)) expect(l.split(",").every((c) => !/^[=+\-@]/.test(c))).toBe(true);
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

/** Appends an entry the way the previous version did (plain hash chain, no key signature) — INSERT is allowed. */
async function appendUnsigned(db: Database, e: { actor: string; kind: string; proposalId: string | null; payload: unknown }) {
  const head = await repository.auditHead(db);
  const id = (head?.lastId ?? 0) + 1;
  const prev = head?.lastHash ?? "0".repeat(64);
  const at = new Date().toISOString();
  const hash = hashEntry(prev, id, { at, ...e });
  await db.exec("INSERT INTO audit_log (id, at, actor, kind, proposal_id, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
    id, at, e.actor, e.kind, e.proposalId, JSON.stringify(e.payload), prev, hash,
  ]);
  if (head) await db.exec("UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1", [id, hash]);
  else await db.exec("INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, ?, ?)", [id, hash]);
}

describe.each(STORES)("a trail written before it was keyed, on %s", (kind) => {
  it("stays verifiable: the first checkpoint vouches for the unkeyed entries, every later one must be signed", async () => {
    const store = await makeStore(kind);
    const db = await store.open();
    try {
      await appendUnsigned(db, { actor: "U_ADMIN", kind: "note", proposalId: null, payload: { n: 1 } });
      await appendUnsigned(db, { actor: "U_ADMIN", kind: "note", proposalId: null, payload: { n: 2 } });
      const trust = await trustFor(store, db); // the first open with a key anchors the current head
      const wf = createWorkflowService({ db, audit: trust, routing: ROUTING, prereview: simplePrereview, ownsDb: false });
      await wf.submit(proposal({ amountYuan: 1000 }), "U_CLERK");
      expect(await verifyAudit(db, trust)).toMatchObject({ ok: true, entries: 3 });
      expect((await repository.readAudit(db)).map((x) => x.mac === null)).toEqual([true, true, false]);
      // An unsigned entry after the anchor is not vouched for.
      await appendUnsigned(db, { actor: "U_MALLORY", kind: "note", proposalId: null, payload: {} });
      expect(findings(await verifyAudit(db, trust))).toEqual(["unsigned: audit entry #4 has no key signature (inserted outside the workflow)"]);
      await wf.close();
    } finally {
      await db.close();
      await store.cleanup();
    }
  });
});

describe("audit key", () => {
  it("production mode refuses to start without ZHICE_AUDIT_KEY; local mode generates one under the data dir and keeps it", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "zhice-key-"));
    try {
      expect(() => resolveAuditKey({ dataDir: dir, production: true })).toThrow(AuditKeyError);
      expect(() => resolveAuditKey({ dataDir: dir, production: true })).toThrow(/ZHICE_AUDIT_KEY.*\/.*ZHICE_AUDIT_KEY .* required in production/);
      const first = resolveAuditKey({ dataDir: dir, production: false });
      expect(first.source).toBe("generated");
      expect(resolveAuditKey({ dataDir: dir, production: false })).toEqual({ key: first.key, source: "file" });
      expect(resolveAuditKey({ dataDir: dir, production: true, auditKey: TEST_AUDIT_KEY })).toEqual({ key: TEST_AUDIT_KEY, source: "env" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("canonical JSON", () => {
  it("sorts keys at every level so the hash does not depend on key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });
});
