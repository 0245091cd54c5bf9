/**
 * Offline embeddings computed from the corpus itself: latent semantic analysis (LSA).
 *
 * 1. Every text becomes a sparse TF-IDF vector over the corpus vocabulary (the jieba words BM25 also uses; the
 *    CJK bigrams are left to BM25), sublinear tf (1 + ln tf), L2-normalised rows.
 * 2. The top-k right singular subspace of the document × term matrix A is found by randomised subspace
 *    iteration (power iterations of AᵀA on a seeded Gaussian start, columns rescaled between iterations and
 *    orthonormalised once at the end with modified Gram–Schmidt) in plain TypeScript — no model download.
 * 3. A text's embedding is its TF-IDF vector projected on that basis, L2-normalised, zero-padded to `dims`.
 *
 * This is not a neural model, and its name says so: "local-lsa-256". It captures co-occurrence (terms used in the
 * same clauses end up close), which complements BM25's exact matching. The fitted model is saved next to the
 * vector index and reloaded with it, so query vectors always live in the same space as the indexed ones.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { Embeddings } from "@langchain/core/embeddings";
import { indexTokens } from "../tokenize.js";

export interface LsaFitOptions {
  /** Output dimension (padded with zeros when the corpus has fewer clauses). */
  dims?: number;
  /** Vocabulary cap: most frequent terms (by document frequency) kept. */
  maxVocab?: number;
  /** At most this many texts (evenly sampled) are used to fit the basis; all texts can still be embedded. */
  maxFitDocs?: number;
  /** Power iterations of the subspace iteration. */
  iterations?: number;
  seed?: number;
}

interface LsaState {
  dims: number;
  /** Rank actually fitted (≤ dims). */
  rank: number;
  vocab: string[];
  idf: Float32Array;
  /** vocab.length × rank, row-major. */
  basis: Float32Array;
}

const META_FILE = "lsa.json";
const BASIS_FILE = "lsa-basis.f32";

export class LocalLsaEmbeddings extends Embeddings {
  readonly model: string;
  private readonly state: LsaState;
  private readonly termIndex: Map<string, number>;

  private constructor(state: LsaState) {
    super({});
    this.state = state;
    this.model = `local-lsa-${state.dims}`;
    this.termIndex = new Map(state.vocab.map((t, i) => [t, i]));
  }

  static modelName(dims = 256): string {
    return `local-lsa-${dims}`;
  }

  get dims(): number {
    return this.state.dims;
  }

  get rank(): number {
    return this.state.rank;
  }

  get vocabularySize(): number {
    return this.state.vocab.length;
  }

  /** Fit the LSA basis on a corpus of texts (or pre-tokenised texts). */
  static fit(texts: (string | string[])[], opts: LsaFitOptions = {}): LocalLsaEmbeddings {
    return LocalLsaEmbeddings.fitWith(texts.length, (i) => {
      const t = texts[i]!;
      return typeof t === "string" ? indexTokens(t) : t;
    }, opts);
  }

  /** Fit from `count` texts given as tokens on demand (only the sampled ones are asked for). */
  static fitWith(count: number, tokensOf: (i: number) => string[], opts: LsaFitOptions = {}): LocalLsaEmbeddings {
    const dims = opts.dims ?? 256;
    const maxVocab = opts.maxVocab ?? 12_000;
    const maxFitDocs = opts.maxFitDocs ?? 12_000;
    const iterations = opts.iterations ?? 2;
    const rand = gaussian(opts.seed ?? 20240601);

    // Evenly spaced sample of the corpus for fitting.
    const step = Math.max(1, count / maxFitDocs);
    const sample: string[][] = [];
    for (let x = 0; Math.floor(x) < count && sample.length < maxFitDocs; x += step) {
      sample.push(lsaTokens(tokensOf(Math.floor(x))));
    }

    // Vocabulary by document frequency.
    const df = new Map<string, number>();
    for (const toks of sample) for (const t of new Set(toks)) df.set(t, (df.get(t) ?? 0) + 1);
    const vocab = [...df.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxVocab)
      .map(([t]) => t);
    const n = Math.max(1, sample.length);
    const idf = Float32Array.from(vocab, (t) => Math.log((n + 1) / ((df.get(t) ?? 0) + 1)) + 1);
    const termIndex = new Map(vocab.map((t, i) => [t, i]));

    const rows = sample.map((toks) => tfidfRow(toks, termIndex, idf));
    const V = vocab.length;
    const k = Math.max(1, Math.min(dims, sample.length, V));

    // Q: V × k row-major Gaussian start.
    let Q = new Float64Array(V * k);
    for (let i = 0; i < Q.length; i++) Q[i] = rand();
    const Z = new Float64Array(rows.length * k);
    for (let it = 0; it < iterations; it++) {
      // Z = A Q
      Z.fill(0);
      for (let d = 0; d < rows.length; d++) {
        const { idx, val } = rows[d]!;
        const zo = d * k;
        for (let p = 0; p < idx.length; p++) {
          const a = val[p]!;
          const qo = idx[p]! * k;
          for (let c = 0; c < k; c++) Z[zo + c] = Z[zo + c]! + a * Q[qo + c]!;
        }
      }
      // Q = Aᵀ Z
      const next = new Float64Array(V * k);
      for (let d = 0; d < rows.length; d++) {
        const { idx, val } = rows[d]!;
        const zo = d * k;
        for (let p = 0; p < idx.length; p++) {
          const a = val[p]!;
          const qo = idx[p]! * k;
          for (let c = 0; c < k; c++) next[qo + c] = next[qo + c]! + a * Z[zo + c]!;
        }
      }
      if (it === iterations - 1) orthonormalizeColumns(next, V, k);
      else normalizeColumns(next, V, k);
      Q = next;
    }
    return new LocalLsaEmbeddings({ dims, rank: k, vocab, idf, basis: Float32Array.from(Q) });
  }

  /** Embedding of already tokenised text; all zeros when no token is known. */
  embedTokens(tokens: string[]): number[] {
    const { rank, dims, basis } = this.state;
    const row = tfidfRow(lsaTokens(tokens), this.termIndex, this.state.idf);
    const acc = new Float64Array(dims);
    for (let p = 0; p < row.idx.length; p++) {
      const a = row.val[p]!;
      const bo = row.idx[p]! * rank;
      for (let c = 0; c < rank; c++) acc[c] = acc[c]! + a * basis[bo + c]!;
    }
    let norm = 0;
    for (let c = 0; c < dims; c++) norm += acc[c]! * acc[c]!;
    norm = Math.sqrt(norm);
    if (norm > 1e-12) for (let c = 0; c < dims; c++) acc[c] = acc[c]! / norm;
    return Array.from(acc);
  }

  /** Document embedding of already tokenised text (never all zeros, see nonZero). */
  embedDocumentTokens(tokens: string[]): number[] {
    return nonZero(this.embedTokens(tokens));
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => nonZero(this.embedTokens(indexTokens(d))));
  }

  /** Query embedding; all zeros when the query shares no term with the corpus (callers skip the vector search). */
  async embedQuery(document: string): Promise<number[]> {
    return this.embedTokens(indexTokens(document));
  }

  async save(dir: string): Promise<void> {
    await fs.mkdir(dir, { recursive: true });
    const { dims, rank, vocab, idf, basis } = this.state;
    await fs.writeFile(
      path.join(dir, META_FILE),
      JSON.stringify({ model: this.model, dims, rank, vocab, idf: Array.from(idf) }),
    );
    await fs.writeFile(path.join(dir, BASIS_FILE), Buffer.from(basis.buffer, basis.byteOffset, basis.byteLength));
  }

  static async exists(dir: string): Promise<boolean> {
    try {
      await fs.access(path.join(dir, META_FILE));
      await fs.access(path.join(dir, BASIS_FILE));
      return true;
    } catch {
      return false;
    }
  }

  /** Loads a saved model; throws (naming the file) when the files are not a valid model. */
  static async load(dir: string): Promise<LocalLsaEmbeddings> {
    const corrupt = (why: string) => new Error(`向量模型文件损坏 / corrupt LSA model in ${dir}: ${why}`);
    let meta: unknown;
    try {
      meta = JSON.parse(await fs.readFile(path.join(dir, META_FILE), "utf8"));
    } catch {
      throw corrupt(`${META_FILE} is not JSON`);
    }
    const m = meta as { dims?: unknown; rank?: unknown; vocab?: unknown; idf?: unknown };
    const isCount = (x: unknown): x is number => Number.isInteger(x) && (x as number) > 0;
    if (!isCount(m.dims) || !isCount(m.rank) || m.rank > m.dims) throw corrupt(`${META_FILE}: bad dims/rank`);
    if (!Array.isArray(m.vocab) || !m.vocab.every((t) => typeof t === "string")) throw corrupt(`${META_FILE}: bad vocab`);
    if (!Array.isArray(m.idf) || m.idf.length !== m.vocab.length || !m.idf.every((x) => Number.isFinite(x)))
      throw corrupt(`${META_FILE}: bad idf`);
    const buf = await fs.readFile(path.join(dir, BASIS_FILE));
    if (buf.length !== m.vocab.length * m.rank * 4) throw corrupt(`${BASIS_FILE}: basis size mismatch`);
    const basis = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    if (!basis.every((x) => Number.isFinite(x))) throw corrupt(`${BASIS_FILE}: not finite`);
    return new LocalLsaEmbeddings({
      dims: m.dims,
      rank: m.rank,
      vocab: m.vocab as string[],
      idf: Float32Array.from(m.idf as number[]),
      basis,
    });
  }
}

/** The LSA sees words only: bigrams ("~xx") are many, noisy for co-occurrence, and already serve BM25. */
function lsaTokens(tokens: string[]): string[] {
  return tokens.filter((t) => !t.startsWith("~"));
}

/** Scale each column of a V × k row-major matrix to unit length (keeps power iteration in range). */
function normalizeColumns(M: Float64Array, V: number, k: number): void {
  const norms = new Float64Array(k);
  for (let r = 0; r < V; r++) for (let c = 0; c < k; c++) norms[c] = norms[c]! + M[r * k + c]! ** 2;
  for (let c = 0; c < k; c++) norms[c] = norms[c]! > 0 ? 1 / Math.sqrt(norms[c]!) : 0;
  for (let r = 0; r < V; r++) for (let c = 0; c < k; c++) M[r * k + c] = M[r * k + c]! * norms[c]!;
}

/** Sparse L2-normalised TF-IDF row with sublinear tf. */
function tfidfRow(tokens: string[], termIndex: Map<string, number>, idf: Float32Array) {
  const tf = new Map<number, number>();
  for (const t of tokens) {
    const i = termIndex.get(t);
    if (i !== undefined) tf.set(i, (tf.get(i) ?? 0) + 1);
  }
  const idx = new Int32Array(tf.size);
  const val = new Float64Array(tf.size);
  let p = 0;
  let norm = 0;
  for (const [i, n] of tf) {
    const w = (1 + Math.log(n)) * idf[i]!;
    idx[p] = i;
    val[p] = w;
    norm += w * w;
    p++;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let q = 0; q < val.length; q++) val[q]! /= norm;
  return { idx, val };
}

/** Modified Gram–Schmidt on the k columns of a V × k row-major matrix, in place. */
function orthonormalizeColumns(M: Float64Array, V: number, k: number): void {
  const cols: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    const col = new Float64Array(V);
    for (let r = 0; r < V; r++) col[r] = M[r * k + c]!;
    cols.push(col);
  }
  for (let i = 0; i < k; i++) {
    const ci = cols[i]!;
    let norm = 0;
    for (let r = 0; r < V; r++) norm += ci[r]! * ci[r]!;
    norm = Math.sqrt(norm);
    if (norm < 1e-10) {
      ci.fill(0);
      continue;
    }
    for (let r = 0; r < V; r++) ci[r]! /= norm;
    for (let j = i + 1; j < k; j++) {
      const cj = cols[j]!;
      let dot = 0;
      for (let r = 0; r < V; r++) dot += ci[r]! * cj[r]!;
      for (let r = 0; r < V; r++) cj[r]! -= dot * ci[r]!;
    }
  }
  for (let c = 0; c < k; c++) {
    const col = cols[c]!;
    for (let r = 0; r < V; r++) M[r * k + c] = col[r]!;
  }
}

/** Documents with no known term get a constant unit vector (hnswlib's cosine space cannot take a zero vector). */
function nonZero(v: number[]): number[] {
  if (v.some((x) => x !== 0)) return v;
  const x = 1 / Math.sqrt(v.length);
  return v.map(() => x);
}

/** Seeded standard normal generator (mulberry32 + Box–Muller), so the same corpus gives the same model. */
function gaussian(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => {
    const u = Math.max(uniform(), 1e-12);
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}
