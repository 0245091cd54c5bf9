import type { Clause, Document } from "./schema.js";

/** One retrieved clause with its scores (higher is better). */
export interface Hit {
  clause: Clause;
  doc: Document;
  /** Final score after fusion and re-ranking. */
  score: number;
  /** Rank-fusion inputs, for explanation and calibration. */
  lexical: number;
  vector: number;
  /** Query key terms found verbatim in the clause text. */
  matched: string[];
}
