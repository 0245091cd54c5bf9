/**
 * The one analysis of a question, built once and handed to retrieval and to the verdict: language, form, what the
 * asker wants to know about the act (may we do it / may we skip it / must we / is it forbidden), which of its
 * words name the act, what it states as missing (未安排, 没列入, without a contract), the amounts it states, and
 * the weighted key-term groups retrieval searches with. English reaches the same analysis through the glossary.
 */
import type { QueryAnalysis, TermGroup } from "../retrieval/query.js";
import { defaultGlossary } from "../retrieval/glossary.js";
import { categoryQuery } from "./category.js";
import { askedPosition, asksDocNo } from "./position.js";
import { asksBan, asksQuantity, asksTime, isGenericTerm, isHelpRequest, mainClause, questionForm, statedAmounts, type QuestionForm } from "./question.js";
import { detectLanguage } from "./language.js";
import { negatedWords } from "../text/negation.js";
import { normalizeText } from "../text/normalize.js";
import type { Lang } from "./schema.js";

/** What a yes/no question asks about its act. */
export type Asking = "may" | "may-skip" | "must" | "forbidden" | "is";

/** The shape of the answer a factual question wants. */
export type FactShape = "quantity" | "time" | "definition" | "position" | "docno" | "other";

export interface QuestionAnalysis {
  question: string;
  /** The question in the notices' written register (没 → 未, 搞 → 开展): what retrieval searches. */
  written: string;
  lang: Lang;
  form: QuestionForm;
  factShape: FactShape | null;
  asking: Asking;
  /** Key-term groups (weighted by idf over the corpus, English through the glossary). */
  terms: QueryAnalysis;
  /** Indexes of the term groups naming the act asked about (after the modal word). */
  act: number[];
  /** Chinese words the question states as missing or not done (预算未安排 → 安排; without a contract → 合同). */
  negated: string[];
  /** Indexes of the term groups of the clause that asks, in a question of several clauses (the scene set before it). */
  asked: number[];
  /** Amounts the question states ("签五年" → 5年). */
  amounts: string[];
  help: boolean;
}

/**
 * A word as common as this share of the rarest term's idf (采购 across the procurement laws, about one clause in
 * three) names no particular act.
 */
const ACT_MIN_IDF_SHARE = 0.15;

/**
 * The specific words naming the act asked about: its groups' alternatives of two or more characters, frame words and
 * words the corpus uses everywhere left out; only the groups `keep` accepts, when given.
 */
export function actWords(q: QuestionAnalysis, keep: (g: TermGroup) => boolean = () => true): string[] {
  return q.act
    .map((i) => q.terms.groups[i]!)
    .filter(keep)
    .filter((g) => g.weight >= ACT_MIN_IDF_SHARE * (q.terms.rareWeight || 1))
    .flatMap((g) => g.alternatives)
    .filter((w) => w.length >= 2 && !isGenericTerm(w));
}

export interface TermAnalyser {
  (text: string): QueryAnalysis;
}

/**
 * Words that open on 没 and are words of their own, kept as written: 没收 (confiscate), and the glossary's everyday
 * words (没钱, 没签合同, 没列入预算 …), which carry their own synonyms.
 */
let keptMei: RegExp | undefined;
function keptMeiWords(): RegExp {
  if (!keptMei) {
    const words = ["没收", ...defaultGlossary().chineseTerms().filter((t) => t.startsWith("没") && t.length >= 2)];
    keptMei = new RegExp(`^(?:${[...new Set(words)].sort((a, b) => b.length - a.length).join("|")})`);
  }
  return keptMei;
}

/** Spoken wording in the notices' written register. */
export function writtenRegister(q: string): string {
  return q
    .normalize("NFKC")
    .replace(/没有(?=\p{Script=Han})|没(?=\p{Script=Han})/gu, (m, at: number, text: string) => (keptMeiWords().test(text.slice(at)) ? m : "未"))
    .replace(/搞|弄|整(?=个|一)/g, "开展");
}

/**
 * The spoken frame around a Chinese question's content: hedges and tag questions that say how sure the asker is or
 * that an answer is wanted (不一定非得, 没问题吧, 就行了, 对吧, 总不至于), never what is asked about. They are cut
 * before the content is read, so a hedge the corpus happens to use (一定) is no topic and 没问题 is nothing missing.
 */
const SPOKEN_FRAME =
  /不一定|一定(?=要|得|是|非|会|能|可以|需要|必须)|非得|非要|总不至于|不至于|难道|真的|其实|反正|(?:也)?(?:没|不)(?:什么)?(?:问题|关系|要紧|碍事|影响)(?=吧|吗|[，,。？?]|$)|就(?:行|好|可以|够)了?(?=吧|吗|[，,。？?]|$)|(?:是|对)(?:这样)?(?:的)?(?:吧|吗)|对不对|是不是这样/g;

/** A Chinese question's content with its spoken frame cut out (the frame stays in `written` for the asking reading). */
export function spokenContent(text: string): string {
  return text.replace(SPOKEN_FRAME, "，");
}

/** "可以不…", "不用…", "无需…", "不一定非得…": the question asks about leaving the act undone. */
const ZH_SKIP = /(?:可以|能|可|能否|是否可以|能不能|可不可以)(?:先|就|暂时)?不(?![得能可准许算违行会应至])|不用|不必|无需|无须|不需要?|免于|免(?![费税])|不一定非得|不非得|省(?:掉|去|略)|跳过/;
/** Where a Chinese yes/no question's act begins: after its modal frame. */
const ZH_MODAL = /能否|可否|可不可以|能不能|是否可以|是否能|是否允许|是否需要|是否必须|是否应当|要不要|需不需要|可以|能够|允许|能|可|需要|必须/g;

/** "是不是 / 属不属于 / 算不算 / 是否属于": whether something is of a kind (各级国家机关是不是购买主体). */
const ZH_IS = /是不是|属不属于|算不算|是否属于|是否为|是否是|属于.{0,12}[吗么]|算是.{0,12}[吗么]/;
const ZH_MAY = /能否|可否|可以|能不能|可不可以|允许|准许|能够/;
const EN_IS = /^\s*(?:is|are)\s+(?!it\b|there\b|we\b|they\b)[^?]{0,60}\b(?:a|an|one of the|considered|counted as|classed as)\b/i;
const EN_SKIP = /\b(?:without|skip(?:ping)?|waive|waiving|dispense\s+with|do\s+without|instead\s+of|no\s+need\s+to|not\s+(?:have|need)\s+to|don'?t\s+(?:have|need)\s+to)\b/i;
const EN_MUST = /^\s*(?:must|shall|should|ought)\b|^\s*(?:do|does|did|will)\s+\w+(?:\s+\w+)?\s+(?:have|need)\s+to\b|\b(?:required|mandatory|compulsory|obligatory|necessary)\b/i;
const EN_NEGATED = /\b(?:without|not\s+(?:yet\s+)?(?:in|on|been|included|arranged|approved|budgeted|listed)|isn'?t\s+(?:in|on)|hasn'?t\s+been|haven'?t\s+been|no|unbudgeted|unapproved|lacks?|lacking|missing)\s+((?:[a-z'-]+\s*){1,4})/gi;
const EN_NOT_DONE = /\b((?:[a-z'-]+\s+){0,2}[a-z'-]+)\s+(?:has|have|had|is|are|was|were)(?:\s+not|n't)\s+(?:yet\s+)?(?:been\s+)?([a-z]+ed)\b/gi;
const EN_MODAL = /\b(?:can|could|may|might|must|should|shall|allowed\s+to|permitted\s+to|ok\s+to|okay\s+to|need\s+to|have\s+to|required\s+to)\b/gi;

function askingOf(q: string, lang: Lang, form: QuestionForm): Asking {
  if (lang === "en") {
    const s = mainClause(q);
    if (EN_SKIP.test(s)) return "may-skip";
    if (asksBan(q, lang)) return "forbidden";
    if (form === "obligation" || EN_MUST.test(s)) return "must";
    if (EN_IS.test(s) && !/\b(?:allowed|permitted|eligible|able)\b/i.test(s)) return "is";
    return "may";
  }
  if (ZH_SKIP.test(q)) return "may-skip";
  if (asksBan(q, lang)) return "forbidden";
  if (form === "obligation") return "must";
  if (ZH_IS.test(q) && !ZH_MAY.test(q)) return "is";
  return "may";
}

function factShapeOf(q: string, form: QuestionForm, terms: QueryAnalysis): FactShape | null {
  if (form !== "fact") return null;
  if (askedPosition(q)) return "position";
  if (asksDocNo(q)) return "docno";
  if (terms.wantsDefinition) return "definition";
  if (asksQuantity(q)) return "quantity";
  if (asksTime(q)) return "time";
  return "other";
}

/** The words after a skip marker (可以不纳入预算 → 纳入, 预算): what the asker wants to leave undone. */
function skippedWords(written: string, groups: TermGroup[]): string[] {
  const m = ZH_SKIP.exec(written);
  if (!m) return [];
  // A word standing only inside a longer named word (招标 in 招标代理机构) is not skipped on its own.
  const named = (text: string) => {
    const words = groups.flatMap((g) => g.alternatives.filter((a) => a.length >= 2 && text.includes(a)));
    const count = (w: string) => text.split(w).length - 1;
    const inside = (w: string) => words.filter((o) => o !== w && o.includes(w)).reduce((n, o) => n + count(o), 0);
    return words.filter((w) => count(w) > inside(w));
  };
  const after = named(written.slice(m.index + m[0].length).split(/[，。？?！!,;；]/)[0]!);
  if (after.length) return after;
  // A marker that closes its clause skips what its topic names before it (「政府自己该履行的职责就不用再管了」), else what
  // the clause before it names (「…再查一遍资格吗？能不能省了？」「…再审一遍资格，不能跳过」).
  const before = written.slice(0, m.index).split(/[，。？?！!,;；]/);
  const topic = named(before.at(-1) ?? "");
  return topic.length ? topic : named(before.slice(0, -1).filter((x) => x.trim()).at(-1) ?? "");
}

function enNegated(q: string, translate: TermAnalyser): string[] {
  const out: string[] = [];
  for (const m of q.matchAll(EN_NEGATED)) out.push(...translate(m[1]!).groups.flatMap((g) => g.alternatives));
  // "the budget has not arranged …", "the budget hasn't been approved": what is missing is the subject's verb (预算未安排).
  for (const m of q.matchAll(EN_NOT_DONE)) out.push(...translate(`${m[1]} ${m[2]}`).groups.flatMap((g) => g.alternatives));
  const skip = EN_SKIP.exec(q);
  if (skip) out.push(...translate(q.slice(skip.index + skip[0].length).split(/[,.?;]/)[0]!).groups.flatMap((g) => g.alternatives));
  return [...new Set(out.filter((w) => /\p{Script=Han}/u.test(w)))];
}

/** Term groups whose words stand in the act part of the question (after its last modal word). */
function actGroups(text: string, groups: TermGroup[], modal: RegExp, analyse: TermAnalyser, lang: Lang): number[] {
  let cut = -1;
  for (const m of text.matchAll(modal)) cut = m.index! + m[0].length;
  if (cut < 0) return [];
  const tail = text.slice(cut);
  const inTail =
    lang === "en"
      ? new Set(analyse(tail).groups.flatMap((g) => g.alternatives))
      : null;
  return groups
    .map((g, i) => ({ g, i }))
    .filter(({ g }) => g.alternatives.some((a) => (inTail ? inTail.has(a) : tail.includes(a))))
    .map(({ i }) => i);
}

/** A yes/no frame standing as a clause of its own (「…，可以吗？」「…，这样行不行？」). */
const FRAME_CLAUSE = /^(?:这样|那|那么|请问)?(?:可以|能|行|可|允许|合规|违规)?(?:吗|么|嘛|不|不行|行不行|可不可以|能不能|是否可以|对吗|对吧|是吧)?[？?！!。]*$/;

/**
 * The groups of the clause that asks, when a scene is set before it (「我们单位2014年办结的…招标文件…还在档案室，…
 * 想把这些文件销毁腾地方，可以吗？」: the clause before a bare 「可以吗」). None for a one-clause question, or when every
 * group stands in the asking clause.
 */
function askedGroups(text: string, groups: TermGroup[]): number[] {
  const clauses = text.split(/[，,；;。！!]/).map((c) => c.trim()).filter(Boolean);
  if (clauses.length < 2) return [];
  const last = clauses.at(-1)!;
  const asking = FRAME_CLAUSE.test(last.replace(/\s/g, "")) ? clauses.at(-2)! : last;
  const idx = groups.map((g, i) => (g.alternatives.some((a) => asking.includes(a)) ? i : -1)).filter((i) => i >= 0);
  return idx.length === groups.length ? [] : idx;
}

export function analyseQuestion(question: string, analyse: TermAnalyser): QuestionAnalysis {
  // Matching reads the normalised text (hidden characters, traditional forms, 劳·务 separators, HTML references);
  // the asker's own wording stays in `question` for display.
  const matchable = normalizeText(question);
  const lang = detectLanguage(matchable);
  const written = lang === "en" ? matchable : writtenRegister(matchable);
  const content = lang === "en" ? matchable : writtenRegister(spokenContent(matchable));
  const form = questionForm(written, lang);
  // "建设办公楼" is about 工程: the category a concrete object belongs to joins the terms.
  const terms = analyse(categoryQuery(content, lang));
  const asking = askingOf(written, lang, form);
  return {
    question,
    written,
    lang,
    form,
    factShape: factShapeOf(written, form, terms),
    asking,
    terms,
    act: actGroups(lang === "en" ? mainClause(written) : written, terms.groups, lang === "en" ? EN_MODAL : ZH_MODAL, analyse, lang),
    asked: lang === "en" ? [] : askedGroups(content, terms.groups),
    negated: lang === "en" ? enNegated(written, analyse) : [...new Set([...negatedWords(content), ...skippedWords(written, terms.groups)])],
    amounts: statedAmounts(written),
    help: isHelpRequest(question),
  };
}
