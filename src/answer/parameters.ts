/**
 * The answer layer's thresholds, in one file (params.json) written by bench/calibrate.ts, which fits them on the
 * calibration sets and reports on the others.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export const AnswerParamsSchema = z.object({
  /** Least share of a question's content a statement must cover to decide a verdict. */
  cover: z.number().min(0).max(1),
  /** … or least idf weight of the question's specific terms it must hold (units of a term found in one clause). */
  coverWeight: z.number().min(0),
  /** Least share of the weight of the question's three most specific terms a deciding statement must name. */
  core: z.number().min(0).max(1),
  /** A prohibition decides unless a permission covers more than this much beyond it. */
  margin: z.number().min(0).max(1),
  /** A prohibition covering this much turns a permission into 仅供参考. */
  conflict: z.number().min(0).max(1.01),
  /** A permission fitting within this much of a covering prohibition makes the texts conflict (仅供参考); −1: never. */
  tie: z.number().min(-1).max(1),
  /** Least share of one of its phrases a statement must find stated in the question to decide. */
  applies: z.number().min(0).max(1),
  /** A ban conflicts with a permission only when the question states its phrases nearly as well: within this much. */
  conflictApplies: z.number().min(0),
  /** A ban beside an obligation of the same act under a condition, covering within this much of it, answers 仅供参考 (−1: never). */
  requiredTie: z.number().min(-1).max(1),
  /** A ban of its own naming what the question states as missing decides on this much specific weight (coverWeight otherwise). */
  missingWeight: z.number().min(0),
  /** A yes (可以 or 有条件), whichever rule reads it, rests only on one of retrieval's first this many clauses (5: any aligned clause); one further down answers 仅供参考. */
  permissionRank: z.number().int().min(1),
  /** A ban is left to the rules after it when a statement of another kind covers this much more of the question (9: never). */
  banGap: z.number().min(0),
  /** How much a statement's fit falls per place down retrieval's order (its cover / (1 + rankDecay × rank)). */
  rankDecay: z.number().min(0),
  /** Abstain when the best clause covers less than this share of the question's known terms … */
  minCover: z.number().min(0).max(1),
  /** … or the corpus knows less than this share of the question's term weight … */
  minKnown: z.number().min(0).max(1),
  /** … or the best clause holds less than this idf weight of the question's specific terms … */
  minWeight: z.number().min(0),
  /** … unless it holds at least this much: a long scenario full of words the notices never use still asks about them. */
  sureWeight: z.number().min(0),
  /** A factual question abstains when the best clause holds less than this share of its whole content (known or not). */
  minFactCover: z.number().min(0).max(1),
  /** … and is covered, whatever its words' weight, when the best clause holds at least this share of it. */
  sureFactCover: z.number().min(0).max(1.01),
  /** A yes/no question with a scene is covered when a clause holds this share of the clause that asks … */
  sceneAskedCover: z.number().min(0).max(1.01),
  /** … and this share of the whole question. */
  sceneCover: z.number().min(0).max(1),
  /**
   * A yes/no question below the floors is still weakly covered (仅供参考, the nearest clause quoted, rather than "not
   * covered") when one clause holds this share of its known terms (1.01: never) …
   */
  weakCover: z.number().min(0).max(1.01),
  /** … and this much idf weight of its specific terms … */
  weakWeight: z.number().min(0),
  /** … and the corpus knows this share of its term weight. */
  weakKnown: z.number().min(0).max(1),
});
export type AnswerParams = z.infer<typeof AnswerParamsSchema>;

export const PARAMS_PATH = fileURLToPath(new URL("./params.json", import.meta.url));

let cached: AnswerParams | null = null;
let override: AnswerParams | null = null;

export function answerParams(): AnswerParams {
  if (override) return override;
  cached ??= AnswerParamsSchema.parse(JSON.parse(readFileSync(PARAMS_PATH, "utf8")));
  return cached;
}

/** Calibration tries candidate parameters without writing the file. */
export function withParams<T>(p: AnswerParams, f: () => T): T {
  const prev = override;
  override = p;
  try {
    return f();
  } finally {
    override = prev;
  }
}
