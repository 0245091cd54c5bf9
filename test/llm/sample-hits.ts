/** Small hand-made documents, clauses and hits for the LLM tests (no dependency on ingestion or retrieval). */
import type { Clause, Document } from "../../src/knowledge/schema.js";
import type { Hit } from "../../src/knowledge/hit.js";
import type { Answer } from "../../src/answer/schema.js";

export const notice2023: Document = {
  id: "n2023",
  source: "knowledge/n2023.txt",
  contentHash: "0".repeat(64),
  title: "关于做好2023年政府购买服务改革重点工作的通知",
  titleSource: "own",
  issuer: "财政部",
  docNo: null,
  date: "2023-03-01",
  kind: "notice",
  excerpt: false,
  sameAs: null,
  authority: 3,
};

export const order102: Document = {
  ...notice2023,
  id: "ord102",
  source: "knowledge/ord102.txt",
  title: "政府购买服务管理办法",
  docNo: "财政部令第102号",
  date: "2020-01-03",
  kind: "regulation",
};

function clause(doc: Document, idPath: string, path: string, text: string, leadIn: string | null = null, order = 0): Clause {
  return { id: `${doc.id}#${idPath}`, docId: doc.id, path, headings: [], leadIn, text, order, level: 2 };
}

export const hiringBan = clause(
  notice2023,
  "2-11",
  "二、（十一）",
  "（十一）严禁变相用工。各地区各部门不得以政府购买服务名义变相用工，不得将劳务派遣、公益性岗位等纳入政府购买服务范围。",
);
export const article10item5 = clause(
  order102,
  "a10-5",
  "第十条（五）",
  "（五）购买主体的人员招、聘用，以劳务派遣方式用工，以及设置公益性岗位等事项；",
  "第十条 以下各项不得纳入政府购买服务范围：",
  10,
);
export const budgetFirst = clause(
  order102,
  "a14",
  "第十四条",
  "第十四条 政府购买服务项目所需资金应当在相关部门预算中统筹安排，并与中期财政规划相衔接，未列入预算的项目不得实施。",
);

export function hit(c: Clause, score = 1): Hit {
  const doc = c.docId === order102.id ? order102 : notice2023;
  return { clause: c, doc, score, lexical: score, vector: score, matched: [] };
}

export const dispatchHits: Hit[] = [hit(hiringBan, 0.9), hit(article10item5, 0.8), hit(budgetFirst, 0.2)];

export function extractiveAnswer(q: string, lang: "zh" | "en", hits: Hit[], abstained = false): Answer {
  return {
    q,
    lang,
    verdict: abstained ? "unknown" : "prohibited",
    abstained,
    answer: abstained ? "知识库中没有可依据的条款。" : "不可以。劳务派遣不得纳入政府购买服务范围。",
    citations: abstained ? [] : hits.slice(0, 1).map((h) => ({
      docId: h.doc.id,
      title: h.doc.title,
      docNo: h.doc.docNo,
      clausePath: h.clause.path,
      text: h.clause.text,
    })),
    mode: "extractive",
  };
}
