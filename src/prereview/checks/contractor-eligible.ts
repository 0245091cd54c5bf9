/**
 * contractor_eligible — who may supply: social organisations need the rating and inspection record the rules ask
 * (district plan: 3A+ and two consecutive years passed); 公益一类 never; 公益二类 by single source only in the reform year.
 */
import type { Check } from "./context.js";
import { ground, result } from "./context.js";

export function ratingLevel(rating: string | null): number | null {
  const m = rating ? /^([1-5])A$/.exec(rating) : null;
  return m ? Number(m[1]) : null;
}

export const checkContractorEligible: Check = async (ctx) => {
  const rule = ctx.rules.contractor;
  const { name, type, rating, inspectionYearsPassed } = ctx.proposal.contractor;
  const verdict = rule.types[type];
  const head = `承接主体「${name}」为${verdict.label}`;

  if (type === "social_organization") {
    const so = rule.socialOrganization;
    const level = ratingLevel(rating);
    const citations = await ground(ctx, rule.grounding.socialOrganization, rating ?? "");
    const problems: string[] = [];
    const unknown: string[] = [];
    if (level === null) unknown.push("未填写社会组织评估等级");
    else if (level < so.minRating) problems.push(`评估等级${rating}低于${so.minRating}A`);
    if (inspectionYearsPassed === null) unknown.push("未填写连续年检合格年数");
    else if (inspectionYearsPassed < so.minInspectionYears)
      problems.push(`连续年检合格${inspectionYearsPassed}年，不足${so.minInspectionYears}年`);
    const requirement = `要求依法登记且连续${so.minInspectionYears}年以上年检合格的${so.minRating}A级以上社会组织（${rule.basis}）`;
    if (problems.length)
      return result(
        "contractor_eligible",
        so.belowStatus,
        `${head}，${problems.join("，")}；${requirement}。`,
        citations,
        rule.basis,
        [level !== null && level < so.minRating ? `评估等级${rating}（contractor.rating = ${rating}）` : "", inspectionYearsPassed !== null && inspectionYearsPassed < so.minInspectionYears ? `连续年检合格${inspectionYearsPassed}年（contractor.inspectionYearsPassed = ${inspectionYearsPassed}）` : ""]
          .filter(Boolean)
          .join("；"),
      );
    if (unknown.length)
      return result(
        "contractor_eligible",
        so.unknownStatus,
        `${head}，${unknown.join("、")}，无法确认资质；${requirement}。`,
        citations,
        rule.basis,
        [level === null ? "未填写评估等级（contractor.rating 为空）" : "", inspectionYearsPassed === null ? "未填写连续年检合格年数（contractor.inspectionYearsPassed 为空）" : ""]
          .filter(Boolean)
          .join("；"),
      );
    return result(
      "contractor_eligible",
      "pass",
      `${head}，评估等级${rating}、连续年检合格${inspectionYearsPassed}年，符合承接主体条件。`,
      citations,
      rule.basis,
    );
  }

  if (type === "public_institution_2") {
    const citations = await ground(ctx, rule.grounding.publicInstitution2, "公益二类事业单位");
    const single = ctx.proposal.procurementMethod === "single_source";
    const status = single ? verdict.singleSourceStatus ?? "warn" : verdict.status;
    const message = single
      ? `${head}，拟以单一来源方式委托：${verdict.note ?? ""}。请确认本年度为改革当年且暂不具备竞争条件。`
      : `${head}，通过竞争方式确定承接主体，符合事业单位政府购买服务改革要求。`;
    return result("contractor_eligible", status, message, citations, rule.basis, single ? "公益二类事业单位以单一来源方式承接（contractor.type = public_institution_2，procurementMethod = single_source）" : undefined);
  }

  const citations = await ground(ctx, verdict.grounding ?? rule.grounding.general, verdict.label);
  const message =
    verdict.status === "pass"
      ? `${head}，属于可以承接政府购买服务的社会力量（须依法登记、能独立承担民事责任、信用良好）。`
      : `${head}：${verdict.note ?? "请核实承接资格"}（${rule.basis}）。`;
  return result(
    "contractor_eligible",
    verdict.status,
    message,
    citations,
    rule.basis,
    verdict.status === "pass" ? undefined : `承接主体为${verdict.label}（contractor.type = ${type}）`,
  );
};
