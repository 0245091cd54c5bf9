import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config.js";
import { ingestPaths } from "../../src/ingest/ingest.js";
import { loadCorpus, type Corpus } from "../../src/knowledge/store.js";
import { citedText } from "../../src/knowledge/schema.js";

const knowledge = path.join(projectRoot, "knowledge");
let dataDir: string;
let corpus: Corpus;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "zhice-ingest-"));
  const report = await ingestPaths([knowledge], { dataDir });
  expect(report.failed).toEqual([]);
  corpus = (await loadCorpus(dataDir))!;
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const doc = (prefix: string) => corpus.documents.find((d) => d.id.startsWith(prefix))!;
const clausesOf = (prefix: string) => corpus.clauses.filter((c) => c.docId === doc(prefix).id);

describe("ingesting the notices in knowledge/", () => {
  it("gives every notice a non-empty title and clauses, and skips knowledge/data", () => {
    expect(corpus.documents.length).toBeGreaterThanOrEqual(7);
    for (const d of corpus.documents) {
      expect(d.title.trim().length).toBeGreaterThan(3);
      expect(corpus.clauses.some((c) => c.docId === d.id)).toBe(true);
      expect(d.source).not.toMatch(/(^|\/)data\//);
    }
  });

  it("leaves no markup, entities or site chrome in clause text", () => {
    for (const c of corpus.clauses) {
      expect(c.text).not.toMatch(/<\/?[a-z][^>]*>|&[a-z]+;|&#\d+;/i);
      expect(c.text).not.toMatch(/下载文档前|仅部分预览|返回首页|当前位置|分享|相关文档|浏览次数|^---$|layout:/);
    }
  });

  it("titles the full 2023 notice from the news summary that names it", () => {
    const d = doc("001_");
    expect(d.title).toContain("关于做好2023年政府购买服务改革重点工作的通知");
    expect(d.titleSource).toBe("corpus");
    expect(d.kind).toBe("notice");
  });

  it("parses 001's numbering into paths, with （十一） under 二、 containing 变相用工", () => {
    const c = clausesOf("001_").find((x) => x.path === "二、（十一）")!;
    expect(c).toBeDefined();
    expect(c.text).toContain("变相用工");
    expect(c.headings[0]).toContain("二、");
    const paths = clausesOf("001_").map((x) => x.path);
    expect(paths).toContain("一、（一）");
    expect(paths).toContain("三、（十五）");
    expect(new Set(paths.filter(Boolean)).size).toBe(paths.filter(Boolean).length); // no duplicated clauses
  });

  it("does not ingest 000's raw-HTML copy of its body a second time", () => {
    const cs = clausesOf("000_");
    const first = cs.filter((c) => c.text.includes("增强就业服务扶持"));
    expect(first).toHaveLength(1);
    expect(cs.map((c) => c.path)).toEqual(expect.arrayContaining(["一是", "二是", "七是"]));
    expect(cs.some((c) => c.text.includes("标题"))).toBe(false);
  });

  it("links the news summary to the full notice and ranks the full text first", () => {
    const news = doc("000_");
    const full = doc("001_");
    expect(news.kind).toBe("news");
    expect(news.sameAs).toBe(full.id);
    expect(full.authority).toBeGreaterThan(news.authority);
  });

  it("gives 002 the 文号 财综〔2022〕51号 via its excerpt sibling, and the full text authority over the excerpt", () => {
    const blog = doc("002_");
    const excerpt = doc("caizong-2022-51");
    expect(excerpt.docNo).toBe("财综〔2022〕51号");
    expect(excerpt.excerpt).toBe(true);
    expect(blog.docNo).toBe("财综〔2022〕51号");
    expect(excerpt.sameAs).toBe(blog.id);
    expect(blog.authority).toBeGreaterThan(excerpt.authority);
    // the blog's news dateline is not part of the notice's text
    expect(clausesOf("002_")[0]!.text).toMatch(/^政府购买服务改革是党中央/);
    // the quoted summary above the 2022 body is not a clause of its own
    expect(clausesOf("002_").filter((c) => c.text.includes("积极推进政府购买城乡社区公共服务"))).toHaveLength(1);
  });

  it("reads 文号, dates and the excerpt flag from header lines", () => {
    const g = doc("guobanfa-2013-96");
    expect(g.docNo).toBe("国办发〔2013〕96号");
    expect(g.date).toBe("2013-09-26");
    expect(g.excerpt).toBe(true);
    expect(g.issuer).toBe("国务院办公厅");
    expect(clausesOf("guobanfa-2013-96").some((c) => /节选/.test(c.text))).toBe(false);
  });

  it("keeps 004's nested numbering with its headings, and drops the download-site title decoration", () => {
    const plan = doc("004_");
    expect(plan.title).toBe("推进政府购买服务改革实施方案");
    expect(plan.kind).toBe("local_plan");
    const c = clausesOf("004_").find((x) => x.path === "二、（一）2.")!;
    expect(c.text).toContain("合理界定范围");
    expect(c.headings).toEqual(["二、正确把握政府购买服务改革的总体方向", "（一）总体要求"]);
    const main = clausesOf("004_").find((x) => x.path === "三、（三）")!;
    expect(main.text).toContain("6类54款211项");
  });

  it("joins a sentence broken across a page break", () => {
    const c = clausesOf("004_").find((x) => x.text.includes("增强公众参与意识"));
    expect(c).toBeDefined();
  });

  it("cited text of a plain clause is the clause itself", () => {
    const c = clausesOf("001_").find((x) => x.path === "二、（十一）")!;
    expect(citedText(c)).toBe(c.text);
  });
});
