/** The proposal questions the local mode asks one by one when no JSON file is given, and their answers → proposal JSON. */
import { parseAmount } from "../slack/proposal-form.js";
import { contractorTypes, procurementMethods, purchaserTypes } from "../slack/blocks/modals.js";

export interface FormField {
  path: string;
  label: string;
  hint?: string;
  optional?: boolean;
  /** A message when the answer cannot be used; undefined when fine. */
  check?: (answer: string) => string | undefined;
}

const choice = (options: [string, string][]) => (a: string) =>
  options.some(([v]) => v === a) || /^\d+$/.test(a) && Number(a) >= 1 && Number(a) <= options.length
    ? undefined
    : `请输入编号或取值 / enter a number or one of: ${options.map(([v]) => v).join(", ")}`;
const yesNo = (a: string) => (/^(y|yes|n|no|是|否|true|false)$/i.test(a) ? undefined : "请输入 是/否 / answer yes or no");
const options = (o: [string, string][]) => o.map(([, label], i) => `${i + 1}=${label.split(" / ")[0]}`).join(" ");

export function formFields(): FormField[] {
  return [
    { path: "title", label: "项目名称 / title" },
    { path: "service", label: "服务内容 / service" },
    { path: "purchaser.name", label: "购买主体名称 / purchaser name" },
    { path: "purchaser.type", label: "购买主体类型 / purchaser type", hint: options(purchaserTypes), check: choice(purchaserTypes) },
    { path: "budget.amountYuan", label: "预算金额（元）/ budget (yuan)" },
    { path: "budget.arranged", label: "预算已安排？/ budget arranged?", hint: "是/否", check: yesNo },
    { path: "contractor.name", label: "承接主体名称 / contractor name" },
    { path: "contractor.type", label: "承接主体类型 / contractor type", hint: options(contractorTypes), check: choice(contractorTypes) },
    { path: "contractor.rating", label: "评估等级 / rating", hint: "1A…5A", optional: true },
    { path: "contractor.inspectionYearsPassed", label: "连续年检合格年数 / years of passed inspection", optional: true },
    { path: "procurementMethod", label: "采购方式 / procurement method", hint: options(procurementMethods), check: choice(procurementMethods) },
    { path: "contractTermMonths", label: "合同期限（月）/ contract term (months)" },
    { path: "stableRecurring", label: "长期稳定、经常性服务？/ stable and recurring?", hint: "是/否", optional: true, check: yesNo },
    { path: "performanceTargets", label: "绩效目标 / performance targets", optional: true },
    { path: "newMajorProject", label: "新增重大项目？/ new major project?", hint: "是/否", optional: true, check: yesNo },
    { path: "priorAssessmentDone", label: "已完成事前评估？/ prior assessment done?", hint: "是/否", optional: true, check: yesNo },
  ];
}

function pick(options: [string, string][], a: string): string {
  return /^\d+$/.test(a) ? (options[Number(a) - 1]?.[0] ?? a) : a;
}
const bool = (a: string | undefined) => (a === undefined ? undefined : /^(y|yes|是|true)$/i.test(a));
const num = (a: string | undefined) => (a === undefined ? undefined : /^\d+$/.test(a.trim()) ? Number(a) : a);

/** Answers keyed by field path → the proposal JSON (validated afterwards by parseProposal, which names bad fields). */
export function proposalFromAnswers(v: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    title: v.title ?? "",
    service: v.service ?? "",
    purchaser: { name: v["purchaser.name"] ?? "", type: v["purchaser.type"] ? pick(purchaserTypes, v["purchaser.type"]) : undefined },
    budget: { amountYuan: v["budget.amountYuan"] === undefined ? undefined : parseAmount(v["budget.amountYuan"]), arranged: bool(v["budget.arranged"]) },
    contractor: {
      name: v["contractor.name"] ?? "",
      type: v["contractor.type"] ? pick(contractorTypes, v["contractor.type"]) : undefined,
      rating: v["contractor.rating"]?.toUpperCase() ?? null,
      inspectionYearsPassed: num(v["contractor.inspectionYearsPassed"]) ?? null,
    },
    procurementMethod: v.procurementMethod ? pick(procurementMethods, v.procurementMethod) : undefined,
    contractTermMonths: num(v.contractTermMonths),
  };
  for (const k of ["stableRecurring", "newMajorProject", "priorAssessmentDone"]) if (v[k] !== undefined) out[k] = bool(v[k]);
  if (v.performanceTargets !== undefined) out.performanceTargets = v.performanceTargets;
  return out;
}
