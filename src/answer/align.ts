/**
 * Alignment of a question with the deontic statements of the retrieved clauses: how much of the question's
 * content each statement covers (idf-weighted term groups; a word of the statement's lead-in, headings or title
 * counts half; a term absent as a whole counts by the share of its characters' bigrams present), which modality
 * governs the words of the act asked about, and whether the statement's own negations agree with the question's
 * (预算未安排 ↔ 对预算未安排的事项).
 */
import type { Hit } from "../knowledge/hit.js";
import { clauseStatements, penalisedOmission, type Modality, type Statement } from "../knowledge/deontic.js";
import { bigramShare } from "../text/bigrams.js";
import { CAP } from "../text/limits.js";
import { negationHeads, sameMissing, sameWord } from "../text/negation.js";
import type { TermGroup } from "../retrieval/query.js";
import { actWords, type QuestionAnalysis } from "./analysis.js";
import { amountUnit, isGenericTerm, statedAmounts } from "./question.js";

/** Clauses, best first, whose statements the verdict weighs (and whose coverage decides whether to answer at all). */
export const ALIGNED = 5;

export interface Aligned {
  hit: Hit;
  /** Rank of the hit in retrieval order (0 = first). */
  rank: number;
  statement: Statement;
  /** Weighted share of the question's known term groups the statement covers, in [0, 1]. */
  cover: number;
  /** The modality governing the question's words in this statement (sanctioned acts read as prohibited). */
  modality: Modality | null;
  /** The words of the question that the statement governs with that modality. */
  matched: string[];
  /** The question's missing/not-done words that the statement also names as missing. */
  negationAgrees: boolean;
  /** The statement names a word the question states as missing, without itself negating it (已安排预算的…). */
  negationClashes: boolean;
  /** A prohibition segment of the statement names a word of the act asked about (「…不得…销毁」 for 销毁). */
  bansAct: boolean;
  /** Share of the weight of the question's most specific terms (its topic, not frame words) the statement names. */
  core: number;
  /** The idf weight of the question's specific terms the statement holds, in units of a term found in one clause. */
  weight: number;
  /**
   * Weighted share of the statement's own content terms that the question states, in [0, 1]: how far the rule's
   * situation is the one described (a scenario names the rule's words among many of its own).
   */
  applies: number;
  /**
   * The statement requires one form, method or way (应当采用书面形式 / 最低评标价法 / 公开招标方式) and the question asks
   * about another of the same kind (口头形式, 综合评分法, 竞争性谈判方式): the words it names in its stead.
   */
  alternativeAsked: string | null;
  /**
   * The question states what the statement's sentence says before its modal part (「技术、服务等标准统一的货物和服务
   * 项目，应当…」: the items the rule is about): each of those phrases, as a condition is stated.
   */
  scopeStated: boolean;
  /** The question states the statement's conditions (null: it sets none). */
  conditionsStated: boolean | null;
  /**
   * The statement restricts a term of the question by a modifier the question does not state (「纳入行政编制管理且经费由
   * 财政负担的群团组织，也可…」 asked about 群团组织): the rule holds for that kind of it only.
   */
  qualifierUnstated: boolean;
}

/** Content terms of a statement's text, analysed as a question would be (idf-weighted groups). */
export type StatementTerms = Map<string, TermGroup[]>;

/** How much of a group a text shows: 1 when an alternative stands in it, else the best share of bigrams present. */
export function groupPresence(g: TermGroup, text: string): { score: number; word: string | null } {
  const whole = g.alternatives.find((a) => text.includes(a));
  if (whole) return { score: 1, word: whole };
  let best = 0;
  // a word of two characters is one bigram: it is present or not
  for (const a of g.alternatives) if (a.length >= 3) best = Math.max(best, bigramShare(a, text));
  return { score: best >= 0.5 ? 0.6 * best : 0, word: null };
}

/** A clause opening on a contrast (但, 但是 …): what it says limits what came before it. */
export const CONTRAST = /^\s*(?:但是|但|然而|不过)/;

function governing(statement: Statement, words: { word: string; weight: number }[]): { modality: Modality | null; cue: string | null } {
  const segs = statement.segments;
  const weightOf = segs.map((s) => words.reduce((n, w) => n + (s.text.includes(w.word) ? w.weight : 0), 0));
  const best = weightOf.reduce((bi, w, i) => (w > weightOf[bi]! ? i : bi), 0);
  if (weightOf[best]! <= 0) return { modality: statement.modality, cue: null };
  // The segment's own modal word, else the nearest one after it in the sentence (「对预算未安排的事项，不得开展…」), else
  // the nearest before it (「应当妥善保存，不得…销毁」 governs its own segment first).
  // A sanction does not reach forward: in 「…中标结果无效，从合格的中标候选人中另行确定中标供应商」 what follows 无效 is the
  // remedy the rule prescribes, not an act it punishes.
  // A clause opening on 但 (「…规定供应商的特定条件，但不得以不合理的条件…」) states a limit of its own: its modal word does
  // not reach back over it.
  const contrast = segs.findIndex((sg, i) => i > best && CONTRAST.test(sg.text));
  const after = segs.map((_, i) => i).filter((i) => i > best && (contrast < 0 || i < contrast));
  const order = [best, ...after, ...segs.map((_, i) => i).filter((i) => i < best).reverse()];
  for (const i of order) {
    const m = segs[i]!.modality;
    if (!m) continue;
    if (i < best && m === "sanction") return { modality: null, cue: null };
    return { modality: m, cue: segs[i]!.cue };
  }
  return { modality: statement.modality, cue: null };
}

/**
 * A sanction forbids the act it punishes; but a question about the sanction itself (「可以对违规承接主体予以惩戒吗」) asks
 * about something the government must do.
 */
function sanctionRead(q: QuestionAnalysis, cue: string | null): Modality {
  const asksTheSanction = cue !== null && q.terms.groups.some((g) => g.alternatives.some((a) => a.length >= 2 && cue.includes(a)));
  return asksTheSanction ? "obligation" : "prohibition";
}

/**
 * The statement limits itself to a case by negating a word (「采购未纳入集中采购目录的…项目，可以自行采购」「对预算未安排的
 * 事项，不得…」) that the question states as done (「已纳入集中采购目录的…能否自行采购」「预算已经安排了，能买吗」): the rule is
 * about the other case. Only a word the question marks as done (已…, …了) counts; merely naming it settles nothing.
 */
function scopeClash(q: QuestionAnalysis, statement: Statement): boolean {
  const affirmed = (h: string) => new RegExp(`(?:已经?|均已|都已|业已|经过?)${h}|${h}(?:了|过)`).test(q.written);
  return negationHeads(statement.text).some((h) => affirmed(h) && !q.negated.some((n) => sameWord(n, h)));
}

/** A question with none of 已 / 经 / 了 / 过 marks nothing as done: no statement's scope can clash with it. */
const DONE_MARK = /[已经了过]/;

const ACT_WEIGHT = 1.5;

/** Frame words of the domain (纳入, 范围, 开展, 政府购买服务 …) weigh this much of their idf: they say how, not what. */
const FRAME_WEIGHT = 0.3;

/** The question's most specific known terms: its three heaviest groups that are not frame vocabulary. */
export function coreGroups(q: QuestionAnalysis): TermGroup[] {
  const topical = q.terms.groups.filter((g) => g.known && !isGenericTerm(g.alternatives[0]!));
  return topical.sort((a, b) => b.weight - a.weight).slice(0, 3);
}

/** Share of the core groups' weight a text holds (1 when the question has no specific term). */
function coreShare(core: TermGroup[], text: string): number {
  const total = core.reduce((n, g) => n + g.weight, 0);
  if (total === 0) return 1;
  return core.reduce((n, g) => n + (groupPresence(g, text).score > 0 ? g.weight : 0), 0) / total;
}

/**
 * The parts of a statement whose terms applicability weighs, without its article number or item marker: its
 * phrases between commas, and each member of an enumeration (、) on its own, so that a question naming one of
 * 「养老、托育、助残…」 meets the phrase it belongs to; what a scope includes (…包括 | …) is a phrase apart from the scope.
 */
export function statementPhrases(text: string): string[] {
  const body = text.replace(/^\s*第[一二三四五六七八九十百零〇\d]+条\s*/, "").replace(/^\s*[（(][一二三四五六七八九十\d]+[）)]\s*/, "");
  return body.split(/[，；：、,;:。]|(?<=包括|包含)/).map((x) => x.trim()).filter((x) => x.length >= 2);
}

/**
 * How far the question states the statement's situation: the best share, over the statement's phrases, of a
 * phrase's term weight (frame words at FRAME_WEIGHT) that the question names. A phrase of frame words alone
 * (不得开展购买服务) holds too little specific weight to count.
 */
function applicability(phrases: string[], terms: StatementTerms, questionText: string, rare: number, units: ReadonlySet<string>): number {
  let best = 0;
  for (const phrase of phrases) {
    const s = phraseStated(terms.get(phrase) ?? [], questionText, statedAmounts(phrase).some((a) => units.has(amountUnit(a))), true);
    if (s.specific >= MIN_PHRASE_WEIGHT * rare) best = Math.max(best, s.share);
  }
  return best;
}

/**
 * How much of a phrase's term weight (frame words at FRAME_WEIGHT) the question names, and its specific idf weight.
 * An amount of the phrase (不超过1年) is named by an amount of the same unit in the question (签五年).
 */
function phraseStated(groups: TermGroup[], questionText: string, amountNamed = false, byPart = false): { share: number; specific: number } {
  let total = 0;
  let got = 0;
  let specific = 0;
  let known = 0;
  for (const g of groups) {
    if (!g.known) continue;
    const generic = isGenericTerm(g.alternatives[0]!);
    const w = g.weight * (generic ? FRAME_WEIGHT : 1);
    const whole = groupPresence(g, questionText).score;
    // A term of the rule the question names by its specific part (书面 for 书面形式) is half named.
    const present = whole > 0 || !byPart ? whole : g.parts.some((p) => p.length >= 2 && !isGenericTerm(p) && questionText.includes(p)) ? 0.5 : 0;
    total += w;
    got += w * present;
    known++;
    if (!generic) specific += g.weight * present;
  }
  if (amountNamed && known) {
    // the amount weighs as a typical term of the phrase
    const w = total / known;
    total += w;
    got += w;
    specific += w;
  }
  return { share: total > 0 ? got / total : 0, specific };
}

/** A condition is stated when the question names this share of the term weight of one of its phrases. */
const CONDITION_STATED = 0.5;

/**
 * Whether the question states every condition phrase of the statement (「已进行资格预审的」 in 「资格预审都做过了」): each
 * condition meets one of the statement's phrases it overlaps, and the question names most of that phrase's terms.
 * Null when the statement sets no condition.
 */
function conditionsStated(statement: Statement, phrases: string[], terms: StatementTerms, questionText: string): boolean | null {
  const conditions = statement.conditions.map((c) => c.replace(/[，,。；;：:\s]+$/, "")).filter((c) => c.length >= 2);
  if (!conditions.length) return null;
  return conditions.every((c) =>
    phrases.some((p) => (p.includes(c) || c.includes(p)) && phraseStated(terms.get(p) ?? [], questionText).share >= CONDITION_STATED),
  );
}

/** A modifier closing on 的 right before a word: 「纳入行政编制管理且经费由财政负担的」 before 群团组织. */
const MODIFIER = /([^，,。；;：:、]{4,30})的$/u;

function qualifierUnstated(q: QuestionAnalysis, statement: Statement, phrases: string[], terms: StatementTerms, questionText: string): boolean {
  const words = q.terms.groups
    .filter((g) => g.known && !isGenericTerm(g.alternatives[0]!))
    .flatMap((g) => g.alternatives.filter((a) => a.length >= 2 && statement.text.includes(a)));
  return words.some((w) => {
    const before = statement.text.slice(0, statement.text.indexOf(w));
    const m = MODIFIER.exec(before);
    if (!m || questionText.includes(m[1]!)) return false;
    const phrase = phrases.find((p) => p.includes(m[1]!));
    if (!phrase) return false;
    const own = (terms.get(phrase) ?? []).filter((g) => !g.alternatives.some((a) => w.includes(a) || a.includes(w)));
    return own.length > 0 && phraseStated(own, questionText).share < CONDITION_STATED;
  });
}

/** Whether the question states each phrase of the segments before the statement's first modal segment. */
function scopeStated(statement: Statement, terms: StatementTerms, questionText: string): boolean {
  const first = statement.segments.findIndex((sg) => sg.modality !== null);
  const before = statement.segments.slice(0, Math.max(0, first)).flatMap((sg) => statementPhrases(sg.text));
  return before.every((p) => phraseStated(terms.get(p) ?? [], questionText).share >= CONDITION_STATED);
}

/** What an obligation requires to be used: 应当采用书面形式 → 书面形式. */
const REQUIRED_MEANS = /(?:应当|必须|应)(?:采用|使用|采取)(\p{Script=Han}{2,10}?(?:形式|方式|方法|法|程序))/gu;

/**
 * Another means of the same kind named in the question: the required means' head (形式, 方式, 法 …) after a modifier
 * the required means does not hold (口头形式 beside 书面形式).
 */
function alternativeAsked(statement: Statement, questionText: string): { asked: string; required: string } | null {
  if (statement.modality !== "obligation") return null;
  for (const m of statement.text.matchAll(REQUIRED_MEANS)) {
    const required = m[1]!;
    if (questionText.includes(required)) continue;
    const head = /(?:形式|方式|方法|程序|法)$/.exec(required)![0];
    for (const q of questionText.matchAll(new RegExp(`(\\p{Script=Han}{2})${head}`, "gu"))) {
      const modifier = q[1]!;
      if (!/采用|使用|采取|选择|什么|哪种|何种/.test(modifier) && !required.includes(modifier)) return { asked: modifier + head, required };
    }
  }
  return null;
}

/** A phrase counts toward applicability when the question names this much of its specific weight (rare units). */
const MIN_PHRASE_WEIGHT = 0.5;

export function align(q: QuestionAnalysis, hits: Hit[], statementTerms: StatementTerms = new Map()): Aligned[] {
  const questionText = [q.written, ...q.terms.groups.flatMap((g) => g.alternatives)].join("\n");
  const weightOf = (g: TermGroup) =>
    g.weight * (q.act.includes(q.terms.groups.indexOf(g)) ? ACT_WEIGHT : 1) * (isGenericTerm(g.alternatives[0]!) ? FRAME_WEIGHT : 1);
  const groups = q.terms.groups.filter((g) => g.known);
  const total = groups.reduce((n, g) => n + weightOf(g), 0) || 1;
  const core = coreGroups(q);
  const act = actWords(q);
  // read once per question: most mark nothing as done, and the statements' negation heads are cut by jieba
  const marksDone = DONE_MARK.test(q.written);
  const units = new Set(q.amounts.map(amountUnit));
  const out: Aligned[] = [];
  hits.forEach((hit, rank) => {
    const statements = clauseStatements(hit.clause);
    const context = [hit.clause.leadIn ?? "", ...hit.clause.headings, hit.doc.title].join("\n");
    for (const statement of statements) {
      let got = 0;
      let specific = 0;
      const words: { word: string; weight: number }[] = [];
      for (const g of groups) {
        const w = weightOf(g);
        const p = groupPresence(g, statement.text);
        if (p.score > 0) {
          got += p.score * w;
          if (!isGenericTerm(g.alternatives[0]!)) specific += p.score * g.weight;
          if (p.word) words.push({ word: p.word, weight: w });
        } else if (g.alternatives.some((a) => context.includes(a))) got += 0.5 * w;
      }
      const gov = governing(statement, words);
      // A cap (「…的采购金额不得超过原合同采购金额的百分之十」) limits an amount; it does not forbid the act it names.
      // Recusal (「…应当回避」) bans taking part; asked about recusing itself (「能否申请其回避」), it requires it.
      const asksRecusal = act.some((w) => w.includes("回避"));
      const recusal = (sg: { cue: string | null }) => asksRecusal && /回避[：:]?\s*$/.test(sg.cue ?? "");
      // A penalised failure (「（十）未按照规定组织…验收」) forbids leaving its act undone, not doing it.
      const bansAct =
        !penalisedOmission(statement, hit.clause.leadIn) &&
        statement.segments.some((sg) => sg.modality === "prohibition" && !recusal(sg) && !CAP.test(sg.text) && act.some((w) => sg.text.includes(w)));
      const read = gov.modality === "sanction" ? sanctionRead(q, gov.cue) : recusal(gov) ? "obligation" : gov.modality;
      // Asked whether an act may be done, a sentence that forbids that act in one of its parts (「应当妥善保存，不得…
      // 销毁」 for 销毁) forbids it, whatever else it requires.
      const modality = bansAct && read === "obligation" && (q.asking === "may" || q.asking === "forbidden") ? "prohibition" : read;
      const negs = statement.negations;
      const agrees = sameMissing(q.negated, negs);
      const clashes =
        (q.negated.length > 0 && !agrees && q.negated.some((n) => statement.text.includes(n)) && /已|具备|符合|有/.test(statement.text)) ||
        (marksDone && scopeClash(q, statement));
      const cover = got / total;
      // A question about another means of the required kind (口头形式 for 书面形式) speaks of the rule's own slot.
      const alternative = alternativeAsked(statement, q.written);
      const slotText = alternative ? `${questionText}\n${alternative.required}` : questionText;
      const phrases = statementPhrases(statement.text);
      const applies = applicability(phrases, statementTerms, slotText, q.terms.rareWeight || 1, units);
      out.push({
        hit,
        rank,
        statement,
        cover,
        applies,
        conditionsStated: conditionsStated(statement, phrases, statementTerms, questionText),
        qualifierUnstated: (modality === "permission" || modality === "encouragement") && qualifierUnstated(q, statement, phrases, statementTerms, questionText),
        alternativeAsked: alternative?.asked ?? null,
        // read only by alternative-to-the-required, so weighed only for a statement with an alternative asked
        scopeStated: alternative !== null && scopeStated(statement, statementTerms, questionText),
        modality,
        bansAct,
        matched: words.map((w) => w.word),
        negationAgrees: agrees,
        negationClashes: clashes,
        core: coreShare(core, statement.text),
        weight: specific / (q.terms.rareWeight || 1),
      });
    }
  });
  return out;
}
