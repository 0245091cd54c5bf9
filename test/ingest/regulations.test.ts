/** Regulations and orders: 令号 and issuer, enactment records in the header, list articles with their lead-in and closing text. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config.js";
import { parseDocNo } from "../../src/ingest/docno.js";
import { parseFile, type ParsedFile } from "../../src/ingest/parse.js";

const parse = (text: string, name = "regulation.txt") => parseFile(name, Buffer.from(text, "utf8"));
const ORDER = path.join(projectRoot, "test/fixtures/regulation-order/fixture-ministry-order.txt");

describe("令号 with the national prefix", () => {
  it("reads 中华人民共和国…令第N号 as the order number without the prefix", () => {
    expect(parseDocNo("中华人民共和国财政部令第102号")).toBe("财政部令第102号");
    expect(parseDocNo("中华人民共和国国务院令第658号")).toBe("国务院令第658号");
    expect(parseDocNo("2015年1月30日 中华人民共和国国务院令第658号公布")).toBe("国务院令第658号");
    expect(parseDocNo("根据中华人民共和国国务院令第658号")).toBe("国务院令第658号");
  });

  it("gives the order's number and issuer from a 文号 label", async () => {
    const p = await parse("标题: 中华人民共和国政府采购法实施条例\n文号: 中华人民共和国国务院令第658号\n发布日期: 2015-01-30\n\n第一章 总则\n第一条 根据政府采购法，制定本条例。\n第二条 本条例所称财政性资金是指纳入预算管理的资金。\n第三条 本条例自2015年3月1日起施行。\n");
    expect(p.meta.docNo).toBe("国务院令第658号");
    expect(p.meta.issuer).toBe("国务院");
  });
});

describe("an order's number on two lines", () => {
  it("reads 「中华人民共和国财政部令」 over 「第102号」 as the 令号, not as the title", async () => {
    const p = await parse(
      "中华人民共和国财政部令\n第102号\n《政府购买服务管理办法》已经2019年11月19日部务会议审议通过，现予公布，自2020年3月1日起施行。\n部长 刘昆\n2019年12月31日\n政府购买服务管理办法\n第一章 总则\n第一条 为规范政府购买服务行为，制定本办法。\n第二条 本办法所称政府购买服务，是指各级国家机关购买服务的行为。\n第三条 本办法自2020年3月1日起施行。\n",
    );
    expect(p.meta.title).toBe("政府购买服务管理办法");
    expect(p.meta.docNo).toBe("财政部令第102号");
    expect(p.meta.issuer).toBe("财政部");
    expect(p.clauses.map((c) => c.path)).toEqual(["第一条", "第二条", "第三条"]);
  });
});

describe("a ministerial order's header (fixture)", () => {
  let p: ParsedFile;
  beforeAll(async () => {
    p = await parseFile(ORDER, readFileSync(ORDER));
  });

  it("reads 令号, issuer, title, date and kind from the header", () => {
    expect(p.meta.docNo).toBe("财政部令第102号");
    expect(p.meta.issuer).toBe("财政部");
    expect(p.meta.title).toBe("政府购买服务管理办法");
    expect(p.meta.date).toBe("2019-12-31");
    expect(p.meta.kind).toBe("regulation");
  });

  it("keeps the promulgation sentence, the signer and the 令号 out of the clauses", () => {
    for (const c of p.clauses) {
      expect(c.path).not.toBe("");
      expect(c.text).not.toMatch(/部务会议|部长|刘昆|财政部令/);
    }
    expect(p.clauses[0]!.path).toBe("第一条");
  });

  it("keeps every paragraph of a two-paragraph article", () => {
    const text = p.clauses.filter((c) => c.path === "第二条").map((c) => c.text).join("\n");
    expect(text).toContain("本办法所称政府购买服务，是指");
    expect(text).toContain("政府购买服务的具体范围和内容实行指导性目录管理。");
  });
});

describe("enactment history of a law", () => {
  const law = [
    "标题: 中华人民共和国政府采购法",
    "发布日期: 2014-08-31",
    "来源: https://example.org/laws/政府采购法.md",
    "",
    "2002年6月29日 第九届全国人民代表大会常务委员会第二十八次会议通过",
    "2014年8月31日 第十二届全国人民代表大会常务委员会第十次会议《关于修改〈中华人民共和国保险法〉等五部法律的决定》修正",
    "第一章 总则",
    "第一条 为了规范政府采购行为，制定本法。",
    "第二条 在中华人民共和国境内进行的政府采购适用本法。",
    "第三条 政府采购应当遵循公开透明原则。",
  ].join("\n");

  it("is metadata, never a clause: no clause has an empty path or quotes the history", async () => {
    const p = await parse(law);
    expect(p.clauses.map((c) => c.path)).toEqual(["第一条", "第二条", "第三条"]);
    expect(p.clauses.some((c) => /会议通过|修正$|常务委员会/.test(c.text))).toBe(false);
    expect(p.meta.date).toBe("2014-08-31");
    expect(p.meta.issuer).toBe("全国人民代表大会常务委员会");
  });

  it("takes the latest enactment date when no date label is given, and skips 公布 / 施行 lines", async () => {
    const p = await parse(
      [
        "中华人民共和国政府采购法实施条例",
        "2014年12月31日 国务院第75次常务会议通过",
        "2015年1月30日 中华人民共和国国务院令第658号公布",
        "2015年3月1日 施行",
        "第一章 总则",
        "第一条 根据《中华人民共和国政府采购法》，制定本条例。",
        "第二条 政府采购法第二条所称财政性资金是指纳入预算管理的资金。",
        "第三条 本条例自2015年3月1日起施行。",
      ].join("\n"),
    );
    expect(p.meta.title).toBe("中华人民共和国政府采购法实施条例");
    expect(p.meta.date).toBe("2015-01-30");
    expect(p.meta.docNo).toBe("国务院令第658号");
    expect(p.meta.issuer).toBe("国务院");
    expect(p.clauses.map((c) => c.path)).toEqual(["第一条", "第二条", "第三条"]);
  });

  it("reads an order's promulgation sentence with its signer on the same line", async () => {
    const p = await parse(
      "中华人民共和国政府采购法实施条例\n《中华人民共和国政府采购法实施条例》已经2014年12月31日国务院第75次常务会议通过，现予公布，自2015年3月1日起施行。 总理 李克强\n第一条 根据《中华人民共和国政府采购法》，制定本条例。\n第二条 本条例所称财政性资金是指纳入预算管理的资金。\n第三条 本条例自2015年3月1日起施行。\n",
    );
    expect(p.meta.issuer).toBe("国务院");
    expect(p.meta.date).toBe("2014-12-31");
    expect(p.clauses.map((c) => c.path)).toEqual(["第一条", "第二条", "第三条"]);
  });

  it("leaves a dated sentence that opens a report in the text", async () => {
    const p = await parse("某市推进政府购买服务\n2023年4月18日，市政府常务会议审议通过了政府购买服务实施方案，明确了购买范围和承接主体条件。\n");
    expect(p.clauses[0]!.text).toContain("市政府常务会议审议通过了政府购买服务实施方案");
  });

  it("reads the record when it is printed in parentheses over two lines as well", async () => {
    const p = await parse(
      "中华人民共和国招标投标法\n（1999年8月30日第九届全国人民代表大会常务委员会第十一次会议通过\n根据2017年12月27日第十二届全国人民代表大会常务委员会第三十一次会议《关于修改〈中华人民共和国招标投标法〉、〈中华人民共和国计量法〉的决定》修正）\n第一条 为了规范招标投标活动，制定本法。\n第二条 在中华人民共和国境内进行招标投标活动，适用本法。\n第三条 招标分为公开招标和邀请招标。\n",
    );
    expect(p.meta.title).toBe("中华人民共和国招标投标法");
    expect(p.meta.date).toBe("2017-12-27");
    expect(p.clauses.map((c) => c.path)).toEqual(["第一条", "第二条", "第三条"]);
  });
});

describe("an article with a list", () => {
  it("has a clause of its own holding the lead-in, and items that carry it", async () => {
    const p = await parse(
      "某某条例\n\n第一条 为了规范管理，制定本条例。\n第九条 下列事项不得纳入政府购买服务范围：\n（一）应当由政府直接履职的事项；\n（二）融资行为。\n第十条 本条例自公布之日起施行。\n",
    );
    expect(p.clauses.map((c) => c.path)).toEqual(["第一条", "第九条", "第九条（一）", "第九条（二）", "第十条"]);
    expect(p.clauses.find((c) => c.path === "第九条")!.text).toBe("第九条 下列事项不得纳入政府购买服务范围：");
    expect(p.clauses.find((c) => c.path === "第九条（二）")!.leadIn).toBe("下列事项不得纳入政府购买服务范围：");
  });

  it("keeps the closing paragraph after the list as a clause of the article, after its items, apart from the lead-in", async () => {
    const p = await parseFile(ORDER, readFileSync(ORDER));
    const of11 = p.clauses.filter((c) => c.path.startsWith("第十一条"));
    expect(of11.map((c) => c.path)).toEqual(["第十一条", "第十一条（一）", "第十一条（二）", "第十一条"]);
    expect(of11[0]!.text).toBe("第十一条 承接主体应当具备下列条件：");
    expect(of11[2]!.leadIn).toBe("承接主体应当具备下列条件：");
    expect(of11[3]!.text).toBe("前款所称社会和商业信誉，以信用记录为准。");
    expect(of11[3]!.leadIn).toBeNull();
    // the closing paragraph keeps the article as context, as the later pieces of a long article do
    expect(of11[3]!.headings.at(-1)).toBe("第十一条 承接主体应当具备下列条件：");
    const of10 = p.clauses.filter((c) => c.path.startsWith("第十条"));
    expect(of10.map((c) => c.path)).toEqual(["第十条", "第十条（一）", "第十条（二）", "第十条（三）", "第十条（四）"]);
    expect(of10[4]!.leadIn).toBe("以下各项不得作为政府购买服务的购买内容：");
  });
});
