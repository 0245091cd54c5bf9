import { describe, expect, it } from "vitest";
import { asksDefinition, bansNear, definedTerm, definesNear } from "../../src/answer/abstain.js";
import { asksTime, writtenRegister } from "../../src/answer/question.js";
import { clausePolarity, dominant } from "../../src/answer/verdict.js";

describe("question shapes the abstention rule credits", () => {
  it("reads deadline questions in several wordings", () => {
    expect(asksTime("这项工作最迟哪天要交？")).toBe(true);
    expect(asksTime("整改最晚要在什么时间点之前完成")).toBe(true);
    expect(asksTime("By when must the catalogue be filed?")).toBe(true);
    expect(asksTime("承接主体应当具备哪些条件")).toBe(false);
  });

  it("finds the term a definition question asks about, whole", () => {
    expect(asksDefinition("承接主体是什么意思")).toBe(true);
    expect(asksDefinition("What does performance evaluation mean?")).toBe(true);
    expect(asksDefinition("承接主体应当具备哪些条件")).toBe(false);
    expect(definedTerm("通知里，绩效评价是什么意思")).toBe("绩效评价");
    expect(definedTerm("什么是政府购买服务？")).toBe("政府购买服务");
    expect(definedTerm("承接主体包括哪些")).toBeNull();
  });

  it("sees a definition only where the term is defined", () => {
    expect(definesNear("政府购买服务，是指各级国家机关将属于自身职责范围的服务事项交由承接主体承担。", ["政府购买服务"])).toBe(true);
    expect(definesNear("政府向社会力量购买服务，就是通过发挥市场机制作用提供服务。", ["政府向社会力量购买服务"])).toBe(true);
    expect(definesNear("要加快推进政府购买服务改革。", ["政府购买服务"])).toBe(false);
  });

  it("sees a ban only in a sentence about the topic", () => {
    expect(bansNear("完备合同要件。不得超出法定期限签订政府购买服务合同。", ["合同", "期限"])).toBe(true);
    expect(bansNear("不得开展购买服务。加强合同管理。", ["合同"])).toBe(false);
    expect(bansNear("禁止性事项清单另行发布，合同按规定签订。", ["合同"])).toBe(false);
  });

  it("puts spoken wording into the notices' register", () => {
    expect(writtenRegister("预算里没安排")).toBe("预算里未安排");
    expect(writtenRegister("没有经过审批")).toBe("未经过审批");
    expect(writtenRegister("搞购买服务")).toBe("开展购买服务");
  });
});

describe("a required precondition is a condition, not a ban", () => {
  const judge = (text: string, terms: string[]) => dominant(clausePolarity({ text, leadIn: null }, terms).scores);
  it("reads 要做好 / 应当先开展 + an assessment step as conditional", () => {
    expect(judge("对预算未安排的事项，不得开展购买服务。新增重大政府购买服务项目要做好事前评估。", ["新增", "重大"])).toBe("conditional");
    expect(judge("购买主体应当先开展需求调查，再确定购买内容。", ["购买内容"])).toBe("conditional");
  });
  it("still reads a ban next to the term as a ban", () => {
    expect(judge("对预算未安排的事项，不得开展购买服务。", ["预算未安排"])).toBe("prohibited");
  });
});
