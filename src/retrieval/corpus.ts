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

/** Weight of the context fields (document title, ancestor headings) relative to the clause's own text. */
export const CONTEXT_WEIGHT = 0.3;

/** Context lines of a clause: its document's title and its ancestor headings. */
export function clauseContext(clause: Clause, doc: Document | undefined): string {
  return [doc?.title ?? "", ...clause.headings].filter(Boolean).join(" ");
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
