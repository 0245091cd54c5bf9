/**
 * Scoring answers against a question set (the `eval` command): recall@1/@3 (a gold substring in a cited clause),
 * verdict accuracy on yes/no questions, abstention on out-of-scope questions, answered rate in scope.
 */
import { z } from "zod";
import type { Answer } from "./schema.js";
import { VerdictSchema } from "./schema.js";

export const EvalItemSchema = z.object({
  id: z.string(),
  q: z.string(),
  kind: z.enum(["yesno", "fact", "oos"]),
  verdict: VerdictSchema.optional(),
  gold: z.array(z.string()).optional(),
});
export type EvalItem = z.infer<typeof EvalItemSchema>;

export function parseEvalFile(text: string): EvalItem[] {
  return text
    .split(/\r?\n/)
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => l.trim() !== "")
    .map(({ l, i }) => {
      const parsed = EvalItemSchema.safeParse(JSON.parse(l));
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
  counts: { inScopeWithGold: number; yesno: number; oos: number; inScope: number };
}

export function goldRank(item: EvalItem, answer: Answer): number | null {
  if (!item.gold?.length) return null;
  const i = answer.citations.findIndex((c) => item.gold!.some((g) => c.text.includes(g)));
  return i < 0 ? null : i + 1;
}

const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);

export function score(results: ItemResult[]): Metrics {
  const inScope = results.filter((r) => r.item.kind !== "oos");
  const withGold = inScope.filter((r) => r.item.gold?.length);
  const yesno = results.filter((r) => r.item.kind === "yesno" && r.item.verdict);
  const oos = results.filter((r) => r.item.kind === "oos");
  return {
    recallAt1: ratio(withGold.filter((r) => r.goldRank !== null && r.goldRank <= 1).length, withGold.length),
    recallAt3: ratio(withGold.filter((r) => r.goldRank !== null && r.goldRank <= 3).length, withGold.length),
    verdictAccuracy: ratio(yesno.filter((r) => r.answer.verdict === r.item.verdict).length, yesno.length),
    oosAbstention: ratio(oos.filter((r) => r.answer.abstained).length, oos.length),
    answeredInScope: ratio(inScope.filter((r) => !r.answer.abstained).length, inScope.length),
    counts: { inScopeWithGold: withGold.length, yesno: yesno.length, oos: oos.length, inScope: inScope.length },
  };
}

/** The four summary lines (the last lines `eval` prints; tooling tails them). */
export function summaryLines(m: Metrics): string[] {
  const f = (x: number) => x.toFixed(3);
  return [
    `recall@1/@3 召回率: ${f(m.recallAt1)} / ${f(m.recallAt3)}`,
    `verdict accuracy 结论准确率 (yes/no, n=${m.counts.yesno}): ${f(m.verdictAccuracy)}`,
    `out-of-scope abstention 范围外拒答率 (n=${m.counts.oos}): ${f(m.oosAbstention)}`,
    `answered in scope 范围内作答率 (n=${m.counts.inScope}): ${f(m.answeredInScope)}`,
  ];
}
