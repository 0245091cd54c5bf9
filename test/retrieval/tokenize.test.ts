import { describe, expect, it } from "vitest";
import { indexTokens, keyTerms, normalize, questionCues, subTerms, words } from "../../src/retrieval/tokenize.js";

describe("tokenize", () => {
  it("keeps domain terms whole (domain dictionary loaded into jieba)", () => {
    const ws = words("购买主体不得以劳务派遣方式用工，不得借政府购买服务名义变相用工，不得设置公益性岗位，指导性目录由承接主体执行");
    for (const t of ["劳务派遣", "变相用工", "公益性岗位", "指导性目录", "承接主体", "购买主体"]) expect(ws).toContain(t);
  });

  it("normalises full-width letters, digits and punctuation", () => {
    expect(normalize("ＡＢＣ１２３（一）")).toBe("abc123(一)");
    expect(indexTokens("２０２２年 ＰＰＰ项目")).toEqual(expect.arrayContaining(["2022", "ppp"]));
  });

  it("adds CJK bigrams next to words, and lower-cases English", () => {
    const toks = indexTokens("消毒消杀 Online Education");
    expect(toks).toContain("消毒消杀");
    expect(toks).toContain("~毒消");
    expect(toks).toContain("online");
    expect(toks).toContain("education");
  });

  it("separates question words (verdict cues) from topic terms", () => {
    const q = "劳务派遣岗位能否纳入政府购买服务？";
    const terms = keyTerms(q);
    expect(terms).toContain("劳务派遣");
    expect(terms).not.toContain("能否");
    expect(questionCues(q)).toContain("能否");
    expect(keyTerms("哪些服务不得购买吗")).not.toEqual(expect.arrayContaining(["哪些", "不得", "吗"]));
  });

  it("splits a compound into the parts that cover it", () => {
    expect(subTerms("民办义务教育学校").join("")).toBe("民办义务教育学校");
    expect(subTerms("劳务派遣")).toEqual(["劳务", "派遣"]);
    expect(subTerms("养老")).toEqual([]);
  });
});
