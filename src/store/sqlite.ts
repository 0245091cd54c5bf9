/**
 * Embedded store: better-sqlite3 in WAL mode, one file (DATA_DIR/zhice.db). better-sqlite3 is synchronous, so
 * transactions are serialised in-process by a queue and across processes by BEGIN IMMEDIATE + busy timeout.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { applyMigrations, type Database, type SqlParam, type Transaction } from "./database.js";
import { checkSqliteFileBeforeOpen, restoreHint, StoreStateError } from "./marker.js";
import "./migrations.js";

function bind(params: SqlParam[] = []): unknown[] {
  return params.map((p) => (p === undefined ? null : typeof p === "boolean" ? (p ? 1 : 0) : p));
}

function sizeOf(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}

/** Opens the file, refusing (StoreStateError) a missing/0-byte file its marker says was initialised, and a malformed one. */
function openFile(file: string, dataDir: string | undefined): BetterSqlite3.Database {
  if (dataDir) checkSqliteFileBeforeOpen(dataDir, file, sizeOf(file));
  mkdirSync(path.dirname(file), { recursive: true });
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { timeout: 10_000 });
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL"); // a committed decision survives power loss, not only a crash
    db.pragma("foreign_keys = ON");
    db.prepare("SELECT COUNT(*) FROM sqlite_master").get(); // reads the schema: a malformed file fails here
    return db;
  } catch (e) {
    if (db?.open) db.close();
    const code = (e as { code?: string }).code ?? "";
    if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) {
      const hint = restoreHint(file);
      throw new StoreStateError(`数据库文件 ${file} 已损坏，无法读取（${code}）。${hint.zh}`, `the database file ${file} is malformed and cannot be read (${code}). ${hint.en}`);
    }
    throw e;
  }
}

export function openSqlite(file: string, opts: { dataDir?: string } = {}): Database {
  const db = openFile(file, opts.dataDir);
  db.defaultSafeIntegers(false);

  const query = async <T>(sql: string, params?: SqlParam[]) => db.prepare(sql).all(...bind(params)) as T[];
  const exec = async (sql: string, params?: SqlParam[]) => ({ changes: db.prepare(sql).run(...bind(params)).changes });

  // In-process queue: one transaction (or top-level statement) at a time on this connection.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
  // Code running inside a transaction's callback (even via db.query instead of tx.query) joins it; everyone else
  // waits in the queue, so an unrelated write never lands inside (or is rolled back with) someone's transaction.
  const inside = new AsyncLocalStorage<true>();

  const tx: Transaction = {
    dialect: "sqlite",
    forUpdate: "",
    forUpdateSkipLocked: "",
    query,
    exec,
    lock: async () => undefined,
  };

  const database: Database = {
    dialect: "sqlite",
    describe: `sqlite:${file}`,
    query: (sql, params) => (inside.getStore() ? query(sql, params) : serial(() => query(sql, params))),
    exec: (sql, params) => (inside.getStore() ? exec(sql, params) : serial(() => exec(sql, params))),
    transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      if (inside.getStore()) return fn(tx); // nested: part of the enclosing transaction
      return serial(async () => {
        db.exec("BEGIN IMMEDIATE");
        try {
          const result = await inside.run(true, () => fn(tx));
          db.exec("COMMIT");
          return result;
        } catch (e) {
          if (db.inTransaction) db.exec("ROLLBACK");
          throw e;
        }
      });
    },
    migrate: () => applyMigrations(database, async (_tx, sql) => void db.exec(sql)),
    backup: (dest) => serial(async () => void (await db.backup(dest))),
    async close() {
      await serial(async () => undefined);
      if (db.open) db.close();
    },
  };
  return database;
}
