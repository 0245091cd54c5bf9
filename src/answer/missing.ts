/**
 * Retrieval by what is missing: a question stating something as missing or not done (预算还没批, 没列入预算, 程序
 * 还没走完) is answered by the clause whose own statement names that thing as missing (对预算未安排的事项，不得…),
 * which topic words alone may not rank among the first hits when the question says little else. The clause whose
 * negated words the question's meet, and whose text covers the question's terms best, joins the hits.
 */
import type { Hit } from "../knowledge/hit.js";
import { clauseStatements, type Statement } from "../knowledge/deontic.js";
import { sameMissing } from "../text/negation.js";
import type { QuestionAnalysis } from "./analysis.js";
import type { CorpusView } from "./position.js";
import { groupPresence } from "./align.js";

/** Least weighted share of the question's known terms the clause's statement must cover to join. */
const MIN_COVER = 0.5;

/** The statements of a corpus that state something as missing, by clause: found once per loaded corpus, not per question. */
const negatingOf = new WeakMap<CorpusView["clauses"], { clause: Hit["clause"]; statements: Statement[] }[]>();

function negating(corpus: CorpusView): { clause: Hit["clause"]; statements: Statement[] }[] {
  let found = negatingOf.get(corpus.clauses);
  if (!found) {
    found = corpus.clauses
      .map((clause) => ({ clause, statements: clauseStatements(clause).filter((st) => st.modality && st.negations.length) }))
      .filter((x) => x.statements.length);
    negatingOf.set(corpus.clauses, found);
  }
  return found;
}

/** The best clause naming the question's missing thing as missing, as a hit, or null (none, or already among `hits`). */
export function missingClause(q: QuestionAnalysis, corpus: CorpusView, hits: Hit[], within: number): Hit | null {
  if (!q.negated.length) return null;
  const known = q.terms.groups.filter((g) => g.known);
  const total = known.reduce((n, g) => n + g.weight, 0) || 1;
  let best: { clause: Hit["clause"]; cover: number } | null = null;
  for (const { clause, statements } of negating(corpus)) {
    const naming = statements.filter((st) => sameMissing(q.negated, st.negations));
    if (!naming.length) continue;
    const cover = Math.max(...naming.map((st) => known.reduce((n, g) => n + g.weight * groupPresence(g, st.text).score, 0) / total));
    if (!best || cover > best.cover) best = { clause, cover };
  }
  if (!best || best.cover < MIN_COVER || hits.slice(0, within).some((h) => h.clause.id === best!.clause.id)) return null;
  const doc = corpus.documents.find((d) => d.id === best!.clause.docId);
  return doc ? { clause: best.clause, doc, score: 0, lexical: 0, vector: 0, matched: [] } : null;
}
