/** Parsing rules on small texts: numbering styles, lead-ins, duplicates, headers. */
import { describe, expect, it } from "vitest";
import { parseFile } from "../../src/ingest/parse.js";
import { buildCorpus, titleFromEnacting } from "../../src/ingest/corpus.js";
import { parseDate } from "../../src/ingest/dates.js";
import { parseDocNo } from "../../src/ingest/docno.js";

const parse = (text: string, name = "notice.txt") => parseFile(name, Buffer.from(text, "utf8"));

describe("clause tree", () => {
  it("splits items written inline inside an article and keeps the article's 不得 sentence as lead-in", async () => {
    const p = await parse(
      "某某条例\n\n第一条 为了规范管理，制定本条例。\n第九条 下列事项不得纳入政府购买服务范围：（一）应当由政府直接履职的事项；（二）融资行为；（三）以劳务派遣方式用工。\n第十条 本条例自公布之日起施行。\n",
    );
    const item = p.clauses.find((c) => c.path === "第九条（三）")!;
    expect(item.text).toBe("（三）以劳务派遣方式用工。");
    expect(item.leadIn).toBe("下列事项不得纳入政府购买服务范围：");
    // the article's own line is a clause of its own as well as the items' lead-in
    expect(p.clauses.find((c) => c.path === "第九条")!.text).toBe("第九条 下列事项不得纳入政府购买服务范围：");
    expect(p.meta.kind).toBe("regulation");
  });

  it("nests numbering by order of appearance: 一、 → （一） → 1. → （1）, and 1） items", async () => {
    const p = await parse(
      [
        "关于测试的通知", "", "一、总体要求", "（一）基本原则", "1.坚持公益属性，以下情形除外：", "（1）已有预算安排的项目；",
        "（2）上级明确要求的项目。", "2.坚持竞争择优。", "（二）工作目标", "到2025年基本建立制度体系，具体包括：",
        "1）目录完善；", "2）流程规范。", "二、保障措施", "各部门要加强组织领导。",
      ].join("\n"),
    );
    const paths = p.clauses.map((c) => c.path);
    expect(paths).toEqual(["一、（一）1.（1）", "一、（一）1.（2）", "一、（一）2.", "一、（二）", "一、（二）1）", "一、（二）2）", "二、"]);
    const deep = p.clauses.find((c) => c.path === "一、（一）1.（2）")!;
    expect(deep.headings).toEqual(["一、总体要求", "（一）基本原则", "1.坚持公益属性，以下情形除外："]);
    expect(deep.leadIn).toBe("坚持公益属性，以下情形除外：");
    expect(p.clauses.find((c) => c.path === "一、（二）2）")!.leadIn).toBe("到2025年基本建立制度体系，具体包括：");
  });

  it("does not take a sentence starting with a number for an item out of sequence", async () => {
    const p = await parse("关于测试的通知\n\n一、资金安排\n3.5亿元用于养老服务，其余用于就业培训。\n二、其他\n各地按规定执行。\n");
    expect(p.clauses.map((c) => c.path)).toEqual(["一、", "二、"]);
    expect(p.clauses[0]!.text).toContain("3.5亿元");
  });

  it("splits an over-long paragraph by sentences but keeps its path", async () => {
    const sentence = "政府购买服务应当坚持费随事转，注重实效，切实提高财政资金使用效益并加强全过程绩效管理。";
    const p = await parse(`关于测试的通知\n\n一、总体要求\n${sentence.repeat(12)}\n`);
    const parts = p.clauses.filter((c) => c.path === "一、");
    expect(parts.length).toBeGreaterThan(1);
    for (const c of parts) expect(c.text.length).toBeLessThanOrEqual(450);
    expect(parts.map((c) => c.text).join("").replace(/\n|一、总体要求/g, "")).toBe(sentence.repeat(12));
  });

  it("cuts a run-on text without sentence marks into pieces of bounded length", async () => {
    const run = "政府购买服务项目应当纳入预算管理并开展绩效评价，".repeat(60);
    const p = await parse(`关于测试的通知\n\n${run}\n`);
    expect(p.clauses.length).toBeGreaterThan(3);
    for (const c of p.clauses) expect(c.text.length).toBeLessThanOrEqual(600);
    expect(p.clauses.map((c) => c.text).join("")).toBe(run);
  });

  it("keeps policy sentences that contain words also used by site chrome", async () => {
    const p = await parse(
      "关于测试的通知\n\n一、承接主体条件\n1.依法登记注册，具有独立承担民事责任的能力；\n2.能够为购买主体提供技术支持和系统运行维护；\n3.可通过扫描二维码在线预览服务清单。\n",
    );
    expect(p.clauses.map((c) => c.path)).toEqual(["一、1.", "一、2.", "一、3."]);
  });

  it("keeps an item that recurs in two lists", async () => {
    const p = await parse(
      "某某办法\n\n第五条 下列主体不得作为承接主体：\n（一）不具备独立法人资格的；\n（二）法律、行政法规规定的其他情形。\n第六条 下列事项不得购买：\n（一）融资行为；\n（二）法律、行政法规规定的其他情形。\n",
    );
    expect(p.clauses.map((c) => c.path)).toEqual(["第五条", "第五条（一）", "第五条（二）", "第六条", "第六条（一）", "第六条（二）"]);
  });

  it("keeps label-like lines inside the body of a plan", async () => {
    const p = await parse(
      "某区政府购买服务实施方案\n\n一、实施安排\n时间：2023年1月至12月，分三个阶段推进。\n二、工作要求\n各部门要加强协作。\n三、保障措施\n加强资金保障。\n四、其他\n本方案由区财政局负责解释。\n",
    );
    expect(p.clauses.find((c) => c.path === "一、")!.text).toContain("时间：2023年1月至12月");
  });

  it("drops a second plain-text copy of the body, including its short headings", async () => {
    const body = ["一、总体要求", "政府购买服务应当先有预算、后购买服务，所需资金在部门预算中统筹安排。", "二、保障措施", "各部门要加强组织领导，明确责任分工，确保各项工作落到实处。"];
    const p = await parse(["关于测试的通知", "", ...body, ...body].join("\n"));
    expect(p.clauses.map((c) => c.path)).toEqual(["一、", "二、"]);
  });
});

describe("metadata", () => {
  it("normalises 文号 and 令号 brackets and prefixes", () => {
    expect(parseDocNo("财综[2022]51号")).toBe("财综〔2022〕51号");
    expect(parseDocNo("国办发(2013)96号")).toBe("国办发〔2013〕96号");
    expect(parseDocNo("财综【2020】057号")).toBe("财综〔2020〕57号");
    expect(parseDocNo("根据财综〔2016〕53号")).toBe("财综〔2016〕53号");
    expect(parseDocNo("2020年1月3日财政部令第102号公布")).toBe("财政部令第102号");
    expect(parseDocNo("x办发〔x〕73号")).toBeNull();
  });

  it("parses dates in several notations", () => {
    expect(parseDate("2022-04-18 18:04:08 +0800")).toBe("2022-04-18");
    expect(parseDate("2021年5月8日")).toBe("2021-05-08");
    expect(parseDate("二〇二三年四月十日")).toBe("2023-04-10");
    expect(parseDate("浏览次数：24399")).toBeNull();
  });

  it("joins a title set over two lines, and reads the signature and date at the end", async () => {
    const p = await parse(
      "某某市财政局关于进一步加强政府购买服务\n预算管理工作的通知\n\n各县（区）财政局：\n　　一、先有预算，后购买服务。\n　　二、严禁无预算购买。\n\n某某市财政局\n2024年3月1日\n",
    );
    expect(p.meta.title).toBe("某某市财政局关于进一步加强政府购买服务预算管理工作的通知");
    expect(p.meta.issuer).toBe("某某市财政局");
    expect(p.meta.date).toBe("2024-03-01");
    expect(p.clauses.map((c) => c.text)).toEqual(["一、先有预算，后购买服务。", "二、严禁无预算购买。"]);
  });

  it("reads a red head that is just the issuing body's name, with the formal title below it", async () => {
    const p = await parse(
      "中华人民共和国财政部\n财办综〔2021〕3号\n财政部办公厅关于做好政府购买服务信息报送工作的通知\n各省、自治区、直辖市财政厅（局）：\n　　一、按时报送政府购买服务支出数据。\n",
    );
    expect(p.meta.title).toBe("财政部办公厅关于做好政府购买服务信息报送工作的通知");
    expect(p.meta.docNo).toBe("财办综〔2021〕3号");
    expect(p.clauses.map((c) => c.text)).toEqual(["一、按时报送政府购买服务支出数据。"]);
  });

  it("keeps the 文号 line printed above the addressees at the start of the preamble clause, not one only in a 文号： label", async () => {
    const printed = await parse(
      "标题: 国务院办公厅关于政府向社会力量购买服务的指导意见\n文号: 国办发〔2013〕96号\n\n国办发〔2013〕96号\n各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n党的十八大强调，要加强和创新社会管理。现就政府向社会力量购买服务提出以下指导意见。\n一、充分认识政府向社会力量购买服务的重要性\n改革开放以来，我国公共服务体系和制度建设不断推进。\n",
    );
    expect(printed.meta.docNo).toBe("国办发〔2013〕96号");
    const first = printed.clauses[0]!;
    expect(first.key).toBe("pre");
    expect(first.text).toBe("国办发〔2013〕96号\n党的十八大强调，要加强和创新社会管理。现就政府向社会力量购买服务提出以下指导意见。");
    // only the first clause carries it
    expect(printed.clauses.slice(1).some((c) => c.text.includes("96号"))).toBe(false);

    // the line as the notice prints it (old-style brackets), while docNo is normalised
    const bracketed = await parse("财政部文件\n财综[2022]51号\n各省、自治区、直辖市财政厅（局）：\n为深化政府购买服务改革，现就有关事项通知如下：\n一、加强预算管理。\n");
    expect(bracketed.meta.docNo).toBe("财综〔2022〕51号");
    expect(bracketed.clauses[0]!.text.startsWith("财综[2022]51号\n为深化政府购买服务改革")).toBe(true);

    const labelOnly = await parse(
      "标题: 财政部关于做好政府购买服务改革重点工作的通知\n文号: 财综〔2022〕51号\n\n各省、自治区、直辖市财政厅（局）：\n为深化政府购买服务改革，现就有关事项通知如下：\n一、加强预算管理。\n",
    );
    expect(labelOnly.meta.docNo).toBe("财综〔2022〕51号");
    expect(labelOnly.clauses.some((c) => c.text.includes("51号"))).toBe(false);
    expect(labelOnly.clauses[0]!.text).toBe("为深化政府购买服务改革，现就有关事项通知如下：");
  });

  it("marks a title with （节选） as an excerpt and removes the mark", async () => {
    const p = await parse("标题：关于做好政府购买服务工作的通知（节选）\n\n一、各地要加强政府购买服务预算管理，严禁无预算购买服务。\n");
    expect(p.meta.title).toBe("关于做好政府购买服务工作的通知");
    expect(p.meta.excerpt).toBe(true);
  });

  it("names a notice after its own enacting sentence when no file names it", async () => {
    expect(titleFromEnacting("…现就做好2023年政府购买服务改革重点工作有关事项通知如下：")).toBe(
      "关于做好2023年政府购买服务改革重点工作的通知",
    );
    expect(titleFromEnacting("经国务院同意，现就政府向社会力量购买服务提出以下指导意见。")).toBe(
      "关于政府向社会力量购买服务的指导意见",
    );
    const p = await parse("各省、自治区财政厅（局）：\n　　为推进改革，现就规范政府购买服务合同管理有关事项通知如下：\n　　一、合同履行期限一般不超过1年。\n");
    const { documents } = buildCorpus([{ id: "x", source: "x.txt", contentHash: "h", ...p }]);
    expect(documents[0]!.title).toBe("关于规范政府购买服务合同管理的通知");
    expect(documents[0]!.titleSource).toBe("own");
  });

  it("falls back to the file name when the text offers no title at all", async () => {
    const p = await parse("一、加强管理。\n二、规范程序。\n", "plain-list.txt");
    const { documents } = buildCorpus([{ id: "plain-list", source: "notes/plain-list.txt", contentHash: "h", ...p }]);
    expect(documents[0]!.title.length).toBeGreaterThan(0);
  });
});
