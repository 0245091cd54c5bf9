/**
 * The pre-review modal's submitted state → a proposal JSON (the same shape as the CLI's FILE.json), and validation
 * errors → `response_action: "errors"` keyed by the modal's block ids (which are the proposal's field paths).
 */
import type { ViewStateValue } from "@slack/bolt";

export type ViewValues = Record<string, Record<string, ViewStateValue>>;

/** Field paths that have their own block in the modal. */
export const FORM_FIELDS = [
  "title",
  "service",
  "purchaser.name",
  "purchaser.type",
  "budget.amountYuan",
  "budget.arranged",
  "contractor.name",
  "contractor.type",
  "contractor.rating",
  "contractor.inspectionYearsPassed",
  "procurementMethod",
  "contractTermMonths",
  "stableRecurring",
  "performanceTargets",
  "newMajorProject",
  "priorAssessmentDone",
] as const;

function raw(values: ViewValues, blockId: string): string | undefined {
  const v = Object.values(values[blockId] ?? {})[0];
  if (!v) return undefined;
  const s = v.selected_option?.value ?? v.value ?? v.selected_user ?? undefined;
  return s === null || s === undefined ? undefined : String(s);
}

/** A number the user typed: "80万" and "800,000" are accepted; anything else is returned as typed so validation names it. */
export function parseAmount(text: string): number | string {
  const t = text.trim().replace(/[,，\s]/g, "").replace(/元$/, "");
  const wan = /^(\d+(?:\.\d+)?)万$/.exec(t);
  if (wan) return Math.round(Number(wan[1]) * 10000 * 100) / 100;
  if (/^-?\d+(?:\.\d+)?$/.test(t)) return Number(t);
  return text;
}

function parseWhole(text: string): number | string {
  const t = text.trim().replace(/(个月|月|年)$/, "");
  return /^-?\d+(?:\.\d+)?$/.test(t) ? Number(t) : text;
}

/** Build the proposal object from the modal's state; only what the user entered, typed as the schema expects. */
export function proposalFromView(values: ViewValues): Record<string, unknown> {
  const get = (k: string) => raw(values, k);
  const bool = (k: string) => (get(k) === undefined ? undefined : get(k) === "true");
  const amount = get("budget.amountYuan");
  const term = get("contractTermMonths");
  const years = get("contractor.inspectionYearsPassed");
  const out: Record<string, unknown> = {
    title: get("title") ?? "",
    service: get("service") ?? "",
    purchaser: { name: get("purchaser.name") ?? "", type: get("purchaser.type") },
    budget: { amountYuan: amount === undefined ? undefined : parseAmount(amount), arranged: bool("budget.arranged") },
    contractor: {
      name: get("contractor.name") ?? "",
      type: get("contractor.type"),
      rating: get("contractor.rating") ?? null,
      inspectionYearsPassed: years === undefined || years.trim() === "" ? null : parseWhole(years),
    },
    procurementMethod: get("procurementMethod"),
    contractTermMonths: term === undefined ? undefined : parseWhole(term),
  };
  const optionalBools = ["stableRecurring", "newMajorProject", "priorAssessmentDone"] as const;
  for (const k of optionalBools) if (bool(k) !== undefined) out[k] = bool(k);
  const targets = get("performanceTargets");
  if (targets !== undefined) out.performanceTargets = targets;
  return out;
}

/**
 * Map validation errors (`field` is a path like "budget.amountYuan") onto the modal's block ids; an error on a field
 * without its own block goes to the nearest block of the same object, else to the title block. Slack shows one
 * message per block, so several errors on one block are joined.
 */
export function errorsForModal(errors: { field: string; messageZh: string; messageEn: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  const fields = FORM_FIELDS as readonly string[];
  for (const e of errors) {
    let block = fields.includes(e.field) ? e.field : fields.find((f) => f.startsWith(`${e.field}.`) || e.field.startsWith(`${f}.`));
    if (!block) {
      const top = e.field.split(".")[0] ?? "";
      block = fields.find((f) => f.split(".")[0] === top) ?? "title";
    }
    const msg = `${e.messageZh} / ${e.messageEn}`;
    out[block] = out[block] ? `${out[block]}；${msg}` : msg;
  }
  for (const k of Object.keys(out)) if (out[k]!.length > 300) out[k] = `${out[k]!.slice(0, 299)}…`;
  return out;
}
