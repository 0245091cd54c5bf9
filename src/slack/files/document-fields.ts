/**
 * A proposal written as a document (PDF, Word, text) → the pre-review form's values, where the document labels them:
 * 「项目名称：…」「预算金额（万元）：80」 lines, and Word tables whose rows pair a label cell with its value. Each value goes
 * through the same parser as the local mode's form (80万 → 800000, 三年 → 36, 5A级 → 5A); a value that does not parse
 * is left for the user to fill in. Types the document does not state are guessed from the names (…局 → 行政机关,
 * …有限公司 → 企业), to be confirmed in the modal.
 */
import { htmlToText } from "../../ingest/clean.js";
import type { ReadResult } from "../../ingest/readers.js";
import { formFields, proposalFromValues } from "../../local/form.js";
import { contractorTypes, procurementMethods, purchaserTypes } from "../../prereview/labels.js";

/** Labels a proposal document uses for each form field (after removing spaces and a unit in brackets). */
const LABELS: [path: string, label: RegExp][] = [
  ["title", /^(项目名称|项目标题)$/],
  ["service", /^(服务内容|购买内容|项目内容|服务事项|主要服务内容)$/],
  ["purchaser.name", /^(购买主体|购买主体名称|购买单位|采购人|采购单位)$/],
  ["purchaser.type", /^(购买主体类型|购买主体性质|购买单位性质|购买单位类型)$/],
  ["budget.amountYuan", /^(预算金额|项目预算|预算资金|预算|项目金额|采购预算)$/],
  ["budget.arranged", /^(预算是否已安排|预算已安排|预算是否安排|是否已安排预算|预算安排情况)$/],
  ["contractor.name", /^(承接主体|承接主体名称|承接单位|拟承接主体|服务提供方)$/],
  ["contractor.type", /^(承接主体类型|承接主体性质|承接单位类型|承接单位性质)$/],
  ["contractor.rating", /^(评估等级|社会组织评估等级)$/],
  ["contractor.inspectionYearsPassed", /^(连续年检合格年数|年检合格年数)$/],
  ["procurementMethod", /^(采购方式|购买方式)$/],
  ["contractTermMonths", /^(合同期限|服务期限|履行期限|合同履行期限)$/],
  ["stableRecurring", /^(是否长期稳定经常性服务|是否为长期稳定、经常性的服务|长期稳定经常性服务)$/],
  ["performanceTargets", /^(绩效目标)$/],
  ["newMajorProject", /^(是否新增重大项目|新增重大项目)$/],
  ["priorAssessmentDone", /^(是否已完成事前评估|事前评估|事前评估情况)$/],
];

/** Fields whose presence marks a document as a proposal (two or more of them). */
const PROPOSAL_MARKERS = ["title", "service", "purchaser.name", "budget.amountYuan", "contractor.name", "procurementMethod", "contractTermMonths"];

const LABEL_LINE = /^\s*(?:[一二三四五六七八九十\d]+[、.．]\s*|[（(][一二三四五六七八九十\d]+[）)]\s*)?([^：:\n]{2,24}?)\s*[：:]\s*(.*)$/;

/** Word tables (mammoth HTML): a row of label / value cell pairs becomes 「label：value」 paragraphs. */
function tableRowsAsLabels(html: string): string {
  return html.replace(/<tr\b[^>]*>([\s\S]*?)<\/tr\s*>/gi, (row, inner: string) => {
    const cells = [...inner.matchAll(/<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]\s*>/gi)].map((m) => m[1]!.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim());
    if (cells.length < 2 || cells.length % 2) return row;
    const pairs: string[] = [];
    for (let i = 0; i < cells.length; i += 2) pairs.push(`<p>${cells[i]!.replace(/[：:]$/, "")}：${cells[i + 1]}</p>`);
    return pairs.join("");
  });
}

/** The document's text as lines (Word's HTML through the ingest cleaner, tables as label lines). */
export function documentLines(read: ReadResult): string[] {
  const text = read.format === "html" ? htmlToText(tableRowsAsLabels(read.text)).text : read.text;
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

function fieldOf(label: string): { path: string; unit: "万" | "" } | null {
  const bare = label.replace(/\s/g, "");
  const unit = /[（(]万元[）)]$/.test(bare) ? "万" : "";
  const key = bare.replace(/[（(][^）)]*[）)]$/, "");
  const hit = LABELS.find(([, re]) => re.test(key));
  return hit ? { path: hit[0], unit } : null;
}

/** The option whose Chinese label the text names (公开招标方式 → public_tender). */
function optionIn(options: [string, string][], text: string): string | undefined {
  return options.find(([, label]) => text.includes(label.split(" / ")[0]!))?.[0];
}

function guessPurchaserType(name: string): string | undefined {
  return /(局|厅|委员会|委|办公室|人民政府|街道办事处)$/.test(name) ? "administrative" : undefined;
}

function guessContractorType(name: string): string | undefined {
  if (/(有限公司|有限责任公司|股份公司|集团)$/.test(name)) return "enterprise";
  if (/(社会工作服务中心|服务中心|协会|促进会|基金会|服务社|研究会)$/.test(name)) return "social_organization";
  return undefined;
}

/** What was read from a document: the form's values by field path, and the labelled values that could not be used. */
export interface DocumentFields {
  values: Record<string, unknown>;
  /** 「预算金额：待定」: labelled, but not a value the form takes. */
  unreadable: { path: string; text: string }[];
}

export function fieldsFromLines(lines: string[]): DocumentFields {
  const parsers = new Map(formFields().map((f) => [f.path, f.parse]));
  const values: Record<string, unknown> = {};
  const unreadable: DocumentFields["unreadable"] = [];
  lines.forEach((line, i) => {
    const m = LABEL_LINE.exec(line);
    const field = m ? fieldOf(m[1]!) : null;
    if (!m || !field || values[field.path] !== undefined) return;
    // a label alone on its line: the value is the next line, unless that is another label
    let raw = m[2]!.trim();
    const next = lines[i + 1];
    if (!raw && next && !(LABEL_LINE.test(next) && fieldOf(LABEL_LINE.exec(next)![1]!))) raw = next;
    if (!raw) return;
    let value: unknown;
    if (field.path === "purchaser.type") value = optionIn(purchaserTypes, raw);
    else if (field.path === "contractor.type") value = optionIn(contractorTypes, raw);
    else if (field.path === "procurementMethod") value = optionIn(procurementMethods, raw);
    else {
      const parsed = parsers.get(field.path)?.(/^\d+(\.\d+)?$/.test(raw) && field.unit ? `${raw}${field.unit}` : raw);
      value = parsed?.ok ? parsed.value : undefined;
    }
    if (value === undefined) unreadable.push({ path: field.path, text: raw });
    else values[field.path] = value;
  });
  const purchaser = values["purchaser.name"];
  if (values["purchaser.type"] === undefined && typeof purchaser === "string" && guessPurchaserType(purchaser)) values["purchaser.type"] = guessPurchaserType(purchaser);
  const contractor = values["contractor.name"];
  if (values["contractor.type"] === undefined && typeof contractor === "string" && guessContractorType(contractor)) values["contractor.type"] = guessContractorType(contractor);
  return { values, unreadable };
}

/** Whether the labelled fields make the document a proposal. */
export function isProposal(fields: DocumentFields): boolean {
  const named = new Set([...Object.keys(fields.values), ...fields.unreadable.map((u) => u.path)]);
  return PROPOSAL_MARKERS.filter((p) => named.has(p)).length >= 2;
}

/** The values as the proposal object the pre-review modal is prefilled with. */
export function proposalDraft(fields: DocumentFields): Record<string, unknown> {
  return proposalFromValues(fields.values);
}

/** The form fields, in the form's order, the document did not give. */
export function missingFields(fields: DocumentFields): { path: string; label: string }[] {
  return formFields()
    .filter((f) => !f.optional && fields.values[f.path] === undefined)
    .map((f) => ({ path: f.path, label: f.label }));
}
