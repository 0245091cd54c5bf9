/** purchaser_eligible — who may buy: 102号令 第五条、第八条; district plan 三（一）. */
import type { Check } from "./context.js";
import { ground, result } from "./context.js";

export const checkPurchaserEligible: Check = async (ctx) => {
  const rule = ctx.rules.purchaser;
  const { name, type } = ctx.proposal.purchaser;
  const verdict = rule.types[type];
  const citations = await ground(ctx, verdict.grounding ?? rule.grounding, verdict.label);
  const head = `购买主体「${name}」为${verdict.label}`;
  const message =
    verdict.status === "pass"
      ? `${head}，属于可以作为购买主体的单位${verdict.note ? `（${verdict.note}）` : ""}。`
      : `${head}：${verdict.note ?? "不在购买主体范围内"}（${rule.basis}）。`;
  return result(
    "purchaser_eligible",
    verdict.status,
    message,
    citations,
    rule.basis,
    verdict.status === "pass" ? undefined : `购买主体为${verdict.label}（purchaser.type = ${type}）`,
  );
};
