/**
 * The clause store on disk, in DATA_DIR/kb/: `entries.json` (each ingested file's own parse, keyed by its absolute
 * path, for incremental re-ingest) and `corpus.json` (documents and clauses after the corpus pass, with a version).
 * Writes are atomic (temp file + rename), so a reader never sees half a file.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ClauseSchema, DocumentSchema, type Clause, type Document } from "./schema.js";
import type { ParsedEntry } from "../ingest/corpus.js";
import { PARSER_VERSION } from "../ingest/parse.js";

export interface Corpus {
  documents: Document[];
  clauses: Clause[];
  /** Hash over the documents' content hashes (and the parser version): changes whenever any clause may change. */
  version: string;
  /** The parser that produced the clauses; a corpus from another parser version is not returned by loadCorpus. */
  parserVersion?: number;
}

export interface StoredEntry extends ParsedEntry {
  /** absolute path of the source file (identity for incremental ingest) */
  absPath: string;
  parserVersion: number;
}

const CorpusFileSchema = z.object({
  version: z.string(),
  documents: z.array(DocumentSchema),
  clauses: z.array(ClauseSchema),
  parserVersion: z.number().optional(),
});

export function kbDir(dataDir: string): string {
  return path.join(dataDir, "kb");
}

function writeAtomic(file: string, data: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * The corpus as last saved, or null when nothing has been ingested into this data dir — or when it was written by
 * another parser version or cannot be read (then the next ingest / ensureIngested builds it again).
 */
export function loadCorpus(dataDir: string): Corpus | null {
  const file = path.join(kbDir(dataDir), "corpus.json");
  if (!existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
  const parsed = CorpusFileSchema.safeParse(raw);
  if (!parsed.success || parsed.data.parserVersion !== PARSER_VERSION) return null;
  return parsed.data;
}

export function corpusVersion(documents: Document[], parserVersion: number): string {
  const h = createHash("sha256");
  h.update(`parser:${parserVersion}\n`);
  for (const d of [...documents].sort((a, b) => a.id.localeCompare(b.id))) h.update(`${d.id}:${d.contentHash}\n`);
  return h.digest("hex").slice(0, 16);
}

export function saveCorpus(dataDir: string, corpus: Corpus): void {
  writeAtomic(path.join(kbDir(dataDir), "corpus.json"), JSON.stringify({ ...corpus, parserVersion: PARSER_VERSION }));
}

export function loadEntries(dataDir: string): StoredEntry[] {
  const file = path.join(kbDir(dataDir), "entries.json");
  if (!existsSync(file)) return [];
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as { entries?: StoredEntry[] };
    return Array.isArray(data.entries) ? data.entries : [];
  } catch {
    return [];
  }
}

export function saveEntries(dataDir: string, entries: StoredEntry[]): void {
  writeAtomic(path.join(kbDir(dataDir), "entries.json"), JSON.stringify({ entries }));
}
