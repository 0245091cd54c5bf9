/**
 * The clause store in the workflow's database (tables in ./tables.ts): every ingested file's own parse, the corpus
 * after the whole-corpus pass, and a revision counter. A change is written in one transaction (files, documents,
 * clauses, revision and its audit entries together), so a killed process leaves either the old corpus or the new one.
 */
import { createHash } from "node:crypto";
import type { Config } from "../config.js";
import type { ParsedEntry } from "../ingest/corpus.js";
import type { RepealReference } from "../ingest/repeals.js";
import { PARSER_VERSION } from "../ingest/parse.js";
import { openDatabase, type Database, type SqlRunner, type Transaction } from "../store/index.js";
import type { Clause, Document } from "./schema.js";
import "./tables.js";

export interface Corpus {
  documents: Document[];
  clauses: Clause[];
  /** Hash over the answering documents' content hashes (and the parser version): changes whenever any clause may change. */
  version: string;
  parserVersion?: number;
  /** Bumped by every change of the store (ingest, retire, restore); replicas reload when it moves. */
  revision?: number;
}

export interface Retirement {
  at: number;
  by: string | null;
  reason: string | null;
}

export interface StoredEntry extends ParsedEntry {
  /** absolute path of the source file (identity for incremental re-ingest) */
  absPath: string;
  parserVersion: number;
  repeals?: RepealReference[];
  addedBy?: string | null;
  addedAt?: number;
  updatedAt?: number;
  retired?: Retirement | null;
}

/** Where the clause store lives: the data dir (SQLite) or DATABASE_URL (PostgreSQL, optionally in a schema). */
export interface KbLocation {
  dataDir: string;
  databaseUrl?: string;
  pgSchema?: string;
}

/** Serialises writers of the clause store across connections and replicas (advisory lock on PostgreSQL). */
export const KB_LOCK_KEY = 0x6b627374; // "kbst"
/** PostgreSQL NOTIFY channel a committed change is announced on (payload: the new revision). */
export const KB_CHANNEL = "zhice_kb";

export function locationOf(config: Pick<Config, "dataDir" | "databaseUrl">, pgSchema?: string): KbLocation {
  return { dataDir: config.dataDir, databaseUrl: config.databaseUrl, pgSchema };
}

export function openKbDatabase(loc: KbLocation): Promise<Database> {
  return openDatabase({ dataDir: loc.dataDir, databaseUrl: loc.databaseUrl }, { pgSchema: loc.pgSchema });
}

/** Runs fn on the given database, or on one opened for the location and closed afterwards. */
export async function withKbDatabase<T>(target: Database | KbLocation | string, fn: (db: Database) => Promise<T>): Promise<T> {
  if (typeof target === "object" && "transaction" in target) return fn(target);
  const db = await openKbDatabase(typeof target === "string" ? { dataDir: target } : target);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

export function corpusVersion(documents: Document[], parserVersion: number): string {
  const h = createHash("sha256");
  h.update(`parser:${parserVersion}\n`);
  for (const d of [...documents].sort((a, b) => a.id.localeCompare(b.id))) h.update(`${d.id}:${d.contentHash}\n`);
  return h.digest("hex").slice(0, 16);
}

type Raw = Record<string, unknown>;
const num = (v: unknown) => (v == null ? null : Number(v));

function toEntry(r: Raw): StoredEntry {
  const parsed = JSON.parse(String(r.parsed)) as ParsedEntry & { repeals?: RepealReference[] };
  return {
    ...parsed,
    id: String(r.doc_id),
    source: String(r.source),
    absPath: String(r.abs_path),
    contentHash: String(r.content_hash),
    parserVersion: Number(r.parser_version),
    url: (r.url as string | null) ?? null,
    addedBy: (r.added_by as string | null) ?? null,
    addedAt: Number(r.added_at),
    updatedAt: Number(r.updated_at),
    retired: r.retired_at == null ? null : { at: Number(r.retired_at), by: (r.retired_by as string | null) ?? null, reason: (r.retired_reason as string | null) ?? null },
  };
}

const FILE_COLS = "doc_id, abs_path, source, content_hash, parser_version, parsed, url, added_by, added_at, updated_at, retired_at, retired_by, retired_reason";

export async function readFiles(db: SqlRunner): Promise<StoredEntry[]> {
  const rows = await db.query<Raw>(`SELECT ${FILE_COLS} FROM kb_files ORDER BY doc_id`);
  return rows.map(toEntry);
}

export async function revisionOf(db: SqlRunner): Promise<number> {
  const rows = await db.query<Raw>("SELECT revision FROM kb_state WHERE id = 1");
  return num(rows[0]?.revision) ?? 0;
}

/**
 * The corpus answers are given from: documents not retired, in corpus order, and their clauses. Null when nothing has
 * been ingested, or when the store was written by another parser version (the next ingest parses again).
 */
export async function readCorpus(db: SqlRunner, opts: { includeRetired?: boolean } = {}): Promise<Corpus | null> {
  const state = (await db.query<Raw>("SELECT version, revision, parser_version FROM kb_state WHERE id = 1"))[0];
  if (!state || Number(state.parser_version) !== PARSER_VERSION) return null;
  const live = opts.includeRetired ? "" : "WHERE f.retired_at IS NULL";
  const docs = await db.query<Raw>(
    `SELECT d.document FROM kb_documents d JOIN kb_files f ON f.doc_id = d.doc_id ${live} ORDER BY d.position`,
  );
  const clauses = await db.query<Raw>(
    `SELECT c.clause FROM kb_clauses c JOIN kb_documents d ON d.doc_id = c.doc_id JOIN kb_files f ON f.doc_id = c.doc_id ${live}
     ORDER BY d.position, c.ord`,
  );
  return {
    documents: docs.map((r) => JSON.parse(String(r.document)) as Document),
    clauses: clauses.map((r) => JSON.parse(String(r.clause)) as Clause),
    version: String(state.version),
    parserVersion: PARSER_VERSION,
    revision: Number(state.revision),
  };
}

/** The answerable documents (not retired) as they stand now, without their clauses (a cheap read). */
export async function readLiveDocuments(db: SqlRunner): Promise<Document[]> {
  const rows = await db.query<Raw>("SELECT d.document FROM kb_documents d JOIN kb_files f ON f.doc_id = d.doc_id WHERE f.retired_at IS NULL ORDER BY d.position");
  return rows.map((r) => JSON.parse(String(r.document)) as Document);
}

/** The corpus of a data dir (SQLite) or location, opened for this one read. */
export function loadCorpus(target: Database | KbLocation | string): Promise<Corpus | null> {
  return withKbDatabase(target, (db) => readCorpus(db));
}

/** Every file as stored, for `kb list` and the admin face. */
export function loadEntries(target: Database | KbLocation | string): Promise<StoredEntry[]> {
  return withKbDatabase(target, (db) => readFiles(db));
}

/** Inserts or replaces one file's row (its parse, hash, URL); keeps who first added it and when. */
export async function saveFile(tx: SqlRunner, e: StoredEntry, now: number): Promise<void> {
  const { absPath: _a, parserVersion: _p, addedBy: _b, addedAt: _t, updatedAt: _u, retired: _r, id: _i, source: _s, contentHash: _h, url: _l, ...parsed } = e;
  await tx.exec(
    `INSERT INTO kb_files (${FILE_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)
     ON CONFLICT (doc_id) DO UPDATE SET abs_path = excluded.abs_path, source = excluded.source,
       content_hash = excluded.content_hash, parser_version = excluded.parser_version, parsed = excluded.parsed,
       url = excluded.url, updated_at = excluded.updated_at`,
    [e.id, e.absPath, e.source, e.contentHash, e.parserVersion, JSON.stringify(parsed), e.url ?? null, e.addedBy ?? null, e.addedAt ?? now, now],
  );
}

export async function deleteFile(tx: SqlRunner, docId: string): Promise<void> {
  await tx.exec("DELETE FROM kb_clauses WHERE doc_id = ?", [docId]);
  await tx.exec("DELETE FROM kb_documents WHERE doc_id = ?", [docId]);
  await tx.exec("DELETE FROM kb_files WHERE doc_id = ?", [docId]);
}

export async function setRetired(tx: SqlRunner, docId: string, r: Retirement | null): Promise<void> {
  await tx.exec("UPDATE kb_files SET retired_at = ?, retired_by = ?, retired_reason = ? WHERE doc_id = ?", [r?.at ?? null, r?.by ?? null, r?.reason ?? null, docId]);
}

const CLAUSE_BATCH = 200;
const clausesHash = (clauses: Clause[]) => createHash("sha256").update(JSON.stringify(clauses)).digest("hex");

/**
 * Writes the corpus after the corpus pass: every document row (position, status), the clauses of documents whose
 * clauses changed, and a new version + revision. Call inside the transaction that wrote the files.
 */
export async function writeCorpus(tx: Transaction, corpus: { documents: Document[]; clauses: Clause[]; version: string }, now: number): Promise<number> {
  const byDoc = new Map<string, Clause[]>();
  for (const c of corpus.clauses) (byDoc.get(c.docId) ?? byDoc.set(c.docId, []).get(c.docId)!).push(c);
  const stored = new Map((await tx.query<Raw>("SELECT doc_id, clauses_hash FROM kb_documents")).map((r) => [String(r.doc_id), String(r.clauses_hash)]));
  const keep = new Set(corpus.documents.map((d) => d.id));
  for (const id of stored.keys()) {
    if (keep.has(id)) continue;
    await tx.exec("DELETE FROM kb_clauses WHERE doc_id = ?", [id]);
    await tx.exec("DELETE FROM kb_documents WHERE doc_id = ?", [id]);
  }
  for (const [position, d] of corpus.documents.entries()) {
    const clauses = byDoc.get(d.id) ?? [];
    const hash = clausesHash(clauses);
    await tx.exec(
      `INSERT INTO kb_documents (doc_id, position, document, clauses_hash) VALUES (?, ?, ?, ?)
       ON CONFLICT (doc_id) DO UPDATE SET position = excluded.position, document = excluded.document, clauses_hash = excluded.clauses_hash`,
      [d.id, position, JSON.stringify(d), hash],
    );
    if (stored.get(d.id) === hash) continue;
    await tx.exec("DELETE FROM kb_clauses WHERE doc_id = ?", [d.id]);
    for (let i = 0; i < clauses.length; i += CLAUSE_BATCH) {
      const batch = clauses.slice(i, i + CLAUSE_BATCH);
      await tx.exec(
        `INSERT INTO kb_clauses (id, doc_id, ord, clause) VALUES ${batch.map(() => "(?, ?, ?, ?)").join(", ")}`,
        batch.flatMap((c, j) => [c.id, d.id, i + j, JSON.stringify(c)]),
      );
    }
  }
  return bumpRevision(tx, corpus.version, now);
}

/** Moves the revision forward (and records the version answers are built from); PostgreSQL replicas are notified. */
export async function bumpRevision(tx: Transaction, version: string, now: number): Promise<number> {
  const revision = (await revisionOf(tx)) + 1;
  await tx.exec(
    `INSERT INTO kb_state (id, version, revision, parser_version, updated_at) VALUES (1, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET version = excluded.version, revision = excluded.revision,
       parser_version = excluded.parser_version, updated_at = excluded.updated_at`,
    [version, revision, PARSER_VERSION, now],
  );
  if (tx.dialect === "postgres") await tx.query("SELECT pg_notify(?, ?)", [KB_CHANNEL, String(revision)]);
  return revision;
}
