/**
 * Embeddings factory. "local" (default) = LSA fitted on the corpus itself (offline, see local.ts);
 * "openai" / "onnx" = remote.ts (helper LLM), imported lazily so the offline path never loads it.
 *
 * Each model gets its own index directory, named by `modelDirName(model)` under DATA_DIR/index/.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Config } from "../../config.js";
import { clauseEmbeddingText, type ClauseTokens, type Corpus } from "../corpus.js";
import { LocalLsaEmbeddings } from "./local.js";

export interface NamedEmbeddings {
  /** Model name, e.g. "local-lsa-256", "text-embedding-3-small". */
  model: string;
  embeddings: EmbeddingsInterface;
  /** Corpus-derived models persist their fitted state next to the vector index. */
  save?(dir: string): Promise<void>;
}

/** A file-system-safe directory name for a model. */
export function modelDirName(model: string): string {
  return model.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "") || "model";
}

/** Stamp written by the vector store next to an index: which corpus version it was built from. */
export interface IndexStamp {
  /** INDEX_FORMAT at build time: a change in how indexes or the local model are built invalidates old ones. */
  format: number;
  model: string;
  corpusVersion: string;
  count: number;
  dims: number;
  builtAt: string;
}

export const STAMP_FILE = "index-meta.json";
export const INDEX_FORMAT = 2;

export async function readStamp(dir: string): Promise<IndexStamp | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(dir, STAMP_FILE), "utf8")) as IndexStamp;
  } catch {
    return undefined;
  }
}

/**
 * Create the embeddings for `config`. For "local", a model saved in `cacheDir` for the same corpus version is
 * reloaded; otherwise it is fitted on the corpus clauses.
 */
export async function createEmbeddings(
  config: Config,
  corpus: Corpus,
  opts: { cacheDir?: string; tokens?: ClauseTokens } = {},
): Promise<NamedEmbeddings> {
  if (config.embeddings.kind === "local") {
    const model = LocalLsaEmbeddings.modelName(256);
    const dir = opts.cacheDir;
    if (dir) {
      const stamp = await readStamp(dir);
      if (stamp?.corpusVersion === corpus.version && stamp.format === INDEX_FORMAT && (await LocalLsaEmbeddings.exists(dir))) {
        const e = await LocalLsaEmbeddings.load(dir);
        return { model, embeddings: e, save: (d) => e.save(d) };
      }
    }
    const docs = new Map(corpus.documents.map((d) => [d.id, d]));
    const e = opts.tokens
      ? LocalLsaEmbeddings.fitWith(opts.tokens.count, opts.tokens.tokensOf, { dims: 256 })
      : LocalLsaEmbeddings.fit(corpus.clauses.map((c) => clauseEmbeddingText(c, docs.get(c.docId))), { dims: 256 });
    return { model, embeddings: e, save: (d) => e.save(d) };
  }
  // Lazy: remote.ts pulls in @langchain/openai (or @huggingface/transformers) only when configured.
  const { createRemoteEmbeddings } = await import("./remote.js");
  const remote = await createRemoteEmbeddings(config);
  return { model: remote.modelName, embeddings: remote.embeddings };
}
