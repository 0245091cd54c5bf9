/**
 * The verdict of a question, decided in one place: an ordered list of named rules over the statements the question
 * aligns with. The first rule that applies decides and names the statement it rests on. Prohibitions are tried
 * before permissions, and a permission never stands against a prohibition that covers the same act: a wrong 可以
 * can cause an illegal purchase, a wrong 仅供参考 costs a phone call.
 */
import { actWords, type QuestionAnalysis } from "./analysis.js";
import { CONTRAST, type Aligned } from "./align.js";
import type { Verdict } from "./schema.js";
import { amountUnit, statedAmounts } from "./question.js";
import { CAP, CEILING, FLOOR } from "../text/limits.js";
import { exceptionByReference, penalisedOmission, penalisingLeadIn, type Modality, type Segment } from "../knowledge/deontic.js";
import { negatedWords, negationHeads, sameMissing, sameWord } from "../text/negation.js";

export interface VerdictParams {
  /** Least share of the question's content a statement must cover to decide … */
  cover: number;
  /** … or least specific weight it must hold (a long scenario is covered by few of its words). */
  coverWeight: number;
  /** Least share of the weight of the question's most specific terms a deciding statement must name. */
  core: number;
  /** A prohibition decides unless a permission covers more than this much beyond it. */
  margin: number;
  /** A prohibition covering this much turns a permission into 仅供参考 (the texts conflict). */
  conflict: number;
  /** A permission fitting within this much of a covering prohibition makes the texts conflict: 仅供参考. */
  tie: number;
  /** Least share of one of its phrases a statement must find stated in the question to decide. */
  applies: number;
  /** A ban conflicts with a permission only when the question states its phrases nearly as well: within this much. */
  conflictApplies: number;
  /** A ban beside an obligation of the same act under a condition, covering within this much of it, answers 仅供参考 (−1: never). */
  requiredTie: number;
  /** A ban of its own (不得, not a sanction or a listed violation) naming what the question states as missing decides on this much specific weight. */
  missingWeight: number;
  /** A yes (可以 or 有条件), whichever rule reads it, rests only on one of retrieval's first this many clauses; one further down answers 仅供参考. */
  permissionRank: number;
  /** A ban decides only when no statement of another kind fits the question by this much more (9: never deferred). */
  banGap: number;
  /** How much a statement's fit falls per place down retrieval's order: its cover / (1 + rankDecay × rank). */
  rankDecay: number;
}

export interface Decision {
  verdict: Verdict;
  /** The rule that decided. */
  rule: string;
  /** The statement the verdict rests on (quoted first), if any. */
  basis: Aligned | null;
  /** A covering statement that points the other way, shown beside the basis. */
  conflict?: Aligned;
}

interface Context {
  q: QuestionAnalysis;
  /** The texts cover the question only weakly (evidence.ts): no rule may decide a yes or a no. */
  weak: boolean;
  /** Statements covering the question enough to decide, best first. */
  covering: Aligned[];
  /** Every aligned statement, best-fitting first. */
  all: Aligned[];
  /** The same, in retrieval's order. */
  retrieved: Aligned[];
  p: VerdictParams;
}

export interface Rule {
  name: string;
  decide(c: Context): Omit<Decision, "rule"> | null;
}

/** Statements by how well they fit the question: by cover, decayed down retrieval's order, then by how far the question states their situation. */
function byFit(p: Pick<VerdictParams, "rankDecay">): (a: Aligned, b: Aligned) => number {
  const fit = (a: Aligned) => a.cover / (1 + p.rankDecay * a.rank);
  return (a, b) => fit(b) - fit(a) || b.applies - a.applies;
}
/** The best-fitting statement of `xs` that `pred` accepts: `xs` stand in fit order (decideVerdict sorts them). */
const best = (xs: Aligned[], pred: (a: Aligned) => boolean) => xs.find(pred) ?? null;
/** A permission or an encouragement: what grants leave. */
const grants = (m: Modality | null) => m === "permission" || m === "encouragement";
const isPermission = (a: Aligned) => grants(a.modality);
/** The segment of a statement that grants, −1 if none. */
const grantingAt = (segs: Segment[]) => segs.findIndex((s) => grants(s.modality));
const mentions = (a: Aligned, words: string[]) => words.some((w) => a.statement.text.includes(w) && !a.statement.negations.some((n) => n.includes(w)));

/** What the modal segment at `i` governs: it and the segments after it, up to the next one that says anything modal. */
function governedPart(segs: Segment[], i: number): Segment[] {
  const end = segs.findIndex((x, j) => j > i && x.modality !== null);
  return segs.slice(i, end < 0 ? segs.length : end);
}

/** The text of what the modal segment at `i` governs. */
const governedText = (segs: Segment[], i: number) => governedPart(segs, i).map((x) => x.text).join("，");

/** The statement nearest the question when no rule decides: the best-fitting covering one, else the best aligned one. */
const nearest = ({ covering, all }: Pick<Context, "covering" | "all">) => covering[0] ?? best(all, () => true);

/**
 * The part of an obligation that carries its modal word (reaching forward to the next modal word) names a word of
 * the act asked about: 「采购人应当…签收保存」 requires keeping the bids, whatever else the question asks about 投标文件.
 */
function requiresTheAct(q: QuestionAnalysis, a: Aligned, words: string[] = actWords(q)): boolean {
  const segs = a.statement.segments;
  return segs.some((sg, i) => {
    if (sg.modality !== "obligation" && sg.modality !== "sanction") return false;
    const part = governedText(segs, i);
    return words.some((w) => part.includes(w));
  });
}

/** The words of the act asked about that a ban's forbidding part names (中止 in 「不得擅自变更、中止或者终止合同」). */
function bannedWords(q: QuestionAnalysis, ban: Aligned): string[] {
  const forbidding = ban.statement.segments.filter((sg) => sg.modality === "prohibition").map((sg) => sg.text);
  return actWords(q).filter((w) => forbidding.some((t) => t.includes(w)));
}

/**
 * A ban that only caps an amount (「投标保证金不得超过采购项目预算金额的2%」「专家的人数不得少于成员总数的三分之二」): it
 * forbids the excess, and says nothing of an act asked about without an amount.
 */
function capsOnly(a: Aligned): boolean {
  const bans = a.statement.segments.filter((sg) => sg.modality === "prohibition");
  return bans.length > 0 && bans.every((sg) => CAP.test(sg.text) && (statedAmounts(sg.text).length > 0 || /分之/.test(sg.text)));
}

/** Going beyond or below an amount, named without one. */
const AMOUNT_WORDS = /超过|超出|多于|少于|低于|高于|突破|不足|\b(?:exceed|beyond|more than|less than|fewer than|over|under|below|above)\b/i;
/** The question speaks of an amount: it states one, or going beyond or below one (超过, 少于, exceed …). */
const asksAnAmount = (q: QuestionAnalysis) => q.amounts.length > 0 || AMOUNT_WORDS.test(q.written);

/** The words the question leaves undone, each with the other forms of its term group (报批 → 审批手续, 报请审批 …). */
function skippedForms(q: QuestionAnalysis): string[] {
  const groups = q.terms.groups.filter((g) => g.alternatives.some((w) => q.negated.includes(w)));
  return [...new Set([...q.negated, ...groups.flatMap((g) => g.alternatives)])].filter((w) => w.length >= 2);
}

/**
 * A sanction that never names a word of the asked act the permission grants (「招标人也可以授权评标委员会直接确定中标人」
 * beside 「…在…候选人以外确定中标人的…，中标无效」 for 「能否授权评标委员会直接确定中标人」): the permission is the rule for
 * what is asked, and the sanction, on other conduct, no conflict.
 */
function grantsMore(q: QuestionAnalysis, permit: Aligned, ban: Aligned): boolean {
  if (ban.statement.modality !== "sanction") return false;
  const segs = permit.statement.segments;
  const at = grantingAt(segs);
  if (at < 0) return false;
  const granted = governedText(segs, at);
  return actWords(q).some((w) => granted.includes(w) && !ban.statement.text.includes(w));
}

/** A statement that is itself an obligation (not a penalty read as one), on conditions, and bans nothing asked about. */
const isConditionalDuty = (x: Aligned) =>
  x.modality === "obligation" && x.statement.modality === "obligation" && x.statement.conditions.length > 0 && !x.bansAct;

/**
 * The question itself states the conditions a rule attaches (「中标供应商拒绝签订合同的，采购人可以…」 asked as 「…拒绝
 * 签合同，能否…」): most of the content words of the statement's condition phrases stand in the question.
 */
function conditionsStated(q: QuestionAnalysis, a: Aligned): boolean {
  // An approval the rule requires (经…批准, 经采购人同意) is stated only as obtained (经…同意后, 已…批准, 获得…批准), not
  // by the question naming the power to approve (「能否行使…批准变更采购方式的职权」).
  const approvals = a.statement.conditions.filter((c) => APPROVAL.test(c) && /^经/.test(c));
  if (approvals.length && !/(?:经|已|已经|获得|取得|得到).{0,16}?(?:批准|同意|审批|审核|认定|备案)/.test(q.written)) return false;
  return a.conditionsStated === true;
}

/**
 * A limit on how far the permitted act goes (「…暂停采购活动，但暂停时间最长不得超过三十日」) bounds it, and an amount beyond
 * it is read by amount-beyond-a-limit; it is no condition on whether the act may be done.
 */
const LIMIT_CONDITION = new RegExp(`^(?:${CEILING})`);
const isLimit = (c: string) => LIMIT_CONDITION.test(c);

/**
 * A belief that triggers a right (「供应商认为…使自己的权益受到损害的，可以…提出质疑」「…认为…不符合本法有关规定的，有权…」) is
 * no condition of it: whoever asks whether they may act on it holds it.
 */
const isBelief = (c: string, text: string) => {
  const at = text.indexOf(c);
  if (at < 0) return /认为/.test(c);
  // the clause the condition closes, from its last comma: 「供应商认为采购人员及相关人员与其他供应商有利害关系的，」
  const clause = text.slice(0, at + c.length).split(/[，,。；;]/).filter(Boolean).at(-1) ?? c;
  return /认为/.test(clause) || /认为/.test(c);
};

/**
 * A permission its own sentence limits: by an exception (「可以适用其规定，但违背…社会公共利益的除外」) or by a proviso that
 * forbids or requires something more (「可以要求…澄清或者说明，但是澄清或者说明不得超出投标文件的范围」). It is allowed only
 * within that limit, whatever the question states: 有条件. A proviso that caps an amount (「但暂停时间最长不得超过三十日」)
 * is read by amount-beyond-a-limit instead.
 */
function limitedByItsSentence(a: Aligned): boolean {
  if (a.statement.exception) return true;
  const segs = a.statement.segments;
  const at = grantingAt(segs);
  if (at < 0) return false;
  // The proviso is the next part that says anything modal: in 「可以向采购人提出询问，采购人应当及时作出答复，但答复的内容
  // 不得涉及商业秘密」 the 但 limits the reply, not the asking.
  const next = segs.find((s, i) => i > at && s.modality !== null);
  if (!next || !CONTRAST.test(next.text) || statedAmounts(next.text).length) return false;
  return next.modality === "prohibition" || next.modality === "obligation";
}

function permissionVerdict(q: QuestionAnalysis, a: Aligned): Verdict {
  if (a.qualifierUnstated || limitedByItsSentence(a)) return "conditional";
  const conditions = a.statement.conditions.filter((c) => !isLimit(c) && !isBelief(c, a.statement.text));
  return conditions.length === 0 || conditionsStated(q, a) ? "allowed" : "conditional";
}

/**
 * A permission grants the omission asked about when what it leaves undone is in its granted part (「…评审阶段可以不再
 * 对供应商资格进行审查」), or when the question leaves undone the very thing its scope names as missing (「…不适宜公开招标
 * 的，…可以进行邀请招标」 for 「不适宜公开招标，能否改为邀请招标」). A negation that only limits the rule's scope (「采购未纳入
 * 集中采购目录的…项目，可以自行采购」) grants nothing to an asker who leaves something else undone (「不走集中采购」).
 */
function grantsTheOmission(q: QuestionAnalysis, a: Aligned): boolean {
  const segs = a.statement.segments;
  const at = grantingAt(segs);
  if (at >= 0) {
    // the granted part: what the permission governs, from its cue on
    const [{ text, cue }, ...after] = governedPart(segs, at);
    const granted = [text.slice(text.indexOf(cue ?? "") + (cue ?? "").length), ...after.map((x) => x.text)].join("，");
    if (negatedWords(granted).length) return true;
  }
  return sameMissing(q.negated, negationHeads(a.statement.text));
}

/** A ban within this much of an encouragement's cover makes the two conflict. */
const ENCOURAGEMENT_MARGIN = 0.1;

/** Approval a permission may require (经采购人同意, 经…批准). */
const APPROVAL = /同意|批准|审批|审核|认定|备案/;

/** A cap as a share: 「…不得超过原合同采购金额的百分之十」, 「不超过10%」. */
const SHARE_CAP = new RegExp(`(?:${CEILING})[^，。；]{0,16}?(?:百分之[一二两三四五六七八九十百\\d.]+|\\d+(?:\\.\\d+)?\\s*[%％])`, "g");
/** A limit word and the words after it, where its amount stands. */
const LIMIT_THEN_AMOUNT = new RegExp(`(${CEILING}|${FLOOR})([^，。；]{0,16})`, "g");
const CEILING_WORD = new RegExp(CEILING);

/**
 * Calendar days against a period in working days (一周后 against 「2个工作日内」): beyond it when more days than that many
 * working days can span with their weekends and a public holiday; within it when no more than that many; else unknown.
 */
function beyondWorkingDays(asked: string, limit: string): boolean | null {
  if (amountUnit(asked) !== "天" || amountUnit(limit) !== "工作日") return null;
  const x = Number.parseFloat(asked);
  const n = Number.parseFloat(limit);
  if (x > Math.ceil((n * 7) / 5) + 3) return true;
  return x <= n ? false : null;
}

/** A limit a statement sets on an amount: 不超过3年 / 最长3年 / …以内 (ceiling); 至少十五年 / 不少于 / 以上 (floor). */
function limitBreached(q: QuestionAnalysis, a: Aligned): boolean | null {
  if (!q.amounts.length) return null;
  const text = a.statement.text;
  const num = (x: string) => Number(x.match(/^[\d.]+/)?.[0]);
  // A cap as a share of something (「…不得超过原合同采购金额的百分之十」): the question's two amounts of one unit give the
  // share asked about (追加50万元 on a 200万元 contract → 25 %).
  for (const m of text.matchAll(SHARE_CAP)) {
    const cap = num(statedAmounts(m[0]).find((a) => amountUnit(a) === "%") ?? "");
    const byUnit = new Map<string, number[]>();
    for (const x of q.amounts) if (amountUnit(x) !== "%") byUnit.set(amountUnit(x), [...(byUnit.get(amountUnit(x)) ?? []), num(x)]);
    for (const xs of byUnit.values()) {
      if (xs.length < 2 || !Number.isFinite(cap)) continue;
      const share = (Math.min(...xs) / Math.max(...xs)) * 100;
      return share > cap;
    }
  }
  // A period to act within (「自…之日起三十日内」「5个工作日内」) is a ceiling on the time taken; a look-back window
  // (「参加采购活动前3年内」) is a condition, not a limit.
  for (const m of text.matchAll(/(?<![前\d一二两三四五六七八九十百])((?:\d+|[一二两三四五六七八九十百]+)\s*个?(?:工作日|日|天|个月|年))(?:以)?内/g))
    for (const l of statedAmounts(m[1]!))
      for (const x of q.amounts) {
        if (amountUnit(l) === amountUnit(x)) return num(x) > num(l);
        const days = beyondWorkingDays(x, l);
        if (days !== null) return days;
      }
  for (const m of text.matchAll(LIMIT_THEN_AMOUNT)) {
    const limits = statedAmounts(m[2]!);
    for (const l of limits)
      for (const x of q.amounts) {
        if (amountUnit(l) !== amountUnit(x)) continue;
        const ceiling = CEILING_WORD.test(m[1]!);
        return ceiling ? num(x) > num(l) : num(x) < num(l);
      }
  }
  return null;
}

/**
 * A ban on going beyond an amount that the permission itself caps (「…可以…签订补充合同，但…采购金额不得超过原合同采购金额的
 * 百分之十」 beside 「追加…的采购金额超过原合同采购金额10%」): the permission's own limit, not a rule against it.
 */
function restatesCap(permit: Aligned, ban: Aligned): boolean {
  const amountsAfter = (text: string, cue: RegExp) => [...text.matchAll(cue)].flatMap((m) => statedAmounts(m[0]));
  const excess = amountsAfter(ban.statement.text, /(?<!不得?)(?:超过|超出|高于|多于|少于|低于)[^，。；]{0,16}/g);
  if (!excess.length) return false;
  const caps = amountsAfter(permit.statement.text, LIMIT_THEN_AMOUNT);
  return excess.some((a) => caps.includes(a));
}

/**
 * A permission and a ban that split one act by a qualifier (「可以将中标项目的部分非主体、非关键性工作分包给他人」 beside
 * 「…将中标项目的部分主体、关键性工作分包给他人的，…分包无效」): the qualifier the question states decides (非关键性 →
 * the permission, 关键性 → the ban); a question stating neither is answered 有条件, the permission quoted with the ban.
 */
function splitByQualifier(q: QuestionAnalysis, permit: Aligned, ban: Aligned): Omit<Decision, "rule"> | null {
  const qualifiers = [...permit.statement.text.matchAll(/非(\p{Script=Han}{2,4}?)(?=[、，,的]|工作|项目|服务|$)/gu)].map((m) => m[1]!);
  const unqualified = (text: string, x: string) => [...text.matchAll(new RegExp(`(.?)${x}`, "gu"))].some((m) => m[1] !== "非");
  const split = qualifiers.filter((x) => unqualified(ban.statement.text, x));
  if (!split.length) return null;
  if (split.some((x) => q.written.includes(`非${x}`))) return { verdict: permissionVerdict(q, permit), basis: permit, conflict: ban };
  if (split.some((x) => unqualified(q.written, x))) return { verdict: "prohibited", basis: ban, conflict: permit };
  return { verdict: "conditional", basis: permit, conflict: ban };
}

/**
 * The covering permission for the act a may-skip question does instead of the one it leaves undone (邀请招标 beside
 * 不公开招标, 自行办理 beside 不委托代理机构), if any.
 */
function permitsTheAlternative(q: QuestionAnalysis, covering: Aligned[]): Aligned | null {
  if (q.asking !== "may-skip") return null;
  // The act's groups that are not what is left undone.
  const alternative = actWords(q, (g) => !g.alternatives.some((w) => q.negated.includes(w)));
  if (!alternative.length) return null;
  return best(covering, (x) => isPermission(x) && !x.bansAct && !x.negationClashes && mentions(x, alternative));
}

/** Words that depart from what a rule requires (超出批准的预算 against 应当按照批准的预算执行). */
const DEVIATION = /超出|超过|突破|违反|偏离|擅自|随意/;

/**
 * The manners in which a duty may be required (in time, in confidence, of every item, in writing, in public,
 * truthfully), each with the everyday words of doing the act the other way: 「晚几天再交」 against 「应当自…之日起2个工作日内
 * …送交」, 「跟他透一下」 against 「标底必须保密」, 「只书面通知…」 against 「应当在…指定的媒体上公告」.
 */
const MANNERS: { duty: RegExp; contrary: RegExp }[] = [
  { duty: /及时|立即|[\d一二两三四五六七八九十]+个?(?:工作日|日|天)(?:以)?内/, contrary: /晚|推迟|延后|延迟|拖|压|缓|过几天|过段时间|以后再|再等|往后/ },
  { duty: /保密/, contrary: /透露|泄露|告诉|透(?!明)|说出|打听/ },
  { duty: /所有|全部|均|每一|一律/, contrary: /只(?!有|要)|仅(?!有)|光(?!有)|单单|一部分|个别/ },
  { duty: /书面/, contrary: /口头|电话|微信|当面说/ },
  { duty: /公开|公告|公布|公示|当众/, contrary: /私下|内部|不对外|悄悄/ },
  { duty: /如实|真实/, contrary: /虚假|不符|编造|造假|往好了说|不一样/ },
];

/**
 * The covering duty the question asks to carry out another way: a part the duty governs requires a manner, and the
 * question names doing it otherwise (a word the duty does not use itself: 「应当…只…」 requires the restriction).
 */
function contraryManner(q: QuestionAnalysis, covering: Aligned[]): Aligned | null {
  for (const m of MANNERS) {
    const other = m.contrary.exec(q.written);
    if (!other) continue;
    const a = best(covering, (x) => {
      if (x.modality !== "obligation" || x.statement.text.includes(other[0])) return false;
      const segs = x.statement.segments;
      return segs.some((sg, i) => sg.modality === "obligation" && m.duty.test(governedText(segs, i)));
    });
    if (a) return a;
  }
  return null;
}

/** The rules, in the order they are tried. */
export const RULES: Rule[] = [
  {
    // A yes/no question below the evidence floors whose nearest clause still holds a good part of it: that clause is
    // quoted for reference, and no yes or no is read from it.
    name: "weak-evidence",
    decide: (c) => (c.weak ? { verdict: "info", basis: nearest(c) } : null),
  },
  {
    name: "fact-question",
    decide: ({ q, covering, retrieved }) => (q.form === "fact" ? { verdict: "info", basis: covering[0] ?? retrieved[0] ?? null } : null),
  },
  {
    // 「经采购人同意，中标供应商可以依法采取分包方式履行合同」 answers 「可以不经采购人同意分包吗」: doing it without the
    // condition the permission requires.
    name: "skips-a-condition",
    decide: ({ q, covering }) => {
      if (!q.negated.length) return null;
      const approvals = q.negated.filter((n) => APPROVAL.test(n));
      if (!approvals.length) return null;
      const a = best(covering, (x) => isPermission(x) && x.statement.conditions.some((c) => APPROVAL.test(c) && approvals.some((n) => c.includes(n))));
      return a ? { verdict: "prohibited", basis: a } : null;
    },
  },
  {
    // 「已进行资格预审的，评审阶段可以不再对供应商资格进行审查」 answers 「能否不再审查」: the rule itself permits the omission.
    name: "permitted-omission",
    decide: ({ q, covering }) => {
      if (!q.negated.length) return null;
      const a = best(covering, (x) => isPermission(x) && x.negationAgrees && !x.negationClashes && grantsTheOmission(q, x));
      return a ? { verdict: permissionVerdict(q, a), basis: a } : null;
    },
  },
  {
    // 「对预算未安排的事项，不得开展购买服务」 answers 「预算没安排能买吗」: the ban names the very missing thing.
    name: "prohibition-on-the-missing",
    decide: ({ q, all, p }) => {
      if (!q.negated.length) return null;
      // Naming the same missing thing is what states the ban's situation (「该走的程序还没走完」 ↔ 「未履行相关规定程序的
      // 服务事项」): the ban need not meet the applicability floor its other words would set.
      // A ban of its own (「对…未履行相关规定程序的服务事项，不得纳入…」) that names it decides on less of the question's other
      // words than one read from a sanction or a listed violation does: a scenario's own details need not stand in it.
      const floor = (x: Aligned) => (x.statement.modality === "prohibition" && !x.statement.inherited ? p.missingWeight : p.coverWeight);
      const a = best(all, (x) => x.modality === "prohibition" && x.negationAgrees && x.core >= p.core && (x.cover >= p.cover || x.weight >= floor(x)));
      return a ? { verdict: "prohibited", basis: a } : null;
    },
  },
  {
    // 「可以不签书面合同吗」「预算没安排能先买吗」: leaving undone what a covering statement requires.
    name: "skips-an-obligation",
    decide: ({ q, covering }) => {
      if (!q.negated.length) return null;
      // An item under a lead-in that requires the act (「有下列利害关系之一的，应当回避」) requires it too: 「能否不回避」.
      const requiredByLeadIn = (x: Aligned) => {
        const lead = x.statement.inherited ? (x.hit.clause.leadIn ?? "") : "";
        return /应当|必须/.test(lead) && q.negated.some((w) => lead.includes(w));
      };
      // A negation a covering duty states itself (「…通知所有参加谈判的未成交的供应商」 for 「…是否需要通知…未成交的供应商」)
      // describes what the duty is about, not what the asker leaves undone.
      const skipped = q.negated.filter((w) => !covering.some((x) => x.modality === "obligation" && x.statement.negations.some((n) => sameWord(n, w))));
      if (!skipped.length) return null;
      const a = best(covering, (x) => (x.modality === "obligation" && mentions(x, skipped)) || requiredByLeadIn(x));
      if (!a) return null;
      // Leaving one act undone to do another that a covering rule permits (「可以不委托招标代理机构，自行办理招标事宜？」
      // beside 「招标人具有…能力的，可以自行办理招标事宜」) is for permitted-alternative to answer.
      if (permitsTheAlternative(q, covering)) return null;
      // An obligation with a stated exception (「…应当实行批量集中采购，但紧急的小额零星货物项目…除外」) may be left undone
      // in the exception's cases: 有条件, the rule quoted with its exception. An exception that names only other rules
      // (「除国务院财政部门规定的情形外」) gives no such case here: 仅供参考.
      if (a.statement.exception) return { verdict: exceptionByReference(a.statement.text) ? "info" : "conditional", basis: a };
      return { verdict: "prohibited", basis: a };
    },
  },
  {
    // 「合同签五年可以吗」 against 「履行期限不超过3年」; 「保存十年后能销毁吗」 against 「至少保存十五年」.
    name: "amount-beyond-a-limit",
    decide: ({ q, covering }) => {
      // Only a limit in one of the statements that fit the question best: 「至少保存十五年」 says nothing on contract terms.
      const top = covering[0]?.cover ?? 0;
      const fits = covering.filter((x) => x.cover >= top - 0.15);
      // A rule that permits the amount (「可以签订履行期限不超过3年的合同」) is the specific one beside a general ceiling
      // (「一般不超过1年」); without one, a breached limit forbids it.
      const permitted = best(fits, (x) => isPermission(x) && limitBreached(q, x) === false);
      if (permitted) return { verdict: permissionVerdict(q, permitted) === "allowed" ? "allowed" : "conditional", basis: permitted };
      const breached = best(fits, (x) => limitBreached(q, x) === true);
      if (breached) return { verdict: "prohibited", basis: breached };
      const within = best(fits, (x) => limitBreached(q, x) === false);
      return within ? { verdict: "conditional", basis: within } : null;
    },
  },
  {
    // 「本法所称服务，是指除货物和工程以外的其他政府采购对象」 answers 「政府购买服务可以买工程吗」: a definition that leaves the
    // asked-about thing out of what it defines.
    name: "excluded-by-definition",
    decide: ({ q, covering }) => {
      if (q.asking === "may-skip") return null;
      const words = actWords(q);
      const excluded = (x: Aligned) => {
        if (x.modality !== "definition") return false;
        const m = /除(.{1,24}?)(?:以外|之外|外)|不包括(.{1,24})/.exec(x.statement.text);
        return m !== null && words.some((w) => (m[1] ?? m[2] ?? "").includes(w));
      };
      const a = best(covering, excluded);
      return a ? { verdict: "prohibited", basis: a } : null;
    },
  },
  {
    // 「政府采购合同应当采用书面形式」 answers 「能否采用口头形式订立」: what a rule requires excludes the other means of its
    // kind, where the rule applies (the question states what the rule is about, and its conditions if it sets any).
    name: "alternative-to-the-required",
    decide: ({ q, covering, all }) => {
      if (q.asking !== "may" && q.asking !== "forbidden") return null;
      const a = best(covering, (x) => x.alternativeAsked !== null);
      if (!a) return null;
      // A rule that permits the other means itself (「符合下列情形之一的，可以采用邀请招标方式」) is the specific one.
      if (all.some((x) => isPermission(x) && x.statement.text.includes(a.alternativeAsked!))) return null;
      const applies = a.scopeStated && (a.statement.conditions.length === 0 || a.conditionsStated === true);
      return { verdict: applies ? "prohibited" : "info", basis: a };
    },
  },
  {
    name: "covering-prohibition",
    decide: ({ q, covering, p }) => {
      if (q.asking === "may-skip") return null;
      const ban = best(covering, (x) => x.modality === "prohibition" && !x.negationClashes && !(capsOnly(x) && !asksAnAmount(q)));
      if (!ban) return null;
      // Whether an act is required (「该专家是否必须退出评审？」) is answered by a ban only when it names that act: a ban on a
      // neighbouring one (「…未回避的，…禁止其参加政府采购评审活动」) says nothing of what is required.
      if (q.asking === "must" && !ban.bansAct) return null;
      // A violation listed under a penalty (「…有下列情形之一的，责令限期改正…：（二）未依法在指定的媒体上发布…」) bans the
      // conduct it names, and answers only a question about that conduct: the rule it enforces, or nothing, decides.
      if (ban.statement.inherited && penalisingLeadIn(ban.hit.clause.leadIn) && !ban.bansAct) return null;
      const permit = best(covering, (x) => isPermission(x) && !x.negationClashes);
      if (permit && permit.cover > ban.cover + p.margin) return null;
      // A statement of another kind that fits the question far better (「招标人根据…推荐的中标候选人确定中标人」 beside
      // 「…不得透露…中标候选人的推荐情况」) is what the question is about: the ban, about a neighbouring act, is left to it.
      if (covering.some((x) => x.modality !== "prohibition" && !x.bansAct && x.cover >= ban.cover + p.banGap)) return null;
      // A rule that requires the banned act itself under a condition (「…不得擅自变更、中止或者终止合同」 beside 「…继续履行
      // 将损害国家利益和社会公共利益的，双方当事人应当变更、中止或者终止合同」) fitting the question about as well: the texts
      // point both ways, and the question does not say which case it is in: 仅供参考, both quoted.
      const banned = bannedWords(q, ban);
      const required = best(covering, (x) => isConditionalDuty(x) && x.cover >= ban.cover - p.requiredTie && requiresTheAct(q, x, banned));
      if (required) return { verdict: "info", basis: ban, conflict: required };
      const split = permit ? splitByQualifier(q, permit, ban) : null;
      if (split) return split;
      // A permission as close to the question as the ban: the texts conflict, and a confident guess either way is
      // the dangerous answer.
      if (permit && permit.cover >= ban.cover - p.tie) return { verdict: "info", basis: ban, conflict: permit };
      // A ban with a stated exception (「除单一来源采购项目外，…不得…」「…不得…，但…除外」) does not settle a question that
      // does not say which side of the exception it stands on: 仅供参考, the ban quoted with its exception.
      if (ban.statement.exception) return { verdict: "info", basis: ban, conflict: permit ?? undefined };
      return { verdict: "prohibited", basis: ban, conflict: permit ?? undefined };
    },
  },
  {
    name: "required-act",
    decide: ({ q, covering }) => {
      if (q.asking !== "must") return null;
      const a = best(covering, (x) => x.modality === "obligation");
      return a ? { verdict: "allowed", basis: a } : null;
    },
  },
  {
    // A permission only where no covering prohibition speaks against it; with conditions or exceptions, conditional.
    name: "permission",
    decide: ({ q, covering, all, p }) => {
      if (q.asking === "may-skip") return null;
      // Never a permission whose own sentence forbids a word of the act asked about.
      const permit = best(covering, (x) => isPermission(x) && !x.bansAct && !x.negationClashes);
      if (!permit) return null;
      const ban = best(
        all,
        (x) => x.modality === "prohibition" && x.cover >= p.conflict && x.applies >= permit.applies - p.conflictApplies && !restatesCap(permit, x) && !grantsMore(q, permit, x),
      );
      if (ban) return { verdict: "info", basis: ban, conflict: permit };
      // An encouragement (鼓励…, 推进…) is policy for a field, not leave for an act: any ban that fits the question
      // nearly as well, whatever its applicability, makes the texts conflict (a scenario's own service encouraged
      // beside the ban on what the scenario asks).
      if (permit.modality === "encouragement") {
        const near = best(all, (x) => x.modality === "prohibition" && x.cover >= permit.cover - ENCOURAGEMENT_MARGIN && !restatesCap(permit, x));
        if (near) return { verdict: "info", basis: near, conflict: permit };
      }
      // (a ban whose situation the question hardly states — 「…串通投标…中标无效」 beside 「招标人也可以授权评标委员会直接
      // 确定中标人」 — is no conflict.)
      // A permission that fits the question less well than a rule of another kind (「可以用电子档案方式保存」 beside
      // 「应当妥善保存，不得…销毁」) is not the answer: that rule is quoted for reference.
      // The rules after this one read that rule (an obligation of the act asked about is a yes).
      const top = covering[0]!;
      if (top !== permit && !isPermission(top) && top.cover > permit.cover + 0.15) return null;
      return { verdict: permissionVerdict(q, permit), basis: permit };
    },
  },
  {
    // 「各级国家机关是不是购买主体」 answered by 「政府购买服务的主体是各级行政机关…」: a statement of fact naming it.
    name: "stated-as-fact",
    decide: ({ q, covering }) => {
      if (q.asking !== "is") return null;
      const a = best(covering, (x) => x.modality === null || x.modality === "definition");
      return a ? { verdict: "allowed", basis: a } : null;
    },
  },
  {
    // 「政府采购应当严格按照批准的预算执行」 answers 「可以超出批准的预算开展政府采购吗」 no: the act asked departs from what the
    // rule requires (超出, 突破, 违反, 擅自 … named in the question, not in the rule), so it is not the required act. So does
    // an act done in another manner than a covering duty requires (「评审报告晚几天再交」 against 「…2个工作日内…送交」).
    name: "contrary-to-the-required",
    decide: ({ q, covering }) => {
      if (q.asking !== "may" && q.asking !== "forbidden") return null;
      const dev = DEVIATION.exec(q.written);
      const a = (dev && best(covering, (x) => x.modality === "obligation" && !x.statement.text.includes(dev[0]) && requiresTheAct(q, x))) || contraryManner(q, covering);
      return a ? { verdict: "prohibited", basis: a } : null;
    },
  },
  {
    // 「政府采购合同应当采用书面形式」 answers 「可以签书面合同吗」: what must be done may be done.
    name: "obligation-of-the-act",
    decide: ({ q, covering, all, p }) => {
      if (q.asking !== "may" && q.asking !== "forbidden") return null;
      const a = best(covering, (x) => x.modality === "obligation" && !x.bansAct && !x.negationClashes && x.core >= p.cover && requiresTheAct(q, x));
      if (!a) return null;
      // A duty whose required part names what the question leaves undone (「不去报批」 against 「应当先履行审批手续」) is not
      // leave for the rest of the question: it is the duty skipped.
      if (q.negated.length && requiresTheAct(q, a, skippedForms(q))) return null;
      // (a penalty on leaving the act undone — 「（十）未按照规定组织…验收」 — speaks for doing it, not against)
      if (best(all, (x) => x.modality === "prohibition" && x.cover >= p.conflict && !penalisedOmission(x.statement, x.hit.clause.leadIn))) return null;
      return { verdict: permissionVerdict(q, a), basis: a };
    },
  },
  {
    // 「能不能不公开招，直接发邀请找几家来投？」 against 「…不适宜公开招标的，经…批准，可以进行邀请招标」: leaving one act undone to
    // do another, which a rule permits (on its conditions).
    name: "permitted-alternative",
    decide: ({ q, covering }) => {
      const a = permitsTheAlternative(q, covering);
      return a ? { verdict: permissionVerdict(q, a), basis: a } : null;
    },
  },
  {
    name: "not-settled",
    decide: (c) => ({ verdict: "info", basis: nearest(c) }),
  },
];

export function decideVerdict(q: QuestionAnalysis, aligned: Aligned[], p: VerdictParams, weak = false): Decision {
  const all = [...aligned].sort(byFit(p));
  const covering = all.filter((a) => a.core >= p.core && (a.cover >= p.cover || a.weight >= p.coverWeight) && a.applies >= p.applies);
  const c: Context = { q, weak, covering, all, retrieved: aligned, p };
  for (const rule of RULES) {
    const d = rule.decide(c);
    if (!d) continue;
    // A yes (可以 or 有条件) read from the third or a later clause retrieved is more often leave for a neighbouring act
    // than for this one, whichever rule read it (a permission, a duty, a permitted alternative): it is quoted for
    // reference.
    if ((d.verdict === "allowed" || d.verdict === "conditional") && d.basis && d.basis.rank >= p.permissionRank) return { ...d, verdict: "info", rule: rule.name };
    return { ...d, rule: rule.name };
  }
  return { verdict: "info", rule: "not-settled", basis: null };
}
