/**
 * Scoring answers against a question set (the `eval` command): recall@1/@3 (a gold substring in a cited clause),
 * verdict accuracy on yes/no questions (overall, per wording style and per expected verdict), dangerous verdicts,
 * agreement within a policy point's wordings and between English/Chinese twins, abstention on out-of-scope
 * questions, answered rate in scope.
 */
import { z } from "zod";
import type { Answer, Verdict } from "./schema.js";
import { VerdictSchema } from "./schema.js";

export const EvalItemSchema = z.object({
  id: z.string(),
  q: z.string(),
  kind: z.enum(["yesno", "fact", "oos"]),
  verdict: VerdictSchema.optional(),
  gold: z.array(z.string()).optional(),
  /** The policy point a wording belongs to (items of one group ask the same thing). */
  group: z.string().optional(),
  /** How it is worded: formal, colloquial, scenario, negated, english, exam, oos … */
  style: z.string().optional(),
  lang: z.enum(["zh", "en"]).optional(),
  reg: z.string().optional(),
  src: z.string().optional(),
});
export type EvalItem = z.infer<typeof EvalItemSchema>;

export function parseEvalFile(text: string): EvalItem[] {
  return text
    .split(/\r?\n/)
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => l.trim() !== "")
    .map(({ l, i }) => {
      let json: unknown;
      try {
        json = JSON.parse(l);
      } catch {
        throw new Error(`第 ${i + 1} 行不是 JSON / line ${i + 1} is not JSON`);
      }
      const parsed = EvalItemSchema.safeParse(json);
      if (!parsed.success) throw new Error(`第 ${i + 1} 行格式错误 / line ${i + 1} is invalid: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

export interface ItemResult {
  item: EvalItem;
  answer: Answer;
  /** Rank (1-based) of the first citation containing a gold substring, or null. */
  goldRank: number | null;
}

export interface Metrics {
  recallAt1: number;
  recallAt3: number;
  verdictAccuracy: number;
  oosAbstention: number;
  answeredInScope: number;
  /** Yes/no answers that permit what the texts forbid, or forbid what they permit. */
  dangerous: number;
  /** Of those, the ones that permit what the texts forbid (可以 / 有条件 for a prohibited act): the costly kind. */
  wrongPermits: number;
  byStyle: Record<string, { n: number; correct: number }>;
  byVerdict: Record<string, { n: number; correct: number }>;
  /** Share of groups (with ≥ 2 yes/no wordings) whose wordings all got one verdict. */
  groupConsistency: number | null;
  /** Share of English items whose Chinese formal twin (same group) got the same verdict. */
  twinAgreement: number | null;
  counts: { inScopeWithGold: number; yesno: number; oos: number; inScope: number; groups: number; twins: number };
}

export function goldRank(item: EvalItem, answer: Answer): number | null {
  if (!item.gold?.length) return null;
  const i = answer.citations.findIndex((c) => item.gold!.some((g) => c.text.includes(g)));
  return i < 0 ? null : i + 1;
}

/**
 * Which way a verdict is dangerous: `permits` tells the asker to do what the texts forbid (可以 / 有条件 for a prohibited
 * act: an illegal purchase may follow), `forbids` forbids what they permit (不可以 for an allowed or conditional act: a
 * phone call follows); null when it is neither. 仅供参考 and abstentions are never dangerous.
 */
export function dangerOf(expected: Verdict | undefined, got: Verdict): "permits" | "forbids" | null {
  if (expected === "prohibited") return got === "allowed" || got === "conditional" ? "permits" : null;
  if (expected === "allowed" || expected === "conditional") return got === "prohibited" ? "forbids" : null;
  return null;
}

const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);

function tally(results: ItemResult[], key: (r: ItemResult) => string | undefined) {
  const out: Record<string, { n: number; correct: number }> = {};
  for (const r of results) {
    const k = key(r);
    if (!k) continue;
    const t = (out[k] ??= { n: 0, correct: 0 });
    t.n++;
    if (r.answer.verdict === r.item.verdict) t.correct++;
  }
  return out;
}

export function score(results: ItemResult[]): Metrics {
  const inScope = results.filter((r) => r.item.kind !== "oos");
  const withGold = inScope.filter((r) => r.item.gold?.length);
  const yesno = results.filter((r) => r.item.kind === "yesno" && r.item.verdict);
  const oos = results.filter((r) => r.item.kind === "oos");
  const groups = new Map<string, ItemResult[]>();
  for (const r of yesno) if (r.item.group) groups.set(r.item.group, [...(groups.get(r.item.group) ?? []), r]);
  const multi = [...groups.values()].filter((g) => g.length >= 2);
  const twins = yesno
    .filter((r) => r.item.group && (r.item.lang === "en" || r.item.style === "english"))
    .map((en) => ({ en, zh: groups.get(en.item.group!)?.find((z) => z.item.style === "formal" && z !== en) }))
    .filter((t): t is { en: ItemResult; zh: ItemResult } => Boolean(t.zh));
  return {
    recallAt1: ratio(withGold.filter((r) => r.goldRank !== null && r.goldRank <= 1).length, withGold.length),
    recallAt3: ratio(withGold.filter((r) => r.goldRank !== null && r.goldRank <= 3).length, withGold.length),
    verdictAccuracy: ratio(yesno.filter((r) => r.answer.verdict === r.item.verdict).length, yesno.length),
    oosAbstention: ratio(oos.filter((r) => r.answer.abstained).length, oos.length),
    answeredInScope: ratio(inScope.filter((r) => !r.answer.abstained).length, inScope.length),
    dangerous: yesno.filter((r) => dangerOf(r.item.verdict, r.answer.verdict) !== null).length,
    wrongPermits: yesno.filter((r) => dangerOf(r.item.verdict, r.answer.verdict) === "permits").length,
    byStyle: tally(yesno, (r) => r.item.style),
    byVerdict: tally(yesno, (r) => r.item.verdict),
    groupConsistency: multi.length ? multi.filter((g) => new Set(g.map((r) => r.answer.verdict)).size === 1).length / multi.length : null,
    twinAgreement: twins.length ? twins.filter((t) => t.en.answer.verdict === t.zh.answer.verdict).length / twins.length : null,
    counts: {
      inScopeWithGold: withGold.length,
      yesno: yesno.length,
      oos: oos.length,
      inScope: inScope.length,
      groups: multi.length,
      twins: twins.length,
    },
  };
}

const f = (x: number) => x.toFixed(3);

/** The breakdown printed above the summary: per style, per expected verdict, dangerous, consistency, twins. */
export function breakdownLines(m: Metrics): string[] {
  const rows = (t: Record<string, { n: number; correct: number }>) =>
    Object.entries(t)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} ${f(v.correct / v.n)} (${v.correct}/${v.n})`)
      .join(" · ");
  const lines: string[] = [];
  if (Object.keys(m.byStyle).length) lines.push(`verdict by style 按问法: ${rows(m.byStyle)}`);
  if (Object.keys(m.byVerdict).length) lines.push(`verdict by expected 按应答结论: ${rows(m.byVerdict)}`);
  if (m.groupConsistency !== null) lines.push(`same verdict across a point's wordings 同一要点结论一致 (n=${m.counts.groups}): ${f(m.groupConsistency)}`);
  if (m.twinAgreement !== null) lines.push(`English/Chinese twins agree 中英结论一致 (n=${m.counts.twins}): ${f(m.twinAgreement)}`);
  const kinds = `可以/有条件 for a prohibited act 错放 ${m.wrongPermits}, 不可以 for a permitted act 错禁 ${m.dangerous - m.wrongPermits}`;
  lines.push(`dangerous verdicts 危险结论 (yes/no, n=${m.counts.yesno}; ${kinds}): ${m.dangerous}`);
  return lines;
}

/** The four summary lines (the last lines `eval` prints; tooling tails them). */
export function summaryLines(m: Metrics): string[] {
  return [
    `recall@1/@3 召回率: ${f(m.recallAt1)} / ${f(m.recallAt3)}`,
    `verdict accuracy 结论准确率 (yes/no, n=${m.counts.yesno}): ${f(m.verdictAccuracy)}`,
    `out-of-scope abstention 范围外拒答率 (n=${m.counts.oos}): ${f(m.oosAbstention)}`,
    `answered in scope 范围内作答率 (n=${m.counts.inScope}): ${f(m.answeredInScope)}`,
  ];
}

export interface Thresholds {
  minVerdict?: number;
  maxDangerous?: number;
  minRecall3?: number;
  minAbstention?: number;
  minAnswered?: number;
}

/** The thresholds a run missed, each as one bilingual line (empty when all are met). */
export function missedThresholds(m: Metrics, t: Thresholds): string[] {
  const checks: { given: number | undefined; n: number; flag: string; kind: [string, string]; missed: (x: number) => string | null }[] = [
    { given: t.minVerdict, n: m.counts.yesno, flag: "--min-verdict", kind: ["是非题", "yes/no questions"],
      missed: (x) => (m.verdictAccuracy < x ? `结论准确率 ${f(m.verdictAccuracy)} 低于 ${x} / verdict accuracy below --min-verdict` : null) },
    { given: t.maxDangerous, n: m.counts.yesno, flag: "--max-dangerous", kind: ["是非题", "yes/no questions"],
      missed: (x) => (m.dangerous > x ? `危险结论 ${m.dangerous} 个，超过 ${x} / dangerous verdicts above --max-dangerous` : null) },
    { given: t.minRecall3, n: m.counts.inScopeWithGold, flag: "--min-recall", kind: ["标有出处的问题", "questions with gold clauses"],
      missed: (x) => (m.recallAt3 < x ? `recall@3 ${f(m.recallAt3)} 低于 ${x} / recall@3 below --min-recall` : null) },
    { given: t.minAbstention, n: m.counts.oos, flag: "--min-abstention", kind: ["范围外问题", "out-of-scope questions"],
      missed: (x) => (m.oosAbstention < x ? `范围外拒答率 ${f(m.oosAbstention)} 低于 ${x} / out-of-scope abstention below --min-abstention` : null) },
    { given: t.minAnswered, n: m.counts.inScope, flag: "--min-answered", kind: ["范围内问题", "in-scope questions"],
      missed: (x) => (m.answeredInScope < x ? `范围内作答率 ${f(m.answeredInScope)} 低于 ${x} / answered in scope below --min-answered` : null) },
  ];
  const out: string[] = [];
  for (const c of checks) {
    if (c.given === undefined) continue;
    // A threshold on a kind of question the set does not hold cannot be met: it is reported, never passed.
    const line = c.n === 0 ? `无法检查 ${c.flag}：评测集中没有${c.kind[0]} / cannot check ${c.flag}: the set has no ${c.kind[1]}` : c.missed(c.given);
    if (line) out.push(line);
  }
  return out;
}
