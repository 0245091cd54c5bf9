/**
 * answerQuestion: analyse (once) → retrieve → evidence → align with the clauses' deontic statements → verdict →
 * extractive answer (→ optional LLM answer, reviewed by the deontic check). The flow runs one way; faces only
 * render the returned Answer.
 */
import type { Config } from "../config.js";
import type { Hit } from "../knowledge/hit.js";
import type { QueryAnalysis, TermGroup } from "../retrieval/query.js";
import { ALIGNED, align, statementPhrases, type StatementTerms } from "./align.js";
import { clauseStatements } from "../knowledge/deontic.js";
import { analyseQuestion, type QuestionAnalysis } from "./analysis.js";
import { readWithPrevious } from "./follow-up.js";
import { coverageLevel, isInjection, weighEvidence, type Evidence } from "./evidence.js";
import { answerParams } from "./parameters.js";
import { resolvePosition, type CorpusView } from "./position.js";
import { missingClause } from "./missing.js";
import { helpAnswer, isHelpRequest, validateQuestion } from "./input.js";
import { reviewLlmVerdict } from "./review.js";
import type { Answer } from "./schema.js";
import { describeAnalysis, extractiveAnswer } from "./compose.js";
import { decideVerdict, type Decision } from "./verdict.js";

export { MAX_QUESTION_CHARS, QuestionError, validateQuestion, helpAnswer, isHelpRequest } from "./input.js";
export { CITED, describeAnalysis, extractiveAnswer } from "./compose.js";
/** Clauses retrieved to choose them from. */
const RETRIEVED = 8;
/** Where a clause naming the question's missing thing joins the hits (after retrieval's own best). */
const MISSING_AT = 1;

export interface AnswerDeps {
  /** Key-term groups of a text, weighted over the corpus (English through the glossary). */
  terms(text: string): QueryAnalysis;
  /** Clauses for analysed terms, best first. */
  search(terms: QueryAnalysis, k: number): Promise<Hit[]>;
  /** Key-term groups of a phrase of a clause (the corpus's own text, so they may be cached); `terms` when absent. */
  clauseTerms?(phrase: string): TermGroup[];
  config?: Pick<Config, "llm">;
  /** The whole corpus, for questions after an item by its position ("第四项…") or a document's 文号. */
  corpus?(): CorpusView;
}

/** Everything an answer is made from (exported for eval, calibration and tests). */
export interface Analysis {
  q: QuestionAnalysis;
  hits: Hit[];
  evidence: Evidence;
  abstained: boolean;
  abstainReason?: "no-basis" | "injection";
  /** A position or 文号 question resolved to a clause (answered whatever the evidence score). */
  placed: boolean;
  /** A yes/no question the texts cover only weakly: answered 仅供参考 with the nearest clause, not abstained. */
  weakEvidence: boolean;
  /** The question asks for this document's 文号. */
  docNoOf?: Hit["doc"];
  /** Content terms of the aligned clauses' statements (how much of each the question states). */
  statementTerms: StatementTerms;
}

export async function analyse(question: string, deps: AnswerDeps, rewritten?: string, previous: readonly string[] = []): Promise<Analysis> {
  const own = analyseQuestion(question, deps.terms);
  const q = readWithPrevious(own, previous.map((p) => analyseQuestion(p, deps.terms)), deps.terms);
  const terms = rewritten && q === own ? deps.terms(`${q.written} ${rewritten}`) : q.terms;
  let hits = await deps.search(terms, RETRIEVED);
  const placed = deps.corpus ? resolvePosition(q, deps.corpus(), hits) : null;
  if (placed) hits = [placed.hit, ...hits.filter((h) => h.clause.id !== placed.hit.clause.id)];
  const missing = !placed && deps.corpus ? missingClause(q, deps.corpus(), hits, ALIGNED) : null;
  if (missing) hits = [...hits.slice(0, MISSING_AT), missing, ...hits.slice(MISSING_AT).filter((h) => h.clause.id !== missing.clause.id)];
  const p = answerParams();
  const evidence = weighEvidence(q, hits);
  const statementTerms: StatementTerms = new Map();
  for (const h of hits.slice(0, ALIGNED))
    for (const st of clauseStatements(h.clause))
      for (const phrase of statementPhrases(st.text))
        if (!statementTerms.has(phrase)) statementTerms.set(phrase, deps.clauseTerms ? deps.clauseTerms(phrase) : deps.terms(phrase).groups);
  const injection = isInjection(question);
  const coverage = placed ? "covered" : coverageLevel(evidence, p);
  const abstained = injection || coverage === "none";
  return {
    q,
    hits,
    evidence,
    abstained,
    abstainReason: injection ? "injection" : abstained ? "no-basis" : undefined,
    placed: placed !== null,
    weakEvidence: coverage === "weak",
    docNoOf: placed?.docNo && !abstained ? placed.hit.doc : undefined,
    statementTerms,
  };
}

export function decide(a: Analysis): Decision {
  return decideVerdict(a.q, align(a.q, a.hits.slice(0, ALIGNED), a.statementTerms), answerParams(), a.weakEvidence);
}

export interface AnswerOptions {
  /** The asker's earlier questions in this conversation, oldest first: an elliptical question is read with them. */
  previous?: readonly string[];
  /** With an LLM: called with each piece of its answer text as the model writes it (faces stream it). */
  onToken?: (text: string) => void;
}

/** Answer one question. Throws QuestionError for an empty or over-long question; never throws for lack of evidence. */
export async function answerQuestion(q: string, deps: AnswerDeps, opts: AnswerOptions = {}): Promise<Answer> {
  const question = validateQuestion(q);
  if (isHelpRequest(question)) return helpAnswer(question);
  const llm = deps.config?.llm;
  let rewritten: string | undefined;
  // ZHICE_LLM_TIMEOUT_MS bounds the whole LLM step: the query rewrite gets a third of it, the answer what is left.
  const deadline = llm ? Date.now() + llm.timeoutMs : 0;
  if (llm && !isInjection(question)) {
    try {
      const { rewriteQuery } = await import("../llm/query-rewrite.js");
      rewritten = (await rewriteQuery(question, llm, { timeoutMs: Math.max(1, Math.floor(llm.timeoutMs / 3)) }))?.trim() || undefined;
    } catch {
      // The rewrite is an optional improvement; the original question still retrieves.
    }
  }
  const analysis = await analyse(question, deps, rewritten, opts.previous);
  const decision = analysis.abstained ? null : decide(analysis);
  const extractive = extractiveAnswer(analysis, decision);
  if (!llm || analysis.abstainReason === "injection") return extractive;
  try {
    // Imported lazily so the offline path never loads LangChain.
    const { llmAnswer } = await import("./llm.js");
    const answer = await llmAnswer(
      { q: question, lang: analysis.q.lang, hits: analysis.hits, extractive, analysis: describeAnalysis(analysis.q) },
      llm,
      { timeoutMs: Math.max(1, deadline - Date.now()), onToken: opts.onToken },
    );
    return answer.mode === "llm" && decision ? reviewLlmVerdict(answer, analysis, decision) : answer;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return {
      ...extractive,
      note:
        analysis.q.lang === "en"
          ? `The language model was unavailable (${why.slice(0, 120)}); this is the extractive answer.`
          : `大模型暂不可用（${why.slice(0, 120)}），以下为抽取式回答。`,
    };
  }
}
