/** The one question analysis: what of the wording is content, and what is the asker's spoken frame. */
import { describe, expect, it } from "vitest";
import { analyseQuestion } from "../../src/answer/analysis.js";
import { analyzeQuery } from "../../src/retrieval/query.js";
import { defaultGlossary } from "../../src/retrieval/glossary.js";

// A corpus that uses the hedge 一定 and the word 问题 as content, so only the frame reading can keep them out.
const corpus = "政府采购合同应当采用书面形式。一定期限内发现的问题应当整改。评审专家应当随机抽取。";
/** Key terms weighted over a corpus of 100 clauses in which `text` stands once. */
const termsOver = (text: string) => (t: string) => analyzeQuery(t, { size: 100, df: (x: string) => (text.includes(x.replace(/^~/, "")) ? 1 : 0) }, defaultGlossary());
const terms = termsOver(corpus);
const words = (q: string) => analyseQuestion(q, terms).terms.groups.map((g) => g.alternatives[0]);

describe("question analysis", () => {
  it("drops a function word the corpus never uses (干脆, 借着, 以后) but keeps an unknown content word as a topic", () => {
    const w = words("评审专家干脆借着这个机会以后都我们自己定？");
    expect(w).not.toContain("干脆");
    expect(w).not.toContain("借着");
    expect(w).not.toContain("以后");
    expect(w).toContain("评审专家");
    // an unknown noun is a topic the corpus lacks: it stays, so the question can be found out of scope
    expect(words("产假可以休几天？")).toContain("产假");
    // a function word the corpus does use stays a term
    expect(words("一定期限内怎么整改？")).toContain("一定");
  });

  it("reads a question word under a yes/no frame as indefinite: the question still asks whether", async () => {
    const { questionForm } = await import("../../src/answer/question.js");
    expect(questionForm("谈判的时候，能不能跟这家说说另一家报了多少钱？", "zh")).toBe("permission");
    expect(questionForm("定谁中标，可以交给评标委员会决定吗？", "zh")).toBe("permission");
    expect(questionForm("县级政府是不是无论如何都不能批准？", "zh")).toBe("permission");
    // a frame that asks to be told, or a question word closing on 什么, asks for the fact
    expect(questionForm("能不能告诉我哪些事项不得纳入？", "zh")).toBe("fact");
    // chat forms: a closing V不 (「能让他们参加不？」「这样行不？」), 吧 after 没什么, and 还是 meaning "still"
    expect(questionForm("评审专家我们自己挑，能挑不？", "zh")).toBe("permission");
    expect(questionForm("合同先口头说好，以后再补，行不？", "zh")).toBe("permission");
    expect(questionForm("预算批了以后再签合同，也没什么问题吧？", "zh")).toBe("permission");
    expect(questionForm("被处罚的供应商，两年后也还是不能参加吧？", "zh")).toBe("permission");
    // 还是 inside an earlier clause ("was still") opens no alternative question: the clauses after it are kept
    expect(questionForm("我前两年还是一家公司的大股东，现在这家公司来投咱们的项目，我还能接着经办这个项目吗？", "zh")).toBe("permission");
    expect(questionForm("实施方案第三部分的第四项讲的是什么", "zh")).toBe("fact");
    expect(questionForm("采购人收到质疑后，最迟要在多少个工作日内答复？", "zh")).toBe("fact");
  });

  it("writes spoken 没 as 未 except where 没 opens a word of its own (没收, the glossary's 没钱)", async () => {
    const { writtenRegister } = await import("../../src/answer/analysis.js");
    expect(writtenRegister("预算还没批，能先买吗")).toContain("预算还未批");
    expect(writtenRegister("违法所得会被没收吗")).toBe("违法所得会被没收吗");
    expect(writtenRegister("咱们没钱，能先买吗")).toContain("没钱");
  });

  it("reads hedges and tag questions as the asker's frame, not as content", () => {
    expect(words("政府采购合同不一定非得是书面的吧？")).not.toContain("一定");
    expect(words("评审专家我们自己指定几位，没问题吧？")).not.toContain("问题");
    // the same word as content stays a term
    expect(words("一定期限内怎么整改？")).toContain("一定");
  });

  it("does not take 没问题 for something missing, while still reading what is skipped", () => {
    const a = analyseQuestion("评审专家不随机抽，我们自己指定没问题吧？", terms);
    expect(a.negated).not.toContain("问题");
    expect(a.negated).toContain("随机");
  });

  it("reads an amount as an amount: its digit form joins it, and one the corpus never writes is no missing topic", () => {
    const law = "供应商参加采购活动前3年内在经营活动中没有重大违法记录。";
    const lawTerms = termsOver(law);
    const groups = (q: string) => analyseQuestion(q, lawTerms).terms.groups.map((g) => g.alternatives);
    expect(groups("供应商三年内有违法记录能参加吗？")).toContainEqual(["三年", "3年"]);
    expect(groups("供应商五年前有违法记录能参加吗？").flat()).not.toContain("五年");
    expect(analyseQuestion("供应商五年前有违法记录能参加吗？", lawTerms).amounts).toContain("5年");
  });

  it("reads what is left undone by its longest words: 招标 inside 招标代理机构 is not skipped on its own", () => {
    const law = "招标人有权自行选择招标代理机构，委托其办理招标事宜。招标人具有编制招标文件和组织评标能力的，可以自行办理招标事宜。";
    const lawTerms = termsOver(law);
    const a = analyseQuestion("招标人是否可以不委托招标代理机构，自行办理招标事宜？", lawTerms);
    expect(a.negated).toEqual(expect.arrayContaining(["委托", "招标代理机构"]));
    expect(a.negated).not.toContain("招标");
  });

  it("reads a skip marker that closes its clause as skipping what the clause before it names", () => {
    const a = analyseQuestion("评审专家必须随机抽取，不能跳过，对吗？", terms);
    expect(a.asking).toBe("may-skip");
    expect(a.negated).toContain("随机抽取");
    // a marker followed by its own object skips that object only
    expect(analyseQuestion("评审专家可以不随机抽取吗？", terms).negated).toContain("随机抽取");
    // a marker after its topic in the same clause skips the topic, not what the clause before names
    const duty = analyseQuestion("请了第三方做绩效评价以后，政府自己该履行的职责就不用再管了吧？", terms);
    expect(duty.asking).toBe("may-skip");
    expect(duty.negated).toEqual(expect.arrayContaining(["职责"]));
    expect(duty.negated).not.toContain("第三方");
  });
});

describe("evidence", () => {
  it("weighs coverage over every clause the verdict weighs, not only the first three", async () => {
    const { weighEvidence } = await import("../../src/answer/evidence.js");
    const { ALIGNED } = await import("../../src/answer/align.js");
    const { doc2022 } = await import("./fixtures.js");
    const hit = (text: string, i: number) => ({
      clause: { id: `t#${i}`, docId: "n2022", path: `第${i}条`, headings: [], leadIn: null, order: i, level: 1, text },
      doc: doc2022, score: 1, lexical: 1, vector: 0, matched: [],
    });
    const others = ["评审专家应当随机抽取。", "一定期限内发现的问题应当整改。", "采购人应当编制采购预算。"].map(hit);
    const q = analyseQuestion("政府采购合同能不能不用书面形式？", terms);
    const covering = hit("政府采购合同应当采用书面形式。", 9);
    expect(ALIGNED).toBeGreaterThan(3);
    expect(weighEvidence(q, [...others, covering]).cover).toBe(1);
    expect(weighEvidence(q, others).cover).toBeLessThan(1);
  });

  it("weighs the clause that asks above the scene set before it", async () => {
    const { weighEvidence } = await import("../../src/answer/evidence.js");
    const { hitOf } = await import("./fixtures.js");
    const scene = "办公设备采购项目的招标文件应当载明技术要求。档案室应当保持整洁。";
    const rule = "采购文件应当妥善保存，不得伪造、变造、隐匿或者销毁。";
    const sceneTerms = termsOver(`${scene}\n${rule}`);
    const q = analyseQuestion("单位的办公设备采购项目招标文件还在档案室，想把这些采购文件销毁，可以吗？", sceneTerms);
    expect(q.asked.length).toBeGreaterThan(0);
    const hit = hitOf(rule, "第1条");
    const plain = weighEvidence({ ...q, asked: [] }, [hit]).cover;
    expect(weighEvidence(q, [hit]).cover).toBeGreaterThan(plain);
    // a question of one clause has no scene
    expect(analyseQuestion("采购文件可以销毁吗？", sceneTerms).asked).toEqual([]);
  });
});

describe("evidence of a limit", () => {
  it("answers a question whose amount meets a limit of its unit in a top clause, however chatty the rest", async () => {
    const { weighEvidence, lacksEvidence } = await import("../../src/answer/evidence.js");
    const { answerParams } = await import("../../src/answer/parameters.js");
    const { hitOf } = await import("./fixtures.js");
    const text = "政府购买服务合同履行期限一般不超过1年。";
    const hit = hitOf(text, "第一条");
    const q = analyseQuestion("合同一年一签太麻烦了，能不能直接签三年？", terms);
    const e = weighEvidence(q, [hit]);
    expect(e.limitMatched).toBe(true);
    expect(lacksEvidence(e, answerParams())).toBe(false);
    expect(weighEvidence(analyseQuestion("合同太麻烦了，能不能直接签？", terms), [hit]).limitMatched).toBe(false);
  });
});

describe("answer wording", () => {
  it("says a 不可以 from a rule requiring another means is a requirement, not an explicit ban", async () => {
    const { composeExtractive } = await import("../../src/answer/extractive.js");
    const { hitOf } = await import("./fixtures.js");
    const text = "政府采购合同应当采用书面形式。";
    const hit = hitOf(text, "第四十四条");
    const input = { lang: "zh" as const, form: "permission" as const, verdict: "prohibited" as const, supports: [{ hit, terms: ["书面形式"] }], abstained: false };
    expect(composeExtractive({ ...input, requiresOther: true })).toMatch(/^结论：不可以。相关条款要求采用另一种方式/);
    expect(composeExtractive(input)).toMatch(/^结论：不可以。相关条款明确禁止/);
  });

  it("says what decides a 仅供参考 resting on a ban with an exception, instead of 'the notices do not settle this'", async () => {
    const { composeExtractive } = await import("../../src/answer/extractive.js");
    const { hitOf } = await import("./fixtures.js");
    const text = "除单一来源采购项目外，为采购项目提供整体设计服务的供应商，不得再参加该采购项目的其他采购活动。";
    const hit = hitOf(text, "第十八条");
    const input = { form: "permission" as const, verdict: "info" as const, supports: [{ hit, terms: ["整体设计"] }], abstained: false, exceptionDecides: true };
    expect(composeExtractive({ ...input, lang: "zh" })).toMatch(/^结论：仅供参考。条款原则上禁止，但规定了除外情形/);
    expect(composeExtractive({ ...input, lang: "en" })).toMatch(/^For reference only — the rule forbids this except in the cases it names/);
    expect(composeExtractive({ ...input, lang: "zh", exceptionDecides: false })).toMatch(/^结论：条文对此没有明确规定/);
  });

  it("says a 仅供参考 resting on a low-ranked permission is leave for a neighbouring case, not silence", async () => {
    const { composeExtractive } = await import("../../src/answer/extractive.js");
    const { hitOf } = await import("./fixtures.js");
    const text = "采购未纳入集中采购目录的政府采购项目，可以自行采购。";
    const hit = hitOf(text, "第十八条");
    const input = { form: "permission" as const, verdict: "info" as const, supports: [{ hit, terms: ["自行采购"] }], abstained: false, distantPermission: true };
    expect(composeExtractive({ ...input, lang: "zh" })).toMatch(/^结论：仅供参考。条文只对相近情形作了允许性规定/);
    expect(composeExtractive({ ...input, lang: "en" })).toMatch(/^For reference only — the texts permit a neighbouring case/);
  });

  it("quotes the conflicting rule once, not also as 'see also'", async () => {
    const { composeExtractive } = await import("../../src/answer/extractive.js");
    const { doc2022, hitOf } = await import("./fixtures.js");
    const other = { ...doc2022, id: "plan", title: "推进政府购买服务改革实施方案" };
    const ban = { hit: hitOf("党政群机关、事业单位不得以购买服务为由自行聘用人员。", "二、（三）"), terms: ["事业单位"] };
    const permit = { hit: hitOf("公益二类事业单位可以承接政府购买服务，事业单位承接政府购买服务应当符合条件。", "三、（一）", other), terms: ["事业单位", "承接"] };
    for (const lang of ["zh", "en"] as const) {
      const text = composeExtractive({ form: "permission", verdict: "info", lang, supports: [ban, permit], abstained: false, conflict: { support: permit, quote: permit.hit.clause.text } });
      expect(text.split("公益二类事业单位可以承接政府购买服务").length - 1).toBe(1);
    }
  });

  it("says the texts provide differently for different cases when a 仅供参考 quotes two rules that point different ways", async () => {
    const { composeExtractive } = await import("../../src/answer/extractive.js");
    const { hitOf } = await import("./fixtures.js");
    const ban = { hit: hitOf("政府采购合同的双方当事人不得擅自变更、中止或者终止合同。", "第五十条"), terms: ["中止"] };
    const duty = { hit: hitOf("政府采购合同继续履行将损害国家利益和社会公共利益的，双方当事人应当变更、中止或者终止合同。", "第五十条第二款"), terms: ["中止"] };
    const input = { form: "permission" as const, verdict: "info" as const, supports: [ban], abstained: false, conflict: { support: duty, quote: duty.hit.clause.text } };
    const zh = composeExtractive({ ...input, lang: "zh" });
    expect(zh).toMatch(/^结论：仅供参考。条文对不同情形有不同规定/);
    expect(zh).toContain("应当变更、中止或者终止合同");
    expect(composeExtractive({ ...input, lang: "en" })).toMatch(/^For reference only — the texts provide differently for different cases/);
  });

  it("leaves a word the corpus uses everywhere out of the act's words (采购 in procurement texts names no act)", async () => {
    const { actWords } = await import("../../src/answer/analysis.js");
    // 采购 stands in 70 of 100 clauses; 询问 in one
    const df = (x: string) => (x.replace(/^~/, "") === "采购" ? 70 : "供应商可以向采购人询问采购事项".includes(x.replace(/^~/, "")) ? 1 : 0);
    const common = (t: string) => analyzeQuery(t, { size: 100, df }, defaultGlossary());
    const words = actWords(analyseQuestion("供应商能否向采购人询问采购事项？", common));
    expect(words).toContain("询问");
    expect(words).not.toContain("采购");
  });
});
