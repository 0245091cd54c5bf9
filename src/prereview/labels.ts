/**
 * How the proposal's enumerated values read to people, Chinese with English alongside — one table for every face
 * (Slack modal and cards, local-mode form, validation messages).
 */
import type { z } from "zod";
import { ContractorTypeSchema, ProcurementMethodSchema, PurchaserTypeSchema } from "./schema.js";

type Labels<S extends z.ZodEnum> = [z.infer<S>, string][];

export const purchaserTypes: Labels<typeof PurchaserTypeSchema> = [
  ["administrative", "行政机关 / administrative body"],
  ["civil_service_managed", "参公管理事业单位 / civil-service-managed institution"],
  ["mass_organization", "群团组织 / mass organisation"],
  ["public_institution_1", "公益一类事业单位 / class-1 public institution"],
  ["public_institution_2", "公益二类事业单位 / class-2 public institution"],
  ["other", "其他 / other"],
];
export const contractorTypes: Labels<typeof ContractorTypeSchema> = [
  ["social_organization", "社会组织 / social organisation"],
  ["enterprise", "企业 / enterprise"],
  ["public_institution_2", "公益二类事业单位 / class-2 public institution"],
  ["public_institution_1", "公益一类事业单位 / class-1 public institution"],
  ["individual", "个人 / individual"],
  ["other", "其他 / other"],
];
export const procurementMethods: Labels<typeof ProcurementMethodSchema> = [
  ["public_tender", "公开招标 / public tender"],
  ["competitive_negotiation", "竞争性谈判 / competitive negotiation"],
  ["competitive_consultation", "竞争性磋商 / competitive consultation"],
  ["single_source", "单一来源 / single source"],
  ["inquiry", "询价 / inquiry"],
  ["other", "其他 / other"],
];

const zh = new Map<string, string>(
  [...purchaserTypes, ...contractorTypes, ...procurementMethods].map(([v, label]) => [v, label.split(" / ")[0]]),
);

/** The Chinese label of an enumerated value (the value itself when it is not one). */
export function zhLabel(value: string): string {
  return zh.get(value) ?? value;
}
