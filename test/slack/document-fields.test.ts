/** Proposal fields read from a document's labels, Word tables included, and what a shared document is. */
import { describe, expect, it } from "vitest";
import { documentKind } from "../../src/slack/files/document-kind.js";
import { documentLines, fieldsFromLines, isProposal, missingFields } from "../../src/slack/files/document-fields.js";

describe("fields from a proposal document", () => {
  it("reads a Word table of label / value cell pairs, with units and types as the form takes them", () => {
    const html =
      "<p>政府购买服务项目申报表</p><table>" +
      "<tr><td><p>项目名称</p></td><td><p>农民工职业技能提升培训项目</p></td><td>预算金额（万元）</td><td>60</td></tr>" +
      "<tr><td>购买主体</td><td>某县人力资源和社会保障局</td><td>承接主体</td><td>某职业培训学校有限公司</td></tr>" +
      "<tr><td>采购方式</td><td>竞争性磋商方式</td><td>服务期限</td><td>12个月</td></tr>" +
      "<tr><td>评估等级</td><td>5A级</td></tr></table>";
    const fields = fieldsFromLines(documentLines({ text: html, format: "html" }));
    expect(fields.values).toMatchObject({
      title: "农民工职业技能提升培训项目",
      "budget.amountYuan": 600000,
      "purchaser.name": "某县人力资源和社会保障局",
      "purchaser.type": "administrative",
      "contractor.name": "某职业培训学校有限公司",
      "contractor.type": "enterprise",
      "contractor.rating": "5A",
      procurementMethod: "competitive_consultation",
      contractTermMonths: 12,
    });
    expect(isProposal(fields)).toBe(true);
    // 绩效目标 is required by the rules (a proposal without it fails pre-review), so a document without it asks for it.
    expect(missingFields(fields).map((m) => m.path)).toEqual(["service", "budget.arranged", "performanceTargets"]);
  });

  it("takes a value from the next line when the label stands alone, and keeps what it cannot read for the user", () => {
    const fields = fieldsFromLines(["一、项目名称：", "社区矫正社会工作服务", "二、预算金额：待定", "三、合同期限：三年"]);
    expect(fields.values).toMatchObject({ title: "社区矫正社会工作服务", contractTermMonths: 36 });
    expect(fields.values["budget.amountYuan"]).toBeUndefined();
    expect(fields.unreadable).toEqual([{ path: "budget.amountYuan", text: "待定" }]);
  });

  it("tells a notice (文号, or a notice title over numbered clauses) from a proposal and from other text", () => {
    const notice = ["某县财政局关于规范政府购买服务合同期限的通知", "某财购〔2023〕3号", "一、合同履行期限一般不超过1年。"];
    expect(documentKind(notice, fieldsFromLines(notice))).toBe("notice");
    const plan = ["某区推进政府购买服务改革实施方案", "为推进改革，制定本方案。", "一、总体要求"];
    expect(documentKind(plan, fieldsFromLines(plan))).toBe("notice");
    const minutes = ["周三下午开会。", "地点：三楼会议室"];
    expect(documentKind(minutes, fieldsFromLines(minutes))).toBe("other");
  });
});
