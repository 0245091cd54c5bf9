/** Small synthetic corpora for retrieval unit tests (not the notices). */
import type { Clause, Document } from "../../src/knowledge/schema.js";
import type { Corpus } from "../../src/retrieval/corpus.js";

export function doc(id: string, title: string, authority = 1, extra: Partial<Document> = {}): Document {
  return {
    id,
    source: `${id}.txt`,
    contentHash: id,
    title,
    titleSource: "own",
    issuer: null,
    docNo: null,
    date: null,
    kind: "notice",
    excerpt: false,
    sameAs: null,
    authority,
    ...extra,
  };
}

export function clause(docId: string, n: number, text: string, extra: Partial<Clause> = {}): Clause {
  return { id: `${docId}#${n}`, docId, path: `（${n}）`, headings: [], leadIn: null, text, order: n, level: 1, ...extra };
}

/** A toy policy corpus: a notice with a prohibition list, a services notice, and a news copy of one clause. */
export function toyCorpus(version = "v1"): Corpus {
  const a = doc("notice", "关于规范购买服务管理的通知", 3);
  const b = doc("services", "关于推进公共服务改革的通知", 3);
  const news = doc("news", "新闻：购买服务改革要点", 1, { kind: "news" });
  const clauses: Clause[] = [
    clause("notice", 1, "（一）购买主体不得借购买服务名义变相用工，不得以劳务派遣方式用工。", {
      leadIn: "以下各项不得纳入购买服务范围：",
      headings: ["二、严格规范管理"],
    }),
    clause("notice", 2, "（二）不得将设置公益性岗位等事项纳入购买服务范围。", { headings: ["二、严格规范管理"] }),
    clause("notice", 3, "（三）对预算未安排的事项，不得开展购买服务。", { headings: ["二、严格规范管理"] }),
    clause("services", 1, "（一）鼓励通过购买服务方式开展核酸检测、消毒消杀、防疫宣传等疫情防控工作。"),
    clause("services", 2, "（二）鼓励推行购买优质在线教育服务，推动教育信息化发展。"),
    clause("services", 3, "（三）支持社会力量提供日间照料、助餐助洁、康复护理等养老服务。"),
    clause("services", 4, "（四）省级联席会议由分管副省长任召集人，民政、财政等部门参加。"),
    clause("news", 1, "鼓励通过购买服务方式开展核酸检测、消毒消杀、防疫宣传等疫情防控工作。"),
    clause("news", 2, "今年的工作会议在北京召开，会议总结了经验。"),
  ];
  return { documents: [a, b, news], clauses, version };
}
