/** What every check receives, and the two things every check does alike: ground a verdict, and say when it cannot. */
import type { Config } from "../../config.js";
import type { Citation } from "../../knowledge/schema.js";
import { findGrounding, type Grounding, type SearchMemo } from "../grounding.js";
import type { Lexicon } from "../lexicon.js";
import type { Rules } from "../rules.js";
import type { CheckId, CheckResult, CheckStatus, Proposal } from "../schema.js";

export interface CheckContext {
  proposal: Proposal;
  search: SearchMemo;
  rules: Rules;
  lexicon: Lexicon;
  llm?: Config["llm"];
}

export type Check = (ctx: CheckContext) => Promise<CheckResult>;

export function ground(ctx: CheckContext, grounding: Grounding, phrase = ""): Promise<Citation[]> {
  return findGrounding(ctx.search, grounding, phrase, { k: ctx.rules.searchK, max: ctx.rules.maxCitations });
}

/** Builds a result; when a verdict has no grounding clause, the message says so and names the rule instead. */
export function result(
  id: CheckId,
  status: CheckStatus,
  message: string,
  citations: Citation[],
  basis: string,
  trigger?: string,
): CheckResult {
  const note =
    status !== "n/a" && citations.length === 0
      ? `（知识库中未检索到可引用的依据条款，请对照${basis}人工核实。）`
      : "";
  return { id, status, message: message + note, citations, ...(trigger ? { trigger } : {}) };
}

export function yuan(n: number): string {
  return n >= 10_000 ? `${(n / 10_000).toLocaleString("zh-CN", { maximumFractionDigits: 2 })}万元` : `${n}元`;
}
