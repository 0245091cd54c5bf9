/**
 * The proposal questions the local mode asks one by one when no JSON file is given. Every answer is checked and
 * normalised as it is typed (80万 → 800000, 5A级 → 5A, 是/否/y/n → true/false); a bad answer is re-asked with a
 * bilingual reason. Answers are kept as typed values keyed by field path; proposalFromValues builds the JSON.
 */
import { chineseNumber } from "../ingest/text.js";
import type { Proposal } from "../prereview/schema.js";
import { matchEnum } from "../prereview/enum-answer.js";
import { contractorTypes, procurementMethods, purchaserTypes } from "../prereview/labels.js";
import { requiredByRules } from "../prereview/required-fields.js";

export type FieldParse = { ok: true; value: unknown } | { ok: false; zh: string; en: string };

export interface FormField {
  path: string;
  label: string;
  hint?: string;
  optional?: boolean;
  /** The answer (non-empty, trimmed) → the JSON value, or why it cannot be used. */
  parse: (answer: string) => FieldParse;
  /** A stored value as the user would type it (for "当前 / current" when editing). */
  show?: (value: unknown) => string;
}

const ok = (value: unknown): FieldParse => ({ ok: true, value });
const bad = (zh: string, en: string): FieldParse => ({ ok: false, zh, en });

/** "800000", "80万", "80万元", "八十万", "1,200,000 元", "3.5万" → yuan; NaN when not an amount. */
export function parseYuan(text: string): number {
  const t = text.trim().replace(/[,，\s]/g, "").replace(/(人民币|元)$/, "").replace(/^(人民币|¥|￥)/, "");
  const m = /^(.+?)(万|亿)?$/.exec(t);
  if (!m) return Number.NaN;
  const base = /^\d+(?:\.\d+)?$/.test(m[1]!) ? Number(m[1]) : chineseNumber(m[1]!);
  if (Number.isNaN(base)) return Number.NaN;
  const unit = m[2] === "万" ? 10_000 : m[2] === "亿" ? 100_000_000 : 1;
  return Math.round(base * unit * 100) / 100;
}

/** A whole number with an optional unit: "12", "12个月", "十二", "3年" (unit stripped) → number; NaN otherwise. */
function parseWhole(text: string, units: RegExp): number {
  const t = text.trim().replace(/\s/g, "").replace(units, "");
  if (/^\d+$/.test(t)) return Number(t);
  return chineseNumber(t);
}

const amount = (a: string): FieldParse => {
  const v = parseYuan(a);
  if (Number.isNaN(v)) return bad("请输入金额数字，如 800000 或 80万", "enter an amount in yuan, e.g. 800000 or 80万");
  if (v < 0) return bad("预算金额必须为非负数", "the budget must be ≥ 0");
  return ok(v);
};

const months = (a: string): FieldParse => {
  const years = /^(.+?)年$/.exec(a.trim());
  const v = years ? parseWhole(years[1]!, /$^/) * 12 : parseWhole(a, /(个月|月)$/);
  if (Number.isNaN(v) || !Number.isInteger(v)) return bad("请输入月数（整数），如 12 或 12个月", "enter the term in whole months, e.g. 12");
  if (v <= 0) return bad("合同期限必须大于 0 个月", "the contract term must be at least 1 month");
  if (v > 1200) return bad("合同期限不能超过 1200 个月", "the contract term must be at most 1200 months");
  return ok(v);
};

const years = (a: string): FieldParse => {
  const v = parseWhole(a, /(年)$/);
  if (Number.isNaN(v) || !Number.isInteger(v) || v < 0)
    return bad("请输入年数（0 或正整数），如 3；不清楚可留空", "enter a whole number of years (0 or more), e.g. 3; leave empty if unknown");
  return ok(v);
};

const rating = (a: string): FieldParse => {
  const t = a.trim().toUpperCase().replace(/\s/g, "").replace(/级$/, "");
  const letters = /^A{1,5}$/.test(t) ? `${t.length}A` : t;
  const cn = /^([一二三四五])A$/.exec(letters);
  const v = cn ? `${chineseNumber(cn[1]!)}A` : letters;
  if (/^[1-5]A$/.test(v)) return ok(v);
  return bad("评估等级应为 1A–5A（如 4A、5A级），没有可留空", "the rating must be 1A–5A (e.g. 4A); leave empty if there is none");
};

const YES = /^(y|yes|是|是的|有|对|true|1)$/i;
const NO = /^(n|no|否|不是|没有|无|不|false|0)$/i;
const yesNo = (a: string): FieldParse =>
  YES.test(a.trim()) ? ok(true) : NO.test(a.trim()) ? ok(false) : bad("请输入 是 或 否（也可 y / n）", "answer 是/否 or y/n");

const choice = (options: [string, string][]) => (a: string): FieldParse => {
  const m = matchEnum(options, a);
  if (m.ok) return ok(m.value);
  const numbered = (v: string) => {
    const i = options.findIndex(([k]) => k === v);
    return `${i + 1}=${options[i]![1].split(" / ")[0]}`;
  };
  if (m.candidates.length)
    return bad(
      `可指 ${m.candidates.map(numbered).join("、")}，请输入编号或更完整的名称`,
      `it could be ${m.candidates.map(numbered).join(", ")}: enter the number or a fuller name`,
    );
  return bad(
    `请输入编号 1–${options.length} 或其名称`,
    `enter a number 1–${options.length} or one of: ${options.map(([v]) => v).join(", ")}`,
  );
};
const showChoice = (options: [string, string][]) => (v: unknown) => {
  const i = options.findIndex(([k]) => k === v);
  return i < 0 ? String(v) : `${i + 1}=${options[i]![1].split(" / ")[0]}`;
};
const text = (max: number) => (a: string): FieldParse =>
  a.length > max ? bad(`不能超过 ${max} 个字`, `at most ${max} characters`) : ok(a);
const showBool = (v: unknown) => (v === true ? "是" : v === false ? "否" : String(v));
const options = (o: [string, string][]) => o.map(([, label], i) => `${i + 1}=${label.split(" / ")[0]}`).join(" ");

export function formFields(): FormField[] {
  return [
    { path: "title", label: "项目名称 / title", parse: text(200) },
    { path: "service", label: "服务内容 / service", parse: text(4000) },
    { path: "purchaser.name", label: "购买主体名称 / purchaser name", parse: text(200) },
    { path: "purchaser.type", label: "购买主体类型 / purchaser type", hint: options(purchaserTypes), parse: choice(purchaserTypes), show: showChoice(purchaserTypes) },
    { path: "budget.amountYuan", label: "预算金额（元）/ budget (yuan)", hint: "如 800000 或 80万", parse: amount },
    { path: "budget.arranged", label: "预算已安排？/ budget arranged?", hint: "是/否", parse: yesNo, show: showBool },
    { path: "contractor.name", label: "承接主体名称 / contractor name", parse: text(200) },
    { path: "contractor.type", label: "承接主体类型 / contractor type", hint: options(contractorTypes), parse: choice(contractorTypes), show: showChoice(contractorTypes) },
    { path: "contractor.rating", label: "评估等级 / rating", hint: "1A…5A", optional: true, parse: rating },
    { path: "contractor.inspectionYearsPassed", label: "连续年检合格年数 / years of passed inspection", hint: "如 3", optional: true, parse: years },
    { path: "procurementMethod", label: "采购方式 / procurement method", hint: options(procurementMethods), parse: choice(procurementMethods), show: showChoice(procurementMethods) },
    { path: "contractTermMonths", label: "合同期限（月）/ contract term (months)", hint: "如 12", parse: months },
    { path: "stableRecurring", label: "长期稳定、经常性服务？/ stable and recurring?", hint: "是/否", optional: true, parse: yesNo, show: showBool },
    requiredByRules().has("performanceTargets")
      ? { path: "performanceTargets", label: "绩效目标 / performance targets", hint: "必填，须可衡量，如 满意度不低于90%", parse: text(4000) }
      : { path: "performanceTargets", label: "绩效目标 / performance targets", optional: true, parse: text(4000) },
    { path: "newMajorProject", label: "新增重大项目？/ new major project?", hint: "是/否", optional: true, parse: yesNo, show: showBool },
    { path: "priorAssessmentDone", label: "已完成事前评估？/ prior assessment done?", hint: "是/否", optional: true, parse: yesNo, show: showBool },
  ];
}

/** Checked answers keyed by field path → the proposal JSON (validated afterwards by parseProposal). */
export function proposalFromValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    title: values.title ?? "",
    service: values.service ?? "",
    purchaser: { name: values["purchaser.name"] ?? "", type: values["purchaser.type"] },
    budget: { amountYuan: values["budget.amountYuan"], arranged: values["budget.arranged"] },
    contractor: {
      name: values["contractor.name"] ?? "",
      type: values["contractor.type"],
      rating: values["contractor.rating"] ?? null,
      inspectionYearsPassed: values["contractor.inspectionYearsPassed"] ?? null,
    },
    procurementMethod: values.procurementMethod,
    contractTermMonths: values.contractTermMonths,
  };
  for (const k of ["stableRecurring", "newMajorProject", "priorAssessmentDone", "performanceTargets"]) if (values[k] !== undefined) out[k] = values[k];
  return out;
}

/** A proposal → the form's values (to edit it field by field; null and "" count as not given). */
export function valuesFromProposal(p: Proposal | Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of formFields()) {
    let v: unknown = p;
    for (const k of f.path.split(".")) v = v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
    if (v !== undefined && v !== null && v !== "") out[f.path] = v;
  }
  return out;
}

/** The field a parseProposal error names ("budget.amountYuan", "contractor" …) → the form fields to ask again. */
export function fieldsForError(fields: FormField[], errorField: string): FormField[] {
  const exact = fields.filter((f) => f.path === errorField);
  if (exact.length) return exact;
  return fields.filter((f) => f.path.startsWith(`${errorField}.`) || errorField.startsWith(`${f.path}.`));
}
