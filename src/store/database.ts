/**
 * The SQL runner every store speaks: `query` / `exec` with `?` placeholders (translated to $1, $2 … for
 * PostgreSQL), transactions, and named migrations. SQLite (embedded, default) and PostgreSQL implement it.
 * Other parts of zhice (e.g. the Slack face) add their tables with registerMigration(name, sqliteSql, pgSql).
 */
export type Dialect = "sqlite" | "postgres";
export type SqlParam = string | number | bigint | boolean | null | undefined | Buffer;

export interface SqlRunner {
  readonly dialect: Dialect;
  /** Rows as plain objects (BIGINT columns come back as numbers on both stores). */
  query<T = Record<string, unknown>>(sql: string, params?: SqlParam[]): Promise<T[]>;
  /** INSERT / UPDATE / DELETE: the number of rows changed. */
  exec(sql: string, params?: SqlParam[]): Promise<{ changes: number }>;
}

export interface Database extends SqlRunner {
  /** Human-readable location, e.g. "sqlite:/data/zhice.db" or "postgres:test (schema public)". */
  readonly describe: string;
  /**
   * Runs fn in one transaction (SQLite: BEGIN IMMEDIATE, serialised in-process; PostgreSQL: one pooled client).
   * Commits when fn resolves, rolls back when it throws. Nested calls on the tx run inside the same transaction.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** SQLite only: a consistent copy of the live database to `file` (the online backup API). */
  backup?(file: string): Promise<void>;
  /**
   * PostgreSQL only: calls onNotify for every NOTIFY on `channel` (a dedicated connection); resolves to a function that
   * stops listening. SQLite has no notifications: callers poll.
   */
  listen?(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** Applies every registered migration not applied yet (safe to call again, and from several processes). */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

export interface Transaction extends SqlRunner {
  /** PostgreSQL: SELECT … FOR UPDATE; SQLite: nothing (the transaction already holds the write lock). */
  readonly forUpdate: string;
  /** PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: nothing. */
  readonly forUpdateSkipLocked: string;
  /** Serialises transactions that take the same key (pg_advisory_xact_lock; no-op on SQLite). */
  lock(key: number): Promise<void>;
}

export interface Migration {
  name: string;
  sqlite: string;
  postgres: string;
}

const registry: Migration[] = [];

/**
 * Registers a named migration (a script of one or more statements per dialect). Names are applied once,
 * in registration order; re-registering the same name with the same SQL is a no-op.
 */
export function registerMigration(name: string, sqliteSql: string, pgSql: string): void {
  const existing = registry.find((m) => m.name === name);
  if (existing) {
    if (existing.sqlite !== sqliteSql || existing.postgres !== pgSql)
      throw new Error(`迁移名称重复 / migration "${name}" registered twice with different SQL`);
    return;
  }
  registry.push({ name, sqlite: sqliteSql, postgres: pgSql });
}

export function registeredMigrations(): readonly Migration[] {
  return registry;
}

/** `?` → `$1 … $n`, leaving `?` inside quoted strings and identifiers alone. */
export function toPgPlaceholders(sql: string): string {
  let out = "";
  let n = 0;
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === "?") {
      out += `$${++n}`;
    } else out += ch;
  }
  return out;
}

/** Shared migration runner: ledger table + apply pending scripts inside one locked transaction. */
export async function applyMigrations(
  db: Database,
  execScript: (tx: Transaction, sql: string) => Promise<void>,
): Promise<string[]> {
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.lock(0x7a68_6963); // "zhic": one migrator at a time across replicas
    await execScript(
      tx,
      "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)",
    );
    const done = new Set((await tx.query<{ name: string }>("SELECT name FROM schema_migrations")).map((r) => r.name));
    for (const m of registry) {
      if (done.has(m.name)) continue;
      await execScript(tx, db.dialect === "sqlite" ? m.sqlite : m.postgres);
      await tx.exec("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", [m.name, Date.now()]);
      applied.push(m.name);
    }
  });
  return applied;
}
