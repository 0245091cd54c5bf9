/**
 * The answer as text and citations, from the analysis and the verdict decision: the deciding clause first, quoted by
 * the statement the verdict rests on; a conflicting statement beside it; an abstention as such.
 */
import type { Hit } from "../knowledge/hit.js";
import { toCitation } from "../knowledge/schema.js";
import type { QuestionAnalysis } from "./analysis.js";
import { categoryReadings } from "./category.js";
import { composeExtractive, type Support } from "./extractive.js";
import type { Analysis } from "./index.js";
import type { Decision } from "./verdict.js";
import { statesQuantity, statesTime } from "./question.js";
import type { Answer, Lang } from "./schema.js";

/** Clauses cited with an answer (most relevant first). */
export const CITED = 3;

const supportOf = (hit: Hit, q: QuestionAnalysis): Support => ({
  hit,
  terms: q.terms.groups.flatMap((g) => g.alternatives.filter((a) => a.length >= 2 && hit.clause.text.includes(a))),
});

/** The clause a factual question's answer shape asks for: one stating a figure or a date, when retrieval has it. */
function factSupport(a: Analysis): number {
  const states = a.q.factShape === "quantity" ? statesQuantity : a.q.factShape === "time" ? statesTime : null;
  if (!states) return 0;
  const j = a.hits.findIndex((h) => states(h.clause.text));
  return j > 0 ? j : 0;
}


/** The offline answer; `d` is the verdict decision (unused when the question was abstained). */
export function extractiveAnswer(a: Analysis, d: Decision | null): Answer {
  const { q } = a;
  const base = { q: q.question, lang: q.lang, mode: "extractive" as const };
  if (a.abstained) {
    const cited = a.hits.slice(0, CITED).map((h) => supportOf(h, q));
    return {
      ...base,
      verdict: "unknown",
      abstained: true,
      answer: composeExtractive({ lang: q.lang, form: q.form, verdict: "unknown", supports: cited, abstained: true, abstainReason: a.abstainReason }),
      citations: cited.map((s) => ({ ...toCitation(s.hit.clause, s.hit.doc), role: "related" as const })),
    };
  }
  if (!d) throw new Error("extractiveAnswer needs a decision for an answered question");
  const main = q.form === "fact" && !a.docNoOf ? a.hits[factSupport(a)] : (d.basis?.hit ?? a.hits[0]);
  const conflictHit = d.conflict && d.verdict === "info" ? d.conflict : undefined;
  // The verdict rests on the deciding clause (and, when the texts conflict, the one against it); the next clauses
  // retrieval found are cited as related only, for the reader to check.
  const basis = [main, conflictHit?.hit].filter((h): h is Hit => Boolean(h));
  const ordered = [...new Set([...basis, ...a.hits])].slice(0, CITED);
  const supports = ordered.map((h) => supportOf(h, q));
  return {
    ...base,
    verdict: d.verdict,
    abstained: false,
    answer:
      docNoLine(a) +
      categoryLine(q.question, q.lang) +
      composeExtractive({
        lang: q.lang,
        form: q.form,
        verdict: d.verdict,
        supports,
        abstained: false,
        quote: q.form !== "fact" && d.basis && d.basis.hit === main ? d.basis.statement.text : undefined,
        conflict: conflictHit ? { support: supportOf(conflictHit.hit, q), quote: conflictHit.statement.text } : undefined,
        skipsRequirement: d.rule === "skips-an-obligation",
        requiresOther: d.rule === "alternative-to-the-required",
        required: d.rule === "required-act",
        exceptionDecides: d.rule === "covering-prohibition" && d.verdict === "info" && d.basis?.statement.exception === true,
        distantPermission: d.rule === "permission" && d.verdict === "info" && !d.conflict,
        weakEvidence: d.rule === "weak-evidence",
        asksBan: q.asking === "forbidden",
        prefer: q.factShape === "quantity" ? statesQuantity : q.factShape === "time" ? statesTime : undefined,
      }),
    citations: supports.map((s) => ({ ...toCitation(s.hit.clause, s.hit.doc), role: basis.includes(s.hit) ? ("basis" as const) : ("related" as const) })),
  };
}

/** The question analysis in one line for the LLM: form, what is asked about the act, the act's words, what is missing. */
export function describeAnalysis(q: QuestionAnalysis): string {
  const act = q.act.map((i) => q.terms.groups[i]!.alternatives[0]).join("、") || "—";
  const terms = q.terms.groups.filter((g) => g.known).map((g) => g.alternatives[0]).join("、") || "—";
  return [
    `form=${q.form}${q.factShape ? `/${q.factShape}` : ""}`,
    `asking=${q.asking}`,
    `act=${act}`,
    `terms=${terms}`,
    q.negated.length ? `missing=${q.negated.join("、")}` : "",
    q.amounts.length ? `amounts=${q.amounts.join("、")}` : "",
  ]
    .filter(Boolean)
    .join("; ");
}

/** "问题中的“办公楼”按工程类事项理解。" when a concrete object was read as its category. */
function categoryLine(question: string, lang: Lang): string {
  const r = categoryReadings(question);
  if (!r.length) return "";
  return lang === "en"
    ? `(“${r.map((x) => x.member).join("”, “")}” is read as ${r.map((x) => `${x.category.en} (${x.category.name})`).join(", ")}.)\n`
    : `（问题中的“${r.map((x) => x.member).join("”“")}”按${r.map((x) => x.category.name).join("、")}类事项理解。）\n`;
}

/** "《title》的文号是 X。" when the question asks for a document's number. */
function docNoLine(a: Analysis): string {
  const d = a.docNoOf;
  if (!d?.docNo) return "";
  return a.q.lang === "en" ? `The document number of 《${d.title}》 is ${d.docNo}.\n` : `《${d.title}》的文号是${d.docNo}。\n`;
}

