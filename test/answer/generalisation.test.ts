/**
 * Question shapes and clause wordings beyond the dev set: introductory phrases before an English modal, obligation
 * questions answered no, questions framed as "is it forbidden", sanctions that sound negative, attributive
 * encouragement, and bans in clauses that do not cover the asked-about topic.
 */
import { describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/answer/index.js";
import { asksBan, mainClause, questionForm } from "../../src/answer/question.js";
import { asksEveryCase, clausePolarity, decideVerdict, directsAct, dominant, englishNegatedSpans, negatedTerms, qualifiesTerm } from "../../src/answer/verdict.js";
import type { Hit } from "../../src/knowledge/hit.js";
import { doc2022, search, translate } from "./fixtures.js";

const judge = (text: string, terms: string[]) => dominant(clausePolarity({ text, leadIn: null }, terms).scores);

const hitOf = (text: string, order: number): Hit => ({
  clause: { id: `g${order}`, docId: doc2022.id, path: `（${order}）`, headings: [], leadIn: null, text, order, level: 2 },
  doc: doc2022,
  score: 1 / order,
  lexical: 1,
  vector: 0,
  matched: [],
});

describe("question form after an introductory phrase", () => {
  it("reads the modal of the question proper", () => {
    expect(mainClause("Under the 2023 notice, may a county buy legal aid services?")).toBe("may a county buy legal aid services?");
    expect(questionForm("Under the 2023 notice, may a county buy legal aid services?", "en")).toBe("permission");
    expect(questionForm("Where no catalogue has been compiled, can a department still purchase services?", "en")).toBe("permission");
    expect(questionForm("If the budget is tight, should the department still sign a written contract?", "en")).toBe("obligation");
    expect(questionForm("When a contract ends, what happens to the remaining funds?", "en")).toBe("fact");
    expect(questionForm("Where is the catalogue published?", "en")).toBe("fact");
  });

  it("tells a question framed as a ban", () => {
    expect(asksBan("Is it forbidden to buy legal aid services?", "en")).toBe(true);
    expect(asksBan("Under the notice, is outsourcing core duties prohibited?", "en")).toBe(true);
    expect(asksBan("Can we buy legal aid services?", "en")).toBe(false);
    expect(asksBan("是否禁止购买法律援助服务", "zh")).toBe(true);
    expect(asksBan("法律援助服务能否购买", "zh")).toBe(false);
  });
});

describe("cue classes beyond bans and encouragement", () => {
  it("a violation followed by the sanction the notices order is not a ban", () => {
    expect(judge("对弄虚作假、违法违规的社会组织依法追究责任并予以处罚。", ["违法违规", "社会组织", "处罚"])).toBe("allowed");
    expect(judge("严禁违规将工程项目纳入购买服务范围。", ["工程项目"])).toBe("prohibited");
  });

  it("encouragement inside an attributive phrase does not outweigh what the sentence says about the term", () => {
    expect(judge("适合通过市场化方式提供的公共文化服务，政府不再直接兴建文化场馆提供。", ["公共文化服务", "文化场馆"])).toBe("prohibited");
    expect(judge("鼓励通过政府购买服务提供公共文化服务。", ["公共文化服务"])).toBe("allowed");
  });

  it("a ban in clauses that do not name the topic does not decide", () => {
    const hits = [hitOf("严禁将工程和服务打包作为购买内容。", 1), hitOf("政府购买服务应当公开透明。", 2)];
    const { verdict } = decideVerdict({ form: "permission", hits, termsPerHit: [[], []] });
    expect(verdict).not.toBe("prohibited");
  });

  it("only clauses that cover the topic about as well as the best one vote", () => {
    const hits = [
      hitOf("承接主体不得转包。", 1),
      hitOf("鼓励通过政府购买服务开展青少年心理健康辅导，由承接主体提供。", 2),
    ];
    const { verdict } = decideVerdict({ form: "permission", hits, termsPerHit: [["承接主体"], ["青少年心理健康辅导", "承接主体"]] });
    expect(verdict).toBe("allowed");
  });
});

describe("leaving a required act undone", () => {
  it("finds what the question leaves undone or keeps outside, in both languages", () => {
    expect(englishNegatedSpans("Can the unit keep the fees outside the budget?")).toContain("the budget");
    expect(englishNegatedSpans("May we bypass the catalogue review?")).toContain("the catalogue review");
    expect(negatedTerms("服务收入可以放在预算之外吗", ["预算"])).toEqual(["预算"]);
    expect(negatedTerms("能绕过绩效评价直接付款吗", ["绩效评价"])).toEqual(["绩效评价"]);
    expect(negatedTerms("外包服务可以购买吗", ["外包服务"])).toEqual([]);
  });

  it("an English subject stated as missing is a negated precondition", () => {
    expect(englishNegatedSpans("When the budget has not been arranged, can we still buy?")).toContain("When the budget");
  });

  it("a directive sentence of the notices counts as requiring the act; an exemption does not", () => {
    expect(directsAct("加强合同管理，明确合同双方权利、义务和违约责任等要求。", ["违约责任"])).toBe(true);
    expect(directsAct("小额项目可以不签订书面合同。", ["书面合同"])).toBe(false);
  });
});

describe("answers worded as the question was asked", () => {
  const deps = { search, translate };

  it("'is it forbidden' with a prohibition is answered yes, prohibited", async () => {
    const a = await answerQuestion("Is it forbidden to use labour dispatch through purchased services?", deps);
    expect(a.verdict).toBe("prohibited");
    expect(a.answer).toMatch(/^Yes — it is prohibited/);
    expect(a.answer).not.toMatch(/allow/);
  });

  it("'is it forbidden' with an encouragement is answered no, allowed", async () => {
    const en = await answerQuestion("Is it forbidden to purchase disinfection services?", deps);
    expect(en.verdict).toBe("allowed");
    expect(en.answer).toMatch(/^No — it is not prohibited/);
    const zh = await answerQuestion("是否禁止通过政府购买服务开展消毒消杀", deps);
    expect(zh.verdict).toBe("allowed");
    expect(zh.answer).toMatch(/^结论：不禁止/);
  });

  it("an obligation question about something the notices exclude is answered no", async () => {
    const hits = [
      hitOf("（一）必须由政府直接提供且不适合市场化方式提供的基本公共服务，不纳入政府购买服务范围。", 1),
      hitOf("（二）鼓励通过政府购买服务提供社区养老服务。", 2),
    ];
    const a = await answerQuestion("必须由政府直接提供、不适合市场化方式提供的基本公共服务，要不要纳入政府购买服务？", { search: async () => hits });
    expect(a.verdict).toBe("prohibited");
    expect(a.answer).toMatch(/^结论：不应当/);
    expect(a.citations[0].text).toContain("不纳入");
  });

  it("an English 'should' question after an introductory phrase gets a verdict", async () => {
    const a = await answerQuestion("Under the 2022 notice, should labour dispatch be included in purchased services?", deps);
    expect(a.verdict).toBe("prohibited");
    expect(a.answer).toMatch(/^No/);
  });
});

describe("attribute words of English questions are not topical evidence", () => {
  // A glossary that knows the generic words (term → 期限, contract → 合同) but not the finance topic words.
  const known: Record<string, string[]> = { term: ["期限"], contract: ["合同"], "how long": ["期限"], "labour dispatch": ["劳务派遣"] };
  const translate = (q: string) => {
    const s = q.toLowerCase();
    const phrases = Object.keys(known).filter((p) => new RegExp(`\\b${p}\\b`).test(s));
    let rest = s;
    for (const p of phrases) rest = rest.replace(new RegExp(`\\b${p}\\b`, "g"), " ");
    const stop = new Set(["what", "is", "the", "of", "a", "for", "can", "be", "how", "long", "an"]);
    const unknown = (rest.match(/[a-z]+/g) ?? []).filter((w) => !stop.has(w));
    return { zh: phrases.flatMap((p) => known[p]), phrases, unknown, englishWords: unknown.length + phrases.reduce((n, p) => n + p.split(" ").length, 0) };
  };
  const hits = [hitOf("政府购买服务合同履行期限一般不超过1年。", 1), hitOf("不得将以劳务派遣方式用工纳入政府购买服务范围。", 2)];
  const search = async () => hits;

  it("a question about another field's term abstains though 期限 is in the notices", async () => {
    const a = await answerQuestion("How long is the repayment term of a municipal bond?", { search, translate });
    expect(a.abstained).toBe(true);
  });

  it("the same attribute asked about the notices' own topic is answered", async () => {
    const a = await answerQuestion("How long is the term of a contract?", { search, translate });
    expect(a.abstained).toBe(false);
    expect(a.citations[0].text).toContain("不超过1年");
  });
});

describe("questions about every case of a term the clause qualifies", () => {
  it("spots the universal question and the clause's qualification", () => {
    expect(asksEveryCase("Can any charity, whatever its size, undertake the service?", "en")).toBe(true);
    expect(asksEveryCase("无论规模大小，社会组织都可以承接吗", "zh")).toBe(true);
    expect(asksEveryCase("社会组织可以承接吗", "zh")).toBe(false);
    expect(qualifiesTerm("承接主体包括依法登记成立且年检合格的3A级以上社会组织。", ["社会组织"])).toBe(true);
    expect(qualifiesTerm("鼓励社会组织参与社区治理服务。", ["社会组织"])).toBe(false);
  });

  it("an allowance with qualifications answers 'any …?' conditionally", async () => {
    const hits = [hitOf("（二）承接主体包括依法登记成立且年检合格的3A级以上社会组织，鼓励其参与政府购买服务。", 1)];
    const search = async () => hits;
    expect((await answerQuestion("社会组织可以承接政府购买服务吗", { search })).verdict).toBe("allowed");
    expect((await answerQuestion("任何社会组织都可以承接政府购买服务吗", { search })).verdict).toBe("conditional");
  });
});

describe("a question framed as a ban is about its topic, not about bans", () => {
  it("the frame word neither steers retrieval nor counts as a topic term", async () => {
    const ban = hitOf("（四）严禁将禁止性事项纳入政府购买服务范围。", 1);
    const topic = hitOf("（二）鼓励通过政府购买服务方式开展核酸检测、消毒消杀等工作。", 2);
    const queries: string[] = [];
    const search = async (q: string) => {
      queries.push(q);
      return /forbidden/i.test(q) ? [ban, topic] : [topic, ban];
    };
    const translate = (q: string) => {
      const zh = [...(/forbidden/i.test(q) ? ["禁止", "不得"] : []), ...(/nucleic acid testing/i.test(q) ? ["核酸检测"] : [])];
      return { zh, unknown: [], englishWords: zh.length };
    };
    const a = await answerQuestion("Is it forbidden to buy nucleic acid testing services?", { search, translate });
    expect(queries[0]).not.toMatch(/forbidden/i);
    expect(a.verdict).toBe("allowed");
    expect(a.citations[0].text).toContain("核酸检测");
    expect(a.answer).toMatch(/^No — it is not prohibited/);
  });
});

describe("a question about a missing precondition", () => {
  it("cites the clause that names the missing state ahead of a general requirement", async () => {
    const hits = [hitOf("（五）资金管理。购买服务资金应纳入财政预算管理。", 1), hitOf("（三）对预算未安排的事项，不得开展购买服务。", 2)];
    const translate = (q: string) => {
      const zh = /budget/i.test(q) ? ["预算"] : [];
      return { zh, unknown: [], englishWords: zh.length };
    };
    const a = await answerQuestion("If the budget has not been arranged, can we still buy the service?", { search: async () => hits, translate });
    expect(a.verdict).toBe("prohibited");
    expect(a.citations[0].text).toContain("预算未安排");
    expect(a.answer).toMatch(/^No — the notices prohibit this/);
  });
});

describe("a yes/no question that states an amount", () => {
  it("normalises amounts across languages and numerals, ignoring calendar years", async () => {
    const { statedAmounts } = await import("../../src/answer/question.js");
    expect(statedAmounts("Can a contract run for three years?")).toEqual(["3年"]);
    expect(statedAmounts("合同期限可以是三年吗")).toEqual(["3年"]);
    expect(statedAmounts("2022年6月底前完成")).toEqual([]);
  });

  it("quotes the clause that states the amount asked about", async () => {
    const hits = [hitOf("（一）合同履行期限一般不超过1年。", 1), hitOf("（二）对于连续性强的项目，可以签订履行期限不超过3年的合同。", 2)];
    const a = await answerQuestion("购买服务合同履行期限可以是三年吗", { search: async () => hits });
    expect(a.citations[0].text).toContain("不超过3年");
  });
});

describe("verdict labels follow the question's framing", () => {
  it("labels a ban-framed question by whether the act is banned, and an obligation's yes plainly", async () => {
    const { verdictHeadline } = await import("../../src/answer/extractive.js");
    const base = { abstained: false } as const;
    expect(verdictHeadline({ ...base, q: "Is it forbidden to buy legal aid services?", lang: "en", verdict: "allowed" }).en).toBe("No — not prohibited");
    expect(verdictHeadline({ ...base, q: "Is it forbidden to buy legal aid services?", lang: "en", verdict: "prohibited" }).en).toBe("Yes — prohibited");
    expect(verdictHeadline({ ...base, q: "Can we buy legal aid services?", lang: "en", verdict: "prohibited" }).en).toBe("No — prohibited");
    expect(verdictHeadline({ ...base, q: "政府购买服务支出要不要纳入预算", lang: "zh", verdict: "allowed" }).zh).toMatch(/需要/);
  });
});
