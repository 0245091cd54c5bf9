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
  corpusVersion, loadCorpus, loadEntries, saveCorpus, saveEntries, type StoredEntry,
} from "../knowledge/store.js";
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from "./bounded-read.js";
import { buildCorpus } from "./corpus.js";
import { tooLargeError } from "./expanded-size.js";
import { parseFile, PARSER_VERSION } from "./parse.js";
import { corpusStatements } from "../knowledge/deontic.js";
import { DOCUMENT_EXTENSIONS, ReadError } from "./readers.js";

export interface IngestReport {
  added: string[];
  updated: string[];
  unchanged: string[];
  failed: { file: string; reason: string }[];
  /** previously ingested files under an ingested directory that no longer exist (their clauses are gone) */
  removed?: string[];
  /** documents and clauses in the whole store after this run */
  documents: number;
  clauses: number;
}

export interface IngestOptions {
  dataDir: string;
  onProgress?: (done: number, total: number, file: string) => void;
  /** per-file size and parse-time limits (default DEFAULT_INGEST_LIMITS; config.ingest from the environment) */
  limits?: IngestLimits;
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

function reasonOf(err: unknown): string {
  if (err instanceof ReadError) return err.message;
  const msg = err instanceof Error ? err.message : String(err);
  return `解析失败 / parse failed: ${msg.split("\n")[0]}`;
}

export async function ingestPaths(paths: string[], opts: IngestOptions): Promise<IngestReport> {
  const files = collectFiles(paths);
  const limits = opts.limits ?? DEFAULT_INGEST_LIMITS;
  const stored = loadEntries(opts.dataDir);
  const byPath = new Map(stored.map((e) => [e.absPath, e]));
  const taken = new Map(stored.map((e) => [e.id, e.absPath]));
  const report: IngestReport = { added: [], updated: [], unchanged: [], failed: [], documents: 0, clauses: 0 };
  let changed = false;

  // files deleted from an ingested directory leave the store
  const dirs = paths.map((p) => path.resolve(p)).filter((p) => statSync(p).isDirectory());
  const requested = new Set(files);
  for (const e of stored) {
    if (requested.has(e.absPath) || !dirs.some((d) => e.absPath.startsWith(d + path.sep))) continue;
    if (!existsSync(e.absPath) || !isDocumentFile(e.absPath)) {
      byPath.delete(e.absPath);
      (report.removed ??= []).push(e.source);
      changed = true;
    }
  }
  // documents parsed by an older parser are parsed again (when their files still exist)
  for (const e of stored) {
    if (e.parserVersion !== PARSER_VERSION && !requested.has(e.absPath) && byPath.has(e.absPath) && existsSync(e.absPath))
      files.push(e.absPath);
  }

  for (let i = 0; i < files.length; i++) {
    const abs = files[i]!;
    const shown = displaySource(abs);
    try {
      if (statSync(abs).size > limits.maxExpandedBytes) throw tooLargeError(abs, limits.maxExpandedBytes);
      const bytes = readFileSync(abs);
      const hash = createHash("sha256").update(bytes).digest("hex");
      const prev = byPath.get(abs);
      if (prev && prev.contentHash === hash && prev.parserVersion === PARSER_VERSION) {
        report.unchanged.push(shown);
        continue;
      }
      const parsed = await parseFile(abs, bytes, limits);
      const id = prev?.id ?? docIdFor(abs, taken);
      taken.set(id, abs);
      const entry: StoredEntry = {
        id, source: shown, absPath: abs, contentHash: hash, parserVersion: PARSER_VERSION, ...parsed,
      };
      byPath.set(abs, entry);
      (prev ? report.updated : report.added).push(shown);
      changed = true;
    } catch (err) {
      report.failed.push({ file: shown, reason: reasonOf(err) });
      // a file that was ingested before and can no longer be read does not keep its old clauses
      if (byPath.has(abs)) {
        byPath.delete(abs);
        (report.removed ??= []).push(shown);
        changed = true;
      }
    } finally {
      opts.onProgress?.(i + 1, files.length, shown);
    }
  }

  const entries = [...byPath.values()].sort((a, b) => a.id.localeCompare(b.id));
  const existing = loadCorpus(opts.dataDir);
  if (changed || !existing) {
    if (entries.length > 0) {
      const built = buildCorpus(entries);
      const documents = built.documents;
      // Each clause carries its deontic statements, so answers align with them without re-reading the text.
      const clauses = corpusStatements(built.clauses);
      saveEntries(opts.dataDir, entries);
      saveCorpus(opts.dataDir, { documents, clauses, version: corpusVersion(documents, PARSER_VERSION) });
      report.documents = documents.length;
      report.clauses = clauses.length;
      return report;
    }
  }
  report.documents = existing?.documents.length ?? 0;
  report.clauses = existing?.clauses.length ?? 0;
  return report;
}

/** Ingests config.knowledgeDir when the data dir has no corpus yet; null when one exists already. */
export async function ensureIngested(
  config: Pick<Config, "dataDir" | "knowledgeDir"> & Partial<Pick<Config, "ingest">>,
  opts: { onProgress?: IngestOptions["onProgress"] } = {},
): Promise<IngestReport | null> {
  const existing = loadCorpus(config.dataDir);
  if (existing && existing.clauses.length > 0) return null;
  return ingestPaths([config.knowledgeDir], { dataDir: config.dataDir, onProgress: opts.onProgress, limits: config.ingest });
}
