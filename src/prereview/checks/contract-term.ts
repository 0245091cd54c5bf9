/** contract_term — 102号令 第二十四条: ≤ 12 months; ≤ 36 months only when the service is stable and recurring. */
import type { Check } from "./context.js";
import { ground, result } from "./context.js";

export const checkContractTerm: Check = async (ctx) => {
  const rule = ctx.rules.contractTerm;
  const { contractTermMonths: months, stableRecurring } = ctx.proposal;
  const citations = await ground(ctx, rule.grounding, "合同期限");
  if (months <= rule.maxMonths)
    return result(
      "contract_term",
      "pass",
      `合同期限${months}个月，未超过${rule.maxMonths}个月的一般期限（${rule.basis}）。`,
      citations,
      rule.basis,
    );
  if (stableRecurring && months <= rule.maxMonthsStableRecurring)
    return result(
      "contract_term",
      "pass",
      `合同期限${months}个月，超过${rule.maxMonths}个月，但项目内容相对固定、连续性强、经费来源稳定，可签订不超过${rule.maxMonthsStableRecurring}个月的合同（${rule.basis}）；请确保预算有保障。`,
      citations,
      rule.basis,
    );
  const why = stableRecurring
    ? `即使内容固定、连续性强，最长也不得超过${rule.maxMonthsStableRecurring}个月`
    : `一般不超过${rule.maxMonths}个月，只有购买内容相对固定、连续性强、经费来源稳定、价格变化幅度小的项目才可签订不超过${rule.maxMonthsStableRecurring}个月的合同，本项目未声明属于此类`;
  return result(
    "contract_term",
    rule.overStatus,
    `合同期限${months}个月超出法定期限：依据${rule.basis}，合同履行期限${why}。不得超出法定期限签订政府购买服务合同。`,
    citations,
    rule.basis,
    `合同期限${months}个月${stableRecurring ? "" : "，未声明内容固定、连续性强"}（contractTermMonths = ${months}）`,
  );
};
