/** procurement_method — competitive methods pass; single source and "other" need a justification (warn). */
import type { Check } from "./context.js";
import { ground, result } from "./context.js";

export const checkProcurementMethod: Check = async (ctx) => {
  const rule = ctx.rules.procurement;
  const method = ctx.proposal.procurementMethod;
  const verdict = rule.methods[method];
  const citations = await ground(ctx, rule.grounding, verdict.label);
  const message =
    verdict.status === "pass"
      ? `采购方式为${verdict.label}，属于政府采购法规定的竞争性方式。`
      : `采购方式为${verdict.label}：${verdict.note ?? "需说明理由"}（${rule.basis}）。`;
  return result(
    "procurement_method",
    verdict.status,
    message,
    citations,
    rule.basis,
    verdict.status === "pass" ? undefined : `采购方式为${verdict.label}（procurementMethod = ${method}）`,
  );
};
