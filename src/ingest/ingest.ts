/**
 * Incremental, idempotent ingestion: files (or directories of them) → parsed entries → corpus pass → store.
 * The same file twice changes nothing; a changed file (sha256) replaces its old clauses; a file that cannot be parsed
 * is reported with a reason and the others still ingest.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config.js";
import { projectRoot } from "../config.js";
import {
  corpusVersion, deleteFile, KB_LOCK_KEY, loadCorpus, readCorpus, readFiles, revisionOf, saveFile, withKbDatabase, writeCorpus,
  type KbLocation, type StoredEntry,
} from "../knowledge/store.js";
import { appendAudit } from "../audit/chain.js";
import { resolveAuditKey } from "../audit/trust.js";
import type { Clause, DocRef, Document } from "../knowledge/schema.js";
import { refOf, withStatus } from "../knowledge/supersession.js";
import type { Database, SqlRunner, Transaction } from "../store/index.js";
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from "./bounded-read.js";
import { buildCorpus } from "./corpus.js";
import { tooLargeError } from "./expanded-size.js";
import { parseFile, PARSER_VERSION } from "./parse.js";
import { corpusStatements } from "../knowledge/deontic.js";
import { DOCUMENT_EXTENSIONS, ReadError } from "./readers.js";

/** A document as announced: 「新增：《…》财综〔2025〕N号，共 N 条」. */
export interface IngestedDocument {
  docId: string;
  source: string;
  title: string;
  docNo: string | null;
  clauses: number;
  change: "added" | "updated";
  url: string | null;
  /** documents this one supersedes (by their own words: 「…同时废止」) */
  supersedes: DocRef[];
}

export interface IngestReport {
  added: string[];
  updated: string[];
  unchanged: string[];
  failed: { file: string; reason: string }[];
  /** previously ingested files under an ingested directory that no longer exist (their clauses are gone) */
  removed?: string[];
  /** documents and clauses answers are given from after this run (retired documents not counted) */
  documents: number;
  clauses: number;
  /** the added or updated documents, as stored */
  changed?: IngestedDocument[];
}

export interface IngestOptions extends Partial<KbLocation> {
  dataDir: string;
  /** an open store to write to (else one is opened for the data dir / databaseUrl and closed afterwards) */
  db?: Database;
  onProgress?: (done: number, total: number, file: string) => void;
  /** per-file size and parse-time limits (default DEFAULT_INGEST_LIMITS; config.ingest from the environment) */
  limits?: IngestLimits;
  /** who ingests, for the audit trail (a Slack user id, or "cli") */
  actor?: string;
  /** the source URL of the files named (overrides what a file says about itself) */
  url?: string;
  /** audit key (ZHICE_AUDIT_KEY); without it the data dir's local key is used, as for the workflow */
  auditKey?: string;
  production?: boolean;
  /** names shown instead of the path (a file shared in Slack is stored under the data dir) */
  displayNames?: Map<string, string>;
  now?: () => number;
}

export class IngestPathError extends Error {
  constructor(public readonly missing: string) {
    super(`路径不存在 / path does not exist: ${missing}`);
    this.name = "IngestPathError";
  }
}

/** Directories skipped when walking: dictionaries and lexicons live under data/. */
const SKIP_DIRS = new Set(["data", "node_modules"]);

export function isDocumentFile(file: string): boolean {
  return (DOCUMENT_EXTENSIONS as readonly string[]).includes(path.extname(file).toLowerCase());
}

/** Document files under the given paths (directories walked recursively, sorted, hidden entries skipped). */
export function collectFiles(paths: string[]): string[] {
  const out = new Set<string>();
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const ent of entries) {
      if (ent.name.startsWith(".")) continue;
      const full = path.join(dir, ent.name);
      if (ent.isDirectory()) {
        if (!SKIP_DIRS.has(ent.name.toLowerCase())) walk(full);
      } else if (ent.isFile() && isDocumentFile(ent.name)) out.add(full);
    }
  };
  for (const p of paths) {
    const abs = path.resolve(p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new IngestPathError(p);
    }
    if (st.isDirectory()) walk(abs);
    else out.add(abs); // a file named explicitly is attempted whatever its extension (and reported if unsupported)
  }
  return [...out];
}

function displaySource(abs: string): string {
  const rel = path.relative(projectRoot, abs);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : abs;
}

function docIdFor(abs: string, taken: Map<string, string>): string {
  const ext = path.extname(abs);
  const stem = path.basename(abs, ext).replace(/[^\p{L}\p{N}_.-]+/gu, "_") || "doc";
  const owner = taken.get(stem);
  if (!owner || owner === abs) return stem;
  const withExt = `${stem}-${ext.replace(".", "").toLowerCase()}`;
  if (!taken.has(withExt) || taken.get(withExt) === abs) return withExt;
  return `${stem}-${createHash("sha1").update(abs).digest("hex").slice(0, 6)}`;
}

export function reasonOf(err: unknown): string {
  if (err instanceof ReadError) return err.message;
  const msg = err instanceof Error ? err.message : String(err);
  return `解析失败 / parse failed: ${msg.split("\n")[0]}`;
}

interface Planned {
  /** files parsed this run, by absolute path */
  parsed: Map<string, StoredEntry>;
  /** absolute paths whose stored documents leave the store */
  removed: Map<string, string>;
  report: IngestReport;
}

/** Reads and parses what changed (outside any transaction: parsing may take seconds). */
async function plan(paths: string[], stored: StoredEntry[], opts: IngestOptions): Promise<Planned> {
  const files = collectFiles(paths);
  const limits = opts.limits ?? DEFAULT_INGEST_LIMITS;
  const byPath = new Map(stored.map((e) => [e.absPath, e]));
  const report: IngestReport = { added: [], updated: [], unchanged: [], failed: [], documents: 0, clauses: 0 };
  const parsed = new Map<string, StoredEntry>();
  const removed = new Map<string, string>();
  const shown = (abs: string) => opts.displayNames?.get(abs) ?? displaySource(abs);

  // files deleted from an ingested directory leave the store
  const dirs = paths.map((p) => path.resolve(p)).filter((p) => statSync(p).isDirectory());
  const requested = new Set(files);
  for (const e of stored) {
    if (requested.has(e.absPath) || !dirs.some((d) => e.absPath.startsWith(d + path.sep))) continue;
    if (!existsSync(e.absPath) || !isDocumentFile(e.absPath)) removed.set(e.absPath, e.source);
  }
  // documents parsed by an older parser are parsed again (when their files still exist)
  for (const e of stored) {
    if (e.parserVersion !== PARSER_VERSION && !requested.has(e.absPath) && !removed.has(e.absPath) && existsSync(e.absPath))
      files.push(e.absPath);
  }

  for (let i = 0; i < files.length; i++) {
    const abs = files[i]!;
    try {
      if (statSync(abs).size > limits.maxExpandedBytes) throw tooLargeError(abs, limits.maxExpandedBytes);
      const bytes = readFileSync(abs);
      const hash = createHash("sha256").update(bytes).digest("hex");
      const prev = byPath.get(abs);
      const url = requested.has(abs) ? opts.url : undefined;
      if (prev && prev.contentHash === hash && prev.parserVersion === PARSER_VERSION && (!url || url === prev.url)) {
        report.unchanged.push(shown(abs));
        continue;
      }
      const { url: ownUrl, ...file } = await parseFile(abs, bytes, limits);
      parsed.set(abs, {
        id: "", source: shown(abs), absPath: abs, contentHash: hash, parserVersion: PARSER_VERSION, ...file,
        url: url ?? ownUrl ?? prev?.url ?? null,
      });
    } catch (err) {
      report.failed.push({ file: shown(abs), reason: reasonOf(err) });
      // a file that was ingested before and can no longer be read does not keep its old clauses
      if (byPath.has(abs)) removed.set(abs, shown(abs));
    } finally {
      opts.onProgress?.(i + 1, files.length, shown(abs));
    }
  }
  return { parsed, removed, report };
}

/** The corpus pass over every stored file, statements per clause, then in-force status. */
export function corpusOf(entries: StoredEntry[]): { documents: Document[]; clauses: Clause[] } {
  const sorted = [...entries].sort((a, b) => a.id.localeCompare(b.id));
  const built = buildCorpus(sorted);
  // Each clause carries its deontic statements, so answers align with them without re-reading the text.
  const clauses = corpusStatements(built.clauses);
  const repeals = new Map(sorted.map((e) => [e.id, e.repeals ?? []]));
  const retired = new Set(sorted.filter((e) => e.retired).map((e) => e.id));
  return { documents: withStatus(built.documents, repeals, retired), clauses };
}

/** Writes a corpus rebuilt from the stored files (answers leave out retired documents); returns the new revision. */
export async function rebuildCorpus(tx: Transaction, entries: StoredEntry[], now: number): Promise<{ documents: Document[]; clauses: Clause[]; revision: number }> {
  const { documents, clauses } = corpusOf(entries);
  const retired = new Set(entries.filter((e) => e.retired).map((e) => e.id));
  const live = documents.filter((d) => !retired.has(d.id));
  const revision = await writeCorpus(tx, { documents, clauses, version: corpusVersion(live, PARSER_VERSION) }, now);
  return { documents: live, clauses: clauses.filter((c) => !retired.has(c.docId)), revision };
}

export async function ingestPaths(paths: string[], opts: IngestOptions): Promise<IngestReport> {
  const loc: KbLocation = { dataDir: opts.dataDir, databaseUrl: opts.databaseUrl, pgSchema: opts.pgSchema };
  return withKbDatabase(opts.db ?? loc, async (db) => {
    const { parsed, removed, report } = await plan(paths, await readFiles(db), opts);
    const now = opts.now?.() ?? Date.now();
    const key = Buffer.from(resolveAuditKey({ dataDir: opts.dataDir, auditKey: opts.auditKey, production: opts.production ?? false }).key);
    const actor = opts.actor ?? "cli";
    const changed: IngestedDocument[] = [];
    const written = await db.transaction(async (tx) => {
      await tx.lock(KB_LOCK_KEY);
      // read again under the lock: another admin may have imported the same file meanwhile
      const current = await readFiles(tx);
      const byPath = new Map(current.map((e) => [e.absPath, e]));
      const taken = new Map(current.map((e) => [e.id, e.absPath]));
      const events: { kind: string; entry: StoredEntry }[] = [];
      for (const [abs, source] of removed) {
        const prev = byPath.get(abs);
        if (!prev) continue;
        byPath.delete(abs);
        await deleteFile(tx, prev.id);
        (report.removed ??= []).push(source);
        events.push({ kind: "kb.remove", entry: prev });
      }
      for (const [abs, entry] of parsed) {
        const prev = byPath.get(abs);
        if (prev && prev.contentHash === entry.contentHash && prev.parserVersion === entry.parserVersion && prev.url === entry.url) {
          report.unchanged.push(entry.source);
          continue;
        }
        const id = prev?.id ?? docIdFor(abs, taken);
        taken.set(id, abs);
        const next: StoredEntry = { ...entry, id, addedBy: prev?.addedBy ?? actor, addedAt: prev?.addedAt ?? now, retired: prev?.retired ?? null };
        await saveFile(tx, next, now);
        byPath.set(abs, next);
        (prev ? report.updated : report.added).push(entry.source);
        events.push({ kind: prev ? "kb.replace" : "kb.add", entry: next });
      }
      const hasCorpus = (await revisionOf(tx)) > 0 && (await readCorpusState(tx));
      if (events.length === 0 && hasCorpus) return null;
      if (byPath.size === 0) return null;
      const rebuilt = await rebuildCorpus(tx, [...byPath.values()], now);
      const docs = new Map(rebuilt.documents.map((d) => [d.id, d]));
      const counts = new Map<string, number>();
      for (const c of rebuilt.clauses) counts.set(c.docId, (counts.get(c.docId) ?? 0) + 1);
      for (const ev of events) {
        const d = docs.get(ev.entry.id);
        const summary = { docId: ev.entry.id, source: ev.entry.source, title: d?.title ?? ev.entry.meta.title ?? ev.entry.source, docNo: d?.docNo ?? ev.entry.meta.docNo, clauses: counts.get(ev.entry.id) ?? 0, url: d?.url ?? null };
        const supersedes = rebuilt.documents.filter((x) => x.supersededBy?.docId === ev.entry.id || (d?.sameAs == null && x.supersededBy?.docId === d?.id)).map(refOf);
        if (ev.kind !== "kb.remove") changed.push({ ...summary, change: ev.kind === "kb.add" ? "added" : "updated", supersedes });
        await appendAudit(tx, key, {
          at: new Date(now).toISOString(), actor, kind: ev.kind, proposalId: null,
          payload: { ...summary, contentHash: ev.entry.contentHash, supersedes: supersedes.map((s) => s.docId) },
        });
      }
      return rebuilt;
    });
    const corpus = written ?? (await readCorpus(db));
    report.documents = corpus?.documents.length ?? 0;
    report.clauses = corpus?.clauses.length ?? 0;
    if (changed.length) report.changed = changed;
    return report;
  });
}

async function readCorpusState(tx: SqlRunner): Promise<boolean> {
  return (await readCorpus(tx)) !== null;
}

/** Ingests config.knowledgeDir when the store has no corpus yet; null when one exists already. */
export async function ensureIngested(
  config: Pick<Config, "dataDir" | "knowledgeDir"> & Partial<Pick<Config, "ingest" | "databaseUrl" | "auditKey" | "production">>,
  opts: { onProgress?: IngestOptions["onProgress"]; db?: Database; pgSchema?: string } = {},
): Promise<IngestReport | null> {
  const loc: KbLocation = { dataDir: config.dataDir, databaseUrl: config.databaseUrl, pgSchema: opts.pgSchema };
  const existing = await loadCorpus(opts.db ?? loc);
  if (existing && existing.clauses.length > 0) return null;
  return ingestPaths([config.knowledgeDir], {
    ...loc, db: opts.db, onProgress: opts.onProgress, limits: config.ingest, actor: "system", auditKey: config.auditKey, production: config.production,
  });
}
