/**
 * performance_targets — targets are a precondition of the budget (全过程绩效管理): missing → fail; present but with no
 * measurable indicator (number, rate, deadline, acceptance standard) → warn. Statuses and cues are data.
 */
import type { Check } from "./context.js";
import { ground, result } from "./context.js";

export const checkPerformanceTargets: Check = async (ctx) => {
  const rule = ctx.rules.performanceTargets;
  const targets = ctx.proposal.performanceTargets.trim();
  const citations = await ground(ctx, rule.grounding, "绩效目标");
  if (!targets)
    return result(
      "performance_targets",
      rule.missingStatus,
      `未填写绩效目标。依据${rule.basis}，政府购买服务实施全过程绩效管理，须设定可衡量的绩效目标（如服务数量、质量、满意度、时效）。`,
      citations,
      rule.basis,
      "未填写绩效目标（performanceTargets 为空）",
    );
  const measurable = rule.measurableCues.some((c) => new RegExp(c).test(targets.normalize("NFKC")));
  if (targets.length < rule.minLength || !measurable)
    return result(
      "performance_targets",
      rule.vagueStatus,
      `绩效目标「${targets}」过于笼统，缺少可衡量的指标（数量、比例、时限或验收标准），难以开展绩效评价；请细化为量化指标（${rule.basis}）。`,
      citations,
      rule.basis,
      targets,
    );
  return result("performance_targets", "pass", `已设定可衡量的绩效目标：「${targets}」。`, citations, rule.basis);
};
