import { analyzeQuery } from "../../src/retrieval/query.js";
import { defaultGlossary } from "../../src/retrieval/glossary.js";
import { describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/answer/index.js";
import { askedPosition, findPositioned, numeralValue, pathNumbers } from "../../src/answer/position.js";
import type { Hit } from "../../src/knowledge/hit.js";
import type { Clause, Document } from "../../src/knowledge/schema.js";

const doc = (id: string, title: string, kind: Document["kind"], date: string | null, authority = 1): Document => ({
  id, source: `${id}.txt`, contentHash: id, title, titleSource: "own", issuer: "财政部", docNo: null, date, kind, excerpt: false, sameAs: null, authority,
});
const clause = (docId: string, path: string, text: string, order: number): Clause => ({
  id: `${docId}#${order}`, docId, path, headings: [], leadIn: null, text, order, level: path ? 1 : 0,
});

const numbered = { ...doc("g2019", "某省人民政府关于推进养老服务发展的意见", "notice", "2019-05-01", 2), issuer: "某省人民政府", docNo: "某政发〔2019〕8号" };
const news = doc("news", "财政部：做好2024年政府购买服务工作", "news", "2024-03-01");
const notice = doc("n2024", "财政部关于做好2024年政府购买服务工作的通知", "notice", "2024-02-20", 4);
const plan = doc("plan", "某区推进政府购买服务实施方案", "local_plan", null, 3);
const corpus = {
  documents: [news, notice, plan, numbered],
  clauses: [
    clause("news", "一是", "一是做好就业服务。", 1),
    clause("news", "二是", "二是推进社区养老服务。", 2),
    clause("news", "三是", "三是加强绩效管理。", 3),
    clause("n2024", "一、（二）", "（二）推进社区养老服务。鼓励社会力量参与。", 4),
    clause("n2024", "一、（三）", "（三）加强绩效管理。开展绩效评价。", 5),
    clause("n2024", "二、（一）", "（一）规范目录管理。", 6),
    clause("plan", "三、（二）", "（二）承接主体。社会组织和企业。", 7),
    clause("plan", "三、（三）", "（三）购买内容。公共服务事项。", 8),
    clause("g2019", "一、", "一、总体要求。发展养老服务。", 9),
  ],
};

describe("positions", () => {
  it("reads Chinese numerals and clause paths", () => {
    expect(numeralValue("四")).toBe(4);
    expect(numeralValue("十三")).toBe(13);
    expect(numeralValue("二十一")).toBe(21);
    expect(pathNumbers("一、（四）")).toEqual([1, 4]);
    expect(pathNumbers("四是")).toEqual([4]);
    expect(pathNumbers("第十三条")).toEqual([13]);
  });

  it("parses the asked position", () => {
    expect(askedPosition("新闻稿里的第三项工作是什么")).toMatchObject({ item: 3 });
    expect(askedPosition("实施方案第三部分的第二项讲什么")).toMatchObject({ item: 2, section: 3 });
    expect(askedPosition("办法第十三条规定了什么")).toMatchObject({ item: 13, article: true });
    expect(askedPosition("哪些服务可以购买")).toBeNull();
  });

  it("finds the item in the document the question names", () => {
    const fromNews = findPositioned(askedPosition("财政部2024年新闻稿里的第三项工作是什么")!, corpus, []);
    expect(fromNews?.clause.text).toContain("三是加强绩效管理");
    const fromPlan = findPositioned(askedPosition("实施方案第三部分的第二项讲什么")!, corpus, []);
    expect(fromPlan?.clause.path).toBe("三、（二）");
    const fromNotice = findPositioned(askedPosition("2024年通知第一部分第二项是什么")!, corpus, []);
    expect(fromNotice?.doc.id).toBe("n2024");
  });

  it("places nothing when the question names no document, however well a document was retrieved", () => {
    const retrieved: Hit[] = [{ clause: corpus.clauses[3]!, doc: notice, score: 1, lexical: 1, vector: 0, matched: [] }];
    expect(findPositioned(askedPosition("Python里怎么把一个列表按每项的第二个元素排序？")!, corpus, retrieved)).toBeNull();
    // named by its kind and year, the same item is found
    expect(findPositioned(askedPosition("2024年通知第一部分第二项是什么")!, corpus, retrieved)?.doc.id).toBe("n2024");
  });

  it("answers with the positioned item cited first, and abstains when nothing names a document", async () => {
    const search = async (): Promise<Hit[]> => [];
    const terms = (t: string) => analyzeQuery(t, { size: corpus.clauses.length, df: (x: string) => corpus.clauses.filter((c) => c.text.includes(x.replace(/^~/, ""))).length }, defaultGlossary());
    const a = await answerQuestion("实施方案第三部分的第三项讲什么", { terms, search, corpus: () => corpus });
    expect(a.abstained).toBe(false);
    expect(a.citations[0].text).toContain("购买内容");
    const b = await answerQuestion("第五项是什么", { terms, search, corpus: () => corpus });
    expect(b.abstained).toBe(true);
  });
});

describe("document numbers", () => {
  it("answers a 文号 question from the named document's metadata", async () => {
    const search = async (): Promise<Hit[]> => [];
    const terms = (t: string) => analyzeQuery(t, { size: corpus.clauses.length, df: (x: string) => corpus.clauses.filter((c) => c.text.includes(x.replace(/^~/, ""))).length }, defaultGlossary());
    const a = await answerQuestion("省政府推进养老服务发展的意见文号是多少", { terms, search, corpus: () => corpus });
    expect(a.abstained).toBe(false);
    expect(a.answer).toMatch(/^《某省人民政府关于推进养老服务发展的意见》的文号是某政发〔2019〕8号。/);
    expect(a.citations[0].docNo).toBe("某政发〔2019〕8号");
  });
});
