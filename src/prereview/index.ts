/**
 * Proposal pre-review: eight checks (one module each under checks/), run together, each grounded in a clause found
 * through the knowledge base. `createPrereviewer(knowledge, config)` is what src/core.ts wires; `parseProposal` validates
 * untrusted input for every face (CLI, Slack modal, submit).
 */
import type { Config } from "../config.js";
import { SearchMemo, type ClauseFinder } from "./grounding.js";
import { loadLexicon, type Lexicon } from "./lexicon.js";
import { loadRules, type Rules } from "./rules.js";
import { outcomeOf, type Checklist, type CheckResult, type Proposal } from "./schema.js";
import type { Check, CheckContext } from "./checks/context.js";
import { checkProhibitedMatters } from "./checks/prohibited-matters.js";
import { checkBudgetArranged } from "./checks/budget-arranged.js";
import { checkPurchaserEligible } from "./checks/purchaser-eligible.js";
import { checkContractorEligible } from "./checks/contractor-eligible.js";
import { checkProcurementMethod } from "./checks/procurement-method.js";
import { checkContractTerm } from "./checks/contract-term.js";
import { checkPerformanceTargets } from "./checks/performance-targets.js";
import { checkPriorAssessment } from "./checks/prior-assessment.js";

export { parseProposal, type ProposalError, type ParseResult } from "./parse.js";
export type { ClauseFinder } from "./grounding.js";
export { renderChecklist } from "./report.js";

/** In contract order. */
export const checks: readonly Check[] = [
  checkProhibitedMatters,
  checkBudgetArranged,
  checkPurchaserEligible,
  checkContractorEligible,
  checkProcurementMethod,
  checkContractTerm,
  checkPerformanceTargets,
  checkPriorAssessment,
];

export interface PrereviewOptions {
  rules?: Rules;
  lexicon?: Lexicon;
  llm?: Config["llm"];
}

export type Prereviewer = (proposal: Proposal) => Promise<Checklist>;

/** A pre-reviewer over any clause finder (the real Knowledge in production). Data files are read once, here. */
export function createPrereviewerWith(finder: ClauseFinder, opts: PrereviewOptions = {}): Prereviewer {
  const rules = opts.rules ?? loadRules();
  const lexicon = opts.lexicon ?? loadLexicon();
  const search = new SearchMemo(finder);
  return async (proposal) => {
    const ctx: CheckContext = { proposal, search, rules, lexicon, llm: opts.llm };
    const results: CheckResult[] = await Promise.all(checks.map((c) => c(ctx)));
    return { outcome: outcomeOf(results), checks: results };
  };
}

export function createPrereviewer(knowledge: ClauseFinder, config: Config): Prereviewer {
  return createPrereviewerWith(knowledge, { llm: config.llm });
}
