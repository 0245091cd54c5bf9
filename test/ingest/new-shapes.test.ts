/**
 * Notices in shapes the first parser had not seen (test/ingest/new-shapes/): a portal page whose title is only in
 * its <h1>, with <ol>/<ul> lists, a flattened table, a two-body signature and a link/address footer; a Markdown
 * notice with "- " items, a "> " quote and "1．" / "（1）" items; a printed notice with a red head, a page number in
 * mid-sentence, a signature followed by an attachment, 抄送 and 印发 lines; a regulation whose article continues
 * after its items, signed with a 〇-style date; nested <ol> lists; a running page header; a
 * two-page PDF (test/ingest/new-shapes/make-pdf.py); a .docx with tables (make-docx.py). Plus a full notice that takes its date from its news summary.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useIngestedFixtures } from "./ingested-fixtures.js";
import { ingestPaths } from "../../src/ingest/ingest.js";
import { parseFile } from "../../src/ingest/parse.js";
import { citedText } from "../../src/knowledge/schema.js";
import { loadCorpus } from "../../src/knowledge/store.js";

const { state, doc, clausesOf, clause } = useIngestedFixtures("test/ingest/new-shapes");
const at = (id: string, p: string) => clausesOf(id).filter((c) => c.path === p);
const allText = (id: string) => clausesOf(id).map((c) => `${c.text}\n${c.headings.join("\n")}\n${c.leadIn ?? ""}`).join("\n");

describe("a portal page (HTML) with lists, a table, a signature and a footer", () => {
  const id = "county-community-services";

  it("takes the title from the <h1> when <title> is only the section and site name", () => {
    expect(state.report.failed).toEqual([]);
    const d = doc(id);
    expect(d.title).toBe("某某县财政局关于规范政府购买社区服务项目资金管理的通知");
    expect(d.docNo).toBe("某财综〔2024〕9号");
    expect(d.kind).toBe("notice");
  });

  it("reads both issuing bodies and the document's own date from the signature (not the page's 发布时间)", () => {
    expect(doc(id).issuer).toBe("某某县财政局 某某县民政局");
    expect(doc(id).date).toBe("2024-05-10");
  });

  it("keeps navigation, link lists, the address footer, the signature and the attachment list out of the clauses", () => {
    const text = allText(id);
    for (const chrome of ["友情链接", "中国政府网", "邮编", "ICP", "政务公开", "当前位置", "特此通知", "附件：", "2024年5月10日", "某某县民政局", "网站地图", "信息公开指南", "县长信箱", "Copyright", "访问者", "主办"])
      expect(text).not.toContain(chrome);
    // nor is the title pasted into the first clause
    expect(clausesOf(id)[0]!.text).not.toContain("关于规范政府购买社区服务项目资金管理的通知");
  });

  it("turns <ul> items into numbered items that keep their 不得 lead-in, and <ol> items into 1. 2. 3.", () => {
    const wages = at(id, "二、第2项");
    expect(wages).toHaveLength(1);
    expect(wages[0]!.text).toContain("工资和津贴");
    expect(wages[0]!.leadIn).toBe("以下支出不得列入社区服务项目资金：");
    expect(citedText(wages[0]!)).toMatch(/^以下支出不得.*工资和津贴/s);
    expect(at(id, "二、第3项")[0]!.text).toContain("购置车辆");
    expect(at(id, "一、2.")[0]!.text).toContain("社区矫正");
    expect(at(id, "一、2.")[0]!.leadIn).toBe("社区服务项目资金只能用于下列支出：");
  });

  it("keeps the rows of a flattened table with the paragraph that introduces it", () => {
    const withTable = at(id, "三、").filter((c) => c.text.includes("首期 40%"));
    expect(withTable).toHaveLength(1);
    expect(withTable[0]!.text).toContain("分期拨付");
    expect(withTable[0]!.text).toContain("中期 30%");
  });
});

describe("a converted Word file whose section headings use the Heading 1 style", () => {
  it("does not take a numbered <h1> for the title", async () => {
    const html = [
      "<p>某某区财政局关于做好政府购买服务预算编制工作的通知</p>",
      "<p>各街道办事处：</p>",
      "<p>为做好政府购买服务预算编制工作，现将有关事项通知如下：</p>",
      "<h1>一、总体要求</h1>",
      "<p>政府购买服务所需资金应当在既有部门预算中统筹安排，不得在预算之外另行安排。</p>",
      "<h1>二、工作安排</h1>",
      "<p>各街道应当于每年9月底前报送下一年度政府购买服务计划。</p>",
    ].join("\n");
    const parsed = await parseFile("word-export.html", new TextEncoder().encode(html));
    expect(parsed.meta.title).toBe("某某区财政局关于做好政府购买服务预算编制工作的通知");
    expect(parsed.clauses.map((c) => c.path)).toEqual(["", "一、", "二、"]);
  });
});

describe("a Word notice (.docx) with Heading 1 sections, tables, a signature and an attachment", () => {
  const id = "county-sports-services";

  it("reads title, 文号, both signing bodies and the signature date", () => {
    const d = doc(id);
    expect(d.title).toBe("某某县文化和旅游体育局 某某县财政局关于政府购买全民健身服务的通知");
    expect(d.docNo).toBe("某文体发〔2024〕11号");
    expect(d.issuer).toBe("某某县文化和旅游体育局 某某县财政局");
    expect(d.date).toBe("2024-03-15");
  });

  it("keeps each table row on one line, with the sentence that introduces the table", () => {
    const rates = at(id, "二、");
    expect(rates).toHaveLength(1);
    expect(rates[0]!.text).toContain("各类服务按以下标准给予补助：\n服务类别 补助标准 结算方式\n赛事活动 每场不超过2万元 按场次结算");
  });

  it("gives the attachment's table its own clause under the attachment's heading", () => {
    const annex = clausesOf(id).filter((c) => c.path.startsWith("附件"));
    expect(annex).toHaveLength(1);
    expect(annex[0]!.headings).toEqual(["附件 全民健身服务项目申报表"]);
    expect(annex[0]!.text).toContain("乡村篮球联赛 某某镇文化站 5万元");
    expect(allText(id)).not.toMatch(/特此通知|2024年3月15日/);
  });
});

describe("a page whose <title> adds the site name after '——' and whose title line adds a note", () => {
  it("takes the title without the site name and keeps the shown title line out of the first clause", async () => {
    const html = [
      "<html><head><title>某某市民政局关于政府购买社会工作服务的通知——某某市民政局</title></head><body>",
      "<div class=\"t\">某某市民政局关于政府购买社会工作服务的通知（市民政局发布）</div>",
      "<p>各区民政局：</p>",
      "<p>为推进社会工作服务发展，现将有关事项通知如下：</p>",
      "<p>一、购买范围包括困境儿童关爱、社区矫正社会工作和老年社会工作等服务。</p>",
      "<p>二、承接主体应当配备持证社会工作者，且持证人员不少于服务团队的50%。</p>",
      "</body></html>",
    ].join("\n");
    const parsed = await parseFile("social-work.html", new TextEncoder().encode(html));
    expect(parsed.meta.title).toBe("某某市民政局关于政府购买社会工作服务的通知");
    expect(parsed.clauses[0]!.text).toBe("为推进社会工作服务发展，现将有关事项通知如下：");
    expect(parsed.clauses.map((c) => c.path)).toEqual(["", "一、", "二、"]);
  });
});

describe("a page whose title is only in an <h1>, set over two lines", () => {
  it("joins the heading's lines into the title, ignoring a generic <title>", async () => {
    const html = [
      "<html><head><title>信息公开</title></head><body>",
      "<h1>某某市财政局 某某市残疾人联合会<br/>关于政府购买残疾人托养服务的通知</h1>",
      "<p>各区财政局、残联：</p>",
      "<p>为做好残疾人托养服务工作，现将有关事项通知如下：</p>",
      "<p>一、托养服务对象为16至59周岁的智力、精神和重度肢体残疾人。</p>",
      "<p>二、承接机构应当具备相应资质，托养服务人员与托养对象的比例不低于1:5。</p>",
      "</body></html>",
    ].join("\n");
    const parsed = await parseFile("respite-care.html", new TextEncoder().encode(html));
    expect(parsed.meta.title).toBe("某某市财政局 某某市残疾人联合会关于政府购买残疾人托养服务的通知");
    expect(parsed.meta.issuer).toBe("某某市财政局 某某市残疾人联合会");
    expect(parsed.clauses.map((c) => c.path)).toEqual(["", "一、", "二、"]);
    expect(parsed.clauses[0]!.text).not.toContain("残疾人联合会");
  });
});

describe("a page whose sections are nested <ol> lists without numbers in the text", () => {
  const id = "city-evaluation-lists";

  it("numbers outer items 1. 2. and inner items （1）（2）, each inner item under its own outer item", () => {
    const d = doc(id);
    expect(d.title).toBe("某某市财政局关于开展政府购买服务绩效评价的通知");
    expect(d.date).toBe("2024-07-01");
    expect(clausesOf(id).map((c) => c.path)).toEqual(["", "1.（1）", "1.（2）", "2.（1）", "2.（2）"]);
    const focus = at(id, "2.（2）")[0]!;
    expect(focus.text).toContain("重点评价");
    expect(focus.headings).toEqual(["2. 评价方式"]);
  });
});

describe("a Markdown notice with list items and a quote", () => {
  const id = "district-meal-assistance";

  it("reads title, 文号 and date from the heading and bold labels", () => {
    const d = doc(id);
    expect(d.title).toBe("某区民政局 某区财政局关于政府购买老年助餐服务的实施意见");
    expect(d.docNo).toBe("某民发〔2024〕3号");
    expect(d.date).toBe("2024-02-01");
  });

  it("splits '- ' items under a heading into items that carry the 不得 lead-in", () => {
    const items = clausesOf(id).filter((c) => c.path.startsWith("二、第"));
    expect(items.map((c) => c.path)).toEqual(["二、第1项", "二、第2项", "二、第3项"]);
    for (const c of items) expect(c.leadIn).toBe("承接主体不得有下列情形：");
    expect(items[2]!.text).toContain("整体转包");
    expect(items[2]!.text).not.toMatch(/^-/);
  });

  it("numbers '1．' and '（1）' items, and does not take the enacting sentence for a lead-in", () => {
    expect(at(id, "一、2.")[0]!.text).toMatch(/^2．本区户籍60周岁/);
    expect(at(id, "三、（2）")[0]!.text).toContain("核对就餐记录");
    for (const c of clausesOf(id)) expect(c.leadIn ?? "").not.toContain("实施意见");
  });

  it("keeps a quoted paragraph as text, and gives each paragraph under a bare heading a clause of its own", () => {
    const quote = clausesOf(id).find((c) => c.text.includes("每人每餐3元"))!;
    expect(quote.path).toBe("三、");
    expect(quote.text).not.toContain(">");
    const supervision = at(id, "四、");
    expect(supervision).toHaveLength(2);
    for (const c of supervision) expect(c.headings).toContain("四、监督检查");
    expect(supervision[1]!.text).toContain("终止购买服务合同");
  });
});

describe("a Markdown notice whose sections are unnumbered '##' headings", () => {
  const id = "city-legal-aid";

  it("keeps each heading as its section's heading, also the first one and the one after a list", () => {
    const cs = clausesOf(id);
    expect(cs[0]!.headings).toEqual(["购买内容"]);
    expect(cs[0]!.text).toContain("刑事辩护代理");
    const items = cs.filter((c) => c.path.startsWith("第"));
    expect(items.map((c) => c.path)).toEqual(["第1项", "第2项"]);
    for (const c of items) {
      expect(c.headings).toEqual(["承接主体"]);
      expect(c.leadIn).toBe("承接主体应当符合下列条件：");
    }
    const funds = cs.find((c) => c.text.includes("专款专用"))!;
    expect(funds.headings).toEqual(["资金管理"]);
    expect(funds.text).toContain("每件不超过3000元");
    expect(cs.some((c) => c.text.includes("资金管理"))).toBe(false);
  });
});

describe("a printed notice with a page number, a signature, an attachment and a distribution record", () => {
  const id = "city-printed-notice";

  it("reads issuer from the red head, 文号 above the title, and the date from the signature", () => {
    const d = doc(id);
    expect(d.title).toBe("某某市财政局关于加强政府购买服务合同履约管理的通知");
    expect(d.issuer).toBe("某某市财政局");
    expect(d.docNo).toBe("某财购〔2024〕15号");
    expect(d.date).toBe("2024-06-03");
  });

  it("joins the sentence broken by the page number and drops the page number", () => {
    const item = at(id, "二、（四）")[0]!;
    expect(item.text).toContain("报同级财政部门备案");
    expect(allText(id)).not.toMatch(/—\s*2\s*—/);
  });

  it("drops the running header repeated at the top of each page, also where it cut a sentence", () => {
    expect(allText(id)).not.toContain("文件汇编");
    expect(at(id, "二、（四）")[0]!.text).toContain("报同级财政部门备案");
  });

  it("keeps the closing formula, signature, 抄送 and 印发 lines out of the clauses", () => {
    const text = allText(id);
    for (const s of ["特此通知", "抄送", "印发", "此件主动公开", "附件：1.", "2024年6月3日"]) expect(text).not.toContain(s);
  });

  it("nests 1． items under （三） with their lead-in, and （1） items under （五）", () => {
    const item = at(id, "二、（三）2.")[0]!;
    expect(item.text).toContain("服务进度");
    expect(item.leadIn).toBe("跟踪内容包括：");
    expect(at(id, "二、（五）（1）")[0]!.text).toContain("第三方专业机构");
  });

  it("gives the attachment after the signature its own section, headed by its number and title", () => {
    const annex = clausesOf(id).filter((c) => c.path.startsWith("附件1"));
    expect(annex.map((c) => c.path)).toEqual(["附件1：一、", "附件1：二、"]);
    expect(annex[0]!.headings).toEqual(["附件1 政府购买服务合同履约验收单"]);
    // the body's own sections are not nested under the attachment, nor the attachment under the body's 三、
    expect(at(id, "三、").map((c) => c.text).join("")).not.toContain("验收单");
  });
});

describe("a two-page PDF with a running header, a page number and a sentence across the page break", () => {
  const id = "town-outsourcing";

  it("reads the title without the running header, and joins the sentence across pages", () => {
    const d = doc(id);
    expect(d.title).toBe("某某镇人民政府关于政府购买环境卫生服务的通知");
    expect(d.docNo).toBe("某镇政发〔2024〕6号");
    expect(d.date).toBe("2024-04-02");
    const first = at(id, "一、")[0]!;
    expect(first.text).toContain("另行采购。");
    expect(allText(id)).not.toMatch(/文件汇编|—\s*\d\s*—/);
    expect(at(id, "三、")[0]!.text).toContain("扣减服务费10%");
  });
});

describe("a regulation whose article continues after its items", () => {
  const id = "municipal-rules";

  it("keeps an article's paragraphs in one clause and carries the chapter heading", () => {
    const art = at(id, "第二条")[0]!;
    expect(art.text).toContain("前款所称服务供应商");
    expect(art.headings).toEqual(["第一章 总则"]);
  });

  it("gives the paragraph after the items back to the article, not to its last item nor to its lead-in", () => {
    expect(at(id, "第三条（二）")[0]!.text).not.toContain("前款");
    const art = at(id, "第三条");
    expect(art.map((c) => c.text)).toEqual(["第三条 下列事项不得纳入政府购买服务范围：", "前款第（二）项所列事项的具体范围，由市财政局会同有关部门确定。"]);
    expect(at(id, "第三条（二）")[0]!.leadIn).toBe("下列事项不得纳入政府购买服务范围：");
  });

  it("reads the signature with a 〇-style date", () => {
    const d = doc(id);
    expect(d.kind).toBe("regulation");
    expect(d.issuer).toBe("某市人民政府");
    expect(d.date).toBe("2023-12-08");
    expect(allText(id)).not.toContain("二〇二三");
  });
});

describe("a whole notice flattened onto one line (a scraped text field)", () => {
  it("finds the title, addressees, sections, items and signature again", () => {
    const id = "city-run-on";
    const d = doc(id);
    expect(d.title).toBe("某某市财政局关于做好政府购买服务信息公开工作的通知");
    expect(d.date).toBe("2024-10-08");
    expect(clausesOf(id).map((c) => c.path)).toEqual(["", "一、（一）", "一、（二）", "二、", "三、"]);
    const item = at(id, "一、（二）")[0]!;
    expect(item.text).toBe("（二）合同签订后应当公开合同金额和承接主体。");
    expect(item.headings).toEqual(["一、明确公开内容"]);
    expect(at(id, "三、")[0]!.text).not.toMatch(/特此通知|2024年10月8日/);
    expect(clausesOf(id)[0]!.text).not.toMatch(/各区财政局|的通知/);
  });
});

describe("a notice signed with issuer and date on one line", () => {
  it("reads both from the line and keeps it and 特此通知 out of the clauses", () => {
    const id = "county-visiting-care";
    const d = doc(id);
    expect(d.date).toBe("2024-05-06");
    expect(d.issuer).toBe("某某县民政局");
    expect(clausesOf(id).map((c) => c.path)).toEqual(["", "一、", "二、"]);
    expect(allText(id)).not.toMatch(/2024年5月6日|特此通知/);
  });
});

describe("a full notice without a date, next to a news summary of it", () => {
  it("takes the date from its sibling and marks it as inferred", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "zhice-date-sibling-"));
    const data = mkdtempSync(path.join(tmpdir(), "zhice-date-sibling-data-"));
    try {
      writeFileSync(
        path.join(dir, "full.txt"),
        [
          "某某市财政局关于做好2025年政府购买公共文化服务工作的通知",
          "各区财政局：",
          "为做好2025年政府购买公共文化服务工作，现将有关事项通知如下：",
          "一、突出购买重点。重点购买公益性文艺演出、全民阅读推广和非物质文化遗产展示服务，优先保障基层群众文化需求。",
          "二、规范购买程序。购买主体应当依法选择承接主体，不得以购买服务名义将文化设施建设项目打包实施。",
          "三、加强绩效管理。购买主体应当组织开展绩效评价，评价结果与资金支付挂钩。",
        ].join("\n"),
      );
      writeFileSync(
        path.join(dir, "news.txt"),
        [
          "标题：某某市财政局部署2025年政府购买公共文化服务工作",
          "发布日期：2025-03-12",
          "来源：某某市财政局",
          "某某市财政局印发《某某市财政局关于做好2025年政府购买公共文化服务工作的通知》。通知要求，突出购买重点，重点购买公益性文艺演出、全民阅读推广和非物质文化遗产展示服务，优先保障基层群众文化需求。规范购买程序，不得以购买服务名义将文化设施建设项目打包实施。",
        ].join("\n"),
      );
      await ingestPaths([dir], { dataDir: data });
      const c = (await loadCorpus(data))!;
      const full = c.documents.find((d) => d.id === "full")!;
      const news = c.documents.find((d) => d.id === "news")!;
      expect(news.sameAs).toBe("full");
      expect(news.date).toBe("2025-03-12");
      expect(news.dateSource).toBe("own");
      expect(full.date).toBe("2025-03-12");
      expect(full.dateSource).toBe("sibling");
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(data, { recursive: true, force: true });
    }
  });
});
