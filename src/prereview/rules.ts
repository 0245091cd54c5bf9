/**
 * Pre-review thresholds and lists, kept as data in knowledge/data/prereview-rules.json (each with its source).
 * Validated with zod at load so a bad edit fails loudly and names the field.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { projectRoot } from "../config.js";
import { GroundingSchema } from "./grounding.js";
import { CheckStatusSchema, ContractorTypeSchema, ProcurementMethodSchema, PurchaserTypeSchema } from "./schema.js";

const Status = CheckStatusSchema.exclude(["n/a"]);
const Verdict = z.object({
  status: Status,
  label: z.string(),
  note: z.string().optional(),
  /** Overrides the section's grounding for this type (e.g. the 公益一类 clause when there is one). */
  grounding: GroundingSchema.optional(),
});

export const RulesSchema = z.object({
  version: z.number(),
  searchK: z.number().int().positive(),
  maxCitations: z.number().int().positive(),
  budget: z.object({
    source: z.string(),
    basis: z.string(),
    notArrangedStatus: Status,
    zeroAmountStatus: Status,
    grounding: GroundingSchema,
  }),
  purchaser: z.object({
    source: z.string(),
    basis: z.string(),
    types: z.record(PurchaserTypeSchema, Verdict),
    grounding: GroundingSchema,
  }),
  contractor: z.object({
    source: z.string(),
    basis: z.string(),
    socialOrganization: z.object({
      minRating: z.number().int().min(1).max(5),
      minInspectionYears: z.number().int().nonnegative(),
      belowStatus: Status,
      unknownStatus: Status,
    }),
    types: z.record(ContractorTypeSchema, Verdict.extend({ singleSourceStatus: Status.optional() })),
    grounding: z.object({
      socialOrganization: GroundingSchema,
      publicInstitution2: GroundingSchema,
      general: GroundingSchema,
    }),
  }),
  procurement: z.object({
    source: z.string(),
    basis: z.string(),
    methods: z.record(ProcurementMethodSchema, Verdict),
    grounding: GroundingSchema,
  }),
  contractTerm: z.object({
    source: z.string(),
    basis: z.string(),
    maxMonths: z.number().int().positive(),
    maxMonthsStableRecurring: z.number().int().positive(),
    overStatus: Status,
    grounding: GroundingSchema,
  }),
  performanceTargets: z.object({
    source: z.string(),
    basis: z.string(),
    missingStatus: Status,
    vagueStatus: Status,
    minLength: z.number().int().nonnegative(),
    measurableCues: z.array(z.string().min(1)).min(1),
    grounding: GroundingSchema,
  }),
  priorAssessment: z.object({
    source: z.string(),
    basis: z.string(),
    majorAmountYuan: z.number().nonnegative(),
    missingStatus: Status,
    amountOnlyStatus: Status,
    grounding: GroundingSchema,
  }),
});
export type Rules = z.infer<typeof RulesSchema>;

export const defaultRulesFile = path.join(projectRoot, "knowledge", "data", "prereview-rules.json");

/** Reads and validates a JSON data file; the error names the file and every bad field. */
export function readDataFile<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`无法读取数据文件 / cannot read data file ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`数据文件格式错误 / invalid data file ${file}:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export function loadRules(file = defaultRulesFile): Rules {
  return readDataFile(file, RulesSchema);
}
