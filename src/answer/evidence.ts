/**
 * Whether the knowledge base covers a question at all, decided in one place from retrieval coverage: the share of
 * the question's key-term weight that the corpus knows (a word no clause uses is neither evidence nor a topic
 * the notices treat), the best weighted coverage of those terms by one of the clauses the verdict weighs, and how much
 * specific (idf) weight that clause holds. Each has a floor, which a clause naming the question's missing thing or
 * setting a limit in the unit of its amount (签三年 ↔ 不超过3年) overrides. A factual question must also find most of
 * its whole topic, and the kind of amount it asks for, in the clauses; a yes/no question that sets a scene is covered
 * by a clause holding the clause that asks. A yes/no question just below the floors, whose nearest clause still holds
 * a good part of it, is covered weakly: it is answered 仅供参考 with that clause, not abstained. Questions after
 * instructions or secrets are refused before retrieval. The floors live in params.json (bench/calibrate.ts).
 */
import type { Hit } from "../knowledge/hit.js";
import type { TermGroup } from "../retrieval/query.js";
import { citedText } from "../knowledge/schema.js";
import type { QuestionAnalysis } from "./analysis.js";
import { ALIGNED, groupPresence } from "./align.js";
import { amountUnit, askedAmountClass, isGenericTerm, statedAmounts, statesAmountOf } from "./question.js";
import { segments } from "../text/sentences.js";
import { clauseStatements } from "../knowledge/deontic.js";
import { sameMissing } from "../text/negation.js";
import { ANY_LIMIT } from "../text/limits.js";

/**
 * Prompt-injection and secret-extraction wording, by family: "ignore/forget previous instructions", "system
 * prompt / 提示词 / 系统指令", credentials (API key, token, password, 密钥, 口令), configuration and environment.
 */
const INJECTION: RegExp[] = [
  /\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:previous|prior|above|earlier|all|your|the)\b.{0,30}\b(?:instructions?|rules?|prompts?|guidelines?|constraints?)/i,
  /\b(?:system|developer|hidden|initial|original)\s+(?:prompt|message|instructions?)\b/i,
  /\b(?:api[\s_-]?keys?|secret\s+keys?|access\s+tokens?|bot\s+tokens?|signing\s+secrets?|passwords?|credentials?|env(?:ironment)?\s+variables?|\.env\b|xox[bpa]-)/i,
  /\b(?:jailbreak|DAN mode|developer mode|you are now|pretend (?:to be|you are)|reveal your|print your|show me your)\b/i,
  /(?:忽略|无视|忘记|忘掉|绕过|跳过|不要理会|不用管).{0,12}(?:之前|以上|上面|前面|先前|所有|原有|你的)?.{0,8}(?:规则|指令|指示|提示|设定|要求|限制|约束)/,
  /提示词|系统提示|系统指令|系统设定|初始指令|隐藏指令|prompt/i,
  /密钥|秘钥|口令|密码|令牌|凭证|凭据|私钥|access.?key|token|环境变量|配置文件|\.env/i,
  /假装你是|假设你是|你现在是|从现在起你(?:是|要)|扮演(?:一个|一名)?(?:没有|不受)/,
];

export function isInjection(q: string): boolean {
  return INJECTION.some((re) => re.test(q));
}

export interface EvidenceParams {
  minCover: number;
  minKnown: number;
  minWeight: number;
  minFactCover: number;
  sureFactCover: number;
  sceneAskedCover: number;
  sceneCover: number;
  sureWeight: number;
  weakCover: number;
  weakWeight: number;
  weakKnown: number;
}

export interface Evidence {
  /** Share of the question's term weight (and English words) the corpus knows, in [0, 1]. */
  knownShare: number;
  /** Best weighted coverage of the known terms by one of the top clauses, in [0, 1]. */
  cover: number;
  /** A top clause names as missing what the question names as missing (预算还没批 ↔ 对预算未安排的事项，…). */
  missingMatched: boolean;
  /** A top clause sets a limit in the unit of an amount the question states (签三年 ↔ 履行期限不超过3年). */
  limitMatched: boolean;
  /** The idf weight of the specific (non-frame) terms the best clause holds, in units of a term found in one clause. */
  matchedWeight: number;
  /**
   * For a factual question, the share of its whole content the best clause holds (cover × knownShare: the words the
   * corpus never uses count as missing); null for a yes/no question.
   */
  factCover: number | null;
  /** For a question asking for an amount of a named kind (多少万元, 几个工作日): whether a clause weighed states one. */
  amountStated: boolean | null;
  /** For a question that sets a scene before the clause that asks: the best cover of that clause's terms; else null. */
  askedCover: number | null;
}

/** How much more the words of the clause that asks weigh, for coverage, than the scene's. */
const ASKED_WEIGHT = 1.5;

export function weighEvidence(q: QuestionAnalysis, hits: Hit[]): Evidence {
  // The clause that asks weighs more than the scene set before it.
  const groups = q.terms.groups.map((g, i) => (q.asked.includes(i) ? { ...g, weight: g.weight * ASKED_WEIGHT } : g));
  // A word no clause uses counts as one typical word of the question (the mean known weight), not at the maximum
  // idf its absence gives it: a chatty filler word (咱们, 东西) must not outweigh the policy terms beside it.
  const knownWeight = groups.filter((g) => g.known).reduce((n, g) => n + g.weight, 0);
  const knownCount = groups.filter((g) => g.known).length;
  const typical = knownCount ? knownWeight / knownCount : 1;
  const unknownCount = groups.filter((g) => !g.known).length + q.terms.unknownEnglish.length;
  const knownShare = knownWeight + unknownCount * typical > 0 ? knownWeight / (knownWeight + unknownCount * typical) : 0;
  let cover = 0;
  let matchedWeight = 0;
  let askedCover = 0;
  const scene = q.asked.length > 0 && q.asked.length < groups.length;
  const askedKnown = groups.filter((g, i) => g.known && q.asked.includes(i)).reduce((n, g) => n + g.weight, 0);
  for (const h of hits.slice(0, ALIGNED)) {
    let specific = 0;
    const text = citedText(h.clause);
    const context = [...h.clause.headings, h.doc.title].join("\n");
    let got = 0;
    let askedGot = 0;
    for (const [i, g] of groups.entries()) {
      if (!g.known) continue;
      const pres = groupPresence(g, text).score;
      const w = g.weight * (pres > 0 ? pres : g.alternatives.some((a) => context.includes(a)) ? 0.5 : 0);
      got += w;
      if (q.asked.includes(i)) askedGot += w;
      if (!isGenericTerm(g.alternatives[0]!)) specific += g.weight * pres;
    }
    cover = Math.max(cover, knownWeight > 0 ? got / knownWeight : 0);
    if (scene && askedKnown > 0) askedCover = Math.max(askedCover, askedGot / askedKnown);
    matchedWeight = Math.max(matchedWeight, specific);
  }
  const missingMatched =
    q.negated.length > 0 &&
    hits.slice(0, ALIGNED).some((h) =>
      clauseStatements(h.clause).some((st) => sameMissing(q.negated, st.negations)),
    );
  const units = new Set(q.amounts.map(amountUnit));
  const limitMatched =
    units.size > 0 &&
    hits.slice(0, ALIGNED).some((h) =>
      segments(citedText(h.clause)).some((sg) => ANY_LIMIT.test(sg) && statedAmounts(sg).some((a) => units.has(amountUnit(a)))),
    );
  // The words of the clause that asks are the fact's topic; a scene set before it (「某区卫健委用一笔银行贷款采购救护车，…」)
  // names things the texts need not know.
  const factCover = q.form === "fact" ? cover * Math.max(knownShare, askedKnownShare(q, groups, typical, scene)) : null;
  const kind = q.form === "fact" ? askedAmountClass(q.written) : null;
  const amountStated = kind ? hits.slice(0, ALIGNED).some((h) => statesAmountOf(citedText(h.clause), kind)) : null;
  return {
    knownShare,
    cover,
    missingMatched,
    limitMatched,
    matchedWeight: matchedWeight / (q.terms.rareWeight || 1),
    factCover,
    amountStated,
    askedCover: scene ? askedCover : null,
  };
}

/** The known share of the words of the clause that asks (all of the question when it is one clause). */
function askedKnownShare(q: QuestionAnalysis, groups: TermGroup[], typical: number, scene: boolean): number {
  const asked = scene ? groups.filter((_, i) => q.asked.includes(i)) : groups;
  const known = asked.filter((g) => g.known).reduce((n, g) => n + g.weight, 0);
  const unknown = asked.filter((g) => !g.known).length + (scene ? 0 : q.terms.unknownEnglish.length);
  return known + unknown * typical > 0 ? known / (known + unknown * typical) : 0;
}

export function lacksEvidence(e: Evidence, p: EvidenceParams): boolean {
  // A factual question asks for a fact about all of its topic: where the corpus lacks part of it (年休假, probation,
  // 税率) and the best clause holds only part of the rest, the texts do not state that fact, however specific the words
  // they share (the overrides below answer whether a rule governs an act, not whether a fact is stated).
  if (e.factCover !== null && e.factCover < p.minFactCover) return true;
  // Nor does one asking for an amount of a named kind (多少万元, 几个工作日) when no clause weighed states one.
  if (e.amountStated === false) return true;
  if (e.matchedWeight >= p.sureWeight || e.missingMatched || e.limitMatched) return false;
  // A factual question whose whole topic one clause holds is covered, however common its words (「2017年至2021年湖南省政府
  // 购买服务金额是多少？」).
  if (e.factCover !== null && e.factCover >= p.sureFactCover) return false;
  // A yes/no question that sets a scene before it asks (「某区卫健委…预算300万元…，我们想自己另选一家代理公司，可以吗？」)
  // is covered when a clause holds the clause that asks, however many of the scene's words it lacks.
  if (e.factCover === null && e.askedCover !== null && e.askedCover >= p.sceneAskedCover && e.cover >= p.sceneCover && e.knownShare >= p.minKnown)
    return false;
  // Every word of the question is one the corpus knows, and one clause holds them all: the question is covered,
  // however common its one specific term (「养老服务可以通过政府购买服务提供吗」 over the notices alone).
  if (e.knownShare >= 1 && e.cover >= 1) return false;
  return e.cover < p.minCover || e.knownShare < p.minKnown || e.matchedWeight < p.minWeight;
}

/**
 * How far the texts cover a question: `covered` (the verdict rules decide), `weak` (a yes/no question below the floors
 * whose nearest clause still holds a good part of it: 仅供参考, that clause quoted), or `none` (not covered: abstain).
 */
export function coverageLevel(e: Evidence, p: EvidenceParams): "covered" | "weak" | "none" {
  if (!lacksEvidence(e, p)) return "covered";
  const weak = e.factCover === null && e.cover >= p.weakCover && e.matchedWeight >= p.weakWeight && e.knownShare >= p.weakKnown;
  return weak ? "weak" : "none";
}
