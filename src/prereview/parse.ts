/**
 * Validating a proposal from untrusted input (CLI file, Slack modal, submit). Names EVERY bad field by its path
 * (budget.amountYuan), in Chinese with English alongside. Unknown extra fields (id, expect …) are ignored.
 */
import type { z } from "zod";
import { ProposalSchema, type Proposal } from "./schema.js";
import { zhLabel } from "./labels.js";

export interface ProposalError {
  /** Dotted path of the field, e.g. "budget.amountYuan"; "(root)" when the input is not an object. */
  field: string;
  messageZh: string;
  messageEn: string;
}

export type ParseResult = { ok: true; proposal: Proposal } | { ok: false; errors: ProposalError[] };

const labels: Record<string, string> = {
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
  "contractor.inspectionYearsPassed": "连续年检合格年数",
  procurementMethod: "采购方式",
  contractTermMonths: "合同期限（月）",
  stableRecurring: "是否内容固定、连续性强",
  performanceTargets: "绩效目标",
  newMajorProject: "是否新增重大项目",
  priorAssessmentDone: "是否已完成事前评估",
};

const objectFields: Record<string, string[]> = {
  purchaser: ["name", "type"],
  budget: ["amountYuan", "arranged"],
  contractor: ["name", "type"],
};


const typeNames: Record<string, [string, string]> = {
  string: ["文本", "a string"],
  number: ["数字", "a number"],
  int: ["整数", "an integer"],
  boolean: ["true 或 false", "true or false"],
  object: ["对象", "an object"],
};

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v: unknown = input;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function describe(issue: z.core.$ZodIssue, input: unknown, field: string): [string, string] {
  const value = valueAt(input, issue.path);
  const i = issue as z.core.$ZodIssue & Record<string, unknown>;
  switch (issue.code) {
    case "invalid_type": {
      if (value === undefined || value === null) {
        const sub = objectFields[field];
        return sub
          ? [`缺失，必须填写（含 ${sub.join("、")}）`, `is required (an object with ${sub.join(", ")})`]
          : ["缺失，必须填写", "is required"];
      }
      const expected = String(i.expected ?? "");
      if (expected === "number" && typeof value === "number") return ["必须为有限数字", "must be a finite number"];
      const [zh, en] = typeNames[expected] ?? [expected, expected];
      return [`必须为${zh}（收到 ${JSON.stringify(value)}）`, `must be ${en} (got ${JSON.stringify(value)})`];
    }
    case "too_small": {
      const min = Number(i.minimum);
      if (i.origin === "string") return ["不能为空", "must not be empty"];
      if (i.inclusive === false) return [`必须大于${min}`, `must be > ${min}`];
      return min === 0 ? ["必须为非负数", "must be ≥ 0"] : [`不能小于${min}`, `must be ≥ ${min}`];
    }
    case "too_big": {
      const max = Number(i.maximum);
      if (i.origin === "string") return [`长度不能超过${max}个字符`, `must be at most ${max} characters`];
      return [`不能大于${max}`, `must be ≤ ${max}`];
    }
    case "invalid_value": {
      const values = (i.values as unknown[] | undefined)?.map(String) ?? [];
      const allowedZh = values.map((v) => `${v}（${zhLabel(v)}）`).join("、");
      if (value === undefined || value === null)
        return [`缺失，必须填写，可选值：${allowedZh}`, `is required, one of ${values.join(" | ")}`];
      return [
        `取值无效（收到 ${JSON.stringify(value)}），应为：${allowedZh}`,
        `must be one of ${values.join(" | ")} (got ${JSON.stringify(value)})`,
      ];
    }
    case "invalid_format":
      if (field === "contractor.rating")
        return [`须为 1A–5A 或 null（收到 ${JSON.stringify(value)}）`, `must be "1A"…"5A" or null (got ${JSON.stringify(value)})`];
      return [`格式无效：${issue.message}`, `has an invalid format: ${issue.message}`];
    default:
      return [`无效：${issue.message}`, `is invalid: ${issue.message}`];
  }
}

export function parseProposal(json: unknown): ParseResult {
  if (json === null || typeof json !== "object" || Array.isArray(json))
    return {
      ok: false,
      errors: [{ field: "(root)", messageZh: "项目申报内容必须是 JSON 对象", messageEn: "the proposal must be a JSON object" }],
    };
  const parsed = ProposalSchema.safeParse(json);
  if (parsed.success) return { ok: true, proposal: parsed.data };
  const errors: ProposalError[] = [];
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    const field = issue.path.map(String).join(".") || "(root)";
    if (seen.has(field)) continue; // one message per field
    seen.add(field);
    const [zh, en] = describe(issue, json, field);
    errors.push({ field, messageZh: `${labels[field] ?? field}（${field}）${zh}`, messageEn: `${field} ${en}` });
  }
  return { ok: false, errors };
}

/** One line per error, Chinese / English, for CLI and chat replies. */
export function formatProposalErrors(errors: ProposalError[]): string {
  return errors.map((e) => `- ${e.messageZh} / ${e.messageEn}`).join("\n");
}
