/**
 * The store verbs as an operator meets them: a corrupt proposal row does not stop `proposals list` or
 * `remind --due`; a 0-byte database is refused by name (never silently empty); `backup DIR` and the README's
 * restore steps bring it back with a verifying audit trail.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, truncateSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseRouting } from "../../flows/routing.js";
import { createWorkflowService } from "../../src/workflow/service.js";
import { STORES, TEST_AUDIT_KEY, makeStore, proposal, runZhice, simplePrereview, trustFor, type StoreHandle } from "../workflow/harness.js";

vi.setConfig({ testTimeout: 180_000 });

const FAST = parseRouting({
  steps: [{ name: "科室审核", mode: "any", approvers: ["U_R1"] }],
  reminderAfterMinutes: 0.0005,
  escalateAfterMinutes: 600,
  escalateTo: ["U_DIR"],
});

describe.each(STORES)("store recovery from the CLI on %s", (kind) => {
  let store: StoreHandle;
  const ids: string[] = [];
  let goodSnapshot = "";
  const zhice = (...args: string[]) => runZhice(store, { ZHICE_AUDIT_KEY: TEST_AUDIT_KEY }, ...args);

  beforeAll(async () => {
    store = await makeStore(kind);
    const db = await store.open();
    const wf = createWorkflowService({ db, audit: await trustFor(store, db), routing: FAST, prereview: simplePrereview });
    for (let i = 0; i < 4; i++) ids.push((await wf.submit(proposal({ amountYuan: 1000 + i }), `U_C${i}`)).id);
    goodSnapshot = (await db.query<{ snapshot: string }>("SELECT snapshot FROM proposals WHERE id = ?", [ids[1]]))[0].snapshot;
    await db.exec("UPDATE proposals SET snapshot = ? WHERE id = ?", ["{not json", ids[1]]);
    await wf.close();
    await new Promise((r) => setTimeout(r, 100)); // the reminders fall due
  });
  afterAll(async () => {
    await store.cleanup();
  });

  it("one corrupt proposal row: proposals list shows it as unreadable, remind --due fires the others", () => {
    const list = zhice("proposals", "list");
    expect(list.code, list.err).toBe(0);
    const line = list.out.split("\n").find((l) => l.startsWith(ids[1]));
    expect(line).toMatch(/无法读取 \/ unreadable .*snapshot is not valid JSON/);
    expect(list.out.split("\n").filter((l) => /审批中/.test(l))).toHaveLength(3);
    const due = zhice("remind", "--due", "--json");
    expect(due.code, due.err).toBe(0);
    const r = JSON.parse(due.out) as { fired: { proposalId: string }[]; skipped: { proposalId: string }[] };
    expect(r.fired.map((f) => f.proposalId).sort()).toEqual([ids[0], ids[2], ids[3]].sort());
    expect(r.skipped.map((s) => s.proposalId)).toEqual([ids[1]]);
    expect(due.err).toMatch(new RegExp(`skipped: .*${ids[1]}`));
    const show = zhice("proposals", "show", ids[1]);
    expect(show.code).toBe(1);
    expect(show.err.trim()).toMatch(/无法读取.* \/ proposal .* cannot be read/);
  });

  it.runIf(kind === "sqlite")("0-byte database: refused by name with the recovery step; backup + README restore bring it back", async () => {
    const repair = await store.open(); // the corrupt row of the test above, repaired first
    await repair.exec("UPDATE proposals SET snapshot = ? WHERE id = ?", [goodSnapshot, ids[1]]);
    await repair.close();
    const backupDir = mkdtempSync(path.join(os.tmpdir(), "zhice-backup-"));
    rmSync(backupDir, { recursive: true });
    try {
      const b = zhice("backup", backupDir);
      expect(b.code, b.err).toBe(0);
      expect(readdirSync(backupDir).sort()).toEqual(["audit-checkpoints.jsonl", "zhice.db", "zhice.db.marker.json"]);
      const db = path.join(store.dataDir, "zhice.db");
      truncateSync(db, 0);
      for (const side of ["-wal", "-shm"]) rmSync(db + side, { force: true });
      for (const verb of [["audit", "verify"], ["proposals", "list"]]) {
        const r = zhice(...verb);
        expect(r.code).toBe(2);
        expect(r.err.trim().split("\n")).toHaveLength(1);
        expect(r.err).toMatch(/zhice\.db .*为空.* \/ the database .*zhice\.db is empty \(0 bytes\).*restore .*zhice\.db from a backup/);
      }
      // README "Backup and restore": copy the three files back, then verify.
      for (const f of readdirSync(backupDir)) copyFileSync(path.join(backupDir, f), path.join(store.dataDir, f));
      const v = zhice("audit", "verify");
      expect(v.code, v.err).toBe(0);
      expect(v.out).toMatch(/audit chain intact/);
      expect(zhice("proposals", "list").out.split("\n").filter((l) => ids.some((id) => l.startsWith(id)))).toHaveLength(4);
    } finally {
      rmSync(backupDir, { recursive: true, force: true });
    }
  });

  it.runIf(kind === "postgres")("backup on PostgreSQL copies the checkpoints and marker and prints the pg_dump command", () => {
    const backupDir = path.join(mkdtempSync(path.join(os.tmpdir(), "zhice-backup-")), "b");
    try {
      const b = zhice("backup", backupDir);
      expect(b.code).toBe(2);
      expect(b.err).toMatch(/pg_dump --format=custom --schema=\S+ --file=.*zhice\.dump "\$DATABASE_URL"/);
      expect(existsSync(path.join(backupDir, "audit-checkpoints.jsonl"))).toBe(true);
    } finally {
      rmSync(path.dirname(backupDir), { recursive: true, force: true });
    }
  });
});
