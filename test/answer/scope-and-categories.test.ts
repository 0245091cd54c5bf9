/**
 * Behaviour a new user noticed, checked in other wordings: concrete objects read as their procurement category
 * (a building is 工程, which the notices list among prohibited matters), "allowed" never resting on a preamble
 * without a permission cue, English questions about things the notices never mention abstaining like Chinese
 * ones, figures the notices do not state answered honestly in both languages, and bare help requests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { categoriseFragments, englishCategoryText, impliedCategories } from "../../src/answer/category.js";
import { answerQuestion, isBackground, isHelpRequest, occursUnquoted, permitsNear } from "../../src/answer/index.js";
import { verdictHeadline } from "../../src/answer/extractive.js";
import { askedMeasure, questionForm } from "../../src/answer/question.js";
import { clausePolarity } from "../../src/answer/verdict.js";
import { loadConfig } from "../../src/config.js";
import type { Hit } from "../../src/knowledge/hit.js";
import { openKnowledge, type Knowledge } from "../../src/knowledge/index.js";
import { doc2022, search, translate } from "./fixtures.js";

let tmp: string;
let kb: Knowledge;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "zhice-scope-"));
  kb = await openKnowledge(loadConfig({ ZHICE_DATA_DIR: path.join(tmp, "data") }), { quiet: true });
}, 120_000);

afterAll(async () => {
  await kb?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("categories of what is bought", () => {
  it("reads concrete objects as their category, not general words", () => {
    expect(impliedCategories("新建一座体育馆能否纳入政府购买服务？").map((c) => c.name)).toEqual(["工程"]);
    expect(impliedCategories("Can a township pay for a new bridge as a purchased service?").map((c) => c.name)).toEqual(["工程"]);
    expect(impliedCategories("采购几台服务器可以算购买服务吗").map((c) => c.name)).toEqual(["货物"]);
    // A service on the object (cleaning a road, managing a building) is a service, not works.
    expect(impliedCategories("道路保洁服务可以购买吗？")).toEqual([]);
    expect(impliedCategories("办公楼物业管理可以通过政府购买服务吗")).toEqual([]);
    expect(impliedCategories("Can we buy road maintenance as a service?")).toEqual([]);
    // 建设 alone is 体系建设 / 制度建设 in the notices: no category.
    expect(impliedCategories("加强养老服务体系建设可以通过购买服务吗")).toEqual([]);
    // Named outright: nothing to imply, but its verb belongs to it.
    expect(impliedCategories("工程建设能否打包进购买服务")).toEqual([]);
    expect(categoriseFragments(["工程建设能否打包进"], "工程建设能否打包进购买服务")).toContain("工程");
    expect(categoriseFragments(["新建一座体育馆"], "新建一座体育馆能否纳入政府购买服务？")).toEqual(["工程"]);
    expect(englishCategoryText("May a county buy the construction of a school building?")).toMatch(/\bworks\b/);
  });

  it("answers a question about putting up a building with the notices' ban on works, in both languages", async () => {
    for (const q of ["新建一座体育馆能否纳入政府购买服务？", "May a county buy the construction of a school building as a service?"]) {
      const a = await kb.ask(q);
      expect(a.verdict, q).toBe("prohibited");
      expect(a.citations[0].text).toContain("工程");
      expect(a.answer).toMatch(/工程/);
    }
  });

  it("puts clauses on the implied category ahead of clauses sharing side words", async () => {
    const a = await kb.ask("Could a district borrow money by signing a purchase-of-services contract?");
    expect(a.verdict).toBe("prohibited");
    expect(a.citations[0].text).toContain("融资");
  });

  it("treats '…包括…吗' as a yes/no question", async () => {
    expect(questionForm("购买服务的范围可以包括桥梁修建吗？", "zh")).toBe("permission");
    expect(questionForm("购买主体包括哪些？", "zh")).toBe("fact");
    const a = await kb.ask("购买服务的范围可以包括桥梁修建吗？");
    expect(a.verdict).toBe("prohibited");
  });
});

describe("a lead-in that keeps items out of scope", () => {
  it("gives its items no permission: 不得纳入…范围 is not 纳入…范围", () => {
    const { scores } = clausePolarity(
      { text: "（五）采购法律规定的货物，以及将工程和服务打包的项目；", leadIn: "下列事项不得纳入政府购买服务范围：" },
      ["货物"],
    );
    expect(scores.allowed).toBe(0);
    expect(scores.prohibited).toBeGreaterThan(1);
  });
});

describe("an 'allowed' verdict rests on a rule", () => {
  const preamble: Hit = {
    clause: {
      id: "p0",
      docId: doc2022.id,
      path: "",
      headings: [],
      leadIn: null,
      text: "为进一步深化行政管理体制改革，加快政府职能转变，根据《关于推进政府购买服务工作的指导意见》等文件，结合本区实际，制定本方案。",
      order: 0,
      level: 0,
    },
    doc: doc2022,
    score: 1,
    lexical: 1,
    vector: 0,
    matched: [],
  };

  it("tells background from rules and a permission cue near the topic", () => {
    expect(isBackground(preamble.clause)).toBe(true);
    expect(isBackground({ path: "一、（二）", text: "鼓励通过政府购买服务方式开展消毒消杀。" })).toBe(false);
    expect(permitsNear(preamble.clause.text, ["行政管理体制"])).toBe(false);
    expect(permitsNear("鼓励通过政府购买服务方式开展消毒消杀。", ["消毒消杀"])).toBe(true);
    expect(occursUnquoted("形成一批“精品项目”“样板工程”", "工程")).toBe(false);
    expect(occursUnquoted("工程和服务捆绑外包列入禁止性事项", "工程")).toBe(true);
  });

  it("does not say 'allowed' when the only clause naming the topic is a preamble", async () => {
    const a = await answerQuestion("能否用政府购买服务深化行政管理体制改革？", { search: async () => [preamble], translate });
    expect(a.verdict).not.toBe("allowed");
  });
});

describe("English questions about what the notices never mention", () => {
  it("abstain like the Chinese ones", async () => {
    for (const q of ["Which VAT rate do purchased services carry?", "What GST rate is charged on services bought by the government?", "购买服务要交多少增值税？"]) {
      const a = await kb.ask(q);
      expect(a, q).toMatchObject({ abstained: true, verdict: "unknown" });
    }
  });
});

describe("a figure the notices do not state", () => {
  it("is answered the same way in both languages: no number, only the rule", async () => {
    expect(askedMeasure("政府购买服务合同的期限最长能签多少年？")).toBe("duration");
    expect(askedMeasure("How many years at most can a purchase-of-services contract last?")).toBe("duration");
    const zh = await kb.ask("政府购买服务合同的期限最长能签多少年？");
    const en = await kb.ask("How many years at most can a purchase-of-services contract last?");
    for (const a of [zh, en]) {
      expect(a).toMatchObject({ verdict: "info", abstained: false });
      expect(a.answer).toContain("法定期限");
      expect(a.citations[0].text).toContain("法定期限");
    }
    expect(zh.answer).toMatch(/没有规定具体/);
    expect(en.answer).toMatch(/no specific/i);
  });
});

describe("a yes/no question stating a term the notices do not set", () => {
  it("gets the same 'no figure, only the rule' answer in both languages, not a yes", async () => {
    const zh = await kb.ask("政府购买服务合同可以签五年吗？");
    const en = await kb.ask("May a purchase-of-services contract be signed for five years?");
    for (const a of [zh, en]) {
      expect(a).toMatchObject({ verdict: "info", abstained: false });
      expect(a.answer).toContain("法定期限");
    }
  });
});

describe("help requests", () => {
  it("are recognised only when the whole input asks for help", () => {
    for (const q of ["help", "Help?", "/help", "帮助", "怎么用？", "what can you do?"]) expect(isHelpRequest(q), q).toBe(true);
    for (const q of ["帮助残疾人就业的服务可以购买吗", "Can you help me find the clause on budgets?"]) expect(isHelpRequest(q), q).toBe(false);
  });

  it("get a short bilingual hint with no verdict and no citations", async () => {
    let searched = 0;
    const deps = { search: async (q: string, k: number) => (searched++, search(q, k)), translate };
    for (const q of ["help", "帮助"]) {
      const a = await answerQuestion(q, deps);
      expect(a).toMatchObject({ verdict: "unknown", abstained: true, citations: [] });
      expect(a.answer).toMatch(/政府购买服务/);
      expect(a.answer).toMatch(/government purchase of services/);
      // Faces label it as help, not as "no basis in the notices".
      expect(verdictHeadline(a).en).toBe("Help");
    }
    expect(searched).toBe(0);
  });
});
