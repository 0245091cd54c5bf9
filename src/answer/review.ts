/**
 * The deontic check over an LLM's verdict: a model that says 可以 (or 有条件) where a retrieved prohibition covers
 * the asked act is overruled to 仅供参考, with both the model's answer and the prohibition shown and the
 * disagreement noted. A model that says 不可以 where the statements permit is likewise reduced to 仅供参考.
 */
import { toCitation } from "../knowledge/schema.js";
import type { Analysis } from "./index.js";
import type { Answer } from "./schema.js";
import type { Decision } from "./verdict.js";

export function reviewLlmVerdict(answer: Answer, a: Analysis, d: Decision): Answer {
  const permits = answer.verdict === "allowed" || answer.verdict === "conditional";
  const clash = (permits && d.verdict === "prohibited") || (answer.verdict === "prohibited" && (d.verdict === "allowed" || d.verdict === "conditional"));
  if (!clash || !d.basis) return answer;
  const basis = d.basis;
  const ref = `《${basis.hit.doc.title}》${basis.hit.doc.docNo ? `（${basis.hit.doc.docNo}）` : ""} ${basis.hit.clause.path}`.trim();
  const quote = basis.statement.text;
  const note =
    a.q.lang === "en"
      ? `The model's verdict (${answer.verdict}) disagrees with ${ref}: “${quote}”. Shown for reference only; confirm with the finance department.`
      : `大模型的结论（${answer.verdict}）与${ref}“${quote}”不一致，以下仅供参考，请与财政部门确认。`;
  const citation = { ...toCitation(basis.hit.clause, basis.hit.doc), role: "basis" as const };
  return {
    ...answer,
    verdict: "info",
    answer: `${note}\n${answer.answer}`,
    citations: [citation, ...answer.citations.filter((c) => c.clausePath !== citation.clausePath || c.docId !== citation.docId)],
    note,
  };
}
