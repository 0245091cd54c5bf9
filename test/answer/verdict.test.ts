import { describe, expect, it } from "vitest";
import { clausePolarity, decideVerdict, dominant, polarityOf } from "../../src/answer/verdict.js";
import type { Hit } from "../../src/knowledge/hit.js";
import { doc2022 } from "./fixtures.js";

const judge = (text: string, terms: string[], leadIn: string | null = null) =>
  dominant(clausePolarity({ text, leadIn }, terms).scores);

describe("clause polarity by cue class", () => {
  it("reads prohibitions in several wordings", () => {
    expect(judge("购买主体不得将人员招、聘用，以劳务派遣方式用工纳入政府购买服务范围。", ["劳务派遣"])).toBe("prohibited");
    expect(judge("严禁借政府购买服务名义变相举债融资或用工。", ["融资"])).toBe("prohibited");
    expect(judge("对预算未安排的事项，不得开展购买服务。", ["预算未安排"])).toBe("prohibited");
    expect(judge("工程和服务打包的项目一律不得作为政府购买服务的内容。", ["工程和服务打包"])).toBe("prohibited");
    expect(judge("不属于政府职责范围的服务项目，政府不得向社会力量购买。", ["政府职责范围"])).toBe("prohibited");
    expect(judge("第三方评估不能替代购买主体的监管职责。", ["第三方评估"])).toBe("prohibited");
  });

  it("reads encouragement and permission", () => {
    expect(judge("鼓励通过政府购买服务方式开展核酸检测、消毒消杀、防疫宣传等疫情防控工作。", ["消毒消杀"])).toBe("allowed");
    expect(judge("积极推进政府购买城乡社区公共服务，在社区养老、托育等领域交给社会力量承担。", ["托育"])).toBe("allowed");
    expect(judge("凡适合社会力量承担的公共服务，都可以通过一定方式交给社会力量承担。", ["公共服务"])).toBe("allowed");
    expect(judge("将心理咨询服务纳入政府购买服务指导性目录范围。", ["心理咨询"])).toBe("allowed");
  });

  it("reads conditions on the act", () => {
    expect(
      judge(
        "纳入改革的服务项目原则上通过竞争择优方式确定承接主体，对暂不具备竞争条件的，改革当年可按规定通过单一来源采购方式直接委托原提供该服务的事业单位承接。",
        ["单一来源"],
      ),
    ).toBe("conditional");
    expect(judge("合同履行期限一般不超过1年，经财政部门批准可以延长至3年。", ["合同履行期限"])).toBe("conditional");
    expect(judge("继续选择符合条件的事业单位开展政府购买服务。", ["事业单位"])).toBe("conditional");
    expect(judge("纳入行政编制管理且经费由财政负担的群团组织，也可根据实际需要，通过购买服务方式提供公共服务。", ["群团组织"])).toBe("conditional");
  });

  it("a qualifier of someone else does not condition the term asked about", () => {
    expect(judge("支持对符合条件的特殊困难群体开展养老、精神障碍社区康复等领域政府购买服务。", ["养老"])).toBe("allowed");
  });

  it("judges around the term asked about when a clause turns", () => {
    const text = "鼓励通过政府购买服务发展社区养老服务，但不得将养老机构的人员招聘以劳务派遣方式纳入购买范围。";
    expect(judge(text, ["社区养老"])).toBe("allowed");
    expect(judge(text, ["劳务派遣"])).toBe("prohibited");
  });

  it("negated encouragement is a prohibition, 不得不 is not", () => {
    expect(judge("不鼓励以购买服务方式新建办公楼。", ["办公楼"])).toBe("prohibited");
    expect(polarityOf("各地不得不调整预算安排。", ["预算"]).scores.prohibited).toBe(0);
  });

  it("an item keeps the prohibition of its lead-in", () => {
    expect(judge("（五）购买主体的人员招、聘用，以劳务派遣方式用工，以及设置公益性岗位等事项；", ["公益性岗位"], "以下各项不得作为政府购买服务的购买内容：")).toBe("prohibited");
    expect(judge("（五）购买主体的人员招、聘用，以劳务派遣方式用工，以及设置公益性岗位等事项；", ["公益性岗位"])).toBe(null);
  });

  it("judges the sentence that is about the question when a clause states several rules", () => {
    const text = "第五条 各级国家机关是政府购买服务的购买主体。第八条 公益一类事业单位不作为政府购买服务的购买主体和承接主体。";
    expect(judge(text, ["各级国家机关", "主体"])).not.toBe("prohibited");
    expect(judge(text, ["公益一类事业单位", "主体"])).toBe("prohibited");
  });

  it("a top clause that simply lists the term outweighs a lower clause's cue about something else", () => {
    const hit = (text: string, order: number): Hit => ({
      clause: { id: `c${order}`, docId: doc2022.id, path: "", headings: [], leadIn: null, text, order, level: 1 },
      doc: doc2022,
      score: 1 / order,
      lexical: 0,
      vector: 0,
      matched: [],
    });
    const hits = [
      hit("（二）公共文化设施运营。包括乡镇综合文化站、村（社区）文化服务中心的免费开放运营管理。", 1),
      hit("严禁以政府购买服务名义为文化场馆新建、改扩建工程融资。", 2),
    ];
    const { verdict } = decideVerdict({ form: "permission", hits, termsPerHit: [["乡镇综合文化站", "运营管理"], ["文化"]] });
    expect(verdict).toBe("allowed");
  });
});
