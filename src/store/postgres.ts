/**
 * PostgreSQL store (when DATABASE_URL is set): a pg Pool; one client per transaction; BIGINT parsed as number.
 * `schema` isolates a deployment (or a test run): it is created if missing and put on the search_path.
 */
import pg from "pg";
import { applyMigrations, toPgPlaceholders, type Database, type SqlParam, type SqlRunner, type Transaction } from "./database.js";
import "./migrations.js";

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function bind(params: SqlParam[] = []): unknown[] {
  return params.map((p) => (p === undefined ? null : p));
}

function runner(client: pg.Pool | pg.PoolClient): SqlRunner {
  return {
    dialect: "postgres",
    async query<T>(sql: string, params?: SqlParam[]) {
      return (await client.query(toPgPlaceholders(sql), bind(params))).rows as T[];
    },
    async exec(sql: string, params?: SqlParam[]) {
      return { changes: (await client.query(toPgPlaceholders(sql), bind(params))).rowCount ?? 0 };
    },
  };
}

export interface PostgresOptions {
  schema?: string;
  max?: number;
}

export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<Database> {
  const schema = opts.schema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema))
    throw new Error(`无效的模式名 / invalid schema name: ${schema}`);
  if (schema) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } catch (e) {
      // Two processes creating the same schema at once: the loser sees a unique violation; the schema exists.
      if ((e as { code?: string }).code !== "23505") throw e;
    } finally {
      await c.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on("error", () => undefined); // idle client errors surface on the next query instead of crashing
  const base = runner(pool);

  const database: Database = {
    ...base,
    describe: `postgres:${url.replace(/\/\/[^@/]*@/, "//")}${schema ? ` (schema ${schema})` : ""}`,
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      const tx: Transaction = {
        ...runner(client),
        forUpdate: "FOR UPDATE",
        forUpdateSkipLocked: "FOR UPDATE SKIP LOCKED",
        async lock(key: number) {
          await client.query("SELECT pg_advisory_xact_lock($1)", [key]);
        },
      };
      try {
        await client.query("BEGIN");
        const result = await fn(tx);
        await client.query("COMMIT");
        return result;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async listen(channel: string, onNotify: (payload: string) => void) {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`无效的通知频道 / invalid channel name: ${channel}`);
      const c = new pg.Client({ connectionString: url });
      c.on("error", () => undefined); // a dropped listener connection: callers still poll
      await c.connect();
      c.on("notification", (n) => {
        if (n.channel === channel) onNotify(n.payload ?? "");
      });
      await c.query(`LISTEN ${channel}`);
      return async () => {
        await c.end().catch(() => undefined);
      };
    },
    migrate: () => applyMigrations(database, async (tx, sql) => void (await tx.exec(sql))),
    async close() {
      await pool.end();
    },
  };
  return database;
}
