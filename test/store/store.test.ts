import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { registerMigration, repository, type Database } from "../../src/store/index.js";
import { toPgPlaceholders } from "../../src/store/database.js";
import { STORES, makeStore, type StoreHandle } from "../workflow/harness.js";

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
