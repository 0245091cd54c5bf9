import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseProposal } from "../../src/prereview/index.js";

const valid = JSON.parse(readFileSync("test/fixtures/proposals/DP01.json", "utf8")) as Record<string, unknown>;

function errorsOf(input: unknown) {
  const r = parseProposal(input);
  if (r.ok) throw new Error("expected errors");
  return r.errors;
}

describe("parseProposal", () => {
  it("accepts a valid proposal and ignores unknown extra fields (id, expect)", () => {
    const r = parseProposal({ ...valid, someToolField: 1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.proposal.title).toBe("农民工职业技能提升培训项目");
    expect(r.proposal).not.toHaveProperty("id");
    expect(r.proposal).not.toHaveProperty("expect");
    expect(r.proposal).not.toHaveProperty("someToolField");
  });

  it("fills optional fields with their defaults", () => {
    const { stableRecurring, performanceTargets, newMajorProject, priorAssessmentDone, ...rest } = valid;
    void stableRecurring, performanceTargets, newMajorProject, priorAssessmentDone;
    const contractor = { name: "某公司", type: "enterprise" };
    const r = parseProposal({ ...rest, contractor });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.proposal.stableRecurring).toBe(false);
      expect(r.proposal.contractor.rating).toBeNull();
      expect(r.proposal.performanceTargets).toBe("");
    }
  });

  it("names every bad field, in Chinese with English alongside", () => {
    const errors = errorsOf({
      ...valid,
      title: "   ",
      budget: { amountYuan: -5, arranged: "yes" },
      purchaser: { name: "某局", type: "ministry" },
      contractor: { name: "某中心", type: "social_organization", rating: "AAA", inspectionYearsPassed: 1.5 },
      procurementMethod: "lottery",
      contractTermMonths: 0,
    });
    const fields = errors.map((e) => e.field).sort();
    expect(fields).toEqual(
      [
        "title",
        "budget.amountYuan",
        "budget.arranged",
        "purchaser.type",
        "contractor.rating",
        "contractor.inspectionYearsPassed",
        "procurementMethod",
        "contractTermMonths",
      ].sort(),
    );
    const amount = errors.find((e) => e.field === "budget.amountYuan")!;
    expect(amount.messageZh).toContain("预算金额");
    expect(amount.messageZh).toContain("非负数");
    expect(amount.messageEn).toBe("budget.amountYuan must be ≥ 0");
    for (const e of errors) {
      expect(e.messageZh).toMatch(/\p{Script=Han}/u);
      expect(e.messageZh).toContain(e.field);
      expect(e.messageEn).toContain(e.field);
      expect(e.messageEn).not.toMatch(/\p{Script=Han}/u);
    }
    expect(errors.find((e) => e.field === "procurementMethod")!.messageEn).toContain("public_tender");
    expect(errors.find((e) => e.field === "contractor.rating")!.messageEn).toMatch(/1A/);
  });

  it("names missing fields, including whole missing objects", () => {
    const { purchaser, service, ...rest } = valid;
    void purchaser, service;
    const errors = errorsOf(rest);
    expect(errors.map((e) => e.field).sort()).toEqual(["purchaser", "service"]);
    const p = errors.find((e) => e.field === "purchaser")!;
    expect(p.messageZh).toContain("购买主体");
    expect(p.messageEn).toContain("required");
  });

  it("says a missing choice field is missing (缺失 / required) and lists the allowed values", () => {
    const { procurementMethod, ...rest } = valid;
    void procurementMethod;
    const errors = errorsOf({ ...rest, purchaser: { name: "某区民政局" } });
    expect(errors.map((e) => e.field).sort()).toEqual(["procurementMethod", "purchaser.type"]);
    for (const e of errors) {
      expect(e.messageZh).toContain("缺失");
      expect(e.messageZh).not.toContain("undefined");
      expect(e.messageEn).toContain("is required");
      expect(e.messageEn).not.toContain("undefined");
    }
    const method = errors.find((e) => e.field === "procurementMethod")!;
    expect(method.messageZh).toContain("public_tender（公开招标）");
    expect(method.messageEn).toContain("single_source");
  });

  it("reports wrong types with the value received", () => {
    const errors = errorsOf({ ...valid, budget: { amountYuan: "800000", arranged: true } });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.field).toBe("budget.amountYuan");
    expect(errors[0]!.messageEn).toContain("must be a number");
    expect(errors[0]!.messageZh).toContain("数字");
  });

  it("rejects input that is not an object", () => {
    for (const input of [null, [], "proposal", 42]) {
      const errors = errorsOf(input);
      expect(errors[0]!.field).toBe("(root)");
      expect(errors[0]!.messageZh).toContain("JSON 对象");
    }
  });
});
