/**
 * A typed answer → one value of an enumerated proposal field, as people type them: the number shown, the value, the
 * label (Chinese or English), an unambiguous prefix or part of a label (招标 → 公开招标, 磋商 → 竞争性磋商), a common
 * short name (公司 → 企业, 民非 → 社会组织), or a longer wording that contains the label (单一来源采购). Several
 * candidates are named back instead of guessing.
 */
export type EnumAnswer = { ok: true; value: string } | { ok: false; candidates: string[] };

/** Short names people use for an option, keyed by value (only where the label itself does not contain them). */
const SHORT_NAMES: Record<string, string[]> = {
  administrative: ["行政单位", "机关"],
  civil_service_managed: ["参公", "参公单位"],
  mass_organization: ["群团", "工会", "共青团", "妇联"],
  public_institution_1: ["一类", "公益一类"],
  public_institution_2: ["二类", "公益二类"],
  social_organization: ["社会团体", "社团", "民非", "民办非企业单位", "社会服务机构", "基金会", "ngo"],
  enterprise: ["公司", "有限公司", "企业单位", "company"],
  public_tender: ["招标", "公招", "tender"],
  competitive_negotiation: ["谈判"],
  competitive_consultation: ["磋商"],
  single_source: ["单一来源采购", "单源"],
  inquiry: ["询价采购"],
};

const norm = (s: string) => s.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ");

/** options: [value, "中文 / English"] in the order shown (1-based numbers). */
export function matchEnum(options: readonly (readonly [string, string])[], answer: string): EnumAnswer {
  const t = norm(answer);
  if (/^\d+$/.test(t)) {
    const o = options[Number(t) - 1];
    return o ? { ok: true, value: o[0] } : { ok: false, candidates: [] };
  }
  const names = options.map(([v, label]) => ({ v, names: [v, ...label.split(" / "), ...(SHORT_NAMES[v] ?? [])].map(norm) }));
  const pick = (hit: (n: string) => boolean): string[] => names.filter((o) => o.names.some(hit)).map((o) => o.v);
  for (const hits of [
    pick((n) => n === t),
    pick((n) => n.startsWith(t)),
    // a part of a Chinese label (招标, 磋商), or a wording that contains a label (单一来源采购, 某某有限公司)
    pick((n) => /\p{Script=Han}/u.test(t) && t.length >= 2 && (n.includes(t) || (n.length >= 2 && t.includes(n)))),
  ]) {
    if (hits.length === 1) return { ok: true, value: hits[0]! };
    if (hits.length > 1) return { ok: false, candidates: hits };
  }
  return { ok: false, candidates: [] };
}
