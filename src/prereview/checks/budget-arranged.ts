/** budget_arranged — 102号令 第十四条; 财综〔2022〕51号 二（三）: no budget, no purchase. */
import type { Check } from "./context.js";
import { ground, result, yuan } from "./context.js";

export const checkBudgetArranged: Check = async (ctx) => {
  const rule = ctx.rules.budget;
  const { amountYuan, arranged } = ctx.proposal.budget;
  const citations = await ground(ctx, rule.grounding, arranged ? "" : "预算未安排");
  if (!arranged)
    return result(
      "budget_arranged",
      rule.notArrangedStatus,
      `预算尚未安排（金额 ${yuan(amountYuan)}）。依据${rule.basis}，对预算未安排的事项，不得开展购买服务；请先将项目纳入部门预算。`,
      citations,
      rule.basis,
      "预算未安排（budget.arranged = false）",
    );
  if (amountYuan === 0)
    return result(
      "budget_arranged",
      rule.zeroAmountStatus,
      `标记为已安排预算，但预算金额为0元，请核实预算批复金额。`,
      citations,
      rule.basis,
      "预算金额为0元（budget.amountYuan = 0）",
    );
  return result(
    "budget_arranged",
    "pass",
    `已安排预算 ${yuan(amountYuan)}，符合“先有预算、后购买服务”的要求（${rule.basis}）。`,
    citations,
    rule.basis,
  );
};
