/**
 * Hybrid clause retrieval: BM25 (jieba words + CJK bigrams) and vector search (HNSWLib over the configured
 * embeddings) fused by weighted scores, then re-ranked by coverage of the question's key terms.
 *
 *   score = W_LEX · bm25/bm25_max + W_VEC · (cos − floor)/(1 − floor) + W_COV · coverage + W_TITLE · title + W_AUTH · authority01
 *           + W_DOC · confidence · strength(doc) [+ W_DOCNO · strength(doc) for the document's opening clause of a 文号 question]
 *
 * - document: a question that names a document ("Under the 2022 notice", "区实施方案", "湖南…", "新闻稿里", "指导意见",
 *   财综〔2022〕51号) pulls that document's clauses in as candidates and ranks them up; the words that named it count as
 *   present in them (doc-reference.ts);
 * - title: share of the question's terms named in the clause's own short title (（一）购买主体。…), i.e. what the
 *   clause is about rather than what it mentions;
 * - coverage: idf-weighted share of the question's term groups present verbatim in the clause (see query.ts),
 *   so a clause that actually says 劳务派遣 beats one that merely shares common words;
 * - authority01: the document's authority scaled to [0, 1] over the corpus, a small bonus that orders near-equal
 *   clauses (the full notice before its news summary);
 * - duplicates: a clause whose text equals or contains (≥ 85 % of) an already ranked clause's text is merged
 *   into one hit, and the most authoritative copy is the one returned.
 *
 * Public API (stable; used by src/knowledge/index.ts and src/answer/*):
 *   const r = await HybridRetriever.open(config, corpus)
 *   r.search(q, k = 8): Promise<RankedHit[]>   (RankedHit = Hit + coverage)
 *   r.queryTerms(q): QueryAnalysis              (key term groups, cues, unknown English words, wantsQuantity/Purpose)
 *   r.documentReference(r.queryTerms(q))        (documents the question names → strength; asksDocNo for 文号 questions:
 *                                                the top hit is then the document's opening clause, its Hit.doc.docNo
 *                                                is the answer; asksMetadata likewise for issue date / issuer)
 */
import path from "node:path";
import type { Config } from "../config.js";
import type { Hit } from "../knowledge/hit.js";
import type { Clause, Document } from "../knowledge/schema.js";
import { citedText, noticeOf } from "../knowledge/schema.js";
import { Bm25Index } from "./bm25.js";
import { clauseContext, clauseFields, clauseTitle, LEADING_NUMBER, type ClauseTokens, type Corpus } from "./corpus.js";
import type { NamedEmbeddings } from "./embeddings/index.js";
import { defaultGlossary, type Glossary } from "./glossary.js";
import { DocumentReferences, METADATA_WORDS, type DocumentReference } from "./doc-reference.js";
import { analyzeQuery, coverageOf, type QueryAnalysis, type TermGroup } from "./query.js";
import { addDictTerms, normalize } from "./tokenize.js";
import { indexVersion, loadBm25, saveBm25 } from "./lexical-store.js";
import { ClauseVectorIndex, indexRootOf } from "./vector-store.js";

export const FUSION_WEIGHTS = {
  lexical: 0.4,
  vector: 0.15,
  coverage: 0.45,
  title: 0.12,
  authority: 0.03,
  /** Clauses of a document the question names (× reference confidence × strength), see doc-reference.ts. */
  document: 0.3,
  /** The first clause of a named document when the question asks for its 文号. */
  docNo: 0.3,
} as const;

/** Most clauses of named documents added to the candidates (they may rank low lexically in a large corpus). */
const REFERENCED_CANDIDATES = 400;

/** A Hit plus the share of the question's key terms the clause covers (for abstention). */
export interface RankedHit extends Hit {
  /** Weighted share of the query's term groups found in the clause (text fully, context half), in [0, 1]. */
  coverage: number;
}

export interface HybridOptions {
  /** Root of the per-model index directories (default DATA_DIR/index). */
  indexRoot?: string;
  /** Embeddings to use instead of the configured ones. */
  embeddings?: NamedEmbeddings;
  glossary?: Glossary;
  /** Skip the vector index entirely (lexical + coverage only). */
  lexicalOnly?: boolean;
  /** Candidates taken from each retriever before re-ranking. */
  candidates?: number;
}

interface Entry {
  clause: Clause;
  doc: Document;
  text: string;
  context: string;
  /** The clause's own short title ("购买主体" in "（一）购买主体。…"), normalised; "" if none. */
  title: string;
  /** Whitespace/punctuation-free text for duplicate detection. */
  key: string;
  authority01: number;
}

export class HybridRetriever {
  private readonly byId: Map<string, number>;
  private readonly references: DocumentReferences;
  /** Entry indexes per document, in document order (first = the document's opening clause). */
  private readonly byDoc = new Map<string, number[]>();

  private constructor(
    readonly corpus: Corpus,
    private readonly entries: Entry[],
    readonly bm25: Bm25Index,
    readonly vectors: ClauseVectorIndex | undefined,
    readonly glossary: Glossary,
    private readonly candidates: number,
    /** true when the BM25 index was read from disk (false: tokenised and built now). */
    readonly lexicalLoaded: boolean,
    /** Where opening spent its time: BM25 build/load, embeddings fit/load, vector index build/load. */
    readonly timings: { lexicalMs: number; embeddingsMs: number; indexMs: number },
  ) {
    this.byId = new Map(entries.map((e, i) => [e.clause.id, i]));
    this.references = new DocumentReferences(
      corpus.documents,
      entries.map((e) => e.clause),
    );
    entries.forEach((e, i) => {
      const list = this.byDoc.get(e.doc.id) ?? [];
      list.push(i);
      this.byDoc.set(e.doc.id, list);
    });
    for (const list of this.byDoc.values()) list.sort((a, b) => entries[a]!.clause.order - entries[b]!.clause.order);
  }

  /** Which documents a question names (title words, year, 文号, issuer, kind, place, level) and how firmly. */
  documentReference(analysis: QueryAnalysis): DocumentReference {
    return this.references.resolve(analysis);
  }

  static async open(config: Config, corpus: Corpus, opts: HybridOptions = {}): Promise<HybridRetriever> {
    const glossary = opts.glossary ?? defaultGlossary();
    // The default glossary's terms are already jieba words (tokenize.ts); a custom one adds its own.
    if (opts.glossary) addDictTerms(glossary.chineseTerms());
    const docs = new Map(corpus.documents.map((d) => [d.id, d]));
    const authorities = corpus.documents.map((d) => d.authority);
    const aMin = Math.min(...authorities, 0);
    const aMax = Math.max(...authorities, 0);
    const entries: Entry[] = [];
    for (const clause of corpus.clauses) {
      const doc = docs.get(clause.docId);
      if (!doc) continue;
      const text = normalize(citedText(clause));
      entries.push({
        clause,
        doc,
        text,
        context: normalize(clauseContext(clause, doc)),
        title: clauseTitle(text),
        key: duplicateKey(text),
        authority01: aMax > aMin ? (doc.authority - aMin) / (aMax - aMin) : 0,
      });
    }
    // Indexes are keyed by the corpus version plus the tokeniser's fingerprint (dictionary, glossary, format).
    const version = indexVersion(corpus.version);
    const indexed: Corpus = { ...corpus, clauses: entries.map((e) => e.clause), version };
    const lexDir = path.join(opts.indexRoot ?? indexRootOf(config), "lexical");
    const tLex = performance.now();
    let bm25 = await loadBm25(lexDir, version, entries.length);
    const lexicalLoaded = bm25 !== undefined;
    let tokens: ClauseTokens | undefined;
    if (!bm25) {
      ({ bm25, tokens } = buildBm25(entries, !opts.lexicalOnly));
      try {
        await saveBm25(lexDir, bm25, version);
      } catch {
        // A read-only data dir still works: the index simply lives in memory.
      }
    }
    const lexicalMs = performance.now() - tLex;
    const vectors = opts.lexicalOnly ? undefined : await ClauseVectorIndex.open(config, indexed, { ...opts, tokens });
    return new HybridRetriever(indexed, entries, bm25, vectors, glossary, opts.candidates ?? 50, lexicalLoaded, {
      lexicalMs,
      ...(vectors?.timings ?? { embeddingsMs: 0, indexMs: 0 }),
    });
  }

  get size(): number {
    return this.entries.length;
  }

  /** Nothing to release (indexes are in memory, files closed after load); present for symmetry with other cores. */
  async close(): Promise<void> {}

  /** The question's key term groups, cues and unknown English words (what abstention needs). */
  queryTerms(question: string): QueryAnalysis {
    return analyzeQuery(question, this.bm25, this.glossary);
  }

  clause(id: string): { clause: Clause; doc: Document } | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : { clause: this.entries[i]!.clause, doc: this.entries[i]!.doc };
  }

  /** Top-k clauses for a question, best first, duplicates merged. */
  async search(question: string, k = 8): Promise<RankedHit[]> {
    return (await this.searchAnalyzed(this.queryTerms(question), k)).hits;
  }

  /** Same as search(), also returning the analysis used. */
  async searchAnalyzed(analysis: QueryAnalysis, k = 8): Promise<{ analysis: QueryAnalysis; hits: RankedHit[] }> {
    if (!analysis.groups.length || !this.entries.length) return { analysis, hits: [] };
    const n = this.candidates;
    const lex = this.bm25.search(analysis.lexical, n);
    const vec = this.vectors ? await this.vectors.search(analysis.vectorText, n) : [];

    const cand = new Map<number, { lexical: number; vector: number }>();
    const lexMax = lex[0]?.score ?? 0;
    for (const s of lex) cand.set(s.index, { lexical: lexMax > 0 ? s.score / lexMax : 0, vector: 0 });
    // Cosine similarity measured from the neighbourhood's floor (the farthest candidate): embedding models differ
    // in range (LSA spreads over 0…1, neural models often crowd 0.7…0.9), this keeps the scale comparable.
    const floor = vec.length >= 2 ? Math.max(0, Math.min(...vec.map((v) => v.similarity))) : 0;
    for (const v of vec) {
      const i = this.byId.get(v.clauseId);
      if (i === undefined) continue;
      const c = cand.get(i) ?? { lexical: 0, vector: 0 };
      c.vector = floor < 1 ? Math.max(0, (v.similarity - floor) / (1 - floor)) : 0;
      cand.set(i, c);
    }

    // A document named in the question: its clauses join the candidates, the words that named it count as
    // present in them, and they get a bonus; a question asking for a 文号 wants the document's opening clause.
    const ref = this.references.resolve(analysis);
    const firstOf = new Set<number>();
    const named = new Set<number>();
    for (const [docId, strength] of ref.docs) {
      const list = this.byDoc.get(docId) ?? [];
      if (list[0] !== undefined) firstOf.add(list[0]);
      if (strength < 0.99 || ref.confidence < 0.5) continue;
      for (const i of list) if (named.size < REFERENCED_CANDIDATES) named.add(i);
    }
    if (named.size) {
      const own = new Map(this.bm25.search(analysis.lexical, named.size, (d) => named.has(d)).map((s) => [s.index, s.score]));
      for (const i of named) {
        const c = cand.get(i) ?? { lexical: 0, vector: 0 };
        c.lexical = lexMax > 0 ? (own.get(i) ?? 0) / lexMax : 0;
        cand.set(i, c);
      }
    }
    const groups = ref.asksMetadata
      ? analysis.groups.filter((g) => !g.alternatives.some((a) => METADATA_WORDS.test(a)))
      : analysis.groups;
    const naming = groups.filter((g) => g.alternatives.some((a) => ref.terms.has(a)));
    const rest = groups.filter((g) => !naming.includes(g));

    const asks = {
      wantsQuantity: analysis.wantsQuantity,
      wantsPurpose: analysis.wantsPurpose,
      wantsDefinition: analysis.wantsDefinition,
    };
    const W = FUSION_WEIGHTS;
    const scored: RankedHit[] = [];
    for (const [i, s] of cand) {
      const e = this.entries[i]!;
      const strength = ref.docs.get(e.doc.id) ?? 0;
      const cov =
        strength >= 0.99 && naming.length
          ? coverageNamed(naming, rest, e.text, e.context, asks)
          : coverageOf(groups, e.text, e.context, asks);
      const topic = e.title ? titleShare(analysis, e.title) : 0;
      const docBonus = W.document * ref.confidence * strength + (ref.asksMetadata && firstOf.has(i) ? W.docNo * strength : 0);
      const score =
        W.lexical * s.lexical +
        W.vector * s.vector +
        W.coverage * cov.coverage +
        W.title * topic +
        W.authority * e.authority01 +
        docBonus;
      scored.push({
        clause: e.clause,
        doc: e.doc,
        score,
        lexical: s.lexical,
        vector: s.vector,
        matched: cov.matched,
        coverage: cov.coverage,
      });
    }
    scored.sort((a, b) => b.score - a.score || b.doc.authority - a.doc.authority || a.clause.order - b.clause.order);
    return { analysis, hits: this.dedupe(scored, k) };
  }

  /**
   * Merge duplicates (same text, or one containing ≥ 85 % of the other; across the files of one notice, one containing
   * the other at all: an excerpt's passage with its 文号 line before it) into the position of the best-scoring copy,
   * keeping the most authoritative copy's clause and document.
   */
  private dedupe(sorted: RankedHit[], k: number): RankedHit[] {
    const out: RankedHit[] = [];
    const keys: string[] = [];
    for (const h of sorted) {
      const e = this.entries[this.byId.get(h.clause.id)!]!;
      const key = e.key;
      // keys[j] is the text of out[j]: another file of the same notice holding it (or held by it) is a copy
      const copy = (j: number) => out[j]!.doc.id !== h.doc.id && noticeOf(out[j]!.doc) === noticeOf(h.doc) && contains(keys[j]!, key);
      const j = keys.findIndex((kk, i) => sameText(kk, key) || copy(i));
      if (j >= 0) {
        const kept = out[j]!;
        if (h.doc.authority > kept.doc.authority) {
          out[j] = { ...h, score: kept.score, lexical: Math.max(kept.lexical, h.lexical), vector: Math.max(kept.vector, h.vector) };
          keys[j] = key;
        }
        continue;
      }
      if (out.length >= k) continue;
      out.push(h);
      keys.push(key);
    }
    return out;
  }
}

/**
 * Tokenise every clause once: BM25 is built from the fields, and (when `keepWords`) each clause's words are kept
 * as ids into one word list, so the local embeddings can be fitted and applied without a second pass.
 */
function buildBm25(entries: Entry[], keepWords: boolean): { bm25: Bm25Index; tokens?: ClauseTokens } {
  const bm25 = new Bm25Index();
  const ids = new Map<string, number>();
  const words: string[] = [];
  const perClause: Int32Array[] = [];
  for (const e of entries) {
    const fields = clauseFields(e.clause, e.doc);
    bm25.add(fields);
    if (!keepWords) continue;
    const own: number[] = [];
    for (const f of fields) {
      for (const t of f.tokens) {
        if (t.startsWith("~")) continue; // bigrams serve BM25 only
        let id = ids.get(t);
        if (id === undefined) {
          id = words.length;
          ids.set(t, id);
          words.push(t);
        }
        own.push(id);
      }
    }
    perClause.push(Int32Array.from(own));
  }
  if (!keepWords) return { bm25 };
  return { bm25, tokens: { count: perClause.length, tokensOf: (i) => Array.from(perClause[i]!, (id) => words[id]!) } };
}

/** Coverage in a named document's clause: the groups that named the document count as present. */
function coverageNamed(
  naming: TermGroup[],
  rest: TermGroup[],
  text: string,
  context: string,
  asks: { wantsQuantity: boolean; wantsPurpose: boolean; wantsDefinition: boolean },
) {
  const namedWeight = naming.reduce((s, g) => s + g.weight, 0);
  if (!rest.length) return { coverage: 1, matched: [] as string[] };
  let restWeight = rest.reduce((s, g) => s + g.weight, 0);
  const cueWeight = (namedWeight + restWeight) / (naming.length + rest.length);
  const c = coverageOf(rest, text, context, { ...asks, cueWeight });
  const extra = [asks.wantsQuantity, asks.wantsPurpose, asks.wantsDefinition].filter(Boolean).length;
  restWeight += extra * cueWeight;
  return { coverage: (c.coverage * restWeight + namedWeight) / (restWeight + namedWeight), matched: c.matched };
}

/** Weighted share of the query's term groups named in a clause's own title (the clause is *about* them). */
function titleShare(analysis: QueryAnalysis, title: string): number {
  let total = 0;
  let got = 0;
  for (const g of analysis.groups) {
    total += g.weight;
    if (g.alternatives.some((a) => title.includes(a))) got += g.weight;
  }
  return total > 0 ? got / total : 0;
}

/** Text for duplicate detection: without its leading number, whitespace and punctuation. */
export function duplicateKey(normalizedText: string): string {
  return normalizedText.replace(LEADING_NUMBER, "").replace(/[\s\p{P}\p{S}]+/gu, "");
}

/** One text holds the other (neither empty). */
function contains(a: string, b: string): boolean {
  if (!a || !b) return false;
  return a.length >= b.length ? a.includes(b) : b.includes(a);
}

/** The same text, or one holding the other and no more than 15 % longer. */
function sameText(a: string, b: string): boolean {
  return a === b || (contains(a, b) && Math.min(a.length, b.length) >= 0.85 * Math.max(a.length, b.length));
}
