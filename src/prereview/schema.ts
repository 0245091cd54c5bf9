/**
 * The proposal a clerk submits for pre-review, and the checklist that comes back.
 * Both JSON shapes are contracts other tooling uses (see issue #4 and README).
 */
import { z } from "zod";
import { CitationSchema } from "../knowledge/schema.js";

export const PurchaserTypeSchema = z.enum([
  "administrative",
  "civil_service_managed",
  "mass_organization",
  "public_institution_1",
  "public_institution_2",
  "other",
]);
export const ContractorTypeSchema = z.enum([
  "social_organization",
  "enterprise",
  "public_institution_2",
  "public_institution_1",
  "individual",
  "other",
]);
export const ProcurementMethodSchema = z.enum([
  "public_tender",
  "competitive_negotiation",
  "competitive_consultation",
  "single_source",
  "inquiry",
  "other",
]);

/** Unknown extra fields (id, expect …) are stripped, not rejected. */
export const ProposalSchema = z.object({
  title: z.string().trim().min(1).max(200),
  service: z.string().trim().min(1).max(4000),
  purchaser: z.object({
    name: z.string().trim().min(1).max(200),
    type: PurchaserTypeSchema,
  }),
  budget: z.object({
    amountYuan: z.number().nonnegative().finite(),
    arranged: z.boolean(),
  }),
  contractor: z.object({
    name: z.string().trim().min(1).max(200),
    type: ContractorTypeSchema,
    rating: z
      .string()
      .regex(/^[1-5]A$/, { message: "rating must be 1A…5A or null" })
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    inspectionYearsPassed: z
      .number()
      .int()
      .nonnegative()
      .nullable()
      .optional()
      .transform((v) => v ?? null),
  }),
  procurementMethod: ProcurementMethodSchema,
  contractTermMonths: z.number().int().positive().max(1200),
  stableRecurring: z.boolean().optional().default(false),
  performanceTargets: z.string().trim().max(4000).optional().default(""),
  newMajorProject: z.boolean().optional().default(false),
  priorAssessmentDone: z.boolean().optional().default(false),
});
export type Proposal = z.infer<typeof ProposalSchema>;
export type ProposalInput = z.input<typeof ProposalSchema>;

export const CheckIdSchema = z.enum([
  "prohibited_matters",
  "budget_arranged",
  "purchaser_eligible",
  "contractor_eligible",
  "procurement_method",
  "contract_term",
  "performance_targets",
  "prior_assessment",
]);
export type CheckId = z.infer<typeof CheckIdSchema>;

export const CheckStatusSchema = z.enum(["pass", "warn", "fail", "n/a"]);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

export const CheckResultSchema = z.object({
  id: CheckIdSchema,
  status: CheckStatusSchema,
  /** Chinese, for the clerk. */
  message: z.string(),
  citations: z.array(CitationSchema),
  /** The phrase of the proposal that triggered a finding, when there is one. */
  trigger: z.string().optional(),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const OutcomeSchema = z.enum(["blocked", "ready_with_warnings", "ready"]);
export type Outcome = z.infer<typeof OutcomeSchema>;

export const ChecklistSchema = z.object({
  outcome: OutcomeSchema,
  checks: z.array(CheckResultSchema),
});
export type Checklist = z.infer<typeof ChecklistSchema>;

export function outcomeOf(checks: CheckResult[]): Outcome {
  if (checks.some((c) => c.status === "fail")) return "blocked";
  if (checks.some((c) => c.status === "warn")) return "ready_with_warnings";
  return "ready";
}
