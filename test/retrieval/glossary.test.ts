/**
 * The glossary covers the notices' policy vocabulary: every term of the domain dictionary (the policy noun phrases
 * jieba keeps whole) can be reached from English, and common paraphrases reach the notices' wording.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { DOMAIN_DICT_PATH } from "../../src/retrieval/tokenize.js";
import { defaultGlossary } from "../../src/retrieval/glossary.js";

describe("glossary coverage", () => {
  const glossary = defaultGlossary();

  it("has an English phrase for every domain-dictionary term", () => {
    const terms = fs
      .readFileSync(DOMAIN_DICT_PATH, "utf8")
      .split("\n")
      .map((l) => l.trim().split(/\s+/)[0] ?? "")
      .filter((t) => t && !t.startsWith("#"));
    expect(terms.length).toBeGreaterThan(100);
    const reachable = new Set(glossary.chineseTerms());
    const missing = terms.filter((t) => !reachable.has(t));
    expect(missing, `no English phrase reaches: ${missing.join(" ")}`).toEqual([]);
  });

  it("maps paraphrases of policy nouns to the notices' terms", () => {
    const zh = (q: string) => glossary.translate(q).zh;
    expect(zh("What shortcomings were found?")).toContain("问题");
    expect(zh("Which subsidies apply?")).toContain("补贴");
    expect(zh("contractors that break the rules")).toContain("违规");
    expect(zh("whole-process supervision of contracts")).toContain("全过程监管");
    expect(zh("Is a family doctor service covered?")).toContain("家庭医生");
  });

  it("maps procurement-law terms to the wording of 政府采购法, its 实施条例 and 招标投标法", () => {
    const zh = (q: string) => glossary.translate(q).zh;
    expect(zh("Can the evaluation committee skip the qualification check after prequalification?")).toEqual(
      expect.arrayContaining(["评标委员会", "资格审查", "资格预审"]),
    );
    expect(zh("How large may the bid bond be?")).toContain("投标保证金");
    expect(zh("the performance bond")).toContain("履约保证金");
    expect(zh("Can the purchaser hand-pick an agency?")).toEqual(expect.arrayContaining(["采购人", "指定", "采购代理机构"]));
    expect(zh("may we shred procurement files")).toEqual(expect.arrayContaining(["销毁", "采购文件"]));
    expect(zh("a blacklisted supplier")).toEqual(expect.arrayContaining(["不良行为记录", "供应商"]));
    expect(zh("a supplementary contract to add more goods")).toEqual(expect.arrayContaining(["补充合同", "追加"]));
    expect(zh("avoid the public tender threshold")).toEqual(expect.arrayContaining(["规避", "公开招标数额标准"]));
    expect(zh("the winning bidder")).toContain("中标人");
    expect(zh("file a challenge within 7 working days")).toEqual(expect.arrayContaining(["质疑", "七个工作日"]));
  });
});
