/**
 * What retrieval indexes: the clause store's documents and clauses, with the corpus version that decides
 * whether a saved index is still valid. Structurally the same as `loadCorpus(dataDir)` from src/knowledge/store.ts.
 */
import type { Clause, Document } from "../knowledge/schema.js";
import { citedText } from "../knowledge/schema.js";
import type { WeightedTokens } from "./bm25.js";
import { indexTokens } from "./tokenize.js";

export interface Corpus {
  documents: Document[];
  clauses: Clause[];
  /** Changes whenever any clause changes (e.g. a hash of document content hashes). */
  version: string;
}

/**
 * Tokens of each clause's embedding text (context + cited text), computed once while building BM25 and handed to
 * the local embeddings, so a rebuild tokenises the corpus once. Index i follows corpus.clauses.
 */
export interface ClauseTokens {
  count: number;
  tokensOf(i: number): string[];
}

/** Weight of the context fields (document title, ancestor headings) relative to the clause's own text. */
export const CONTEXT_WEIGHT = 0.3;

/** Context lines of a clause: its document's title, 文号 and date, and its ancestor headings. */
export function clauseContext(clause: Clause, doc: Document | undefined): string {
  return [doc?.title ?? "", doc?.docNo ?? "", doc?.date ?? "", ...clause.headings].filter(Boolean).join(" ");
}

/** Leading clause numbers in any style: 一、 (一) （一） 一是 1. (1) 第十条. */
export const LEADING_NUMBER =
  /^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节条款项]|[一二三四五六七八九十百]+[是、.]|[(（][一二三四五六七八九十百\d]+[)）]|\d+[.、)])\s*/;

/**
 * The clause's own short title, when it has one: "（一）购买主体。政府购买服务的主体是…" → "购买主体";
 * "二、严格规范政府购买服务管理 严格按照…" → "严格规范政府购买服务管理". Empty when the clause opens with prose.
 */
export function clauseTitle(text: string): string {
  const m = LEADING_NUMBER.exec(text);
  if (!m) return "";
  const rest = text.slice(m[0].length);
  const end = rest.search(/[。；：:\n]|\s{1,}/);
  const title = end < 0 ? rest : rest.slice(0, end);
  return title.length >= 2 && title.length <= 24 ? title : "";
}

/** The clause's searchable fields: cited text (lead-in + text) at full weight, context at CONTEXT_WEIGHT. */
export function clauseFields(clause: Clause, doc: Document | undefined): WeightedTokens[] {
  return [
    { tokens: indexTokens(citedText(clause)), weight: 1 },
    { tokens: indexTokens(clauseContext(clause, doc)), weight: CONTEXT_WEIGHT },
  ];
}

/** One string per clause for embedding models: context, then the cited text. */
export function clauseEmbeddingText(clause: Clause, doc: Document | undefined): string {
  const ctx = clauseContext(clause, doc);
  return ctx ? `${ctx}\n${citedText(clause)}` : citedText(clause);
}
