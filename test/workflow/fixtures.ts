/** Deterministic pieces shared by the workflow tests, the child processes and the benchmark. */
import { parseRouting, type Routing } from "../../flows/routing.js";
import type { Checklist, Proposal, ProposalInput } from "../../src/prereview/schema.js";
import { outcomeOf } from "../../src/prereview/schema.js";

/** A small, deterministic pre-check: budget not arranged → blocked; no performance targets → warning. */
export async function simplePrereview(p: Proposal): Promise<Checklist> {
  const checks: Checklist["checks"] = [
    { id: "budget_arranged", status: p.budget.arranged ? "pass" : "fail", message: p.budget.arranged ? "已安排预算" : "预算未安排，不得开展购买服务", citations: [] },
    { id: "performance_targets", status: p.performanceTargets ? "pass" : "warn", message: p.performanceTargets ? "已设定绩效目标" : "未设定绩效目标", citations: [] },
  ];
  return { outcome: outcomeOf(checks), checks };
}

export const ROUTING: Routing = parseRouting({
  steps: [
    { name: "科室审核", mode: "any", approvers: ["U_REV1", "U_REV2"] },
    { name: "分管领导", mode: "all", approvers: ["U_HEAD", "U_DEPUTY"], condition: { minAmountYuan: 500000 } },
  ],
  reminderAfterMinutes: 60,
  escalateAfterMinutes: 180,
  escalateTo: ["U_DIRECTOR"],
  cc: ["U_ARCHIVE"],
});

export function proposal(over: Partial<ProposalInput> & { amountYuan?: number; arranged?: boolean } = {}): ProposalInput {
  const { amountYuan = 800000, arranged = true, ...rest } = over;
  return {
    title: "社区居家养老上门服务项目",
    service: "为辖区80岁以上独居老人提供助餐、助洁、康复护理等上门服务",
    purchaser: { name: "某区民政局", type: "administrative" },
    budget: { amountYuan, arranged },
    contractor: { name: "某社会工作服务中心", type: "social_organization", rating: "4A", inspectionYearsPassed: 3 },
    procurementMethod: "public_tender",
    contractTermMonths: 12,
    stableRecurring: false,
    performanceTargets: "服务对象满意度不低于90%",
    newMajorProject: false,
    priorAssessmentDone: false,
    ...rest,
  };
}

