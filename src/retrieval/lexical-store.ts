/**
 * The BM25 index on disk, so a restart does not re-tokenise the corpus:
 *   DATA_DIR/index/lexical/{bm25-meta.json, bm25.bin}
 * bm25.bin holds docLen (f32 × N), offsets (u32 × V+1), docs (i32 × P), tfs (f32 × P), little-endian as in memory.
 * Valid only for the same index version (corpus version + tokeniser fingerprint); otherwise rebuilt.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Bm25Index, type Bm25Params } from "./bm25.js";
import { DOMAIN_DICT_PATH } from "./tokenize.js";
import { GLOSSARY_PATH } from "./glossary.js";
import { INDEX_FORMAT } from "./embeddings/index.js";

const META = "bm25-meta.json";
const BIN = "bm25.bin";

interface Bm25Meta {
  format: number;
  version: string;
  count: number;
  params: Bm25Params;
  vocab: string[];
  lengths: { docLen: number; offsets: number; postings: number };
}

/**
 * Version of the indexes built from a corpus: the corpus version plus a fingerprint of everything that changes
 * tokens (domain dictionary, glossary terms loaded into jieba, index format).
 */
export function indexVersion(corpusVersion: string): string {
  const h = createHash("sha256").update(`${INDEX_FORMAT}\n${corpusVersion}\n`);
  for (const f of [DOMAIN_DICT_PATH, GLOSSARY_PATH]) {
    try {
      h.update(fs.readFileSync(f));
    } catch {
      h.update(`missing:${f}`);
    }
  }
  return h.digest("hex").slice(0, 16);
}

export async function saveBm25(dir: string, index: Bm25Index, version: string): Promise<void> {
  const s = index.snapshot();
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await fsp.mkdir(tmp, { recursive: true });
  const meta: Bm25Meta = {
    format: INDEX_FORMAT,
    version,
    count: s.docLen.length,
    params: s.params,
    vocab: s.vocab,
    lengths: { docLen: s.docLen.length, offsets: s.offsets.length, postings: s.docs.length },
  };
  const parts = [s.docLen, s.offsets, s.docs, s.tfs].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  await fsp.writeFile(path.join(tmp, BIN), Buffer.concat(parts));
  await fsp.writeFile(path.join(tmp, META), JSON.stringify(meta));
  try {
    await fsp.rm(dir, { recursive: true, force: true });
    await fsp.rename(tmp, dir);
  } catch (err) {
    await fsp.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
}

/** The saved index if it was built for `version` with `count` documents; undefined otherwise. */
export async function loadBm25(dir: string, version: string, count: number): Promise<Bm25Index | undefined> {
  try {
    const meta = JSON.parse(await fsp.readFile(path.join(dir, META), "utf8")) as Bm25Meta;
    if (meta.format !== INDEX_FORMAT || meta.version !== version || meta.count !== count) return undefined;
    const buf = await fsp.readFile(path.join(dir, BIN));
    const { docLen: n, offsets: v1, postings: p } = meta.lengths;
    if (buf.byteLength !== 4 * (n + v1 + 2 * p) || v1 !== meta.vocab.length + 1) return undefined;
    // Copy into an aligned ArrayBuffer (Buffer pooling may misalign the view).
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    let o = 0;
    const docLen = new Float32Array(ab, o, n);
    o += 4 * n;
    const offsets = new Uint32Array(ab, o, v1);
    o += 4 * v1;
    const docs = new Int32Array(ab, o, p);
    o += 4 * p;
    const tfs = new Float32Array(ab, o, p);
    return Bm25Index.fromSnapshot({ params: meta.params, vocab: meta.vocab, docLen, offsets, docs, tfs });
  } catch {
    return undefined;
  }
}
