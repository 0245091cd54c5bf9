/** Small hand-made documents and clauses (wording in the style of the notices) and a lexical search over them. */
import type { Hit } from "../../src/knowledge/hit.js";
import type { Clause, Document } from "../../src/knowledge/schema.js";
import type { AnswerDeps } from "../../src/answer/index.js";
import { defaultGlossary } from "../../src/retrieval/glossary.js";
import { analyzeQuery, type QueryAnalysis } from "../../src/retrieval/query.js";

export const doc2022: Document = {
  id: "n2022",
  source: "knowledge/n2022.txt",
  contentHash: "x",
  title: "关于做好2022年政府购买服务改革重点工作的通知",
  titleSource: "own",
  issuer: "财政部",
  docNo: "财综〔2022〕51号",
  date: "2022-04-18",
  kind: "notice",
  excerpt: false,
  sameAs: null,
  authority: 3,
};

const clause = (path: string, text: string, leadIn: string | null = null, order = 0): Clause => ({
  id: `n2022#${order}`,
  docId: "n2022",
  path,
  headings: [],
  leadIn,
  text,
  order,
  level: 2,
});

/** One retrieved clause of `doc` (by default the 2022 notice), for tests that compose an answer from given hits. */
export function hitOf(text: string, path = "第1条", doc: Document = doc2022): Hit {
  return { clause: { id: `${doc.id}#${path}`, docId: doc.id, path, headings: [], leadIn: null, order: 1, level: 1, text }, doc, score: 1, lexical: 1, vector: 0, matched: [] };
}

export const clauses: Clause[] = [
  clause("二、（四）", "（四）严禁将禁止性事项纳入政府购买服务范围。准确把握政府购买服务范围，严禁将应当由政府直接履职的事项外包，严禁借政府购买服务名义变相举债融资或用工，不得将以劳务派遣方式用工纳入政府购买服务范围。", null, 1),
  clause("一、（二）", "（二）加大政府购买公共卫生服务力度。鼓励通过政府购买服务方式开展核酸检测、消毒消杀、防疫宣传等疫情防控工作，提高应对突发公共卫生事件能力。", null, 2),
  clause("三、（一）", "（一）加强改革组织推进。纳入改革的服务项目原则上通过竞争择优方式确定服务承接主体，对暂不具备竞争条件的，改革当年可按规定通过单一来源采购方式直接委托原提供该服务的事业单位承接。", null, 3),
  clause("二、（三）", "（三）完善政府购买服务预算管理。政府购买服务支出要纳入预算。对预算未安排的事项，不得开展购买服务。", null, 4),
];

/** A plain substring search: clauses ranked by how many characters of the query's 2-grams they contain. */
export async function search(q: string, k: number): Promise<Hit[]> {
  const grams = new Set<string>();
  const s = q.replace(/[^\u3400-\u9fff]/gu, "");
  for (let i = 0; i + 2 <= s.length; i++) grams.add(s.slice(i, i + 2));
  const en: Record<string, string> = { "labour dispatch": "劳务派遣", disinfection: "消毒消杀", budget: "预算", "single source": "单一来源" };
  for (const [e, z] of Object.entries(en)) if (q.toLowerCase().includes(e)) for (let i = 0; i + 2 <= z.length; i++) grams.add(z.slice(i, i + 2));
  return clauses
    .map((c) => {
      const matched = [...grams].filter((g) => c.text.includes(g));
      return { clause: c, doc: doc2022, score: matched.length, lexical: matched.length, vector: 0, matched };
    })
    .filter((h) => h.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

export const translate = (q: string) => {
  const en: Record<string, string> = { "labour dispatch": "劳务派遣", disinfection: "消毒消杀", budget: "预算", "single source": "单一来源" };
  const zh = Object.entries(en).filter(([e]) => q.toLowerCase().includes(e)).map(([, z]) => z);
  const words = q.toLowerCase().match(/[a-z]+/g) ?? [];
  const stop = new Set(["can", "a", "the", "be", "we", "is", "it", "do", "how", "i", "my", "for", "of", "what", "post", "purchased", "services", "service", "purchase"]);
  const content = words.filter((w) => !stop.has(w));
  const known = Object.keys(en).join(" ").split(" ");
  const unknown = content.filter((w) => !known.includes(w));
  return { zh, unknown, englishWords: content.length };
};

/** Term analysis over the fixture clauses: document frequency counted by substring, the real glossary. */
export function terms(text: string): QueryAnalysis {
  const df = (token: string) => clauses.filter((c) => c.text.includes(token.replace(/^~/, ""))).length;
  return analyzeQuery(text, { size: clauses.length, df }, defaultGlossary());
}

/** The answer layer's dependencies over the fixture clauses. */
export const deps: AnswerDeps = {
  terms,
  search: (t, k) => search([t.question, ...t.groups.flatMap((g) => g.alternatives)].join(" "), k),
};
