/**
 * Query analysis: a Chinese or English (or mixed) question → weighted groups of Chinese key terms, the lexical
 * query tokens for BM25, and the text for the vector search.
 *
 * Chinese words come from jieba (precise mode, stop words and question words removed); English phrases come from
 * the glossary, one group per phrase whose alternatives are synonyms (guidance catalogue → 指导性目录 | 指导目录).
 * A group's weight is the idf of its rarest alternative, so rare, specific terms dominate coverage.
 */
import type { QueryToken } from "./bm25.js";
import { stemWord, type Glossary } from "./glossary.js";
import { quantityWord } from "../text/numerals.js";
import { cjkBigrams, indexTokens, isCjk, isFunctionWord, keyTerms, normalize, questionCues, subTerms } from "./tokenize.js";

export interface TermGroup {
  /** Alternatives (synonyms); the first is the preferred form. Normalised (NFKC, lower-case). */
  alternatives: string[];
  /** idf-based weight, > 0. */
  weight: number;
  /** Where the group came from. */
  source: "question" | "glossary";
  /** Sub-words of the alternatives (partial credit when the whole term is absent). */
  parts: string[];
  /** Some alternative occurs in the corpus (a word no clause uses cannot be evidence either way). */
  known: boolean;
}

export interface QueryAnalysis {
  question: string;
  /** "en" when the question has no Chinese characters. */
  language: "zh" | "en" | "mixed";
  groups: TermGroup[];
  /** Question words present (可以 / 能否 / 不得 / 哪些 …), for verdicts. */
  cues: string[];
  /** English content words the glossary does not know. */
  unknownEnglish: string[];
  /** English content words in total (known + unknown). */
  englishWords: number;
  lexical: QueryToken[];
  vectorText: string;
  /** The question asks for an amount or count (多少 / 规模 / how many / how big …). */
  wantsQuantity: boolean;
  /** The question asks why / for what purpose (为什么 / 目的 / 意义 / why / purpose …). */
  wantsPurpose: boolean;
  /** The question asks what something means (什么是 / 是指什么 / 含义 / what does … mean / definition …). */
  wantsDefinition: boolean;
  /** The idf of a term found in one clause: the weight scale of this corpus. */
  rareWeight: number;
}

const QUANTITY_QUESTION_ZH = /多少|几[个项类家名次年]?|多大|规模|数量|金额|总额|总量|比例/;
const QUANTITY_QUESTION_EN = /\b(how (much|many|big|large)|size|scale|amount|number of|total|percentage|proportion)\b/i;
/**
 * A figure with a unit: 3类20项, 12.5亿元, 3.2万名, 8个部门, 30%, or a duration (1年, 3年, 6个月).
 * Calendar years (2022年) are not figures.
 */
export const QUANTITY_IN_TEXT =
  /\d[\d.,]*\s*(?:%|％|[亿万千百]?(?:元|项|类|款|个|家|名|人次|人|次|所|条|户|亿|万))|(?<!\d)\d{1,2}\s*(?:个月|年|月|日|天)/;

const PURPOSE_QUESTION = /为什么|为何|为了什么|目的|意义|\b(why|purpose|aim|rationale|significance)\b/i;
/** A clause stating a purpose or significance: 为进一步… / 为了… / …的重要性 / 意义 / 目的 (the preambles, 一、充分认识…). */
export const PURPOSE_IN_TEXT = /(?:^|[。；\n])\s*为(?:了|进一步|加快|推进|贯彻|落实|规范|提高|深化)|重要性|重要意义|目的|旨在/;

const DEFINITION_QUESTION =
  /什么是|何谓|是什么意思|什么意思|指什么|是指什么|所称|含义|定义|内涵|\bwhat (?:does|do|did) .+ mean\b|\bmeaning of\b|\bdefin(?:e|ed|ition)\b|\bwhat is meant by\b/i;
/** A clause defining something: …是指… / …就是… / 本办法所称… / 系指. */
export const DEFINITION_IN_TEXT = /是指|就是|指的是|系指|所称/;

const ASKS_LIST = /哪些|什么|哪类|哪几|\bwhat\b|\bwhich\b/i;
const ASKS_PROHIBITED =
  /不得|不能|不可|禁止|严禁|不允许|\b(may not|must not|cannot|can ?not|can't|shall not|not (?:be )?(?:allowed|permitted)|prohibited|forbidden|banned)\b/i;
const PROHIBITION_TERMS = ["不得", "禁止", "严禁"];

/** Single-character terms (区, 省) match inside unrelated words (地区, 节省): they count for less. */
const SINGLE_CHAR_FACTOR = 0.3;

/** Document-frequency oracle (the BM25 index). */
export interface DfSource {
  size: number;
  df(token: string): number;
}

/** Document frequency of a term: its own when it is a token, else the rarest-bigram bound. */
export function termDf(term: string, index: DfSource): number {
  let df = index.df(term);
  if (df === 0 && isCjk(term) && term.length > 2) {
    const bigrams = cjkBigrams(term).map((b) => index.df(b));
    df = bigrams.length ? Math.min(...bigrams) : 0;
  }
  return df;
}

/** idf of a term from termDf (a phrase is at most as common as its rarest bigram). */
export function termIdf(term: string, index: DfSource): number {
  const n = Math.max(1, index.size);
  const df = termDf(term, index);
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

export function analyzeQuery(question: string, index: DfSource, glossary: Glossary): QueryAnalysis {
  const hasCjk = isCjk(question);
  const translation = glossary.translate(question);
  const hasEnglish = translation.englishWords > 0;
  const language: QueryAnalysis["language"] = hasCjk ? (hasEnglish ? "mixed" : "zh") : "en";

  const groups: TermGroup[] = [];
  const seen = new Set<string>();
  const addGroup = (alts: string[], source: TermGroup["source"]) => {
    const alternatives = [...new Set(alts.map(normalize))].filter((a) => a && !seen.has(a));
    if (!alternatives.length) return;
    alternatives.forEach((a) => seen.add(a));
    const single = alternatives.every((a) => a.length === 1);
    // Weight from the alternatives the corpus uses (a colloquial synonym absent from the notices must not inflate
    // it); a group none of whose forms occurs keeps the maximum idf, which is what abstention wants to see.
    // A question's own word, when the corpus uses it, sets the weight by itself (a rarer synonym must not make
    // 购买 look specific).
    const present = alternatives.filter((a) => termDf(a, index) > 0);
    const own = source === "question" && present[0] === alternatives[0];
    const weighed = own ? [alternatives[0]!] : present.length ? present : alternatives;
    const weight = Math.max(...weighed.map((a) => termIdf(a, index))) * (single ? SINGLE_CHAR_FACTOR : 1);
    const parts = [...new Set(alternatives.flatMap((a) => subTerms(a)))].filter((p) => !seen.has(p));
    groups.push({ alternatives, weight, source, parts, known: present.length > 0 });
  };

  for (const t of keyTerms(question)) {
    // English words are handled by the glossary; keep Chinese words and numbers (2022, 102). A Latin word inside
    // a Chinese question that the glossary cannot place (PPP, VPN, API) names the topic: it stays a term, so a
    // clause lacking it is not taken for an answer.
    const amount = quantityWord(t);
    if (amount) {
      // An amount (五年, 3家, 十天) is read by the verdict's limits, not matched as a word: its digit form joins it
      // (三年 meets 前3年内), and one no clause uses is no topic the corpus lacks.
      const forms = [...new Set([t, `${amount.n}${amount.written}`])];
      if (forms.some((f) => termDf(f, index) > 0)) addGroup(forms, "question");
    } else if (isCjk(t)) {
      // A function word the corpus never uses (干脆, 借着, 以后, 这家) is chat, neither a topic nor a missing one.
      const synonyms = glossary.synonymsOf(t);
      if (!synonyms.some((a) => termDf(a, index) > 0) && isFunctionWord(t)) continue;
      addGroup(synonyms, "question");
    }
    else if (/^\d/.test(t)) addGroup([t], "question");
    else if (hasCjk && glossary.translate(t).zh.length === 0 && translation.unknown.includes(stemWord(t))) {
      addGroup([t], "question");
    }
  }
  // Each glossary phrase's Chinese terms form one group of synonyms.
  for (const phrase of translation.phrases) addGroup(glossary.lookup(phrase), "glossary");
  // "哪些事项不得购买" / "What may not be purchased?": asking for the list of prohibitions makes the prohibition
  // itself the topic (in a yes/no question 不得 stays a verdict cue only).
  if (ASKS_LIST.test(question) && ASKS_PROHIBITED.test(question)) addGroup(PROHIBITION_TERMS, "question");

  // Lexical tokens: a term that is itself an indexed word contributes its search-mode words; a term the index
  // does not hold as a word (segmented differently in the clauses, or unknown) falls back to its CJK bigrams.
  // A question's own word is searched as asked; its synonyms only stand in when the corpus never uses it
  // (they still count for coverage). Glossary groups search all their forms.
  const lexical: QueryToken[] = [];
  for (const g of groups) {
    const alts = g.source === "question" && termDf(g.alternatives[0]!, index) > 0 ? [g.alternatives[0]!] : g.alternatives;
    const share = 1 / Math.sqrt(alts.length);
    for (const alt of alts) {
      const known = index.df(alt) > 0;
      for (const tok of indexTokens(alt)) {
        const bigram = tok.startsWith("~");
        if (bigram && known) continue;
        lexical.push({ token: tok, weight: (bigram ? 0.4 : 1) * share });
      }
    }
  }
  const vectorText = groups.map((g) => g.alternatives.join(" ")).join(" ");
  return {
    question,
    language,
    groups,
    cues: questionCues(question),
    unknownEnglish: translation.unknown,
    englishWords: translation.englishWords,
    lexical,
    vectorText,
    wantsQuantity: QUANTITY_QUESTION_ZH.test(question) || QUANTITY_QUESTION_EN.test(question),
    wantsPurpose: PURPOSE_QUESTION.test(question),
    wantsDefinition: DEFINITION_QUESTION.test(question),
    rareWeight: Math.log(1 + (Math.max(1, index.size) - 0.5) / 1.5),
  };
}

export interface Coverage {
  /** Weighted share of the query's term groups found in the clause, in [0, 1]. */
  coverage: number;
  /** Alternatives found verbatim in the clause's own text (lead-in + text). */
  matched: string[];
}

/**
 * How well a clause covers the query: a group found in the clause's own text counts fully, in its context
 * (headings, document title) 0.5; otherwise 0.7 when all its parts are in the text (合同…期限 for 合同期限), or
 * 0.4 × the share of parts present.
 * A question asking for a quantity adds one group satisfied by any figure with a unit in the clause; one asking
 * why, one satisfied by a statement of purpose or significance; one asking what something means, by a definition.
 */
export function coverageOf(
  groups: TermGroup[],
  text: string,
  context: string,
  opts: { wantsQuantity?: boolean; wantsPurpose?: boolean; wantsDefinition?: boolean; cueWeight?: number } = {},
): Coverage {
  let total = 0;
  let got = 0;
  // Each answer-shape cue (a figure, a purpose, a definition) weighs as an average group of the question.
  const avg = opts.cueWeight ?? (groups.length ? groups.reduce((s, g) => s + g.weight, 0) / groups.length : 0);
  if (opts.wantsQuantity && groups.length) {
    // A question asking "how many / how big" is answered by a clause stating a figure: one more (average) group.
    total += avg;
    if (QUANTITY_IN_TEXT.test(text)) got += avg;
  }
  if (opts.wantsPurpose && groups.length) {
    // "Why …" is answered by a clause stating a purpose or significance: likewise one more group.
    total += avg;
    if (PURPOSE_IN_TEXT.test(text)) got += avg;
  }
  if (opts.wantsDefinition && groups.length) {
    // "What does … mean" is answered by a clause defining it (…是指… / …就是…).
    total += avg;
    if (DEFINITION_IN_TEXT.test(text)) got += avg;
  }
  const matched: string[] = [];
  for (const g of groups) {
    total += g.weight;
    const inText = g.alternatives.find((a) => text.includes(a));
    if (inText) {
      got += g.weight;
      matched.push(inText);
      continue;
    }
    if (g.alternatives.some((a) => context.includes(a))) {
      got += 0.5 * g.weight;
      continue;
    }
    if (g.parts.length) {
      // All parts present (合同…期限 for 合同期限): the concept is there in other words; some parts: partial.
      const n = g.parts.filter((p) => text.includes(p)).length;
      got += (n === g.parts.length ? 0.7 : 0.4 * (n / g.parts.length)) * g.weight;
    }
  }
  return { coverage: total > 0 ? got / total : 0, matched };
}
