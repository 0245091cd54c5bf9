import { z } from "zod";
import { CitationSchema } from "../knowledge/schema.js";

export const VerdictSchema = z.enum(["prohibited", "allowed", "conditional", "info", "unknown"]);
export type Verdict = z.infer<typeof VerdictSchema>;

export const LangSchema = z.enum(["zh", "en"]);
export type Lang = z.infer<typeof LangSchema>;

/** The answer to one question (the `ask --json` contract, plus a few fields faces may use). */
export const AnswerSchema = z.object({
  q: z.string(),
  lang: LangSchema,
  verdict: VerdictSchema,
  abstained: z.boolean(),
  answer: z.string(),
  /** Most relevant first. */
  citations: z.array(CitationSchema),
  /** How the answer was made: "extractive" (offline) or "llm"; a note when the LLM path fell back. */
  mode: z.enum(["extractive", "llm"]),
  note: z.string().optional(),
});
export type Answer = z.infer<typeof AnswerSchema>;

/** Verdict labels shown to people. */
export const verdictLabel: Record<Verdict, { zh: string; en: string }> = {
  prohibited: { zh: "不可以", en: "No — prohibited" },
  allowed: { zh: "可以", en: "Yes — allowed" },
  conditional: { zh: "有条件", en: "Conditionally" },
  info: { zh: "仅供参考", en: "For reference" },
  unknown: { zh: "无依据", en: "No basis in the notices" },
};
