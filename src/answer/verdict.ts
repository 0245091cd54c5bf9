/**
 * The verdict of a yes/no question, read from the polarity of the clauses that support it.
 *
 * Polarity comes from classes of cues (regular expressions that describe a family of wordings, not a list of
 * sentences): prohibitions (不得 / 严禁 / 禁止 / 不作为 / 不属于…范围 / 不能 / negated encouragement …), permissions and
 * encouragement (鼓励 / 支持 / 可以 / 推进 / 加大 / 积极 / 纳入…范围 / 通过政府购买服务 …) and conditions (改革当年 / 按规定 /
 * 原则上 / 经…批准 / 方可 / 符合条件的 X …). Each cue is weighed by how close it stands to the question's key terms
 * and whether a sentence or a "但/但是" turn separates them, so "鼓励…养老…，但不得…" is judged around the term asked
 * about. A clause's lead-in ("以下各项不得纳入政府购买服务范围：") governs every item under it.
 */
import type { Hit } from "../knowledge/hit.js";
import type { Verdict } from "./schema.js";
import type { QuestionForm } from "./question.js";

export type Polarity = "prohibited" | "allowed" | "conditional";

interface CueClass {
  polarity: Polarity;
  weight: number;
  re: RegExp;
  /** A qualifier ("符合条件的 X") only conditions the noun right after it. */
  qualifier?: boolean;
  /** A word naming a violation: no polarity when a sanction follows it in the same sentence. */
  violation?: boolean;
}

/** A sanction ahead in the same sentence (惩戒 / 处罚 / 追究责任 / 列入名单 …). */
const SANCTION_AHEAD = /^[^。；;！!？?\n]{0,30}?(?:惩戒|处罚|问责|追究|查处|通报|曝光|列入.{0,10}名单|记入|处理|取消.{0,8}资格)/;

/** Negators that turn an encouragement into a prohibition when they stand right before it (不鼓励, 不能, 未经…). */
const NEGATOR = /(?:不|非|未|无|勿|别|没有|并不|不再|不得|不应|不能|严禁|禁止)$/;

const CUES: CueClass[] = [
  // A required precondition ("新增重大项目要做好事前评估", "应当先开展需求调查"): the act is allowed only after the step,
  // so conditional. First, so that 做好 / 开展 inside it is not read as a mere encouragement.
  {
    polarity: "conditional",
    weight: 2.0,
    re: /(?:要|应当|应|须|必须|需要?)(?:先|事先|提前|首先|预先)?(?:做好|开展|进行|履行|完成|经过)[^。；;，,！!？?\n]{0,10}?(?:评估|论证|审查|审核|调查|备案|程序|公示)/g,
  },
  // Prohibitions: modal negations, bans, and the vocabulary of the negative list.
  {
    polarity: "prohibited",
    weight: 1.3,
    re: /一律不得|不得(?!不)|不准|不许|不允许|不应(?:当|该)?|不宜|不可以|不可(?!或缺|替代)|不能|不予|不作为|不属于|不纳入|不适合|不适宜|不在.{0,12}范围|严禁|禁止(?!性事项)|杜绝|取缔|叫停|严格限制/g,
  },
  { polarity: "prohibited", weight: 1.0, re: /禁止性事项|负面清单|不再|停止|变相(?:用工|举债|融资|增加)|借.{0,8}名义/g },
  // Words naming a violation. They describe a wrong, not a ban, when what follows is a sanction the notices order
  // ("对违规失信承接主体依法依规予以惩戒"): then the sanction, an act the government takes, is what the clause says.
  { polarity: "prohibited", weight: 1.0, violation: true, re: /违规|违法/g },
  // Sanctions and enforcement the notices order: something the government does, hence allowed (and expected).
  {
    polarity: "allowed",
    weight: 1.0,
    re: /惩戒|处罚|问责|追究.{0,8}责任|查处|通报批评|予以曝光|列入.{0,10}名单|记入.{0,10}(?:信用|档案)|(?:依法|严肃)(?:予以)?处理|取消.{0,8}资格/g,
  },
  // Encouragement and permission.
  {
    polarity: "allowed",
    weight: 1.0,
    re: /鼓励|支持|可以|允许|提倡|倡导|推广|推行|推进|加大|扩大|拓展|积极|大力|适宜|适合(?:通过|采取|由|社会力量)|都可|均可|可(?=[按通以由向采委直购开提申纳])|纳入.{0,12}范围|通过政府购买(?:服务)?(?:方式)?|交(?:给|由)社会力量|向社会力量购买/g,
  },
  { polarity: "allowed", weight: 0.5, re: /完善|优化|做好|探索|引导|实施|发展|创新|有序|逐步|重点/g },
  // Conditions on the act itself.
  {
    polarity: "conditional",
    weight: 1.6,
    re: /改革当年|原则上|按(?:照)?(?:有关)?规定|经.{0,12}(?:批准|同意|审核|审批|认定)|方可|才(?:能|可)|仅限|仅在|只能|前提|确需|暂(?:不|时)|在.{0,16}(?:情况下|前提下|条件下)|除.{0,16}外|报.{0,8}(?:备案|审批|批准)|不超过|最长|一般(?:不|为)|特殊情况|视情|根据(?:实际|工作)*需要/g,
  },
  // Qualifiers: "符合条件的事业单位" conditions the institution, but "符合条件的特殊困难群体开展养老" does not condition 养老.
  { polarity: "conditional", weight: 1.4, qualifier: true, re: /(?:符合|具备|满足)(?:相关|有关|规定)?条件的|有条件的|具备(?:相应|一定)?(?:资质|能力)的/g },
];

/** Positions where a sentence ends. */
const SENTENCE_END = /[。；;！!？?\n]/;
/** A turn inside a sentence that reverses or restricts what came before. */
const TURN = /[，,：:]\s*(?:但|但是|然而|不过|同时|而|除此之外)/;

export interface CueHit {
  polarity: Polarity;
  cue: string;
  index: number;
  weight: number;
}

export interface Polarities {
  scores: Record<Polarity, number>;
  cues: CueHit[];
}

function findAll(text: string, term: string): number[] {
  const out: number[] = [];
  if (!term) return out;
  for (let i = text.indexOf(term); i >= 0; i = text.indexOf(term, i + 1)) out.push(i);
  return out;
}

/** How much a cue at [a, b) bears on a term at [t, u) of the same text. */
function proximity(text: string, a: number, b: number, t: number, u: number, qualifier: boolean): number {
  if (a < u && t < b) return 1; // the cue is part of the term itself ("变相用工")
  const before = b <= t;
  const gap = before ? text.slice(b, t) : text.slice(u, a);
  if (qualifier) return before && gap.length <= 2 && !/[，,。；;、]/.test(gap) ? 1 : 0;
  const d = gap.length;
  let w = before ? 1 : 0.6; // in Chinese the governing verb or modal usually precedes its object
  w *= 1 / (1 + d / 25);
  if (SENTENCE_END.test(gap)) w *= 0.15;
  else if (TURN.test(gap) || /^(?:但|但是)/.test(gap)) w *= 0.3;
  return w;
}

/**
 * Occurrences of the key terms in the sentences that hold most of the question (its focus). A clause often
 * states several rules: "第五条 各级国家机关是购买主体。第八条 公益一类事业单位…不作为购买主体" — asked about 各级国家机关,
 * only the first sentence is about it, though 购买主体 occurs in both.
 */
function focusSpans(text: string, terms: string[]): (readonly [number, number])[] {
  const spans = terms.flatMap((t) => findAll(text, t).map((i) => [i, i + t.length] as const));
  if (spans.length === 0) return spans;
  const bounds: [number, number][] = [];
  for (const m of text.matchAll(/[^。；;！!？?\n]+[。；;！!？?\n]*/g)) bounds.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  const weightOf = ([a, b]: [number, number]) =>
    terms.filter((t) => text.slice(a, b).includes(t)).reduce((n, t) => n + t.length, 0);
  const weights = bounds.map(weightOf);
  const best = Math.max(...weights);
  const focus = bounds.filter((_, i) => weights[i] >= Math.max(2, best * 0.9));
  return spans.filter(([t]) => focus.some(([a, b]) => t >= a && t < b));
}

/**
 * Polarity scores of one text around the key terms. Without terms (or when none occurs) every cue counts with a
 * flat weight, so a clause still has a polarity when the question's words are paraphrased.
 */
export function polarityOf(text: string, terms: string[]): Polarities {
  const spans = focusSpans(text, terms);
  const scores: Record<Polarity, number> = { prohibited: 0, allowed: 0, conditional: 0 };
  const cues: CueHit[] = [];
  const taken: [number, number][] = [];
  for (const cls of CUES) {
    for (const m of text.matchAll(cls.re)) {
      const a = m.index ?? 0;
      const b = a + m[0].length;
      if (taken.some(([x, y]) => a < y && x < b)) continue; // a stronger class already claimed these characters
      taken.push([a, b]);
      if (cls.violation && SANCTION_AHEAD.test(text.slice(b))) continue;
      let polarity = cls.polarity;
      // Negated encouragement (不鼓励, 不支持, 未纳入…范围) is a prohibition.
      if (polarity === "allowed" && NEGATOR.test(text.slice(Math.max(0, a - 2), a))) polarity = "prohibited";
      // An encouragement or condition inside an attributive phrase that ends in 的 right before the term ("适宜通过
      // 政府购买提供的养老服务，政府不再…", "确需由政府直接提供的养老服务，应当…") says which services are meant, not
      // what is done with them: towards that occurrence of the term it counts little.
      // The cue is bound to the first term occurrence after it; when that phrase is attributive, the cue describes it.
      const next = spans.filter(([t]) => t >= b).sort((x, y) => x[0] - y[0])[0];
      const attributive =
        polarity !== "prohibited" && !cls.qualifier && !!next && next[0] > b && text[next[0] - 1] === "的" &&
        next[0] - b <= 24 && !/[，,。；;：:、！!？?\n]/.test(text.slice(b, next[0]));
      let near = spans.length ? Math.max(...spans.map(([t, u]) => proximity(text, a, b, t, u, !!cls.qualifier))) : 0.5;
      if (attributive) near *= 0.25;
      if (cls.qualifier && !spans.length) near = 0;
      const weight = cls.weight * near;
      if (weight <= 0) continue;
      scores[polarity] += weight;
      cues.push({ polarity, cue: m[0], index: a, weight });
    }
  }
  return { scores, cues };
}

/** Polarity of a clause: the lead-in governs the item as a whole; the clause's own cues are weighed by proximity. */
export function clausePolarity(clause: { text: string; leadIn: string | null }, terms: string[]): Polarities {
  const own = polarityOf(clause.text, terms);
  if (!clause.leadIn || clause.text.startsWith(clause.leadIn)) return own;
  const lead = polarityOf(clause.leadIn, []);
  const scores = { ...own.scores };
  // A lead-in is one sentence that governs the whole item: it counts fully (not by distance).
  for (const c of lead.cues) scores[c.polarity] += c.weight * 2;
  return { scores, cues: [...lead.cues.map((c) => ({ ...c, index: -1 })), ...own.cues] };
}

/** The dominant polarity of a set of scores, or null when there is no cue at all. */
export function dominant(scores: Record<Polarity, number>): Polarity | null {
  const { prohibited: p, allowed: a, conditional: c } = scores;
  // A lone cue in another sentence, far from the term, is too weak to decide anything.
  if (p + a + c < 0.15) return null;
  // A prohibition near the term outweighs a general encouragement in the same clause.
  if (p >= Math.max(a, c) * 0.8) return "prohibited";
  // "可按规定…" / "改革当年可…": permission with conditions is conditional.
  if (c >= a * 0.6) return "conditional";
  return "allowed";
}

/** How much more a term naming the topic itself weighs than a side term. */
const HEAVY = 4;

export interface VerdictInput {
  form: QuestionForm;
  /** Retrieved hits, best first. */
  hits: Hit[];
  /** Key terms of the question found in each hit (same order as hits). */
  termsPerHit: string[][];
  /**
   * Terms that name the topic itself rather than a side of it — the category a concrete object of the question
   * belongs to ("借款" → 融资): a clause naming one weighs as if it covered the whole question.
   */
  heavy?: string[];
}

/**
 * The verdict of a question from its supporting clauses. Factual and obligation questions get `info`.
 * For yes/no questions the top clauses that contain the asked-about terms vote, the best-ranked counting most;
 * when none contains them, the top clause alone decides.
 */
export function decideVerdict({ form, hits, termsPerHit, heavy = [] }: VerdictInput): { verdict: Verdict; support: number } {
  if (form === "fact") return { verdict: "info", support: 0 };
  if (hits.length === 0) return { verdict: "unknown", support: -1 };
  const weightOf = (terms: string[]) => terms.reduce((n, t) => n + t.length * (heavy.includes(t) ? HEAVY : 1), 0);
  const named = hits.map((h, i) => ({ h, i, terms: termsPerHit[i] ?? [] })).filter((x) => x.terms.length > 0);
  // Only clauses that cover the topic about as well as the best one vote: a clause sharing one side word with the
  // question ("承接主体") says nothing about the act asked about, and its cue must not decide.
  const best = Math.max(0, ...named.map((x) => weightOf(x.terms)));
  const withTerms = named.filter((x) => weightOf(x.terms) >= best * 0.5).slice(0, 3);
  const voters = withTerms.length ? withTerms : [{ h: hits[0], i: 0, terms: [] as string[] }];
  // No clause names the topic: a ban somewhere in the nearest clause is about something else, so only a
  // clause's permissions or conditions (or, lacking any, the fact that the topic is in scope) can answer.
  const offTopic = withTerms.length === 0;
  const total: Record<Polarity, number> = { prohibited: 0, allowed: 0, conditional: 0 };
  // A clause that names the term without any cue ("（二）公共文化设施运营。包括…") lists it as something bought;
  // its vote is neutral mass, so a lower-ranked clause's cue about something else cannot decide alone.
  let neutral = 0;
  for (const [rank, v] of voters.entries()) {
    const { scores } = clausePolarity(v.h.clause, v.terms);
    if (offTopic) scores.prohibited = 0;
    const sum = scores.prohibited + scores.allowed + scores.conditional;
    // A clause counts by its rank and by how much of the topic it covers compared with the best one.
    const w = (1 / (rank + 1)) * (best > 0 ? weightOf(v.terms) / best : 1);
    neutral += w * Math.max(0, 1 - sum);
    if (sum < 0.05) continue;
    // Normalised so that one long clause with many cues does not drown the others.
    for (const p of ["prohibited", "allowed", "conditional"] as const) total[p] += (w * scores[p]) / Math.max(sum, 1);
  }
  const polar = Math.max(total.prohibited, total.allowed, total.conditional);
  const pol = neutral > polar * 1.5 ? null : dominant(total);
  const support = voters[0]?.i ?? 0;
  // A permission question about something the notices mention without any cue: they list it as a service to buy.
  return { verdict: pol ?? "allowed", support };
}

/** An obligation stated next to the asked-about terms ("支出要纳入预算", "应当签订书面合同", "必须…"), not negated. */
export function statesRequirement(text: string, terms: string[]): boolean {
  const sents = text.match(/[^。；;！!？?\n]+[。；;！!？?\n]*/g) ?? [text];
  return sents.some(
    (sent) =>
      terms.some((t) => sent.includes(t)) &&
      /应当|应该|必须|务必|(?<![必无])须(?!知)|(?<![相反响供适效答回对不])应(?![对用急聘届])|(?<![重主只需纲摘概想不还])要(?![求点素件闻])/.test(sent) &&
      // A sentence that excludes ("…的服务事项，不纳入改革范围") is not a requirement though 必须 describes the subject.
      !/不得|严禁|禁止|不再|不(?:应|需|必|要|纳入|属于|作为|予|宜|能|可)/.test(sent),
  );
}

/**
 * A sentence about the terms that directs the act rather than leaving it open: a requirement (应当 / 必须 / 要 …)
 * or a directive verb of the notices' imperative style ("加强合同管理，明确…违约责任等要求", "严格按照…", "依法签订"),
 * with no exemption (可以不 / 无需 / 不必 / 免于). Asking to leave such an act undone is answered no.
 */
export function directsAct(text: string, terms: string[]): boolean {
  if (statesRequirement(text, terms)) return true;
  const sents = text.match(/[^。；;！!？?\n]+[。；;！!？?\n]*/g) ?? [text];
  return sents.some(
    (sent) =>
      terms.some((t) => sent.includes(t)) &&
      /明确|严格|规范|落实|加强|遵循|依法|按照|完善|健全|签订|执行/.test(sent) &&
      !/可以不|可不|无需|无须|不需|不必|免于|豁免|不得|严禁|禁止/.test(sent),
  );
}

/**
 * Terms of the question that it asks to leave undone or that it states as missing: "可以不纳入预算吗" (→ 预算),
 * "未纳入预算的项目…" (→ 预算), "没有签订合同的…". English negations are placed by the caller through the glossary
 * (see englishNegatedSpans).
 */
export function negatedTerms(q: string, terms: string[]): string[] {
  return terms.filter((t) => {
    for (let i = q.indexOf(t); i >= 0; i = q.indexOf(t, i + 1)) {
      const before = q.slice(Math.max(0, i - 8), i);
      // "可以不纳入…", "能否不签订…" (not the A-not-A frames 能不能 / 可不可以 / 要不要).
      if (/(?:可以|可否|能否|能不能|是否可以|允许|(?<!不)能)不(?!得|同|是|属于|超过|低于|少于|断|能|可|行|要|会|够)[^，。？?]{0,6}$/.test(before)) return true;
      // A negated precondition right before the term: "未纳入预算", "没有签订合同", "未经批准".
      if (/(?:未|没有|没|无|不)(?:经|经过|纳入|列入|安排|编制|签订|取得|通过)?$/.test(before)) return true;
      // Bypassing it or keeping something outside it: "绕过预算", "放在预算之外", "游离于预算外".
      if (/(?:绕过|跳过|绕开|避开|脱离|游离于|免于|不经)$/.test(before)) return true;
      if (/^(?:之外|以外|外(?![包部国资地省市县聘]))/.test(q.slice(i + t.length))) return true;
    }
    return false;
  });
}

/** English spans a negation governs ("with no budget arranged" → "budget arranged", "without a contract" → "a contract"). */
export function englishNegatedSpans(q: string): string[] {
  return [
    ...q.matchAll(
      /\b(?:without|no|not|skip|skipping|skipped|omit|omitting|outside(?:\s+of)?|beyond|bypass|bypassing|avoid|avoiding|forgo|forgoing|waive|waiving|instead\s+of|exempt(?:ed)?\s+from|other\s+than|apart\s+from)\b((?:\s+[A-Za-z'-]+){1,4})/gi,
    ),
  ]
    .map((m) => m[1].trim())
    // A subject stated as missing: "when the budget has not been arranged" → "the budget".
    .concat([...q.matchAll(/((?:[A-Za-z'-]+\s+){1,3}?)(?:has|have|had|is|are|was|were)\s*(?:not\b|n't\b)/gi)].map((m) => m[1].trim()));
}

/** "any / all / regardless of …", "任何 / 所有 / 不论 / 无论 / 不管 …": the question asks about every case of the term. */
const UNIVERSAL_EN = /\b(?:any|all|every|whatever|whichever|regardless|irrespective|no\s+matter)\b/i;
const UNIVERSAL_ZH = /任何|所有|一切|凡是|不论|无论|不管|随便|都(?:能|可以)/;
export function asksEveryCase(q: string, lang: "zh" | "en"): boolean {
  return lang === "en" ? UNIVERSAL_EN.test(q) : UNIVERSAL_ZH.test(q);
}

/**
 * The clause qualifies the asked-about term (a rank, a threshold, a registration or a condition in the sentence
 * that names it: "连续两年以上年检合格的3A级以上社会组织", "具备相应资质的企业"): not every case is allowed.
 */
export function qualifiesTerm(text: string, terms: string[]): boolean {
  const sents = text.match(/[^。；;！!？?\n]+[。；;！!？?\n]*/g) ?? [text];
  return sents.some(
    (sent) => terms.some((t) => sent.includes(t)) && /以上|不低于|不少于|合格|符合|具备|具有|资质|等级|条件|登记成立|依法设立/.test(sent),
  );
}
