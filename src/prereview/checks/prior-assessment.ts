/**
 * prior_assessment — 财综〔2022〕51号 二（三）: a new major project needs a prior assessment (事前评估). A project is major
 * when flagged so, or (warning only) when its amount reaches the threshold in the rules.
 */
import type { Check } from "./context.js";
import { ground, result, yuan } from "./context.js";

export const checkPriorAssessment: Check = async (ctx) => {
  const rule = ctx.rules.priorAssessment;
  const { newMajorProject, priorAssessmentDone } = ctx.proposal;
  const amount = ctx.proposal.budget.amountYuan;
  const largeAmount = amount >= rule.majorAmountYuan;
  if (!newMajorProject && !largeAmount)
    return result(
      "prior_assessment",
      "n/a",
      `非新增重大项目（金额${yuan(amount)}，低于${yuan(rule.majorAmountYuan)}的重大项目标准），无需事前评估。`,
      [],
      rule.basis,
    );
  const citations = await ground(ctx, rule.grounding, "重大项目 事前评估");
  if (priorAssessmentDone)
    return result("prior_assessment", "pass", `已完成事前评估，符合新增重大项目管理要求。`, citations, rule.basis);
  if (newMajorProject)
    return result(
      "prior_assessment",
      rule.missingStatus,
      `属于新增重大政府购买服务项目，但尚未完成事前评估。依据${rule.basis}，新增重大项目要做好事前评估并充分开展需求调查。`,
      citations,
      rule.basis,
      "新增重大项目，未做事前评估（newMajorProject = true，priorAssessmentDone = false）",
    );
  return result(
    "prior_assessment",
    rule.amountOnlyStatus,
    `项目金额${yuan(amount)}，达到${yuan(rule.majorAmountYuan)}的重大项目标准，但未完成事前评估；如属新增项目，须先开展事前评估（${rule.basis}）。`,
    citations,
    rule.basis,
    `项目金额${yuan(amount)}，未做事前评估（budget.amountYuan = ${amount}）`,
  );
};
