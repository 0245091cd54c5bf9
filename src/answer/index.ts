/**
 * answerQuestion: question → retrieval → evidence test → verdict → extractive answer (→ optional LLM answer).
 * The flow runs one way; faces only render the returned Answer.
 */
import type { Config } from "../config.js";
import type { Hit } from "../knowledge/hit.js";
import { citedText, toCitation } from "../knowledge/schema.js";
import { asksDefinition, bansNear, definedTerm, definesNear, evidenceScore, isInjection, POLARITY_CREDIT, SHAPE_CREDIT, lacksEvidence, type Evidence } from "./abstain.js";
import { composeExtractive, sentences, type Support } from "./extractive.js";
import { categoriseFragments, categoryQuery, categoryReadings, englishCategoryText, impliedCategories } from "./category.js";
import { detectLanguage } from "./language.js";
import { askedPosition, asksDocNo, findNamedDocument, findPositioned, type CorpusView } from "./position.js";
import { writtenRegister, statesDuration, withoutAmounts, askedMeasure, isHelpRequest, mainClause, MEASURE_WORD, namesMeasureNear, type Measure, asksBan, asksQuantity, statedAmounts, contentFragments, coverage, isGenericTerm, questionForm, statesQuantity, statesQuantityNear, statesTime, statesTimeNear, asksTime, termsIn, type QuestionForm } from "./question.js";
import type { Answer, Lang } from "./schema.js";
import { asksEveryCase, clausePolarity, decideVerdict, dominant, polarityOf, directsAct, qualifiesTerm, englishNegatedSpans, negatedTerms, statesRequirement } from "./verdict.js";

export const MAX_QUESTION_CHARS = 2000;
/** Clauses cited with an answer (most relevant first). */
export const CITED = 3;
/** Clauses retrieved to choose them from. */
const RETRIEVED = 8;

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
  search(q: string, k: number): Promise<Hit[]>;
  /**
   * Chinese key terms the retriever derives from an English question (the bilingual glossary), plus how much of
   * the English it could not place. Optional: without it English evidence comes from Hit.matched only.
   */
  translate?(q: string): { zh: string[]; unknown: string[]; englishWords: number; phrases?: string[] };
  config?: Pick<Config, "llm">;
  /** The whole corpus, for questions after an item by its position ("第四项…"). Optional. */
  corpus?(): CorpusView;
}

/** What the question is about, in Chinese: fragments of a Chinese question, glossary terms of an English one. */
interface Topic {
  fragments: string[];
  /** The fragments that name the topic itself (English attribute words such as "term" or "rate" left out). */
  topical: string[];
  /** English content words the glossary could not place, as a share of all English content words. */
  unknownShare: number;
  /** The question asks for an attribute of the topic (its term, rate, scale …): the answer is an amount. */
  asksAttribute: boolean;
  /** English: the word naming whose attribute is asked ("VAT" in "VAT rate") is unplaced (not in the glossary). */
  ownerUnknown?: boolean;
}

/** English words that shape a question rather than name its topic (the glossary may not list them). */
const ENGLISH_QUESTION_WORDS = new Set(
  ("allowed allow permitted permit possible ok okay legal use used using can could may might must should would " +
    "purchase purchased purchasing buy bought buying procure procured service services government need needs " +
    "required require let lets get got do does did tell know please what which who how many much big " +
    "according mean means meaning say says said stated state place places pick picked choose chose chosen select " +
    "selected way ways thing things kind kinds type types people someone anyone matter matters case cases " +
    "rule rules regulation regulations notice notices policy policies " +
    // Function words and adverbs the glossary may not list: they frame a question in any domain.
    "under per via within upon across between among against toward towards through throughout despite except " +
    "regardless still any own its their whether also only just even already yet ever every each either neither " +
    "implement implements implementing implementation measure measures").split(" "),
);

/**
 * English nouns that name an attribute of the topic rather than the topic (its term, rate, ratio, amount, size,
 * limit …), and the question phrases built on them ("how long"). "How long is the repayment term of a special
 * bond?" is about the bond; the glossary maps "term" to 期限, which any contract clause has, so such words are
 * part of the question frame: they count neither as topical evidence nor as unplaced words.
 */
const ATTRIBUTE_WORDS = new Set(
  ("term rate ratio share amount size scale level limit cap ceiling floor minimum maximum min max duration period " +
    "length number proportion percentage percent cost price fee value total figure deadline date time year month " +
    "day week hour " +
    "how long many much big large high low").split(" "),
);
const isAttributePhrase = (phrase: string) => phrase.split(/\s+/).every((w) => ATTRIBUTE_WORDS.has(w.toLowerCase()));

/** Words that end the noun phrase owning an attribute word (walking back from "rate" in "what is the VAT rate"). */
const OWNER_BOUNDARY = new Set("the a an of for on to in at by is are was be what which who how and or with from that this these those its their our your".split(" "));

/** A numeral with its classifier ("一批", "三个"): a count, never the topic. */
const COUNT_WORD = /^[一二两三四五六七八九十几数每]+[座栋条个间幢所处台辆批套项名位家种类些次]$/;

/** Chinese renderings of permission / ban wording: the frame of a yes/no question, never its topic. */
const FRAME_TERMS = /^(?:禁止性事项|禁止|严禁|不得|不准|不许|不允许|不能|允许|可以|准许|许可|鼓励|支持)$/;

/** An English question framed as a ban retrieves its topic: "Is it forbidden to buy X?" searches for buying X. */
function retrievalQuery(q: string, lang: Lang, form: QuestionForm): string {
  if (lang !== "en" || form === "fact" || !asksBan(q, lang)) return q;
  return q.replace(/\b(?:forbidden|prohibited|banned|not\s+(?:allowed|permitted))\b/gi, " ").replace(/\s+/g, " ").trim();
}

function topicOf(q: string, lang: Lang, form: QuestionForm, hits: Hit[], deps: AnswerDeps): Topic {
  // "建设办公楼" is about 工程: the category a concrete object belongs to is part of the topic.
  const zhFragments = categoriseFragments(
    contentFragments(q).flatMap((f) => withoutAmounts(writtenRegister(f)).split("|")).filter((f) => f.length >= 2),
    q,
  );
  if (lang === "zh") return { fragments: zhFragments, topical: zhFragments, unknownShare: 0, asksAttribute: false };
  // "a school building" is works (工程): the glossary reads the category, not "school" (教育).
  const tr = deps.translate?.(englishCategoryText(q));
  const fromGlossary = tr?.zh ?? [];
  let topicalGlossary = fromGlossary;
  let englishWords = tr?.englishWords ?? 0;
  // Units of time alone ("for three years") bound the act; they do not ask for an amount.
  const amountAttribute = (p: string) => isAttributePhrase(p) && !/^(?:year|month|day|week|hour|date|time)$/.test(p);
  let asksAttribute = false;
  if (tr?.phrases) {
    const attributes = tr.phrases.filter(isAttributePhrase);
    asksAttribute = attributes.some(amountAttribute);
    if (attributes.length) {
      const topical = tr.phrases.filter((p) => !isAttributePhrase(p));
      topicalGlossary = [...new Set(topical.flatMap((p) => deps.translate!(p).zh))];
      englishWords -= attributes.reduce((n, p) => n + p.split(/\s+/).length, 0);
    }
  }
  const fromHits = tr ? [] : [...new Set(hits.flatMap((h) => h.matched).filter((t) => /[\u3400-\u9fff]/u.test(t)))];
  const unplaced = (tr?.unknown ?? []).filter((w) => !ENGLISH_QUESTION_WORDS.has(w.toLowerCase()));
  // An attribute word the glossary does not know stays unplaced: "loan-to-value ratio" is not about these notices.
  const unknown = unplaced;
  if (unplaced.some((w) => amountAttribute(w.toLowerCase()))) asksAttribute = true;
  const unplacedSet = new Set(unplaced.map((w) => w.toLowerCase()));
  // The noun phrase that owns an attribute word ("corporate income tax rate" → corporate, income, tax): up to three
  // words right before it, stopping at a function word.
  const words = mainClause(q).toLowerCase().match(/[a-z][a-z-]*/g) ?? [];
  const ownerUnknown = words.some((w, i) => {
    if (!ATTRIBUTE_WORDS.has(w)) return false;
    for (let j = i - 1; j >= Math.max(0, i - 3); j--) {
      const o = words[j];
      if (OWNER_BOUNDARY.has(o) || ATTRIBUTE_WORDS.has(o)) break;
      if (unplacedSet.has(o)) return true;
    }
    return false;
  });
  // Words of the question's frame ("forbidden" → 禁止 / 不得, "allowed" → 允许) are cues, not the topic.
  // In a factual question ("which matters are prohibited?") they are what is asked about.
  const notFrame = (t: string) => form === "fact" || !FRAME_TERMS.test(t);
  return {
    fragments: [...new Set([...fromGlossary, ...fromHits, ...zhFragments])].filter(notFrame),
    topical: [...new Set([...topicalGlossary, ...fromHits, ...zhFragments])].filter(notFrame),
    unknownShare: tr && englishWords > 0 ? Math.min(1, unknown.length / englishWords) : 0,
    asksAttribute,
    ownerUnknown,
  };
}

function evidenceOf(q: string, topic: Topic, hits: Hit[], lang: Lang, form: QuestionForm): Evidence {
  const termChars = topic.topical.reduce((n, f) => n + f.length, 0);
  const top = hits.slice(0, CITED);
  // A term found only in the document title or headings counts half: "方案" in "…实施方案" says little.
  const fragmentCoverage = Math.max(
    0,
    ...top.map((h) => {
      const own = coverage(topic.topical, citedText(h.clause));
      const withContext = coverage(topic.topical, [citedText(h.clause), ...h.clause.headings, h.doc.title].join("\n"));
      return (own + withContext) / 2;
    }),
  );
  // HybridRetriever's hits carry an idf-weighted coverage of the question's term groups (RankedHit.coverage).
  const reported = top
    .map((h) => (h as Hit & { coverage?: unknown }).coverage)
    .filter((c): c is number => typeof c === "number" && Number.isFinite(c));
  const partial = {
    termChars,
    fragmentCoverage,
    retrieverCoverage: reported.length ? Math.max(...reported) : null,
    unknownShare: topic.unknownShare,
    hits: hits.length,
  };
  // A question after a quantity needs a clause that states one; without it the match is on words only.
  // An English question after an attribute of its topic ("the salary scale for civil servants") needs the amount
  // stated next to the topic's own terms, not anywhere in the clause.
  // A clause that names the measure asked for next to the topic, without a figure ("不得超出法定期限签订…合同"), is an
  // answer too: the notices set no number, only the rule.
  const measure = askedMeasure(q) ?? (statesDuration(q) ? "duration" : null);
  const measureNamed =
    measure !== null && top.some((h) => namesMeasureNear(citedText(h.clause), termsIn(topic.topical, citedText(h.clause)), measure));
  const quantityMissing =
    !measureNamed &&
    ((asksQuantity(q) && !top.some((h) => statesQuantity(citedText(h.clause)))) ||
      (topic.asksAttribute && !top.some((h) => statesQuantityNear(citedText(h.clause), termsIn(topic.topical, citedText(h.clause))))));
  // "What VAT rate …": the owner of the asked-for attribute is a word nobody could place; the rate of something the
  // notices never mention is not in them, whatever else of the question matches.
  const ownerUnknown = topic.ownerUnknown ?? false;
  // The question's shape answered by a top clause: a date for a when-question, a definition for a what-does-it-mean.
  const termsOfClause = (h: Hit) => termsIn(topic.topical, citedText(h.clause));
  const shapeMatch =
    (asksTime(q) && !asksQuantity(q) && top.some((h) => statesTimeNear(citedText(h.clause), termsOfClause(h)))) ||
    (asksDefinition(q) &&
      top.some((h) => definesNear(citedText(h.clause), [...termsOfClause(h), ...[definedTerm(q) ?? ""].filter((t) => t.length >= 2)])));
  // A yes/no question whose topic words stand in a sentence with a ban ("不得超出法定期限签订…合同"): the clause
  // answers it, even when the question words it in its own way ("longer than the legal limit").
  const polarMatch = form === "permission" && top.some((h) => bansNear(citedText(h.clause), termsOfClause(h)));
  const words = evidenceScore(partial, lang) * (quantityMissing ? QUANTITY_MISSING_FACTOR : 1);
  const credit = (shapeMatch ? SHAPE_CREDIT : 0) + (polarMatch ? POLARITY_CREDIT : 0);
  return { ...partial, score: ownerUnknown ? 0 : words > 0 ? Math.min(1, words + credit) : words };
}

/**
 * The term occurs at least once outside quotation marks: a quoted expression (形成一批“精品项目”“样板工程”) is a name or
 * a figure of speech, not the thing itself, so a clause that only quotes the term is not about it.
 */
export function occursUnquoted(text: string, term: string): boolean {
  const bare = text.replace(/“[^”]{0,24}”|「[^」]{0,24}」|"[^"]{0,24}"/g, (m) => "□".repeat(m.length));
  return bare.includes(term);
}

/** How deep a quantity / time question looks for the clause that states one. */
const ANSWER_TYPE_WINDOW = RETRIEVED;
/** Evidence kept when a quantity question finds no clause stating any quantity. */
const QUANTITY_MISSING_FACTOR = 0.7;

/** Normalised text for spotting the same clause twice (a news summary restating the full notice). */
function fingerprint(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/^[（(]?[一二三四五六七八九十\d]+[）)、.]?|^[一二三四五六七八九十]+是/u, "")
    .replace(/[\s\p{P}\p{S}]/gu, "")
    .slice(0, 60);
}

/** Hits without repeats of the same text; the more authoritative copy is kept at the better rank. */
export function distinctHits(hits: Hit[]): Hit[] {
  const out: Hit[] = [];
  for (const h of hits) {
    const fp = fingerprint(h.clause.text);
    const j = out.findIndex((o) => fingerprint(o.clause.text) === fp);
    if (j < 0) out.push(h);
    else if (h.doc.authority > out[j].doc.authority) out[j] = h;
  }
  return out;
}

export interface Analysis {
  lang: Lang;
  form: QuestionForm;
  hits: Hit[];
  supports: Support[];
  evidence: Evidence;
  abstained: boolean;
  abstainReason?: "no-basis" | "injection";
  /** The question asks for this document's 文号 (its first hit is a clause of it). */
  docNoOf?: Hit["doc"];
}

/** Everything the extractive and LLM answers are made from (exported for eval and tests). */
export async function analyse(q: string, deps: AnswerDeps, query = q): Promise<Analysis> {
  const lang = detectLanguage(q);
  const form = questionForm(q, lang);
  const base = query === q ? retrievalQuery(q, lang, form) : query;
  const raw = await deps.search(categoryQuery(base, lang), RETRIEVED);
  let hits = distinctHits(raw);
  // "第四项重点工作是什么": the item at that position in the document the question names comes first.
  const asked = form === "fact" && !isInjection(q) ? askedPosition(q) : null;
  let positioned = asked && deps.corpus ? findPositioned(asked, deps.corpus(), hits) : null;
  // "…指导意见的文号是什么": the number is the document's own metadata; the document the question names is the answer.
  const named = !positioned && form === "fact" && asksDocNo(q) && deps.corpus ? findNamedDocument(q, deps.corpus(), hits) : null;
  if (named) positioned = named;
  if (positioned) hits = [positioned, ...hits.filter((h) => h.clause.id !== positioned.clause.id)];
  // "Can a county borrow money …" is about 融资: clauses that speak of the implied category come first, ahead of
  // clauses that share only side words (县, 合同) with the question.
  const implied = impliedCategories(q).map((c) => c.name);
  if (implied.length && !positioned) {
    const about = (h: Hit) => implied.some((n) => occursUnquoted(citedText(h.clause), n));
    hits = [...hits.filter(about), ...hits.filter((h) => !about(h))];
  }
  const topic = topicOf(q, lang, form, hits, deps);
  const termsOf = (h: Hit) => {
    const frame = (t: string) => form !== "fact" && FRAME_TERMS.test(t);
    const text = citedText(h.clause);
    const own = termsIn(topic.fragments, text).filter((t) => !frame(t) && occursUnquoted(text, t));
    return own.length
      ? own
      : h.matched.filter((t) => t.length >= 2 && !isGenericTerm(t) && !frame(t) && !COUNT_WORD.test(t) && !statedAmounts(t).length && occursUnquoted(text, t));
  };
  const evidence = evidenceOf(q, topic, hits, lang, form);
  const injection = isInjection(q);
  const abstained = injection || (!positioned && lacksEvidence(evidence));
  const supports = hits.map((hit) => ({ hit, terms: termsOf(hit) }));
  return {
    lang,
    form,
    hits,
    supports,
    evidence,
    abstained,
    abstainReason: injection ? "injection" : abstained ? "no-basis" : undefined,
    docNoOf: named && !abstained ? named.doc : undefined,
  };
}

export function extractiveAnswer(q: string, a: Analysis, translate?: AnswerDeps["translate"]): Answer {
  if (a.abstained) {
    const cited = a.supports.slice(0, CITED);
    return {
      q,
      lang: a.lang,
      verdict: "unknown",
      abstained: true,
      answer: composeExtractive({ lang: a.lang, form: a.form, verdict: "unknown", supports: cited, abstained: true, abstainReason: a.abstainReason }),
      citations: cited.map((s) => toCitation(s.hit.clause, s.hit.doc)),
      mode: "extractive",
    };
  }
  const top = a.supports.slice(0, RETRIEVED);
  const decided = decideVerdict({
    form: a.form,
    hits: top.map((s) => s.hit),
    termsPerHit: top.map((s) => s.terms),
    heavy: impliedCategories(q).map((c) => c.name),
  });
  let { verdict } = decided;
  let support = decided.support;
  // A quantity or time question ("多少 / how big", "何时 / when") is answered by the clause whose sentence about the
  // asked-about terms states a quantity or a time; retrieval ranks by words, not by answer type.
  const quantity = a.form !== "permission" && asksQuantity(q);
  const time = a.form !== "permission" && !quantity && asksTime(q);
  if (quantity || time) {
    const states = quantity ? statesQuantityNear : statesTimeNear;
    const j = top.slice(0, ANSWER_TYPE_WINDOW).findIndex((s) => states(citedText(s.hit.clause), s.terms));
    if (j > 0) support = j;
  }
  // "合同最长可以签几年 / What is the maximum contract term": when no clause states a figure next to the topic but one
  // names the measure asked for ("不得超出法定期限签订…合同"), that clause answers — saying that no number is set.
  // "合同可以签三年吗 / Can a contract run for three years?" is the same question put as yes/no: unless a clause states
  // that amount, the answer is the rule without a figure, not a yes.
  const asked = statedAmounts(q);
  const measure = a.form === "fact" ? askedMeasure(q) : statesDuration(q) ? "duration" : null;
  let noFigure: Measure | undefined;
  const figureStated =
    a.form === "fact"
      ? top.slice(0, CITED).some((s) => s.terms.length > 0 && statesQuantityNear(citedText(s.hit.clause), s.terms))
      : top.some((s) => statedAmounts(citedText(s.hit.clause)).some((x) => asked.includes(x)));
  if (measure && !figureStated) {
    const j = top.slice(0, CITED).findIndex((s) => s.terms.length > 0 && namesMeasureNear(citedText(s.hit.clause), s.terms, measure));
    if (j >= 0) {
      support = j;
      noFigure = measure;
      if (a.form !== "fact") verdict = "info";
    }
  }
  // "可以不纳入预算吗": leaving undone what the supporting clause requires is not allowed.
  const main = top[decided.support];
  const negated = !main
    ? []
    : a.lang === "en"
      ? englishNegatedSpans(q).flatMap((span) => translate?.(span).zh ?? [])
      : negatedTerms(q, main.terms);
  // A clause that itself makes an exception under conditions ("原则上…竞争择优…对暂不具备竞争条件的，改革当年可…")
  // answers a question about skipping the rule with its conditions, not with a plain no.
  const skipsRequirement =
    a.form !== "fact" && verdict !== "conditional" && negated.length > 0 && directsAct(citedText(main!.hit.clause), negated);
  if (skipsRequirement) verdict = "prohibited";
  // "Can any social organisation, regardless of its rating, …?": the clause's qualifications make it conditional.
  else if (verdict === "allowed" && main && asksEveryCase(q, a.lang) && qualifiesTerm(citedText(main.hit.clause), main.terms))
    verdict = "conditional";
  // "要不要纳入预算 / should … be included": a requirement on the asked-about terms is a yes.
  else if (a.form === "obligation" && main && verdict !== "prohibited" && statesRequirement(citedText(main.hit.clause), main.terms))
    verdict = "allowed";
  // "Allowed" must rest on a rule: a preamble or statement of purpose ("为进一步…，制定本方案。") that merely shares a
  // word with the question, with no permission cue in a sentence naming the topic, settles nothing.
  if (verdict === "allowed" && main && a.form !== "fact" && isBackground(main.hit.clause) && !permitsNear(citedText(main.hit.clause), main.terms))
    verdict = "info";
  // "If no budget has been arranged…": a clause that names that very state ("对预算未安排的事项，不得…") is the rule
  // that answers it, ahead of a general requirement about the same term.
  let requirementHead = skipsRequirement;
  if (negated.length && verdict === "prohibited") {
    const j = top.slice(0, CITED).findIndex((s) => statesMissing(citedText(s.hit.clause), negated));
    if (j >= 0 && j !== support) {
      support = j;
      // The quote is now that clause's own ban, so the answer says "prohibited", not "required".
      requirementHead = false;
    }
  }
  // "Can a contract run for three years?": the clause that states that amount ("不超过3年") is the one to quote.
  const amounts = a.form !== "fact" ? statedAmounts(q) : [];
  if (amounts.length && !skipsRequirement) {
    const j = top.findIndex((s) => s.terms.length > 0 && statedAmounts(citedText(s.hit.clause)).some((x) => amounts.includes(x)));
    if (j > support) {
      support = j;
      // The clause stating the very amount asked about is the specific rule: a general ban voted from other clauses
      // ("不得超出法定期限…") gives way to its own polarity ("…可以签订履行期限不超过3年的合同" → conditional).
      const own = dominant(clausePolarity(top[j].hit.clause, top[j].terms).scores);
      if (own && verdict === "prohibited") verdict = own === "allowed" ? "conditional" : own;
    }
  }
  // The supporting clause first, then the others in retrieval order.
  const ordered = [top[support], ...top.filter((_, i) => i !== support)].filter(Boolean).slice(0, CITED);
  return {
    q,
    lang: a.lang,
    verdict,
    abstained: false,
    answer:
      docNoLine(a) +
      categoryLine(q, a.lang) +
      composeExtractive({ lang: a.lang, form: a.form, verdict, supports: ordered, abstained: false, skipsRequirement: requirementHead, asksBan: asksBan(q, a.lang), prefer: noFigure ? (sent) => MEASURE_WORD[noFigure!].test(sent) : quantity ? statesQuantity : time ? statesTime : undefined, noFigure }),
    citations: ordered.map((s) => toCitation(s.hit.clause, s.hit.doc)),
    mode: "extractive",
  };
}

/** A preamble (no clause number) or a statement of purpose or introduction ("…制定本方案" / "现就…通知如下"). */
export function isBackground(clause: { path: string; text: string }): boolean {
  return clause.path === "" || /制定本(?:方案|办法|意见|细则|规定|通知)|(?:通知|意见)如下|提出如下|现就.{0,60}如下/.test(clause.text);
}

/** A permission cue (鼓励 / 可以 / 支持 …) weighing on the terms in a sentence that names them. */
export function permitsNear(text: string, terms: string[]): boolean {
  // A cue inside a cited title (《关于推进政府购买服务工作的指导意见》) is part of a name, not a permission.
  const bare = text.replace(/《[^》]*》/g, (m) => "□".repeat(m.length));
  return sentences(bare).some((sent) => terms.some((t) => sent.includes(t)) && polarityOf(sent, terms).scores.allowed >= 0.3);
}

/** The text names the term as missing or not done: "预算未安排", "未纳入预算", "没有签订合同", "无预算". */
function statesMissing(text: string, terms: string[]): boolean {
  return terms.some((t) => {
    const e = t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`${e}.{0,2}(?:未|没有|尚未)|(?:未|没有|尚未|无)(?:经|经过|纳入|列入|安排|编制|签订|取得)?${e}`).test(text);
  });
}

/** "问题中的“办公楼”按工程类事项理解。" when a concrete object was read as its category. */
function categoryLine(q: string, lang: Lang): string {
  const r = categoryReadings(q);
  if (!r.length) return "";
  return lang === "en"
    ? `(“${r.map((x) => x.member).join("”, “")}” is read as ${r.map((x) => `${x.category.en} (${x.category.name})`).join(", ")}.)\n`
    : `（问题中的“${r.map((x) => x.member).join("”“")}”按${r.map((x) => x.category.name).join("、")}类事项理解。）\n`;
}

/** "《title》的文号是 X。" when the question asks for a document's number. */
function docNoLine(a: Analysis): string {
  const d = a.docNoOf;
  if (!d?.docNo) return "";
  return a.lang === "en" ? `The document number of 《${d.title}》 is ${d.docNo}.\n` : `《${d.title}》的文号是${d.docNo}。\n`;
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
  return {
    q,
    lang,
    verdict: "unknown",
    abstained: true,
    answer: lang === "en" ? `${en}\n${zh}` : `${zh}\n${en}`,
    citations: [],
    mode: "extractive",
  };
}

/** Answer one question. Throws QuestionError for an empty or over-long question; never throws for lack of evidence. */
export async function answerQuestion(q: string, deps: AnswerDeps): Promise<Answer> {
  const question = validateQuestion(q);
  if (isHelpRequest(question)) return helpAnswer(question);
  const llm = deps.config?.llm;
  let query = question;
  if (llm && !isInjection(question)) {
    try {
      const { rewriteQuery } = await import("../llm/query-rewrite.js");
      const rewritten = await rewriteQuery(question, llm);
      if (rewritten && rewritten.trim()) query = `${question} ${rewritten.trim()}`;
    } catch {
      // The rewrite is an optional improvement; the original question still retrieves.
    }
  }
  const analysis = await analyse(question, deps, query);
  const extractive = extractiveAnswer(question, analysis, deps.translate);
  if (!llm || analysis.abstainReason === "injection") return extractive;
  try {
    // Imported lazily so the offline path never loads LangChain.
    const { llmAnswer } = await import("./llm.js");
    return await llmAnswer({ q: question, lang: analysis.lang, hits: analysis.hits, extractive }, llm);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return {
      ...extractive,
      note:
        analysis.lang === "en"
          ? `The language model was unavailable (${why.slice(0, 120)}); this is the extractive answer.`
          : `大模型暂不可用（${why.slice(0, 120)}），以下为抽取式回答。`,
    };
  }
}
