/**
 * The clause vector index: LangChain's HNSWLib (hnswlib-node, cosine space), one directory per embedding model:
 *   DATA_DIR/index/<model>/{hnswlib.index, docstore.json, args.json, index-meta.json[, lsa.json, lsa-basis.f32]}
 * Loaded from disk when its stamp matches the corpus version and every file matches the size and SHA-256 the stamp
 * recorded at save; rebuilt (into a temp dir, then swapped in) when the corpus changed or the files are missing. Files
 * that fail their check are rebuilt from the clause store with one warning on stderr; temp dirs left by interrupted
 * saves (`<model>.tmp-PID-TS`, PID no longer running) are removed.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { Document as LcDocument } from "@langchain/core/documents";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import type { Config } from "../config.js";
import { citedText } from "../knowledge/schema.js";
import { clauseEmbeddingText, type ClauseTokens, type Corpus } from "./corpus.js";
import {
  createEmbeddings,
  fileDigests,
  modelDirName,
  readStamp,
  STAMP_FILE,
  INDEX_FORMAT,
  type IndexStamp,
  type NamedEmbeddings,
  verifyIndexFiles,
} from "./embeddings/index.js";
import { LocalLsaEmbeddings } from "./embeddings/local.js";

const HNSW_M = 12;
const HNSW_EF_CONSTRUCTION = 64;

export interface VectorMatch {
  clauseId: string;
  /** Cosine similarity in [-1, 1]. */
  similarity: number;
}

export interface VectorIndexOptions {
  /** Root of the per-model directories; default DATA_DIR/index. */
  indexRoot?: string;
  /** Use these embeddings instead of the configured ones (tests, benchmarks). */
  embeddings?: NamedEmbeddings;
  /** Documents per embedding call while building. */
  batchSize?: number;
  /** Clause tokens already computed (by the BM25 build): the local embeddings then skip tokenising. */
  tokens?: ClauseTokens;
  /** Where the warning about corrupt index files goes (default: stderr). */
  warn?: (message: string) => void;
}

const warnOnStderr = (message: string) => void process.stderr.write(`${message}\n`);

function corruptIndexWarning(dir: string, problem: string): string {
  return `警告：索引文件损坏（${problem}），已根据条款库重建 / warning: index files were corrupt (${problem}); rebuilt from the clause store: ${dir}`;
}

/**
 * An index of this corpus and format whose files do not match their stamp is removed (so it is built again), with
 * one warning. An index of another corpus version or format is simply stale: no warning, the rebuild replaces it.
 */
async function removeCorruptIndex(dir: string, corpus: Corpus, warn: (message: string) => void): Promise<boolean> {
  const exists = await fs.stat(dir).then((st) => st.isDirectory(), () => false);
  if (!exists) return false;
  const stamp = await readStamp(dir);
  let problem: string | null;
  if (!stamp) {
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    if (!names.includes(STAMP_FILE)) return false;
    problem = `${STAMP_FILE} 无法读取 / ${STAMP_FILE} is unreadable`;
  } else {
    if (stamp.format !== INDEX_FORMAT || stamp.corpusVersion !== corpus.version) return false;
    problem = await verifyIndexFiles(dir, stamp);
  }
  if (!problem) return false;
  warn(corruptIndexWarning(dir, problem));
  await fs.rm(dir, { recursive: true, force: true });
  return true;
}

/** True when no process with this id is running (a temp dir it left is then abandoned). */
function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

const STALE_TEMP_MS = 24 * 3600_000;

/** Removes `<model>.tmp-PID-TS` dirs under `root` whose process is gone (or that are more than a day old). */
export async function removeAbandonedTempDirs(root: string, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await fs.readdir(root).catch(() => [] as string[])) {
    const m = /\.tmp-(\d+)-(\d+)$/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    const abandoned = pid !== process.pid && (processGone(pid) || now - Number(m[2]) > STALE_TEMP_MS);
    if (!abandoned) continue;
    await fs.rm(path.join(root, name), { recursive: true, force: true }).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}

export function indexRootOf(config: Config): string {
  return path.join(config.dataDir, "index");
}

export class ClauseVectorIndex {
  private constructor(
    readonly model: string,
    readonly dir: string,
    readonly store: HNSWLib,
    readonly named: NamedEmbeddings,
    /** true when this open built the index (false: loaded from disk). */
    readonly rebuilt: boolean,
    readonly count: number,
    /** Time to create (fit or load) the embeddings, and to build (embed + insert + save) or load the index. */
    readonly timings: { embeddingsMs: number; indexMs: number },
  ) {}

  /** Open (load or build) the index of `corpus` for the configured embedding model. */
  static async open(config: Config, corpus: Corpus, opts: VectorIndexOptions = {}): Promise<ClauseVectorIndex> {
    const root = opts.indexRoot ?? indexRootOf(config);
    const warn = opts.warn ?? warnOnStderr;
    const t0 = performance.now();
    await removeAbandonedTempDirs(root);
    let named = opts.embeddings;
    let dir: string;
    let warned = false;
    if (named) {
      dir = path.join(root, modelDirName(named.model));
      warned = await removeCorruptIndex(dir, corpus, warn);
    } else if (config.embeddings.kind === "local") {
      // The local model is fitted on the corpus and cached in its own index directory.
      dir = path.join(root, modelDirName(LocalLsaEmbeddings.modelName(256)));
      warned = await removeCorruptIndex(dir, corpus, warn);
      named = await createEmbeddings(config, corpus, { cacheDir: dir, tokens: opts.tokens });
    } else {
      named = await createEmbeddings(config, corpus);
      dir = path.join(root, modelDirName(named.model));
      warned = await removeCorruptIndex(dir, corpus, warn);
    }
    const embeddingsMs = performance.now() - t0;
    const stamp = await readStamp(dir);
    if (
      stamp &&
      stamp.format === INDEX_FORMAT &&
      stamp.corpusVersion === corpus.version &&
      stamp.model === named.model &&
      stamp.count === corpus.clauses.length &&
      corpus.clauses.length > 0
    ) {
      try {
        const store = await HNSWLib.load(dir, named.embeddings);
        store.index.setEf(Math.max(64, Math.min(200, stamp.count)));
        const timings = { embeddingsMs, indexMs: performance.now() - t0 - embeddingsMs };
        return new ClauseVectorIndex(named.model, dir, store, named, false, stamp.count, timings);
      } catch (err) {
        // files that pass their checksums but do not load: rebuilt, with the warning
        if (!warned) warn(corruptIndexWarning(dir, err instanceof Error ? err.message.split("\n")[0]! : String(err)));
      }
    }
    const store = await build(corpus, named, dir, opts.batchSize ?? 512, opts.tokens);
    const timings = { embeddingsMs, indexMs: performance.now() - t0 - embeddingsMs };
    return new ClauseVectorIndex(named.model, dir, store, named, true, corpus.clauses.length, timings);
  }

  /** Nearest clauses to a query text. An empty list when the query has no usable embedding. */
  async search(query: string, k: number): Promise<VectorMatch[]> {
    const vec = await this.named.embeddings.embedQuery(query);
    return this.searchVector(vec, k);
  }

  async searchVector(vec: number[], k: number): Promise<VectorMatch[]> {
    if (this.count === 0 || !vec.some((x) => x !== 0) || vec.some((x) => !Number.isFinite(x))) return [];
    const kk = Math.min(k, this.count);
    const res = await this.store.similaritySearchVectorWithScore(vec, kk);
    return res.map(([doc, distance]) => ({
      clauseId: String(doc.metadata["clauseId"]),
      similarity: 1 - distance,
    }));
  }
}

async function build(
  corpus: Corpus,
  named: NamedEmbeddings,
  dir: string,
  batchSize: number,
  tokens?: ClauseTokens,
): Promise<HNSWLib> {
  const local = tokens && tokens.count === corpus.clauses.length && named.embeddings instanceof LocalLsaEmbeddings
    ? named.embeddings
    : undefined;
  const docs = new Map(corpus.documents.map((d) => [d.id, d]));
  const n = corpus.clauses.length;
  let store: HNSWLib | undefined;
  let dims = 0;
  // Streamed in batches: embed, add, forget — memory stays bounded at 100k+ clauses.
  for (let start = 0; start < n; start += batchSize) {
    const batch = corpus.clauses.slice(start, start + batchSize);
    const vectors = local
      ? batch.map((_, j) => local.embedDocumentTokens(tokens!.tokensOf(start + j)))
      : await named.embeddings.embedDocuments(batch.map((c) => clauseEmbeddingText(c, docs.get(c.docId))));
    const lcDocs = batch.map(
      (c) => new LcDocument({ pageContent: citedText(c), metadata: { clauseId: c.id, docId: c.docId, path: c.path } }),
    );
    if (!store) {
      // Our own HierarchicalNSW, sized for the whole corpus up front (no resize while adding) and with our graph
      // parameters (M 12, efConstruction 64: it supplies candidates for fusion, not final answers). The first
      // point goes in directly because HNSWLib.addVectors re-initialises an index that is still empty.
      dims = vectors[0]!.length;
      const { HierarchicalNSW } = await HNSWLib.imports();
      const index = new HierarchicalNSW("cosine", dims);
      index.initIndex(n, HNSW_M, HNSW_EF_CONSTRUCTION, 100);
      index.addPoint(vectors[0]!, 0);
      store = new HNSWLib(named.embeddings, { space: "cosine", numDimensions: dims, index });
      store.docstore.add({ 0: lcDocs[0]! });
      await store.addVectors(vectors.slice(1), lcDocs.slice(1));
    } else {
      await store.addVectors(vectors, lcDocs);
    }
  }
  if (store) store.index.setEf(Math.max(64, Math.min(200, n)));
  else {
    dims = 256;
    store = new HNSWLib(named.embeddings, { space: "cosine", numDimensions: dims });
  }
  // Build into a sibling temp dir, then swap it in, so a crash never leaves a half-written index behind. The index
  // is usable from memory even if saving fails (read-only data dir, or another process swapping in its own copy
  // of the same index at the same moment).
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    await fs.mkdir(tmp, { recursive: true });
    if (n) await store.save(tmp);
    if (named.save) await named.save(tmp);
    const stamp: IndexStamp = {
      format: INDEX_FORMAT,
      model: named.model,
      corpusVersion: corpus.version,
      count: corpus.clauses.length,
      dims,
      builtAt: new Date().toISOString(),
    };
    stamp.files = await fileDigests(tmp);
    await fs.writeFile(path.join(tmp, STAMP_FILE), JSON.stringify(stamp, null, 2));
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rename(tmp, dir);
  } catch {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }
  return store;
}
