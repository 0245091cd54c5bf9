/**
 * Keeping the knowledge current (`npm run bench -- knowledge`):
 *  - time from a knowledge admin's Import click (KnowledgeAdmin.importUpload, what the button runs) until the notice is
 *    cited in an answer, on the replica that imported it and on a second replica of the same store (its own
 *    connection; it checks the revision before answering) — SQLite, and PostgreSQL when DATABASE_URL is set (a fresh
 *    schema; there the second replica also hears NOTIFY);
 *  - reload time of a replica at 10k and 100k clauses (`--reload-clauses 10000,100000`): reading the store and
 *    rebuilding the indexes after a change, and reopening them unchanged (a restart); memory after the reload.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { loadConfig, projectRoot, type Config } from "../src/config.js";
import { ingestPaths } from "../src/ingest/ingest.js";
import { retireDocument } from "../src/knowledge/admin.js";
import { openKnowledge, type Knowledge } from "../src/knowledge/index.js";
import { loadCorpus } from "../src/knowledge/store.js";
import { createKnowledgeAdmin } from "../src/slack/knowledge-admin.js";
import { KB_IMPORT_ACTION } from "../src/slack/blocks/knowledge.js";
import { generateCorpus } from "./generated-corpus.js";
import { fmtBytes, fmtMs, row } from "./measure.js";

const ADMIN = "U_BENCH_ADMIN";
const NOTICE = path.join(projectRoot, "test/fixtures/repeal-pair/measures-2025.txt");
const Q = "某市政府购买服务合同履行期限一般不超过几年？";

function argList(name: string, def: number[]): number[] {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]!.split(",").map(Number) : def;
}

const cites = async (k: Knowledge) => (await k.ask(Q)).citations.some((c) => c.docId.startsWith("measures-2025"));

async function importToAnswerable(label: string, config: Config, pgSchema?: string): Promise<void> {
  await ingestPaths([path.join(projectRoot, "knowledge")], { dataDir: config.dataDir, databaseUrl: config.databaseUrl, pgSchema });
  const a = await openKnowledge(config, { quiet: true, autoIngest: false, pgSchema });
  let heard = 0;
  const b = await openKnowledge(config, { quiet: true, autoIngest: false, pgSchema, onReload: () => void (heard ||= performance.now()) });
  try {
    await a.ask(Q);
    await b.ask(Q);
    const admin = createKnowledgeAdmin(config, a);
    const preview = await admin.previewNotice({ name: path.basename(NOTICE), bytes: fs.readFileSync(NOTICE) }, ADMIN);
    const pending = (preview.blocks ?? []).flatMap((x) => (x.type === "actions" ? x.elements : [])).find((e) => (e as { action_id?: string }).action_id === KB_IMPORT_ACTION) as { value: string };
    const t0 = performance.now();
    await admin.importUpload(pending.value, ADMIN);
    if (!(await cites(a))) throw new Error("the importing replica does not cite the notice");
    const one = performance.now() - t0;
    while (!(await cites(b))) await new Promise((r) => setTimeout(r, 20));
    const two = performance.now() - t0;
    row(`${label}: import click → answerable, same replica`, fmtMs(one));
    row(`${label}: import click → answerable, second replica`, `${fmtMs(two)}${heard ? ` (its reload done after ${fmtMs(heard - t0)})` : ""}`);
  } finally {
    await b.close();
    await a.close();
  }
}

async function reloadAt(clauses: number, tmp: string): Promise<void> {
  const src = path.join(tmp, `gen-${clauses}`);
  const dataDir = path.join(tmp, `data-${clauses}`);
  const seed = (await loadCorpus(path.join(tmp, "sqlite")))!;
  generateCorpus(src, seed.clauses, clauses);
  await ingestPaths([src], { dataDir });
  const config = loadConfig({ ZHICE_KB_POLL_MS: "0" }, { dataDir });
  let t0 = performance.now();
  const k = await openKnowledge(config, { quiet: true, autoIngest: false });
  const opened = performance.now() - t0;
  try {
    await retireDocument({ db: k.db, dataDir }, "gen-00000", ADMIN, "bench");
    t0 = performance.now();
    await k.refresh();
    const rebuilt = performance.now() - t0;
    const mem = process.memoryUsage();
    row(`reload at ${k.clauseCount()} clauses`, `after a change (store read + indexes rebuilt) ${fmtMs(rebuilt)} · first open ${fmtMs(opened)}`);
    const again = await openKnowledge(config, { quiet: true, autoIngest: false });
    t0 = performance.now();
    await again.reload();
    row(`reopen at ${again.clauseCount()} clauses (unchanged: indexes from disk)`, fmtMs(performance.now() - t0));
    await again.close();
    row(`memory after reload at ${k.clauseCount()} clauses`, `RSS ${fmtBytes(mem.rss)} · heap ${fmtBytes(mem.heapUsed)}`);
  } finally {
    await k.close();
  }
}

export default async function knowledgeBench(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zhice-bench-kb-"));
  try {
    await importToAnswerable("SQLite", loadConfig({ ZHICE_KB_ADMINS: ADMIN, ZHICE_KB_POLL_MS: "0" }, { dataDir: path.join(tmp, "sqlite") }));
    const url = process.env.DATABASE_URL;
    if (url) {
      const schema = `zhice_bench_kb_${randomBytes(3).toString("hex")}`;
      const config = loadConfig({ ZHICE_KB_ADMINS: ADMIN, ZHICE_KB_POLL_MS: "0", DATABASE_URL: url }, { dataDir: path.join(tmp, "pg") });
      try {
        await importToAnswerable("PostgreSQL", config, schema);
      } finally {
        const pg = (await import("pg")).default;
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      }
    } else row("PostgreSQL", "skipped (set DATABASE_URL to measure it)");
    for (const n of argList("reload-clauses", [10_000, 100_000])) await reloadAt(n, tmp);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
