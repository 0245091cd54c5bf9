/** The readable Chinese checklist for the terminal (✅ / ⚠️ / ❌ per item, the reason, the cited clauses). */
import type { Checklist, CheckId, CheckStatus, Outcome } from "./schema.js";

export const checkNames: Record<CheckId, string> = {
  prohibited_matters: "禁止性事项",
  budget_arranged: "预算安排",
  purchaser_eligible: "购买主体资格",
  contractor_eligible: "承接主体资格",
  procurement_method: "采购方式",
  contract_term: "合同期限",
  performance_targets: "绩效目标",
  prior_assessment: "事前评估",
};

const icons: Record<CheckStatus, string> = { pass: "✅", warn: "⚠️", fail: "❌", "n/a": "➖" };

export const outcomeNames: Record<Outcome, string> = {
  blocked: "❌ 不通过：存在必须整改的问题，不能提交审批 / blocked",
  ready_with_warnings: "⚠️ 有提示：可以提交审批，请关注提示事项 / ready with warnings",
  ready: "✅ 通过：可以提交审批 / ready",
};

export function renderChecklist(checklist: Checklist, title?: string): string {
  const lines: string[] = [];
  if (title) lines.push(`项目预审 / Pre-review: ${title}`);
  lines.push(`结论：${outcomeNames[checklist.outcome]}`, "");
  for (const c of checklist.checks) {
    lines.push(`${icons[c.status]} ${checkNames[c.id]}（${c.id}）`);
    lines.push(`   ${c.message}`);
    if (c.trigger) lines.push(`   触发内容：${c.trigger}`);
    for (const cit of c.citations) {
      const text = cit.text.length > 220 ? `${cit.text.slice(0, 220)}……` : cit.text;
      lines.push(`   依据：《${cit.title}》${cit.docNo ? `（${cit.docNo}）` : ""}${cit.clausePath ? ` ${cit.clausePath}` : ""}：${text}`);
    }
    lines.push("");
  }
  return lines.join("\n").trimEnd() + "\n";
}
