/**
 * Follow-ups read with the question before them, on the question analysis: which questions are elliptical, and what
 * the merged analysis keeps (the previous act and frame) and replaces (its objects) — never the previous text itself.
 */
import { describe, expect, it } from "vitest";
import { analyseQuestion } from "../../src/answer/analysis.js";
import { followUpKind, readWithPrevious } from "../../src/answer/follow-up.js";
import { terms } from "./fixtures.js";

const a = (q: string) => analyseQuestion(q, terms);
const words = (q: ReturnType<typeof a>) => q.terms.groups.map((g) => g.alternatives[0]);

describe("elliptical questions", () => {
  it("tells substitutions and conditions from questions that stand on their own", () => {
    expect(followUpKind(a("那公益性岗位呢？"))).toBe("substitute");
    expect(followUpKind(a("What about public-welfare posts?"))).toBe("substitute");
    expect(followUpKind(a("公益性岗位？"))).toBe("substitute");
    expect(followUpKind(a("如果是稳定连续的项目呢？"))).toBe("condition");
    expect(followUpKind(a("What if the budget is not arranged?"))).toBe("condition");
    expect(followUpKind(a("劳务派遣岗位能纳入吗？"))).toBeNull();
    expect(followUpKind(a("那承接主体有哪些？"))).toBeNull();
    expect(followUpKind(a("政府购买服务合同履行期限可以签3年吗？"))).toBeNull();
  });
});

describe("reading with the previous question", () => {
  it("a substitution keeps the act and the yes/no frame and replaces the object", () => {
    const q = readWithPrevious(a("那公益性岗位呢？"), [a("劳务派遣岗位能纳入吗？")], terms);
    expect(q.form).toBe("permission");
    expect(q.asking).toBe("may");
    expect(words(q)).toContain("公益性岗位");
    expect(words(q)).toContain("纳入");
    expect(words(q)).not.toContain("劳务派遣");
    expect(q.act.map((i) => words(q)[i])).toContain("纳入");
    expect(q.question).toBe("那公益性岗位呢？"); // the asker's own words stay for display
  });

  it("a condition keeps the whole previous question and adds its words", () => {
    const q = readWithPrevious(a("如果是稳定连续的项目呢？"), [a("合同期限最长可以签几年？")], terms);
    expect(q.factShape).toBe("quantity");
    expect(q.terms.wantsQuantity).toBe(true);
    expect(words(q).join(" ")).toMatch(/合同/);
    expect(words(q)).toContain("连续");
    expect(words(q)).not.toContain("如果");
  });

  it("a chain of follow-ups keeps the first question's act; a question of its own is left alone", () => {
    const chain = readWithPrevious(a("那养老服务呢？"), [a("劳务派遣岗位能纳入吗？"), a("那公益性岗位呢？")], terms);
    expect(chain.form).toBe("permission");
    expect(words(chain)).toContain("纳入");
    expect(words(chain)).not.toContain("公益性岗位");
    const own = a("预算未安排的事项可以开展吗？");
    expect(readWithPrevious(own, [a("劳务派遣岗位能纳入吗？")], terms)).toBe(own);
  });
});
