import { describe, expect, it } from "vitest";
import { errorsForModal, parseAmount, proposalFromView, type ViewValues } from "../../src/slack/proposal-form.js";

const v = (value: string) => ({ value: { type: "plain_text_input", value } });
const sel = (value: string) => ({ value: { type: "static_select", selected_option: { value, text: { type: "plain_text", text: value } } } });

describe("pre-review form", () => {
  it("turns the modal state into the proposal JSON shape", () => {
    const values = {
      title: v("项目"),
      service: v("服务"),
      "purchaser.name": v("民政局"),
      "purchaser.type": sel("administrative"),
      "budget.amountYuan": v("80万"),
      "budget.arranged": { value: { type: "radio_buttons", selected_option: { value: "true" } } },
      "contractor.name": v("中心"),
      "contractor.type": sel("social_organization"),
      "contractor.rating": { value: { type: "static_select", selected_option: null } },
      "contractor.inspectionYearsPassed": v(""),
      procurementMethod: sel("public_tender"),
      contractTermMonths: v("12个月"),
    } as unknown as ViewValues;
    const p = proposalFromView(values) as any;
    expect(p.budget).toEqual({ amountYuan: 800000, arranged: true });
    expect(p.contractTermMonths).toBe(12);
    expect(p.contractor.rating).toBeNull();
    expect(p.contractor.inspectionYearsPassed).toBeNull();
    expect(p.purchaser.type).toBe("administrative");
  });

  it("keeps unparseable numbers as typed so validation names them", () => {
    expect(parseAmount("一百万")).toBe("一百万");
    expect(parseAmount("1,000,000")).toBe(1000000);
  });

  it("maps field errors onto the modal's block ids", () => {
    const e = errorsForModal([
      { field: "budget.amountYuan", messageZh: "预算金额必须为非负数", messageEn: "budget.amountYuan must be ≥ 0" },
      { field: "contractor", messageZh: "承接主体缺失", messageEn: "contractor is required" },
      { field: "budget.amountYuan", messageZh: "x", messageEn: "y" },
    ]);
    expect(e["budget.amountYuan"]).toContain("预算金额必须为非负数 / budget.amountYuan must be ≥ 0");
    expect(e["budget.amountYuan"]).toContain("x / y");
    expect(e["contractor.name"]).toContain("承接主体缺失");
  });
});
