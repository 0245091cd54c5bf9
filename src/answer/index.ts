/**
 * answerQuestion: analyse (once) → retrieve → evidence → align with the clauses' deontic statements → verdict →
 * extractive answer (→ optional LLM answer, reviewed by the deontic check). The flow runs one way; faces only
 * render the returned Answer.
 */
import type { Config } from "../config.js";
import type { Hit } from "../knowledge/hit.js";
import { toCitation } from "../knowledge/schema.js";
import type { QueryAnalysis } from "../retrieval/query.js";
import { align } from "./align.js";
import { analyseQuestion, type QuestionAnalysis } from "./analysis.js";
import { categoryReadings } from "./category.js";
import { isInjection, lacksEvidence, weighEvidence, type Evidence } from "./evidence.js";
import { composeExtractive, type Support } from "./extractive.js";
import { detectLanguage } from "./language.js";
import { answerParams } from "./parameters.js";
import { resolvePosition, type CorpusView } from "./position.js";
import { isHelpRequest, statesQuantity, statesTime } from "./question.js";
import { reviewLlmVerdict } from "./review.js";
import type { Answer, Lang } from "./schema.js";
import { decideVerdict, type Decision } from "./verdict.js";

export const MAX_QUESTION_CHARS = 2000;
/** Clauses cited with an answer (most relevant first). */
export const CITED = 3;
/** Clauses retrieved to choose them from. */
const RETRIEVED = 8;
/** Clauses whose statements the verdict weighs. */
const ALIGNED = 5;

/** A question the assistant cannot take at all (empty, too long); faces print `message` (Chinese / English). */
export class QuestionError extends Error {
  constructor(
    public readonly code: "empty" | "too_long",
    public readonly zh: string,
    public readonly en: string,
  ) {
    super(`${zh} / ${en}`);
    this.name = "QuestionError";
  }
}

export function validateQuestion(q: unknown): string {
  const s = typeof q === "string" ? q.trim() : "";
  if (!s) throw new QuestionError("empty", "问题不能为空", "the question is empty");
  if (s.length > MAX_QUESTION_CHARS)
    throw new QuestionError(
      "too_long",
      `问题过长（${s.length} 字），请控制在 ${MAX_QUESTION_CHARS} 字以内`,
      `the question is too long (${s.length} characters; at most ${MAX_QUESTION_CHARS})`,
    );
  return s;
}

export interface AnswerDeps {
  /** Key-term groups of a text, weighted over the corpus (English through the glossary). */
  terms(text: string): QueryAnalysis;
  /** Clauses for analysed terms, best first. */
  search(terms: QueryAnalysis, k: number): Promise<Hit[]>;
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
  /** The question asks for this document's 文号. */
  docNoOf?: Hit["doc"];
}

export async function analyse(question: string, deps: AnswerDeps, rewritten?: string): Promise<Analysis> {
  const q = analyseQuestion(question, deps.terms);
  const terms = rewritten ? deps.terms(`${q.written} ${rewritten}`) : q.terms;
  let hits = await deps.search(terms, RETRIEVED);
  const placed = deps.corpus ? resolvePosition(q, deps.corpus(), hits) : null;
  if (placed) hits = [placed.hit, ...hits.filter((h) => h.clause.id !== placed.hit.clause.id)];
  const p = answerParams();
  const evidence = weighEvidence(q, hits);
  const injection = isInjection(question);
  const abstained = injection || (!placed && lacksEvidence(evidence, p));
  return {
    q,
    hits,
    evidence,
    abstained,
    abstainReason: injection ? "injection" : abstained ? "no-basis" : undefined,
    placed: placed !== null,
    docNoOf: placed?.docNo && !abstained ? placed.hit.doc : undefined,
  };
}

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

export function decide(a: Analysis): Decision {
  return decideVerdict(a.q, align(a.q, a.hits.slice(0, ALIGNED)), answerParams());
}

export function extractiveAnswer(a: Analysis): Answer {
  const { q } = a;
  const base = { q: q.question, lang: q.lang, mode: "extractive" as const };
  if (a.abstained) {
    const cited = a.hits.slice(0, CITED).map((h) => supportOf(h, q));
    return {
      ...base,
      verdict: "unknown",
      abstained: true,
      answer: composeExtractive({ lang: q.lang, form: q.form, verdict: "unknown", supports: cited, abstained: true, abstainReason: a.abstainReason }),
      citations: cited.map((s) => toCitation(s.hit.clause, s.hit.doc)),
    };
  }
  const d = decide(a);
  const main = q.form === "fact" && !a.docNoOf ? a.hits[factSupport(a)] : (d.basis?.hit ?? a.hits[0]);
  const ordered = [main, ...a.hits.filter((h) => h !== main)].filter((h): h is Hit => Boolean(h)).slice(0, CITED);
  const supports = ordered.map((h) => supportOf(h, q));
  const conflictHit = d.conflict && d.verdict === "info" ? d.conflict : undefined;
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
        required: d.rule === "required-act",
        asksBan: q.asking === "forbidden",
        prefer: q.factShape === "quantity" ? statesQuantity : q.factShape === "time" ? statesTime : undefined,
      }),
    citations: supports.map((s) => toCitation(s.hit.clause, s.hit.doc)),
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

export { isHelpRequest };

/** What the assistant answers to a help request (both languages, whatever the request's language). */
export function helpAnswer(q: string): Answer {
  const lang = detectLanguage(q);
  const zh =
    "我是知策，回答政府购买服务政策问题：每个回答都引用知识库中的通知条款（标题、文号、条款号）。" +
    "可以问“能否 / 可以…吗”（给出可以 / 不可以 / 有条件的结论），也可以问“哪些 / 什么 / 如何”等事实问题。" +
    "例如：“劳务派遣岗位能否纳入政府购买服务？”知识库中没有依据的问题不会给出结论。";
  const en =
    "I am zhice: I answer questions on government purchase of services (政府购买服务), citing the notices in the " +
    "knowledge base (title, document number, clause). Ask yes/no questions (\"Can …?\", answered allowed / prohibited / " +
    "conditional) or factual ones (\"What / which / how …?\"), in Chinese or English. Questions the notices do not cover get no verdict.";
  return { q, lang, verdict: "unknown", abstained: true, answer: lang === "en" ? `${en}\n${zh}` : `${zh}\n${en}`, citations: [], mode: "extractive" };
}

/** Answer one question. Throws QuestionError for an empty or over-long question; never throws for lack of evidence. */
export async function answerQuestion(q: string, deps: AnswerDeps): Promise<Answer> {
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
  const analysis = await analyse(question, deps, rewritten);
  const extractive = extractiveAnswer(analysis);
  if (!llm || analysis.abstainReason === "injection") return extractive;
  try {
    // Imported lazily so the offline path never loads LangChain.
    const { llmAnswer } = await import("./llm.js");
    const answer = await llmAnswer(
      { q: question, lang: analysis.q.lang, hits: analysis.hits, extractive, analysis: describeAnalysis(analysis.q) },
      llm,
      { timeoutMs: Math.max(1, deadline - Date.now()) },
    );
    return answer.mode === "llm" ? reviewLlmVerdict(answer, analysis, decide(analysis)) : answer;
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
