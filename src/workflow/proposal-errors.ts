/**
 * Invalid proposal input → one line per bad field, in Chinese with English alongside, e.g.
 *   budget.amountYuan: 预算金额必须为非负数 / budget.amountYuan must be ≥ 0
 */
import type { z } from "zod";
import { ProposalSchema, type Proposal } from "../prereview/schema.js";

const FIELD_ZH: Record<string, string> = {
  title: "项目名称",
  service: "服务内容",
  purchaser: "购买主体",
  "purchaser.name": "购买主体名称",
  "purchaser.type": "购买主体类型",
  budget: "预算",
  "budget.amountYuan": "预算金额",
  "budget.arranged": "是否已安排预算",
  contractor: "承接主体",
  "contractor.name": "承接主体名称",
  "contractor.type": "承接主体类型",
  "contractor.rating": "社会组织评估等级",
  "contractor.inspectionYearsPassed": "年检合格年数",
  procurementMethod: "采购方式",
  contractTermMonths: "合同期限（月）",
  stableRecurring: "是否稳定持续",
  performanceTargets: "绩效目标",
  newMajorProject: "是否新增重大项目",
  priorAssessmentDone: "是否已事前评估",
};

function describe(issue: z.core.$ZodIssue, field: string): { zh: string; en: string } {
  const name = FIELD_ZH[field] ?? field;
  const i = issue as z.core.$ZodIssue & { expected?: string; minimum?: number | bigint; maximum?: number | bigint; values?: unknown[]; input?: unknown };
  switch (i.code) {
    case "invalid_type":
      if (/received undefined/.test(i.message) || ("input" in i && i.input === undefined && !/received/.test(i.message))) return { zh: `缺少${name}`, en: `${field} is required` };
      return { zh: `${name}类型错误，应为${typeZh(i.expected)}`, en: `${field} must be a ${i.expected}` };
    case "too_small":
      if (typeof i.input === "string" || i.origin === "string") return { zh: `${name}不能为空`, en: `${field} must not be empty` };
      if (Number(i.minimum) === 0) return { zh: `${name}必须为非负数`, en: `${field} must be ≥ 0` };
      return { zh: `${name}必须大于${i.inclusive ? "或等于" : ""} ${i.minimum}`, en: `${field} must be ${i.inclusive ? "≥" : ">"} ${i.minimum}` };
    case "too_big":
      return { zh: `${name}不能超过 ${i.maximum}`, en: `${field} must be ≤ ${i.maximum}` };
    case "invalid_value":
      return {
        zh: `${name}取值无效，可选：${(i.values ?? []).join(" | ")}`,
        en: `${field} must be one of ${(i.values ?? []).join(" | ")}`,
      };
    case "invalid_format":
      return { zh: `${name}格式无效（${i.message}）`, en: `${field}: ${i.message}` };
    default:
      return { zh: `${name}无效`, en: `${field}: ${i.message}` };
  }
}

function typeZh(t?: string): string {
  return ({ string: "文本", number: "数字", boolean: "true/false", object: "对象", array: "数组" } as Record<string, string>)[t ?? ""] ?? String(t);
}

export function proposalIssueLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join(".") || "(proposal)";
    const { zh, en } = describe(issue, field);
    return `${field}: ${zh} / ${en}`;
  });
}

export class ProposalValidationError extends Error {
  constructor(public readonly lines: string[]) {
    super(`项目申报数据无效 / invalid proposal:\n${lines.map((l) => `  ${l}`).join("\n")}`);
    this.name = "ProposalValidationError";
  }
}

/** Parses proposal input (extra fields such as id / expect are ignored) or throws ProposalValidationError. */
export function parseProposal(input: unknown): Proposal {
  const r = ProposalSchema.safeParse(input);
  if (r.success) return r.data;
  throw new ProposalValidationError(proposalIssueLines(r.error));
}
