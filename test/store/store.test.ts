import { existsSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAuditTrust } from "../../src/audit/index.js";
import { StoreStateError, registerMigration, repository, type Database } from "../../src/store/index.js";
import { toPgPlaceholders } from "../../src/store/database.js";
import { createWorkflowService } from "../../src/workflow/service.js";
import { PG_URL, ROUTING, STORES, TEST_AUDIT_KEY, makeStore, proposal, simplePrereview, trustFor, type StoreHandle } from "../workflow/harness.js";

describe("placeholders", () => {
  it("translates ? to $n outside quotes only", () => {
    expect(toPgPlaceholders("SELECT * FROM t WHERE a = ? AND b = '?' AND c = ?")).toBe("SELECT * FROM t WHERE a = $1 AND b = '?' AND c = $2");
  });
});

registerMigration(
  "test_store_notes",
  "CREATE TABLE IF NOT EXISTS test_notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
  "CREATE TABLE IF NOT EXISTS test_notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
);

describe.each(STORES)("store on %s", (kind) => {
  let store: StoreHandle;
  let db: Database;
  beforeEach(async () => {
    store = await makeStore(kind);
    db = await store.open();
  });
  afterEach(async () => {
    await db.close();
    await store.cleanup();
  });

  it("applies registered migrations once (another face's tables live in the same database)", async () => {
    expect(await db.migrate()).toEqual([]);
    const names = (await db.query<{ name: string }>("SELECT name FROM schema_migrations ORDER BY name")).map((r) => r.name);
    expect(names).toEqual(["001_workflow_core", "002_notification_outbox", "003_audit_keyed", "004_submit_idempotency", "test_store_notes"]);
    await db.exec("INSERT INTO test_notes (id, body) VALUES (?, ?)", [1, "备注"]);
    expect(await db.query("SELECT body FROM test_notes WHERE id = ?", [1])).toEqual([{ body: "备注" }]);
  });

  it("rolls a failed transaction back completely", async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.exec("INSERT INTO test_notes (id, body) VALUES (?, ?)", [2, "x"]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.query("SELECT * FROM test_notes")).toEqual([]);
  });

  it("compare-and-set on seq lets exactly one of two writers win", async () => {
    await repository.insertProposal(db, {
      id: "P1", submitter: "S", title: "t", amountYuan: 1, proposal: {}, checklist: null, state: "pending",
      snapshot: { value: "pending" }, machineVersion: 2, createdAt: Date.now(),
    });
    const a = await repository.saveProposal(db, "P1", 1, { state: "approved", snapshot: {}, machineVersion: 2 }, Date.now());
    const b = await repository.saveProposal(db, "P1", 1, { state: "rejected", snapshot: {}, machineVersion: 2 }, Date.now());
    expect([a, b]).toEqual([true, false]);
    expect((await repository.loadProposal(db, "P1"))).toMatchObject({ state: "approved", seq: 2 });
  });

  it("parallel transactions on one connection pool do not interleave", async () => {
    await db.exec("INSERT INTO test_notes (id, body) VALUES (?, ?)", [10, "0"]);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const [r] = await tx.query<{ body: string }>(`SELECT body FROM test_notes WHERE id = 10 ${tx.forUpdate}`);
          await tx.exec("UPDATE test_notes SET body = ? WHERE id = 10", [String(Number(r.body) + 1)]);
        }),
      ),
    );
    expect(await db.query("SELECT body FROM test_notes WHERE id = 10")).toEqual([{ body: "20" }]);
  });
});

describe("SQLite transactions and outside writers", () => {
  it("a write from outside never joins (or is rolled back with) another caller's open transaction", async () => {
    const store = await makeStore("sqlite");
    const db = await store.open();
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const failing = db.transaction(async (tx) => {
        await tx.exec("INSERT INTO test_notes (id, body) VALUES (?, ?)", [1, "inside"]);
        await gate;
        throw new Error("rollback");
      });
      const outside = db.exec("INSERT INTO test_notes (id, body) VALUES (?, ?)", [2, "outside"]);
      release();
      await expect(failing).rejects.toThrow("rollback");
      await outside;
      expect(await db.query("SELECT id, body FROM test_notes ORDER BY id")).toEqual([{ id: 2, body: "outside" }]);
    } finally {
      await db.close();
      await store.cleanup();
    }
  });
});

describe("a database that was initialised once is never re-created silently (SQLite)", () => {
  const file = (s: StoreHandle) => path.join(s.dataDir, "zhice.db");
  async function initialised() {
    const store = await makeStore("sqlite");
    const db = await store.open();
    const wf = createWorkflowService({ db, audit: await trustFor(store, db), routing: ROUTING, prereview: simplePrereview });
    await wf.submit(proposal(), "U_CLERK");
    await wf.close();
    return store;
  }
  const recovery = /zhice\.db.*restore.*backup/;

  it("0 bytes (truncate -s 0): refused, naming the file and the recovery step; the file stays as it was", async () => {
    const store = await initialised();
    try {
      truncateSync(file(store), 0);
      for (const side of ["-wal", "-shm"]) rmSync(file(store) + side, { force: true });
      const err = await store.open().then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(StoreStateError);
      expect((err as Error).message).toMatch(/为空（0 字节）.*从备份恢复.* \/ the database .*zhice\.db is empty \(0 bytes\), but its marker says it was initialised/);
      expect((err as Error).message).toMatch(recovery);
      expect(statSync(file(store)).size).toBe(0);
    } finally {
      await store.cleanup();
    }
  });

  it("deleted: refused instead of starting empty", async () => {
    const store = await initialised();
    try {
      for (const side of ["", "-wal", "-shm"]) rmSync(file(store) + side, { force: true });
      await expect(store.open()).rejects.toThrow(/zhice\.db is missing, but its marker says it was initialised/);
      expect(existsSync(file(store))).toBe(false);
    } finally {
      await store.cleanup();
    }
  });

  it("malformed: one message naming the file and the recovery step, not a stack trace", async () => {
    const store = await initialised();
    try {
      for (const side of ["-wal", "-shm"]) rmSync(file(store) + side, { force: true });
      writeFileSync(file(store), Buffer.alloc(8192, 0x5a));
      const err = await store.open().then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(StoreStateError);
      expect((err as Error).message).toMatch(/已损坏.*\/ the database file .*zhice\.db is malformed and cannot be read \(SQLITE_NOTADB\)/);
      expect((err as Error).message).toMatch(recovery);
    } finally {
      await store.cleanup();
    }
  });
});

describe.each(STORES)("a store behind its marker on %s", (kind) => {
  it("tables gone (database or schema re-created empty): refused, not migrated afresh", async () => {
    const store = await makeStore(kind);
    try {
      const db = await store.open();
      const wf = createWorkflowService({ db, audit: await trustFor(store, db), routing: ROUTING, prereview: simplePrereview });
      await wf.submit(proposal(), "U_CLERK");
      await wf.close();
      if (kind === "postgres") {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`DROP SCHEMA ${store.pgSchema} CASCADE; CREATE SCHEMA ${store.pgSchema}`);
        await c.end();
      } else {
        const raw = new BetterSqlite3(path.join(store.dataDir, "zhice.db"));
        raw.pragma("foreign_keys = OFF");
        for (const t of raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[])
          raw.exec(`DROP TABLE "${t.name}"`);
        raw.close();
      }
      await expect(store.open()).rejects.toThrow(/has no zhice tables, but its marker says it was initialised .* restore/);
    } finally {
      await store.cleanup();
    }
  });

  it("audit trail behind the last signed checkpoint (an older copy put in place): start-up refused, verify still inspects", async () => {
    const store = await makeStore(kind);
    try {
      let db = await store.open();
      let wf = createWorkflowService({ db, audit: await trustFor(store, db), routing: ROUTING, prereview: simplePrereview });
      const { id } = await wf.submit(proposal(), "U_CLERK");
      await wf.checkpointAudit();
      await wf.decide(id, "approve", "U_REV1");
      await wf.close(); // checkpoints #2
      db = await store.open();
      if (kind === "sqlite") for (const t of ["audit_log_no_delete", "audit_head_forward_only"]) await db.exec(`DROP TRIGGER ${t}`);
      else for (const t of ["audit_log", "audit_head"]) await db.exec(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
      await db.exec("DELETE FROM audit_log WHERE id = 2");
      await db.exec("UPDATE audit_head SET last_id = 1, last_hash = (SELECT hash FROM audit_log WHERE id = 1)");
      await expect(trustFor(store, db)).rejects.toThrow(/ends its audit trail at #1, behind the signed checkpoint #2/);
      const trust = await openAuditTrust({ dataDir: store.dataDir, auditKey: TEST_AUDIT_KEY, production: false }, db, { inspect: true });
      wf = createWorkflowService({ db, audit: trust, routing: ROUTING, prereview: simplePrereview });
      const r = await wf.verifyAudit();
      expect(r.ok).toBe(false);
      await wf.close();
    } finally {
      await store.cleanup();
    }
  });
});
