/**
 * Okapi BM25 over pre-tokenised documents (jieba words + CJK bigrams from tokenize.ts).
 *
 * score(q, d) = Σ_t w_q(t) · idf(t) · tf(t,d)·(k1+1) / (tf(t,d) + k1·(1 − b + b·|d|/avgdl))
 * idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5))   (always > 0, so scores are finite and non-negative)
 *
 * Documents may have weighted fields (e.g. clause text 1.0, headings/title 0.4): a token's tf and the document
 * length add the field weight instead of 1. Postings are typed arrays so 100k+ documents stay fast.
 */

export interface Bm25Params {
  k1: number;
  b: number;
}

export interface WeightedTokens {
  tokens: string[];
  weight: number;
}

export interface ScoredDoc {
  /** Position of the document as added. */
  index: number;
  score: number;
}

export interface QueryToken {
  token: string;
  /** Query-side weight (default 1). */
  weight?: number;
}

interface Postings {
  docs: Int32Array;
  tfs: Float32Array;
}

/** The frozen index as flat typed arrays (what is saved to disk). */
export interface Bm25Snapshot {
  params: Bm25Params;
  vocab: string[];
  docLen: Float32Array;
  /** Postings of token i are docs/tfs[offsets[i] .. offsets[i+1]). */
  offsets: Uint32Array;
  docs: Int32Array;
  tfs: Float32Array;
}

export class Bm25Index {
  readonly params: Bm25Params;
  private vocab = new Map<string, number>();
  private building: { docs: number[]; tfs: number[] }[] = [];
  private flat: Omit<Bm25Snapshot, "params" | "vocab" | "docLen"> | undefined;
  private docLen: number[] | Float32Array = [];
  private totalLen = 0;
  private frozen = false;

  constructor(params: Partial<Bm25Params> = {}) {
    this.params = { k1: params.k1 ?? 1.2, b: params.b ?? 0.75 };
  }

  get size(): number {
    return this.docLen.length;
  }

  get vocabularySize(): number {
    return this.vocab.size;
  }

  /** Add one document (its fields of weighted tokens); returns its index. */
  add(fields: WeightedTokens[]): number {
    if (this.frozen) this.thaw();
    const index = this.docLen.length;
    const docLen = this.docLen as number[];
    const tf = new Map<number, number>();
    let len = 0;
    for (const f of fields) {
      for (const t of f.tokens) {
        let id = this.vocab.get(t);
        if (id === undefined) {
          id = this.vocab.size;
          this.vocab.set(t, id);
          this.building.push({ docs: [], tfs: [] });
        }
        tf.set(id, (tf.get(id) ?? 0) + f.weight);
        len += f.weight;
      }
    }
    for (const [id, n] of tf) {
      const p = this.building[id]!;
      p.docs.push(index);
      p.tfs.push(n);
    }
    docLen.push(len);
    this.totalLen += len;
    return index;
  }

  /** Move the postings into flat typed arrays (views per token); done on the first search. */
  private freeze(): void {
    if (this.frozen) return;
    let total = 0;
    for (const p of this.building) total += p.docs.length;
    const offsets = new Uint32Array(this.building.length + 1);
    const docs = new Int32Array(total);
    const tfs = new Float32Array(total);
    let o = 0;
    this.building.forEach((p, i) => {
      offsets[i] = o;
      docs.set(p.docs, o);
      tfs.set(p.tfs, o);
      o += p.docs.length;
    });
    offsets[this.building.length] = o;
    this.building = [];
    this.setFlat({ offsets, docs, tfs });
  }

  private setFlat(flat: Omit<Bm25Snapshot, "params" | "vocab" | "docLen">): void {
    this.flat = flat;
    this.frozen = true;
  }

  /** Postings of a token id as views into the flat arrays (frozen index only). */
  private postingsOf(id: number): Postings {
    const { offsets, docs, tfs } = this.flat!;
    return { docs: docs.subarray(offsets[id]!, offsets[id + 1]!), tfs: tfs.subarray(offsets[id]!, offsets[id + 1]!) };
  }

  private thaw(): void {
    this.building = Array.from({ length: this.vocab.size }, (_, id) => {
      const p = this.postingsOf(id);
      return { docs: Array.from(p.docs), tfs: Array.from(p.tfs) };
    });
    this.flat = undefined;
    this.docLen = Array.from(this.docLen);
    this.frozen = false;
  }

  /** The index as flat arrays, for saving. */
  snapshot(): Bm25Snapshot {
    this.freeze();
    return {
      params: this.params,
      vocab: [...this.vocab.keys()],
      docLen: Float32Array.from(this.docLen),
      ...this.flat!,
    };
  }

  static fromSnapshot(s: Bm25Snapshot): Bm25Index {
    const idx = new Bm25Index(s.params);
    s.vocab.forEach((t, i) => idx.vocab.set(t, i));
    idx.docLen = s.docLen;
    let total = 0;
    for (let i = 0; i < s.docLen.length; i++) total += s.docLen[i]!;
    idx.totalLen = total;
    idx.setFlat({ offsets: s.offsets, docs: s.docs, tfs: s.tfs });
    return idx;
  }

  /** Number of documents containing the token. */
  df(token: string): number {
    const id = this.vocab.get(token);
    if (id === undefined) return 0;
    return this.frozen ? this.flat!.offsets[id + 1]! - this.flat!.offsets[id]! : this.building[id]!.docs.length;
  }

  /** BM25 idf of a token (the value for an unseen token is the maximum, df = 0). */
  idf(token: string): number {
    const n = this.size;
    const df = this.df(token);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Score every document containing at least one query token; return the top k (score > 0), best first.
   * Repeated query tokens add up (a term asked twice weighs twice). `within` restricts scoring to some documents.
   */
  search(query: (string | QueryToken)[], k = 10, within?: (index: number) => boolean): ScoredDoc[] {
    this.freeze();
    const n = this.size;
    if (n === 0 || query.length === 0) return [];
    const { k1, b } = this.params;
    const avgdl = this.totalLen / n || 1;
    const weights = new Map<number, number>();
    for (const q of query) {
      const token = typeof q === "string" ? q : q.token;
      const w = typeof q === "string" ? 1 : (q.weight ?? 1);
      const id = this.vocab.get(token);
      if (id === undefined || !(w > 0)) continue;
      weights.set(id, (weights.get(id) ?? 0) + w);
    }
    if (weights.size === 0) return [];
    const scores = new Float64Array(n);
    const touched: number[] = [];
    const avgLen = avgdl;
    const add = (d: number, tf: number, qwIdf: number) => {
      if (within && !within(d)) return;
      const s = (qwIdf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * this.docLen[d]!) / avgLen));
      if (scores[d] === 0) touched.push(d);
      scores[d]! += s;
    };
    // Rare tokens first; then the common ones (df > N/8) only for documents a rare token already found, by binary
    // search in their (sorted) posting lists when that is cheaper than a scan. A document that holds nothing but
    // common words is never the answer to a question that also has specific words; when the question has only
    // common words, they are scored in full.
    const cutoff = Math.max(1, n / COMMON_FRACTION);
    const rare: [Postings, number][] = [];
    const common: [Postings, number][] = [];
    for (const [id, qw] of weights) {
      const p = this.postingsOf(id);
      const df = p.docs.length;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      (df > cutoff ? common : rare).push([p, qw * idf]);
    }
    const scan = (p: Postings, qwIdf: number) => {
      const docs = p.docs;
      const tfs = p.tfs;
      for (let i = 0; i < docs.length; i++) add(docs[i]!, tfs[i]!, qwIdf);
    };
    for (const [p, w] of rare) scan(p, w);
    if (rare.length === 0 || touched.length === 0) {
      for (const [p, w] of common) scan(p, w);
    } else {
      const found = touched.slice();
      for (const [p, w] of common) {
        const docs = p.docs;
        if (found.length * Math.log2(docs.length + 1) < docs.length) {
          for (const d of found) {
            const i = lowerBound(docs, d);
            if (i < docs.length && docs[i] === d) add(d, p.tfs[i]!, w);
          }
        } else {
          for (let i = 0; i < docs.length; i++) if (scores[docs[i]!]! > 0) add(docs[i]!, p.tfs[i]!, w);
        }
      }
    }
    return topK(touched, scores, k);
  }
}

/** Common tokens (df above N / COMMON_FRACTION) only add to documents found by rarer tokens. */
const COMMON_FRACTION = 8;

function lowerBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Best k of the touched documents by score (stable by index on ties). */
function topK(touched: number[], scores: Float64Array, k: number): ScoredDoc[] {
  if (touched.length <= k * 4) {
    return touched
      .map((index) => ({ index, score: scores[index]! }))
      .filter((d) => d.score > 0 && Number.isFinite(d.score))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, k);
  }
  // Threshold selection: keep a running min-heap of size k.
  const heap: ScoredDoc[] = [];
  const less = (a: ScoredDoc, b: ScoredDoc) => a.score < b.score || (a.score === b.score && a.index > b.index);
  for (const index of touched) {
    const score = scores[index]!;
    if (!(score > 0) || !Number.isFinite(score)) continue;
    const item = { index, score };
    if (heap.length < k) {
      heap.push(item);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!less(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (less(heap[0]!, item)) {
      heap[0] = item;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
  }
  return heap.sort((a, b) => b.score - a.score || a.index - b.index);
}
