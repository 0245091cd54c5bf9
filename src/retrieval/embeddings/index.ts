/**
 * Embeddings factory. "local" (default) = LSA fitted on the corpus itself (offline, see local.ts);
 * "openai" / "onnx" = remote.ts (helper LLM), imported lazily so the offline path never loads it.
 *
 * Each model gets its own index directory, named by `modelDirName(model)` under DATA_DIR/index/.
 */
import { createHash } from "node:crypto";
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
  /** Size and SHA-256 of every file saved with the index (the stamp itself excepted), checked before loading. */
  files?: Record<string, FileDigest>;
}

export interface FileDigest {
  size: number;
  sha256: string;
}

export const STAMP_FILE = "index-meta.json";
export const INDEX_FORMAT = 3;

export async function readStamp(dir: string): Promise<IndexStamp | undefined> {
  try {
    const stamp = JSON.parse(await fs.readFile(path.join(dir, STAMP_FILE), "utf8")) as unknown;
    return stamp && typeof stamp === "object" && !Array.isArray(stamp) ? (stamp as IndexStamp) : undefined;
  } catch {
    return undefined;
  }
}

/** Size and SHA-256 of each file in `dir` but the stamp, to be written into the stamp at save. */
export async function fileDigests(dir: string): Promise<Record<string, FileDigest>> {
  const out: Record<string, FileDigest> = {};
  for (const name of (await fs.readdir(dir)).sort()) {
    if (name === STAMP_FILE) continue;
    const bytes = await fs.readFile(path.join(dir, name));
    out[name] = { size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
  }
  return out;
}

/**
 * What is wrong with the files of the index in `dir` against its stamp (missing, wrong size, wrong checksum), or
 * null when all are as saved.
 */
export async function verifyIndexFiles(dir: string, stamp: IndexStamp): Promise<string | null> {
  if (!stamp.files || typeof stamp.files !== "object") return `${STAMP_FILE} 无校验信息 / ${STAMP_FILE} has no checksums`;
  for (const [name, want] of Object.entries(stamp.files)) {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(path.join(dir, name));
    } catch {
      return `缺少 ${name} / ${name} is missing`;
    }
    if (bytes.length !== want.size) return `${name} 大小不符 / ${name} has ${bytes.length} bytes, expected ${want.size}`;
    if (createHash("sha256").update(bytes).digest("hex") !== want.sha256) return `${name} 校验和不符 / ${name} fails its checksum`;
  }
  return null;
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
      if (
        stamp?.corpusVersion === corpus.version &&
        stamp.format === INDEX_FORMAT &&
        (await LocalLsaEmbeddings.exists(dir)) &&
        (await verifyIndexFiles(dir, stamp)) === null
      ) {
        try {
          const e = await LocalLsaEmbeddings.load(dir);
          return { model, embeddings: e, save: (d) => e.save(d) };
        } catch {
          // unreadable model files: fitted again below
        }
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
