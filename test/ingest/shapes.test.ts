/** Notices in shapes not present in knowledge/: regulations, label headers, 文号 above addressees, HTML, Markdown, DOCX, PDF, GB18030. */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useIngestedFixtures } from "./ingested-fixtures.js";
import { citedText } from "../../src/knowledge/schema.js";

const { state, doc, clause } = useIngestedFixtures("test/fixtures/notices-other");

describe("ingesting other shapes of notices", () => {
  it("reports the empty file and the corrupt .docx by name with a reason, and ingests the rest", () => {
    const failed = state.report.failed.map((f) => path.basename(f.file)).sort();
    expect(failed).toEqual(["broken.docx", "empty.txt"]);
    for (const f of state.report.failed) expect(f.reason).toMatch(/[\u4e00-\u9fa5].* \/ [a-z]/i);
    expect(state.report.added).toHaveLength(11);
    expect(state.corpus.documents).toHaveLength(11);
  });

  it("skips data/ subdirectories and non-document extensions", () => {
    for (const d of state.corpus.documents) {
      expect(d.source).not.toMatch(/\/data\//);
      expect(d.source).not.toMatch(/\.json$|\.tsv$/);
    }
  });

  it("parses a 第X章/第X条 regulation with items inside an article, keeping the 不得 lead-in", () => {
    const d = doc("regulation-measures");
    expect(d.kind).toBe("regulation");
    expect(d.title).toBe("政府购买服务管理办法");
    expect(d.docNo).toBe("财政部令第102号");
    expect(d.issuer).toBe("财政部");
    const item = clause(d.id, "第十条（五）")!;
    expect(item.text).toContain("劳务派遣");
    expect(item.leadIn).toBe("以下各项不得作为政府购买服务的购买内容：");
    expect(citedText(item)).toMatch(/^以下各项不得.*劳务派遣/s);
    expect(item.headings[0]).toBe("第三章 购买内容和目录");
    expect(clause(d.id, "第二十四条")!.text).toContain("不超过3年");
    // articles skip numbers in this excerpt; all are still found
    expect(clause(d.id, "第五条")).toBeDefined();
    // the promulgation note is metadata, not a clause
    expect(state.corpus.clauses.some((c) => c.docId === d.id && c.text.includes("公布"))).toBe(false);
    expect(d.date).toBe("2020-01-03");
  });

  it("reads full-width 标题：/文号：/发布日期： headers and normalises 文号 brackets", () => {
    const d = doc("city-notice-labels");
    expect(d.title).toBe("某某市财政局关于规范政府购买服务预算管理的通知");
    expect(d.titleSource).toBe("own");
    expect(d.docNo).toBe("某财综〔2021〕12号");
    expect(d.date).toBe("2021-05-08");
    expect(d.kind).toBe("notice");
    const texts = state.corpus.clauses.filter((c) => c.docId === d.id).map((c) => c.text).join("\n");
    expect(texts).not.toMatch(/标题|文号|特此通知|各区县财政局，市直各单位/);
    expect(texts).toContain("现就有关事项通知如下"); // the preamble survives
  });

  it("splits inline 一是…二是…三是 into items with the sentence that introduces them", () => {
    const d = doc("city-notice-labels");
    const second = clause(d.id, "二、二是")!;
    expect(second.text).toMatch(/^二是加强履约验收/);
    expect(second.leadIn).toBe("工作要求主要有：");
    expect(clause(d.id, "二、三是")).toBeDefined();
    const listItem = clause(d.id, "三、1.")!;
    expect(listItem.leadIn).toBe("下列事项应当开展绩效评价：");
  });

  it("takes the 文号 line above the addressees and skips the red-head line", () => {
    const d = doc("docno-above-addressees");
    expect(d.title).toBe("财政部关于印发《中央本级政府购买服务指导性目录》的通知");
    expect(d.docNo).toBe("财综〔2020〕57号");
    expect(d.issuer).toBe("财政部");
    expect(d.date).toBe("2020-12-30");
    expect(clause(d.id, "二、（二）")!.text).toContain("不得列入部门目录");
    const texts = state.corpus.clauses.filter((c) => c.docId === d.id).map((c) => c.text).join("\n");
    expect(texts).not.toMatch(/财政部文件|附件：|党中央有关部门/);
  });

  it("reads an HTML page without scripts, navigation, share bar, related links or footer", () => {
    const d = doc("province-guideline");
    expect(d.title).toBe("某省财政厅关于推进政府购买社区养老服务的指导意见");
    expect(d.docNo).toBe("某财社〔2021〕8号");
    expect(d.date).toBe("2021-03-02");
    const cs = state.corpus.clauses.filter((c) => c.docId === d.id);
    const all = cs.map((c) => c.text).join("\n");
    expect(all).not.toMatch(/统计代码|首页|政策法规|分享|相关文章|版权所有|字号|&[a-z]+;/);
    expect(all).toContain("“以事定费”");
    expect(clause(d.id, "二、2.")!.leadIn).toBe("承接主体应当具备以下条件：");
    expect(clause(d.id, "一、（二）")!.text).toMatch(/^（二）不得将养老机构/);
  });

  it("reads a government portal page: letter-spaced metadata table, site suffix in <title>, signature and footer", () => {
    const d = doc("state-council-opinion");
    expect(d.title).toBe("国务院办公厅关于政府向社会力量购买服务的指导意见");
    expect(d.titleSource).toBe("own");
    expect(d.docNo).toBe("国办发〔2013〕96号");
    expect(d.issuer).toBe("国务院办公厅");
    expect(d.date).toBe("2013-09-26");
    const cs = state.corpus.clauses.filter((c) => c.docId === d.id);
    expect(cs.map((c) => c.path)).toEqual(["", "一、", "二、（一）", "二、（二）", "三、（一）", "三、（三）"]);
    const all = cs.map((c) => c.text).join("\n");
    expect(all).not.toMatch(/索引号|标 ?题|主办单位|版权所有|纠错|责任编辑|此件公开发布|2013年9月26日/);
    expect(cs.find((c) => c.path === "二、（二）")!.text).toContain("——科学安排，注重实效。");
  });

  it("drops an addressee line wrapped over two lines and printed page numbers", () => {
    const d = doc("wrapped-addressee-pages");
    expect(d.title).toBe("关于进一步规范政府购买服务的通知");
    const cs = state.corpus.clauses.filter((c) => c.docId === d.id);
    expect(cs.map((c) => c.text)).toEqual([
      "为规范政府购买服务行为，现就有关事项通知如下：",
      "一、严格执行负面清单。不得将工程和服务打包购买。",
      "二、加强预算管理。",
    ]);
  });

  it("keeps a long title and the 文号 under it apart (no page-break join on the title line)", () => {
    const d = doc("long-title-docno");
    expect(d.title).toBe("财政部 民政部 工商总局关于印发《政府购买服务管理办法（暂行）》的通知");
    expect(d.docNo).toBe("财综〔2014〕96号");
    expect(d.kind).toBe("notice");
  });

  it("reads Markdown with front matter, headings, bold and an ordered list", () => {
    const d = doc("county-plan");
    expect(d.title).toBe("某县政府购买公共文化服务实施方案");
    expect(d.kind).toBe("local_plan");
    expect(d.date).toBe("2022-06-15");
    expect(clause(d.id, "二、2.")!.text).toContain("严禁以政府购买服务名义");
    const all = state.corpus.clauses.filter((c) => c.docId === d.id).map((c) => c.text).join("\n");
    expect(all).not.toMatch(/\*\*|^#|返回首页|\]\(/m);
  });

  it("reads a .docx (mammoth)", () => {
    const d = doc("city-performance");
    expect(d.title).toBe("某市财政局关于政府购买服务绩效管理的通知");
    expect(d.docNo).toBe("某财绩〔2022〕5号");
    expect(clause(d.id, "一、（二）")!.text).toContain("事前绩效评估");
    expect(clause(d.id, "二、")!.text).toContain("不得借第三方绩效评价");
  });

  it("reads a Chinese .pdf (pdfjs-dist with local CMaps, no network)", () => {
    const d = doc("county-contract");
    expect(d.title).toBe("某县财政局关于规范政府购买服务合同期限的通知");
    expect(d.docNo).toBe("某财购〔2023〕3号");
    expect(clause(d.id, "三、")!.text).toBe("三、不得超出法定期限签订政府购买服务合同。");
    // paragraphs wrapped across visual lines are joined again
    expect(clause(d.id, "二、")!.text).toBe("二、对于购买内容相对固定、连续性强的项目，可以签订履行期限不超过3年的合同。");
    expect(clause(d.id, "")!.text).toContain("保障承接主体和服务对象的合法权益，防范合同履行风险");
  });

  it("decodes a GB18030 text file", () => {
    const d = doc("district-gbk");
    expect(d.title).toBe("某区财政局关于做好政府购买服务信息公开工作的通知");
    expect(clause(d.id, "二、")!.text).toContain("不得公开");
  });
});
