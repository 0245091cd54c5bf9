/**
 * Approval routing: who approves a purchase-of-services proposal, in which order. Routing is data, not code.
 * The file is chosen with ZHICE_ROUTING_FILE (default: flows/routing.default.json).
 *
 * Format (JSON):
 * {
 *   "steps": [                                   // ordered; a proposal passes them one after another
 *     { "name": "科室审核",                       // step name shown to users
 *       "mode": "any",                            // "any" = 或签 (one approval completes the step)
 *                                                 // "all" = 会签 (every listed approver must approve)
 *       "approvers": ["U_FIN_REVIEWER", "U_FIN_REVIEWER2"],   // user ids (Slack user ids in Slack)
 *       "condition": { "minAmountYuan": 500000 }  // optional: the step applies only when budget.amountYuan ≥ this
 *     }
 *   ],
 *   "reminderAfterMinutes": 1440,   // a pending step not decided after this long: 催办 reminder to its approvers
 *   "escalateAfterMinutes": 4320,   // …and after this long: escalation to `escalateTo`, who may then decide the step
 *   "escalateTo": ["U_FIN_DIRECTOR"],
 *   "cc": ["U_FIN_ARCHIVE"],       // 抄送: told about the final outcome (approved / rejected / withdrawn)
 *   "remindIntervalMinutes": 60     // optional: a step is reminded (催办) at most once in this long (default 60)
 * }
 *
 * Rules: at least one step; at least one step without a condition (so every proposal is routed); approver ids are
 * unique within a step; escalateAfterMinutes > reminderAfterMinutes. The submitter never approves their own
 * proposal: they are removed from every step they are listed in (and from escalation); a step left with nobody
 * falls back to `escalateTo`.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

const UserId = z.string().trim().min(1, { message: "用户 ID 不能为空 / user id must not be empty" });

export const RoutingStepSchema = z
  .object({
    name: z.string().trim().min(1, { message: "步骤名称不能为空 / step name must not be empty" }),
    mode: z.enum(["any", "all"], { message: '会签方式必须为 "any"（或签）或 "all"（会签） / mode must be "any" or "all"' }),
    approvers: z
      .array(UserId)
      .min(1, { message: "每个步骤至少需要一名审批人 / a step needs at least one approver" })
      .refine((a) => new Set(a).size === a.length, { message: "审批人重复 / approvers must be unique" }),
    condition: z
      .object({
        minAmountYuan: z
          .number({ message: "金额下限必须为数字 / minAmountYuan must be a number" })
          .nonnegative({ message: "金额下限必须为非负数 / minAmountYuan must be ≥ 0" })
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const RoutingSchema = z
  .object({
    steps: z.array(RoutingStepSchema).min(1, { message: "至少需要一个审批步骤 / at least one step is required" }),
    reminderAfterMinutes: z
      .number({ message: "催办间隔必须为数字 / reminderAfterMinutes must be a number" })
      .positive({ message: "催办间隔必须大于 0 / reminderAfterMinutes must be > 0" }),
    escalateAfterMinutes: z
      .number({ message: "升级间隔必须为数字 / escalateAfterMinutes must be a number" })
      .positive({ message: "升级间隔必须大于 0 / escalateAfterMinutes must be > 0" }),
    escalateTo: z.array(UserId).default([]),
    cc: z.array(UserId).default([]),
    remindIntervalMinutes: z
      .number({ message: "催办间隔限制必须为数字 / remindIntervalMinutes must be a number" })
      .nonnegative({ message: "催办间隔限制必须为非负数 / remindIntervalMinutes must be ≥ 0" })
      .default(60),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (!r.steps.some((s) => s.condition?.minAmountYuan === undefined))
      ctx.addIssue({
        code: "custom",
        path: ["steps"],
        message: "至少一个步骤不设条件，保证每个项目都有审批人 / at least one step must have no condition",
      });
    if (r.escalateAfterMinutes <= r.reminderAfterMinutes)
      ctx.addIssue({
        code: "custom",
        path: ["escalateAfterMinutes"],
        message: "升级间隔必须大于催办间隔 / escalateAfterMinutes must be greater than reminderAfterMinutes",
      });
  });

export type RoutingStep = z.infer<typeof RoutingStepSchema>;
export type Routing = z.infer<typeof RoutingSchema>;

/** One step as routed for one proposal (condition already applied, submitter removed). */
export interface RoutedStep {
  name: string;
  mode: "any" | "all";
  approvers: string[];
}

export class RoutingError extends Error {
  constructor(
    public readonly file: string,
    public readonly problems: string[],
  ) {
    super(`审批路由文件无效 / invalid routing file ${file}:\n` + problems.map((p) => `  ${p}`).join("\n"));
    this.name = "RoutingError";
  }
}

/** Validates a parsed routing object; errors name the field, e.g. `steps[1].mode`. */
export function parseRouting(value: unknown, file = "<routing>"): Routing {
  const r = RoutingSchema.safeParse(value);
  if (r.success) return r.data;
  throw new RoutingError(
    file,
    r.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`),
  );
}

export function loadRouting(file: string): Routing {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new RoutingError(file, [`无法读取文件 / cannot read file: ${(e as Error).message}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new RoutingError(file, [`不是有效的 JSON / not valid JSON: ${(e as Error).message}`]);
  }
  return parseRouting(json, file);
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
}

/**
 * The steps that apply to a proposal of this amount, for this submitter. Separation of duties
 * (财会〔2012〕21号 不相容岗位相互分离): the submitter is removed from every step; an emptied step falls back to
 * the escalation users; if nobody is left the proposal cannot be routed (RoutingError).
 */
export function routeSteps(routing: Routing, amountYuan: number, submitter: string): RoutedStep[] {
  const steps: RoutedStep[] = [];
  for (const s of routing.steps) {
    const min = s.condition?.minAmountYuan;
    if (min !== undefined && amountYuan < min) continue;
    let approvers = s.approvers.filter((a) => a !== submitter);
    if (approvers.length === 0) approvers = routing.escalateTo.filter((a) => a !== submitter);
    if (approvers.length === 0)
      throw new RoutingError("<routing>", [
        `steps "${s.name}": 除提交人外没有审批人 / no approver other than the submitter (${submitter})`,
      ]);
    steps.push({ name: s.name, mode: s.mode, approvers });
  }
  return steps;
}
