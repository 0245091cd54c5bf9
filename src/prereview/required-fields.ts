/**
 * Fields the proposal schema lets be left out but whose absence the pre-review rules fail: every form (the local
 * mode's questions, the Slack modal) marks these required, so a form never calls optional what the rules block.
 */
import { loadRules, type Rules } from "./rules.js";

let defaults: Set<string> | null = null;

export function requiredByRules(rules?: Pick<Rules, "performanceTargets">): Set<string> {
  if (!rules && defaults) return defaults;
  const r = rules ?? loadRules();
  const out = new Set<string>();
  if (r.performanceTargets.missingStatus === "fail") out.add("performanceTargets");
  if (!rules) defaults = out;
  return out;
}
