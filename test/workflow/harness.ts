/**
 * Test harness shared by the workflow, store and audit tests: the stores to run against (SQLite always;
 * PostgreSQL when DATABASE_URL is set or 127.0.0.1:5432 answers, each run in a fresh schema), a small
 * deterministic pre-check, and a routing with short delays.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../../src/store/index.js";
import { openAuditTrust, type AuditTrust } from "../../src/audit/index.js";
import { projectRoot } from "../../src/config.js";

export const PG_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

async function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.setTimeout(1000);
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
    s.once("timeout", () => (s.destroy(), resolve(false)));
  });
}

/** Why PostgreSQL tests are skipped, or null when PostgreSQL answers. */
export async function pgSkipReason(): Promise<string | null> {
  const u = new URL(PG_URL);
  if (!(await tcpOpen(u.hostname, Number(u.port || 5432))))
    return `PostgreSQL tests skipped: nothing answers at ${u.hostname}:${u.port || 5432} (set DATABASE_URL to run them)`;
  const c = new pg.Client({ connectionString: PG_URL });
  try {
    await c.connect();
    await c.query("SELECT 1");
    return null;
  } catch (e) {
    return `PostgreSQL tests skipped: cannot connect to ${PG_URL}: ${(e as Error).message}`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export const pgReason = await pgSkipReason();
if (pgReason) console.warn(pgReason);

export interface StoreHandle {
  kind: "sqlite" | "postgres";
  /** Config for openWorkflow / CLI: dataDir always, databaseUrl (with the schema on its search_path) for PG. */
  dataDir: string;
  databaseUrl?: string;
  pgSchema?: string;
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

export function uniqueSchema(prefix = "t"): string {
  return `zhice_${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
}

export async function makeStore(kind: "sqlite" | "postgres"): Promise<StoreHandle> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "zhice-wf-"));
  if (kind === "sqlite") {
    return {
      kind,
      dataDir,
      open: () => openDatabase({ dataDir, databaseUrl: undefined }),
      async cleanup() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = uniqueSchema();
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  const sep = PG_URL.includes("?") ? "&" : "?";
  const databaseUrl = `${PG_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    kind,
    dataDir,
    databaseUrl,
    pgSchema: schema,
    open: () => openDatabase({ dataDir, databaseUrl: PG_URL }, { pgSchema: schema }),
    async cleanup() {
      const c2 = new pg.Client({ connectionString: PG_URL });
      await c2.connect();
      await c2.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c2.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The stores this run covers: always SQLite; PostgreSQL when reachable. */
export const STORES: ("sqlite" | "postgres")[] = pgReason ? ["sqlite"] : ["sqlite", "postgres"];

export { ROUTING, simplePrereview, proposal } from "./fixtures.js";

/** A movable clock. */
export function clock(start = Date.parse("2026-03-02T01:00:00Z")) {
  let t = start;
  return { now: () => new Date(t), advanceMinutes: (m: number) => void (t += m * 60_000), set: (ms: number) => void (t = ms) };
}

/** The audit key the tests sign with (a real deployment sets ZHICE_AUDIT_KEY or lets local mode generate one). */
export const TEST_AUDIT_KEY = "test-audit-key-0123456789abcdef0123456789abcdef";

/** The audit trust of a test store: the test key, checkpoints in the store's data dir. */
export function trustFor(store: Pick<StoreHandle, "dataDir">, db: Database): Promise<AuditTrust> {
  return openAuditTrust({ dataDir: store.dataDir, auditKey: TEST_AUDIT_KEY, production: false }, db);
}

/** The environment a `zhice` child process needs to use a test store (its PostgreSQL schema, if any). */
export function cliEnv(store: Pick<StoreHandle, "databaseUrl">, extraEnv: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  delete env.DATABASE_URL;
  if (store.databaseUrl) env.DATABASE_URL = store.databaseUrl;
  return env;
}

/** `npm run -s zhice -- ARGS --data-dir <the store's dir>`, synchronously. */
export function runZhice(store: Pick<StoreHandle, "databaseUrl" | "dataDir">, extraEnv: Record<string, string>, ...args: string[]) {
  const r = spawnSync("npm", ["run", "-s", "zhice", "--", ...args, "--data-dir", store.dataDir], { cwd: projectRoot, env: cliEnv(store, extraEnv), encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
