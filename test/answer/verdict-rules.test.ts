/** Each verdict rule on a question it exists for, over the fixture clauses (wording in the style of the notices). */
import { describe, expect, it } from "vitest";
import { analyse, decide } from "../../src/answer/index.js";
import { RULES } from "../../src/answer/verdict.js";
import { deps, doc2022 } from "./fixtures.js";
import { align, statementPhrases } from "../../src/answer/align.js";
import { statementsOf } from "../../src/knowledge/deontic.js";
import { analyseQuestion } from "../../src/answer/analysis.js";
import { decideVerdict, type VerdictParams } from "../../src/answer/verdict.js";
import { analyzeQuery } from "../../src/retrieval/query.js";
import { defaultGlossary } from "../../src/retrieval/glossary.js";

/** The verdict over one clause, in a corpus of 100 clauses where it is the one naming its words. */
function overOneClause(text: string, p: Partial<VerdictParams> = {}, leadIn: string | null = null) {
  return overClauses([{ text, leadIn }], p);
}

/** Loose thresholds, so each rule is seen on its own. */
const PARAMS: VerdictParams = { cover: 0.3, coverWeight: 99, core: 0, margin: 0, conflict: 1.01, tie: -1, applies: 0, conflictApplies: 9, missingWeight: 99, requiredTie: -1, permissionRank: 5, banGap: 9, rankDecay: 0.15 };

/** A few clauses, retrieved in this order, in a corpus of 100 clauses where they name their words: the question's analysis and alignment. */
function alignOver(texts: { text: string; leadIn?: string | null }[]) {
  const clauses = texts.map(({ text, leadIn }, i) => ({ id: `t#${i + 1}`, docId: "n2022", path: `第${i + 1}条`, headings: [], leadIn: leadIn ?? null, order: i + 1, level: 1, text }));
  const hits = clauses.map((clause) => ({ clause, doc: doc2022, score: 1, lexical: 1, vector: 0, matched: [] }));
  const df = (x: string) => clauses.filter((c) => c.text.includes(x.replace(/^~/, ""))).length;
  const terms = (t: string) => analyzeQuery(t, { size: 100, df }, defaultGlossary());
  const statementTerms = new Map(
    clauses.flatMap((c) => statementsOf(c)).flatMap((st) => statementPhrases(st.text)).map((ph) => [ph, terms(ph).groups] as const),
  );
  return (q: string) => {
    const a = analyseQuestion(q, terms);
    return { q: a, aligned: align(a, hits, statementTerms) };
  };
}

/** The verdict over a few clauses (see alignOver). */
function overClauses(texts: { text: string; leadIn?: string | null }[], p: Partial<VerdictParams> = {}) {
  const over = alignOver(texts);
  return (q: string) => {
    const { q: a, aligned } = over(q);
    return decideVerdict(a, aligned, { ...PARAMS, ...p });
  };
}

const decided = async (q: string) => {
  const a = await analyse(q, deps);
  expect(a.abstained, q).toBe(false);
  return decide(a);
};

describe("verdict rules", () => {
  it("are tried in a fixed, named order with prohibitions before permissions", () => {
    const names = RULES.map((r) => r.name);
    expect(names.indexOf("covering-prohibition")).toBeLessThan(names.indexOf("permission"));
    expect(names.at(-1)).toBe("not-settled");
  });

  it("weak-evidence: a question the texts cover only weakly gets no yes or no, whatever the clause says, and quotes it", () => {
    const { q, aligned } = alignOver([{ text: "不得将以劳务派遣方式用工纳入政府购买服务范围。" }])("劳务派遣的人能纳入政府购买服务吗？");
    expect(decideVerdict(q, aligned, PARAMS)).toMatchObject({ verdict: "prohibited" });
    const weak = decideVerdict(q, aligned, PARAMS, true);
    expect(weak).toMatchObject({ rule: "weak-evidence", verdict: "info" });
    expect(weak.basis?.statement.text).toContain("劳务派遣");
  });

  it("fact-question: a factual question gets no yes/no", async () => {
    expect(await decided("哪些事项不得纳入政府购买服务范围")).toMatchObject({ rule: "fact-question", verdict: "info" });
  });

  it("prohibition-on-the-missing: 预算没安排 meets 对预算未安排的事项，不得…", async () => {
    const d = await decided("我们预算还没安排，能不能先开展购买服务？");
    expect(d).toMatchObject({ rule: "prohibition-on-the-missing", verdict: "prohibited" });
    expect(d.basis?.statement.text).toContain("预算未安排");
  });

  it("prohibition-on-the-missing: naming the ban's missing thing states its situation, whatever its other words", () => {
    const ask = overOneClause("落实民生政策管理要求，对不符合有关管理要求和未履行相关规定程序的服务事项，不得纳入政府购买服务。", { applies: 0.5 });
    expect(ask("有个服务事项该走的程序还没走完，能不能先弄进政府购买服务里头？")).toMatchObject({ rule: "prohibition-on-the-missing", verdict: "prohibited" });
  });

  it("prohibition-on-the-missing: a ban of its own decides on less of a scenario's words than a sanction does", () => {
    const q = "某县人社局2024年6月想把一项新出台的就业补贴配套服务纳入政府购买服务，但该事项尚未履行相关规定程序。能否先纳入政府购买服务？";
    const ban = "对未履行相关规定程序的服务事项，不得纳入政府购买服务。";
    // the scene's words stand in another clause of the corpus, so the ban covers little of the question
    const scene = { text: "县人社局新出台的就业补贴配套服务。" };
    const over = (text: string, p: Partial<VerdictParams>) => overClauses([{ text }, scene], p)(q);
    const loose = { cover: 0.9, coverWeight: 99, missingWeight: 0.3 };
    expect(over(ban, loose)).toMatchObject({ rule: "prohibition-on-the-missing", verdict: "prohibited" });
    expect(over(ban, { ...loose, missingWeight: 99 }).rule).not.toBe("prohibition-on-the-missing");
    // the same words read from a sanction still need the ordinary floor
    const sanction = "将未履行相关规定程序的服务事项纳入政府购买服务的，责令限期改正。";
    expect(over(sanction, loose).rule).not.toBe("prohibition-on-the-missing");
  });

  it("covering-prohibition: a ban beside an obligation of the banned act under a condition answers 仅供参考, both quoted", () => {
    const texts = [
      { text: "政府采购合同的双方当事人不得擅自变更、中止或者终止合同。" },
      { text: "政府采购合同继续履行将损害国家利益和社会公共利益的，双方当事人应当变更、中止或者终止合同。" },
    ];
    const q = "政府采购合同签订后，双方当事人可以中止合同吗？";
    const d = overClauses(texts, { requiredTie: 0 })(q);
    expect(d).toMatchObject({ rule: "covering-prohibition", verdict: "info" });
    expect(d.conflict?.statement.text).toContain("应当变更、中止或者终止合同");
    expect(overClauses(texts, { requiredTie: -1 })(q)).toMatchObject({ rule: "covering-prohibition", verdict: "prohibited" });
    // a penalty for the banned act is no such obligation (「…销毁应当保存的采购文件…的，处以罚款」)
    const kept = overClauses(
      [
        { text: "采购人对采购文件应当妥善保存，不得伪造、变造、隐匿或者销毁。" },
        { text: "采购人隐匿、销毁应当保存的采购文件的，由政府采购监督管理部门处以二万元以上十万元以下的罚款。" },
      ],
      { requiredTie: 0 },
    );
    expect(kept("采购文件在保存期内可以销毁吗？").verdict).toBe("prohibited");
  });

  it("permitted-omission: a common word inside a longer name is not the same missing thing (采购 in 批量集中采购)", () => {
    const rule = "列入集中采购目录的项目，适合实行批量集中采购的，应当实行批量集中采购，但紧急的小额零星货物项目除外。";
    const scope = "采购未纳入集中采购目录的政府采购项目，可以自行采购。";
    const question = "列入集中采购目录且适合实行批量集中采购的项目，采购人是否可以不实行批量集中采购？";
    const { aligned } = alignOver([{ text: rule }, { text: scope }])(question);
    expect(aligned.find((a) => a.statement.text === scope)?.negationAgrees).toBe(false);
    expect(overClauses([{ text: rule }, { text: scope }], { cover: 0.1 })(question)).toMatchObject({ rule: "skips-an-obligation", verdict: "conditional" });
    // the same missing thing named in full still agrees (预算 ↔ 预算未安排)
    expect(overOneClause("对预算未安排的事项，不得开展购买服务。")("预算还没安排，可以先开展购买服务吗？")).toMatchObject({ rule: "prohibition-on-the-missing" });
  });

  it("permitted-omission: a negation that only limits a permission's scope grants no omission", () => {
    const scope = "采购未纳入集中采购目录的政府采购项目，可以自行采购。";
    const duty = "纳入集中采购目录的政府采购项目，应当实行集中采购。";
    const ask = overClauses([{ text: scope }, { text: duty }], { cover: 0.1 });
    // 未纳入 limits which items may be bought alone; it does not let an item of the catalogue skip 集中采购
    const d = ask("集中采购目录里的电脑，我们不走集中采购，自己买行吗？");
    expect(d.rule).not.toBe("permitted-omission");
    expect(d.verdict).not.toBe("allowed");
    // an omission in the granted part itself is granted …
    expect(overOneClause("已进行资格预审的，评审阶段可以不再对供应商资格进行审查。")("已经进行了资格预审，评审阶段能否不再审查供应商资格？")).toMatchObject({
      rule: "permitted-omission",
      verdict: "allowed",
    });
    // … and so is the very thing the scope names as missing, when the question leaves it undone
    expect(
      overOneClause("国务院发展计划部门确定的国家重点项目不适宜公开招标的，经批准，可以进行邀请招标。")("国家重点项目不适宜公开招标，能否改为邀请招标？"),
    ).toMatchObject({ rule: "permitted-omission" });
  });

  it("permission: a better-fitting rule of another kind is left to the rules after it", () => {
    const ask = overClauses([
      { text: "事业单位承接政府购买服务取得的收入，应当纳入事业单位预算统一核算，税后收入由事业单位按相关政策规定进行支配。" },
      { text: "事业单位可以承接政府购买服务。" },
    ], { cover: 0.3 });
    expect(ask("事业单位承接政府购买服务取得的税后收入，可以由事业单位按规定支配吗？")).toMatchObject({ rule: "obligation-of-the-act", verdict: "allowed" });
  });

  it("obligation-of-the-act: an obligation that leaves the question's own situation unnamed answers no yes", () => {
    const ask = overClauses([{ text: "开标应当在招标文件确定的提交投标文件截止时间的同一时间公开进行。" }, { text: "上次只有两家供应商，继续了很久。" }], { cover: 0.5, coverWeight: 1 });
    expect(ask("投标截止后只有两家供应商投标，可以继续开标吗？").verdict).not.toBe("allowed");
  });

  it("permission: a rule for a qualified kind of the asked thing is conditional unless the question states the qualifier", () => {
    const ask = overOneClause("纳入行政编制管理且经费由财政负担的群团组织，也可根据实际需要，通过购买服务方式提供公共服务。");
    expect(ask("群团组织可以通过购买服务方式提供公共服务吗？")).toMatchObject({ rule: "permission", verdict: "conditional" });
    expect(ask("纳入行政编制管理且经费由财政负担的群团组织，可以通过购买服务方式提供公共服务吗？")).toMatchObject({ rule: "permission", verdict: "allowed" });
  });

  it("permission: a limit on how far the permitted act goes is no condition of it; an approval it needs is", () => {
    const ask = overOneClause("政府采购监督管理部门在处理投诉事项期间，可以视具体情况书面通知采购人暂停采购活动，但暂停时间最长不得超过三十日。");
    expect(ask("处理投诉期间，政府采购监督管理部门可以书面通知采购人暂停采购活动吗？")).toMatchObject({ rule: "permission", verdict: "allowed" });
    const approval = overOneClause("政府采购监督管理部门在处理投诉事项期间，经本级人民政府批准，可以书面通知采购人暂停采购活动。");
    expect(approval("处理投诉期间，政府采购监督管理部门可以书面通知采购人暂停采购活动吗？")).toMatchObject({ rule: "permission", verdict: "conditional" });
  });

  it("covering-prohibition: a ban is left to a statement of another kind that fits the question far better", () => {
    const texts = [
      { text: "招标人根据评标委员会提出的书面评标报告和推荐的中标候选人确定中标人。" },
      { text: "评标委员会成员不得透露中标候选人的推荐情况。" },
    ];
    const q = "招标人能否根据评标委员会的书面评标报告，在其推荐的中标候选人中确定中标人？";
    expect(overClauses(texts, { banGap: 9 })(q)).toMatchObject({ rule: "covering-prohibition", verdict: "prohibited" });
    const d = overClauses(texts, { banGap: 0.3 })(q);
    expect(d.rule).not.toBe("covering-prohibition");
    expect(d.verdict).not.toBe("prohibited");
    // without the better-fitting statement the ban still decides
    expect(overClauses([texts[1]!], { banGap: 0.3 })(q)).toMatchObject({ rule: "covering-prohibition", verdict: "prohibited" });
  });

  it.each([
    {
      rule: "permission",
      texts: ["采购人应当在收到投标文件后妥善保存。", "投标人应当按照招标文件的要求编制投标文件。", "采购人可以在投标截止时间前组织潜在投标人踏勘项目现场。"],
      q: "采购人可以组织潜在投标人踏勘项目现场吗？",
      quoted: "踏勘项目现场",
    },
    {
      rule: "obligation-of-the-act",
      texts: ["投标人应当按照招标文件的要求编制投标文件。", "招标人应当确定投标人编制投标文件所需要的合理时间。", "采购人或者采购代理机构应当组织对供应商履约的验收。"],
      q: "采购代理机构能否组织对供应商履约的验收？",
      quoted: "履约的验收",
    },
  ])("$rule: a yes found only below retrieval's first clauses is quoted for reference, not answered 可以", ({ rule, texts, q, quoted }) => {
    const clauses = texts.map((text) => ({ text }));
    expect(overClauses(clauses, { permissionRank: 5 })(q)).toMatchObject({ rule, verdict: "allowed" });
    const low = overClauses(clauses, { permissionRank: 2 })(q);
    expect(low).toMatchObject({ rule, verdict: "info" });
    expect(low.basis?.statement.text).toContain(quoted);
    // the same statement in the first clause still answers 可以
    expect(overClauses([clauses[2]!, clauses[0]!, clauses[1]!], { permissionRank: 2 })(q)).toMatchObject({ rule, verdict: "allowed" });
  });

  it("permission: a proviso or an exception in the permission's own sentence makes it 有条件, even with its condition stated", () => {
    const proviso = overOneClause("评标委员会可以要求投标人对投标文件中含义不明确的内容作必要的澄清或者说明，但是澄清或者说明不得超出投标文件的范围。");
    expect(proviso("评标委员会是否可以要求投标人对投标文件作澄清或者说明？")).toMatchObject({ rule: "permission", verdict: "conditional" });
    const exception = overOneClause("使用外国政府贷款的项目进行招标，贷款方对招标的程序有不同规定的，可以适用其规定，但违背社会公共利益的除外。");
    expect(exception("使用外国政府贷款的项目进行招标，贷款方对招标程序有不同规定的，能否适用其规定？")).toMatchObject({ rule: "permission", verdict: "conditional" });
    // a 但 that limits another part of the sentence (the reply, not the asking) leaves the permission as it is
    const reply = overOneClause("供应商对政府采购活动事项有疑问的，可以向采购人提出询问，采购人应当及时作出答复，但答复的内容不得涉及商业秘密。");
    expect(reply("供应商对政府采购活动事项有疑问的，是否可以向采购人提出询问？")).toMatchObject({ rule: "permission", verdict: "allowed" });
    // without either, the same permission with its condition stated is allowed
    const plain = overOneClause("使用外国政府贷款的项目进行招标，贷款方对招标的程序有不同规定的，可以适用其规定。");
    expect(plain("使用外国政府贷款的项目进行招标，贷款方对招标程序有不同规定的，能否适用其规定？")).toMatchObject({ rule: "permission", verdict: "allowed" });
  });

  it("skips-an-obligation gives way when a covering rule permits the act done instead", () => {
    const ask = overClauses([
      { text: "采购人依法委托采购代理机构办理采购事宜的，应当由采购人与采购代理机构签订委托代理协议。" },
      { text: "采购人具备编制采购文件和组织评审能力的，可以自行组织采购。" },
    ]);
    expect(ask("采购人是否可以不委托采购代理机构，自行组织采购？")).toMatchObject({ rule: "permitted-alternative", verdict: "conditional" });
    // with no rule for the act done instead, leaving the required act undone is still forbidden
    const only = overOneClause("采购人依法委托采购代理机构办理采购事宜的，应当由采购人与采购代理机构签订委托代理协议。");
    expect(only("采购人可以不与采购代理机构签订委托代理协议吗？")).toMatchObject({ rule: "skips-an-obligation", verdict: "prohibited" });
  });

  it("skips-an-obligation: a negation the duty states itself (未成交的供应商) describes its object, it is nothing the asker leaves undone", () => {
    const ask = overClauses([
      { text: "（五）确定成交供应商。", leadIn: "采用竞争性谈判方式采购的，应当遵循下列程序：" },
      { text: "谈判结束后，谈判小组应当要求所有参加谈判的供应商在规定时间内进行最后报价，采购人从谈判小组提出的成交候选人中确定成交供应商，并将结果通知所有参加谈判的未成交的供应商。" },
    ]);
    const d = ask("采用竞争性谈判方式采购的，确定成交供应商后，采购人是否需要将结果通知所有参加谈判但未成交的供应商？");
    expect(d.rule).not.toBe("skips-an-obligation");
    expect(d.verdict).not.toBe("prohibited");
    // leaving the notice itself undone is still skipping the duty
    expect(ask("确定成交供应商后，采购人可以不通知未成交的供应商吗？")).toMatchObject({ rule: "skips-an-obligation", verdict: "prohibited" });
  });

  it("reads recusal as a ban on taking part, but as required when recusing is the act asked about", () => {
    const rule = "采购人员与供应商有利害关系的，必须回避。";
    const ask = overOneClause(rule);
    expect(ask("与供应商有利害关系的采购人员可以继续参加采购吗？").verdict).toBe("prohibited");
    const { aligned } = alignOver([{ text: rule }])("供应商可以申请与其他供应商有利害关系的采购人员回避吗？");
    expect(aligned[0]!.modality).toBe("obligation");
    expect(aligned[0]!.bansAct).toBe(false);
    // an item under a lead-in that ends on 应当回避：reads the same
    const lead = "在政府采购活动中，采购人员及相关人员与供应商有下列利害关系之一的，应当回避：";
    const { aligned: item } = alignOver([{ text: "（四）与供应商的法定代表人或者负责人有夫妻、直系血亲、三代以内旁系血亲或者近姻亲关系；", leadIn: lead }])(
      "采购人员与供应商的负责人有直系血亲关系，供应商可以要求他回避吗？",
    );
    expect(item[0]!.modality).toBe("obligation");
  });

  it("contrary-to-the-required: an act that departs from what a rule requires is not the required act", () => {
    const ask = overOneClause("政府采购应当严格按照批准的预算执行。");
    expect(ask("采购人可以超出批准的预算开展政府采购吗？")).toMatchObject({ rule: "contrary-to-the-required", verdict: "prohibited" });
    // the required act itself is still a yes
    expect(ask("采购人可以按照批准的预算执行政府采购吗？").verdict).not.toBe("prohibited");
  });

  it("contrary-to-the-required: doing a duty in another manner than it requires (late, only in part, disclosed) is not the required act", () => {
    const late = overOneClause("采购代理机构应当自评审结束之日起2个工作日内将评审报告送交采购人。");
    expect(late("采购代理机构能否晚几天再把评审报告送交采购人？")).toMatchObject({ rule: "contrary-to-the-required", verdict: "prohibited" });
    expect(late("采购代理机构能否在评审结束当天把评审报告送交采购人？").verdict).not.toBe("prohibited");
    const secret = overOneClause("招标人设有标底的，标底必须保密。");
    expect(secret("招标人设有标底的，能否把标底透露给熟悉的投标人？")).toMatchObject({ rule: "contrary-to-the-required", verdict: "prohibited" });
    // a duty that requires the restriction itself (「只…」 in its own words) is no manner to depart from
    const only = overOneClause("采购人应当只向所有投标人发出书面通知。");
    expect(only("采购人能否只向投标人发出书面通知？").verdict).not.toBe("prohibited");
  });

  it("permission: a belief that triggers a right (…认为…的，有权…) is no condition of it", () => {
    const ask = overClauses([{ text: "投标人和其他利害关系人认为招标投标活动不符合本法有关规定的，有权向招标人提出异议或者依法向有关行政监督部门投诉。" }]);
    expect(ask("投标人能否向招标人提出异议或者向有关行政监督部门投诉？")).toMatchObject({ rule: "permission", verdict: "allowed" });
    // however long the belief, so that its condition phrase no longer holds 认为 itself
    const long = overClauses([{ text: "供应商认为采购人员及相关人员与其他供应商有利害关系的，可以向采购人或者采购代理机构书面提出回避申请，并说明理由。" }]);
    expect(long("供应商能否向采购人书面提出回避申请？")).toMatchObject({ rule: "permission", verdict: "allowed" });
    // a condition of another kind still makes the answer conditional
    const skill = overClauses([{ text: "招标人具有编制招标文件和组织评标能力的，可以自行办理招标事宜。" }]);
    expect(skill("招标人能不能自行办理招标事宜？")).toMatchObject({ rule: "permission", verdict: "conditional" });
  });

  it("covering-prohibition: asked whether an act is required, a ban answers only when it names that act", () => {
    const ask = overOneClause("评审专家与供应商存在利害关系未回避的，处以罚款，禁止其参加政府采购评审活动。");
    expect(ask("供应商申请评审专家回避，该专家是否必须马上退出？").verdict).not.toBe("prohibited");
    // a ban on the very act asked about still answers that it is not required but forbidden
    const bans = overOneClause("采购人不得向供应商索要赠品。");
    expect(bans("采购人是否必须向供应商索要赠品？")).toMatchObject({ rule: "covering-prohibition", verdict: "prohibited" });
  });

  it("covering-prohibition: a violation listed under a penalty answers only a question about that conduct", () => {
    const lead = "采购人有下列情形之一的，责令限期改正，给予警告：";
    const ask = overClauses([{ text: "（二）未依法在指定的媒体上发布政府采购项目信息；", leadIn: lead }]);
    // asked about other conduct that shares its words (发布 / 政府采购项目信息), the listed violation decides nothing
    expect(ask("政府采购项目信息发布后，采购人可以再补充说明采购需求吗？").verdict).not.toBe("prohibited");
    // asked about the conduct it names, it is a ban
    const names = overClauses([{ text: "（五）未依法从政府采购评审专家库中抽取评审专家；", leadIn: lead }]);
    expect(names("采购人能否不从评审专家库中抽取评审专家？").verdict).toBe("prohibited");
  });

  it("covering-prohibition: a penalised failure to act (未按照规定组织…验收) bans leaving the act undone, not the act", () => {
    const lead = "采购人有下列情形之一的，责令限期改正，给予警告：";
    const ask = overClauses([{ text: "（十）未按照规定组织对供应商履约情况进行验收。", leadIn: lead }]);
    // asked whether the act may be done (by an agency on its behalf), the penalty for not doing it forbids nothing
    expect(ask("采购人能否委托采购代理机构组织对供应商履约情况的验收？").verdict).not.toBe("prohibited");
    // asked whether it may be left undone, it is still a ban
    expect(ask("采购人能否不组织对供应商履约情况的验收？").verdict).toBe("prohibited");
  });

  it("covering-prohibition: a ban that only caps an amount answers only a question that speaks of an amount", () => {
    const ask = overClauses([{ text: "招标文件要求投标人提交投标保证金的，投标保证金不得超过采购项目预算金额的2%。" }]);
    // asked about stating the budget, not about a deposit beyond 2 % of it: the cap forbids nothing asked
    expect(ask("招标文件里能写明采购项目的预算金额吗？").verdict).not.toBe("prohibited");
    // asked about going beyond it, the cap decides
    expect(ask("投标保证金能超过采购项目预算金额吗？").verdict).toBe("prohibited");
    // a ban on going beyond what is not an amount (法定期限) is a ban on the act
    expect(overOneClause("不得超出法定期限签订政府购买服务合同。")("能否签订政府购买服务合同？").verdict).toBe("prohibited");
  });

  it("permission: a sanction on other conduct that never names the granted act is no conflict", () => {
    const texts = [
      { text: "招标人也可以授权评标委员会直接确定中标人。" },
      { text: "招标人在评标委员会依法推荐的中标候选人以外确定中标人的，中标无效，责令改正。" },
    ];
    const q = "招标人能否授权评标委员会直接确定中标人？";
    expect(overClauses(texts, { conflict: 0.3, conflictApplies: 9 })(q)).toMatchObject({ rule: "permission", verdict: "allowed" });
    // a ban of its own on the same act still makes the texts conflict
    const own = [texts[0]!, { text: "招标人不得在评标委员会依法推荐的中标候选人以外确定中标人。" }];
    expect(overClauses(own, { conflict: 0.3, conflictApplies: 9 })(q).verdict).toBe("info");
  });

  it("obligation-of-the-act: a duty that requires what the question leaves undone (不去报批 ↔ 审批手续) is no yes", () => {
    const texts = [
      { text: "招标项目按照国家有关规定需要履行项目审批手续的，应当先履行审批手续，取得批准。" },
      { text: "采购人应当按照采购需求组织采购。" },
      { text: "招标人应当在招标文件中载明评标方法。" },
    ];
    const ask = overClauses(texts);
    expect(ask("招标项目能否履行审批手续？")).toMatchObject({ rule: "obligation-of-the-act", verdict: "allowed" });
    expect(ask("招标项目能否改成竞争性谈判，不去报批？").verdict).not.toBe("allowed");
  });

  it("obligation-of-the-act: a penalty on leaving the act undone (未按照规定…, …导致无法…) does not stand against the duty to do it", () => {
    const lead = "采购人、采购代理机构有下列情形之一的，责令限期改正，给予警告：";
    const ask = overClauses([
      { text: "采购人或者其委托的采购代理机构应当组织对供应商履约的验收。" },
      { text: "（十）未按照规定组织对供应商履约情况进行验收。", leadIn: lead },
      { text: "（四）违反本条例第十五条的规定导致无法组织对供应商履约情况进行验收。", leadIn: lead },
    ], { conflict: 0.3 });
    expect(ask("采购人能否委托采购代理机构组织对供应商履约的验收？")).toMatchObject({ rule: "obligation-of-the-act", verdict: "allowed" });
    // a ban of the act itself still does
    const banned = overClauses([
      { text: "采购人或者其委托的采购代理机构应当组织对供应商履约的验收。" },
      { text: "采购代理机构不得组织对供应商履约的验收。" },
    ], { conflict: 0.3 });
    expect(banned("采购人能否委托采购代理机构组织对供应商履约的验收？").verdict).not.toBe("allowed");
  });

  it("a rule limited to a case by a negation (未纳入…的项目) does not answer a question stating the case as done (已纳入…)", () => {
    const permit = overOneClause("采购未纳入集中采购目录的政府采购项目，可以自行采购。");
    expect(permit("未纳入集中采购目录的政府采购项目，采购人能否自行采购？").verdict).toMatch(/allowed|conditional/);
    expect(permit("已纳入集中采购目录的办公设备，采购人能否自行采购？").verdict).not.toMatch(/allowed|conditional/);
    const ban = overOneClause("对预算未安排的事项，不得开展购买服务。");
    expect(ban("预算还没安排的事项，能开展购买服务吗？").verdict).toBe("prohibited");
    expect(ban("这个事项的预算已经安排了，能开展购买服务吗？").verdict).not.toBe("prohibited");
  });

  it("reads the act in a permission by its own modal word, not by the 但… limit after it", () => {
    const { aligned } = alignOver([{ text: "采购人可以根据采购项目的特殊要求，规定供应商的特定条件，但不得以不合理的条件对供应商实行差别待遇或者歧视待遇。" }])(
      "采购人能否另外规定供应商的特定条件？",
    );
    expect(aligned[0]!.modality).toBe("permission");
    // a question about what the limit names is still governed by the limit
    const { aligned: limit } = alignOver([{ text: "采购人可以根据采购项目的特殊要求，规定供应商的特定条件，但不得以不合理的条件对供应商实行差别待遇或者歧视待遇。" }])(
      "采购人能否对供应商实行差别待遇？",
    );
    expect(limit[0]!.modality).toBe("prohibition");
  });

  it("skips-an-obligation: leaving undone a rule with a stated exception is 有条件; an exception naming only other rules, 仅供参考", () => {
    const ask = overOneClause("列入集中采购目录的项目，适合实行批量集中采购的，应当实行批量集中采购，但紧急的小额零星货物项目除外。");
    const d = ask("适合批量集中采购的项目，采购人可以不实行批量集中采购吗？");
    expect(d).toMatchObject({ rule: "skips-an-obligation", verdict: "conditional" });
    expect(d.basis?.statement.text).toContain("除外");
    const byReference = overOneClause("除国务院财政部门规定的情形外，采购人应当从政府采购评审专家库中随机抽取评审专家。");
    expect(byReference("采购人可以不从政府采购评审专家库中随机抽取评审专家吗？")).toMatchObject({ rule: "skips-an-obligation", verdict: "info" });
  });

  it("permission: an encouragement with a ban fitting the question nearly as well answers 仅供参考", () => {
    // A scenario's own service is encouraged (农技推广) while the question asks about the negotiation; the covers are
    // set so that the encouragement is a little ahead of an unrelated ban.
    const { q, aligned } = alignOver([{ text: "鼓励通过政府购买服务开展农技推广、农业技术培训等服务。" }, { text: "谈判小组中专家的人数不得少于成员总数的三分之二。" }])(
      "县里采购农技推广和农业技术培训服务，谈判小组成员能不能把报价告诉别家？",
    );
    const enc = aligned.find((x) => x.modality === "encouragement")!;
    const ban = aligned.find((x) => x.modality === "prohibition")!;
    const near = decideVerdict(q, [{ ...enc, cover: 0.5 }, { ...ban, cover: 0.45 }], PARAMS);
    expect(near).toMatchObject({ rule: "permission", verdict: "info" });
    expect(near.conflict?.modality).toBe("encouragement");
    // a ban far behind leaves the encouragement's 可以 standing
    expect(decideVerdict(q, [{ ...enc, cover: 0.6 }, { ...ban, cover: 0.3 }], PARAMS).verdict).toBe("allowed");
  });

  it("a tie in cover goes to the statement whose situation the question states", () => {
    const ask = overOneClause("三级目录由各地根据本地实际情况研究确定，能够与上级目录保持一致的，应当保持一致。各地可根据实际工作需要设置三级以下目录。");
    // both statements name 各地, 三级 and 目录: the one that is about setting levels below the third decides
    const d = ask("各地可以设三级以下的目录吗？");
    expect(d.basis?.statement.text).toBe("各地可根据实际工作需要设置三级以下目录。");
    expect(d.verdict).toBe("allowed");
  });

  it("covering-prohibition: a ban with a stated exception answers 仅供参考, quoting it", () => {
    const ask = overOneClause("除单一来源采购项目外，为采购项目提供整体设计、规范编制或者项目管理、监理、检测等服务的供应商，不得再参加该采购项目的其他采购活动。");
    expect(ask("为采购项目提供整体设计服务的供应商，能否再参加该项目的其他采购活动？")).toMatchObject({ rule: "covering-prohibition", verdict: "info" });
    const plain = overOneClause("为采购项目提供整体设计、规范编制或者项目管理、监理、检测等服务的供应商，不得再参加该采购项目的其他采购活动。");
    expect(plain("为采购项目提供整体设计服务的供应商，能否再参加该项目的其他采购活动？")).toMatchObject({ rule: "covering-prohibition", verdict: "prohibited" });
  });

  it("permitted-alternative: leaving one act undone to do another that a rule permits on its conditions", () => {
    const ask = overOneClause("省、自治区、直辖市人民政府确定的地方重点项目，经省、自治区、直辖市人民政府批准，可以进行邀请招标。");
    expect(ask("省里定的地方重点项目，能不能不公开招标，直接进行邀请招标？")).toMatchObject({ rule: "permitted-alternative", verdict: "conditional" });
  });

  it("skips-an-obligation: leaving undone what a clause requires", async () => {
    expect(await decided("政府购买服务支出可以不纳入预算吗")).toMatchObject({ rule: "skips-an-obligation", verdict: "prohibited" });
  });

  it("covering-prohibition: the same verdict for the formal, chatty and English wording", async () => {
    for (const q of ["劳务派遣岗位能否纳入政府购买服务？", "找劳务派遣公司派几个人过来，走购买服务行不行？", "Can a labour dispatch post be purchased?"])
      expect(await decided(q), q).toMatchObject({ rule: "covering-prohibition", verdict: "prohibited" });
  });

  it("permission: encouraged services are allowed, and conditions make it conditional", async () => {
    expect(await decided("核酸检测可以通过政府购买服务开展吗")).toMatchObject({ rule: "permission", verdict: "allowed" });
    expect(await decided("事业单位可以通过单一来源采购方式承接吗")).toMatchObject({ rule: "permission", verdict: "conditional" });
  });

  it("skips-a-condition: doing without the approval a permission requires", async () => {
    // term weights as in a corpus of 100 clauses where this is the one about subcontracting
    const ask = overOneClause("经采购人同意，中标、成交供应商可以依法采取分包方式履行合同。", { core: 0.3, conflict: 0.7 });
    expect(ask("中标供应商可以不经采购人同意分包吗")).toMatchObject({ rule: "skips-a-condition", verdict: "prohibited" });
    expect(ask("经采购人同意后，中标供应商能否分包？")).toMatchObject({ rule: "permission", verdict: "allowed" });
  });

  it("required-act: a must-question about a required act is answered yes", async () => {
    expect(await decided("政府购买服务支出要不要纳入预算")).toMatchObject({ rule: "required-act", verdict: "allowed" });
  });

  it("reads a disguised question the way it reads the plain one (hidden characters, traditional forms, separators)", async () => {
    for (const q of ["勞務派遣崗位能否納入政府購買服務？", "劳\u200b务派遣岗位能否纳入政府购买服务？", "劳·务派遣岗位能否纳入政府购买服务？"]) {
      const d = await decided(q);
      expect(d, q).toMatchObject({ rule: "covering-prohibition", verdict: "prohibited" });
    }
  });

  it("never answers 可以 when a covering prohibition speaks against the act", async () => {
    for (const q of ["可以借政府购买服务名义变相举债融资吗", "Can we use a service contract to raise debt financing?"]) {
      const d = await decided(q);
      expect(["prohibited", "info"], q).toContain(d.verdict);
    }
  });

  it("covering-prohibition: a permission that fits as closely as the ban makes it 仅供参考, quoting both", async () => {
    const text = "采购人需追加与合同标的相同的服务的，可以与供应商签订补充合同。采购人不得与供应商签订补充合同追加与合同标的相同的服务。";
    const ask = (q: string, tie: number) => overOneClause(text, { tie })(q);
    const q = "能否与供应商签订补充合同追加相同的服务？";
    expect(ask(q, -1)).toMatchObject({ rule: "covering-prohibition", verdict: "prohibited" });
    const tied = ask(q, 0);
    expect(tied).toMatchObject({ rule: "covering-prohibition", verdict: "info" });
    expect(tied.conflict?.modality).toBe("permission");
  });

  it("applies: a statement naming what the question names is stated in it more than one that does not", async () => {
    const { align } = await import("../../src/answer/align.js");
    const a = await analyse("核酸检测可以通过政府购买服务开展吗", deps);
    const aligned = align(a.q, a.hits.slice(0, 5), a.statementTerms);
    const naming = aligned.filter((s) => s.statement.text.includes("核酸检测"));
    const others = aligned.filter((s) => !s.statement.text.includes("核酸检测"));
    expect(naming.length).toBeGreaterThan(0);
    expect(Math.max(...naming.map((s) => s.applies))).toBeGreaterThanOrEqual(0.5);
    expect(Math.max(...naming.map((s) => s.applies))).toBeGreaterThan(Math.max(0, ...others.map((s) => s.applies)));
  });

  it("reads the form from the sentence that asks (not the scene set before it), and an alternative question by its first alternative", async () => {
    const { questionForm } = await import("../../src/answer/question.js");
    expect(questionForm("Our office is short-staffed. Can we bring in workers through a labour dispatch agency?", "en")).toBe("permission");
    expect(questionForm("有投标人问：已经有多少家买了招标文件？招标人可以告诉他吗？", "zh")).toBe("permission");
    expect(questionForm("合同签完了就不能再追加同样的货物了吧，只能重新采购？", "zh")).toBe("permission");
    expect(questionForm("采购人收到质疑后，最迟要在多少个工作日内答复？", "zh")).toBe("fact");
    const { mainClause } = await import("../../src/answer/question.js");
    expect(mainClause("Is a verbal agreement enough for a procurement contract, or does it have to be in writing?")).toBe("Is a verbal agreement enough for a procurement contract?");
    expect(mainClause("可以直接签合同，还是必须先招标？")).toBe("可以直接签合同?");
  });
  it("amount-beyond-a-limit: a period to act within (三十日内) is a ceiling on the days taken; a calendar date is no amount", async () => {
    const ask = overOneClause("采购人与中标供应商应当在中标通知书发出之日起三十日内签订政府采购合同。");
    expect(ask("中标通知书发出后第40天才签订政府采购合同，可以吗？")).toMatchObject({ rule: "amount-beyond-a-limit", verdict: "prohibited" });
    expect(ask("中标通知书发出后第20天签订政府采购合同，可以吗？").verdict).not.toBe("prohibited");
    const { statedAmounts } = await import("../../src/answer/question.js");
    expect(statedAmounts("2022年3月1日起施行")).toEqual([]);
  });
  it("amount-beyond-a-limit: weeks count as days, and calendar days are weighed against a period in working days", async () => {
    const ask = overOneClause("采购代理机构应当自评审结束之日起2个工作日内将评审报告送交采购人。");
    expect(ask("采购代理机构能否在评审结束一周后再将评审报告送交采购人？")).toMatchObject({ rule: "amount-beyond-a-limit", verdict: "prohibited" });
    // three calendar days may be two working days (over a weekend): not settled as beyond
    expect(ask("采购代理机构能否在评审结束3天后将评审报告送交采购人？").verdict).not.toBe("prohibited");
    const { statedAmounts } = await import("../../src/answer/question.js");
    expect(statedAmounts("两个星期内")).toEqual(["14天"]);
    expect(statedAmounts("within two weeks")).toEqual(["14天"]);
    expect(statedAmounts("第二周的周末")).toEqual([]);
  });
  it("amount-beyond-a-limit: an amount is read as an amount — 签五年 against 不超过3年, though the corpus never writes 五年", () => {
    const ask = overOneClause("在预算保障的前提下，可以签订履行期限不超过3年的政府购买服务合同。", { applies: 0.3 });
    expect(ask("政府购买服务合同可以签五年吗？")).toMatchObject({ rule: "amount-beyond-a-limit", verdict: "prohibited" });
    expect(ask("政府购买服务合同可以签两年吗？").verdict).not.toBe("prohibited");
  });

  it("permission: a ban on going beyond the permission's own cap is its limit, not a conflict (百分之十 is 10%)", () => {
    const permit = "政府采购合同履行中，采购人需追加与合同标的相同的货物的，在不改变合同其他条款的前提下，可以与供应商协商签订补充合同，但所有补充合同的采购金额不得超过原合同采购金额的百分之十。";
    const ban = { text: "（五）追加与合同标的相同的货物的采购金额超过原合同采购金额10%；", leadIn: "采购人有下列情形之一的，责令限期改正，给予警告：" };
    const q = "政府采购合同履行中需要追加与合同标的相同的货物，能与原供应商签补充合同吗？";
    expect(overClauses([{ text: permit }, ban], { conflict: 0.3 })(q)).toMatchObject({ rule: "permission", verdict: "conditional" });
    // a ban at another amount than the permission's cap still makes the texts conflict
    const other = { ...ban, text: ban.text.replace("10%", "5%") };
    expect(overClauses([{ text: permit }, other], { conflict: 0.3 })(q).verdict).toBe("info");
  });

  it("skips-an-obligation: the question names a term of the rule by its specific part (书面 for 书面形式)", () => {
    // 政府采购合同 is common here (a dozen clauses name it), so the rule's phrase holds little specific weight besides 书面形式
    const common = Array.from({ length: 12 }, (_, i) => ({ text: `政府采购合同第${i + 1}类文本存档备查。` }));
    const ask = overClauses([{ text: "政府采购合同应当采用书面形式。" }, ...common], { applies: 0.2 });
    expect(ask("政府采购合同不一定非得是书面的吧？")).toMatchObject({ rule: "skips-an-obligation", verdict: "prohibited" });
  });

  it("covering-prohibition: a permission and a ban that split one act by a qualifier (非关键性 / 关键性) answer by the qualifier asked", () => {
    const ask = overClauses(
      [
        { text: "中标人按照合同约定或者经招标人同意，可以将中标项目的部分非主体、非关键性工作分包给他人完成。" },
        { text: "中标人违反本法规定将中标项目的部分主体、关键性工作分包给他人的，分包无效，处以罚款。" },
      ],
      { cover: 0.2 },
    );
    expect(ask("中标人想把一部分工作分包给别的公司，可以吗？")).toMatchObject({ verdict: "conditional" });
    expect(ask("中标人能把项目的关键性工作分包出去吗？")).toMatchObject({ verdict: "prohibited" });
    expect(ask("中标人能把非关键性工作分包出去吗？").verdict).not.toBe("prohibited");
  });

  it("obligation-of-the-act: what must be done may be done, only when the obligation requires the act asked about", () => {
    const punish = overOneClause("对违规失信的承接主体，财政部门应当予以惩戒。");
    expect(punish("财政部门可以对违规失信的承接主体予以惩戒吗？")).toMatchObject({ rule: "obligation-of-the-act", verdict: "allowed" });
    // the obligation here is the department's (to end the handling), not the withdrawing the question asks about
    const withdraw = overOneClause("财政部门受理投诉后，投诉人书面申请撤回投诉的，财政部门应当终止投诉处理程序。");
    expect(withdraw("投诉受理以后，投诉人想撤回，可以撤吗？").rule).not.toBe("obligation-of-the-act");
  });

  it("alternative-to-the-required: a rule requiring one means excludes another of its kind, unless a rule permits that one", () => {
    const ask = overOneClause("技术、服务等标准统一的货物和服务项目，应当采用最低评标价法。");
    expect(ask("技术、服务标准统一的通用办公用品，能否采用综合评分法评标？")).toMatchObject({ rule: "alternative-to-the-required", verdict: "prohibited" });
    // the rule's condition unstated: the texts do not settle it
    expect(ask("办公用品采购能否采用综合评分法评标？").verdict).not.toBe("prohibited");
    // asking about another means of the required kind is asking about the rule's own slot: it applies
    const written = overOneClause("政府采购合同应当采用书面形式。", { applies: 0.8 });
    expect(written("政府采购合同能否采用口头形式订立？")).toMatchObject({ rule: "alternative-to-the-required", verdict: "prohibited" });
    const both = overOneClause("政府采购合同应当采用书面形式。符合下列情形之一的，可以采用口头形式。");
    expect(both("政府采购合同能否采用口头形式？").rule).not.toBe("alternative-to-the-required");
  });

  it("a sentence that requires one act and forbids another forbids that other when asked whether it may be done", async () => {
    const ask = overOneClause("采购人对采购活动的采购文件应当妥善保存，不得伪造、变造、隐匿或者销毁。");
    expect(ask("采购文件在保存期内可以销毁吗？")).toMatchObject({ rule: "covering-prohibition", verdict: "prohibited" });
    expect(ask("采购文件要不要妥善保存？")).toMatchObject({ rule: "required-act", verdict: "allowed" });
  });
  it("permission: an approval the rule requires counts as stated only when the question says it was obtained", async () => {
    const ask = overOneClause("省直管县的县级人民政府经省级人民政府批准，可以行使设区的市级人民政府批准变更采购方式的职权。");
    expect(ask("县级人民政府能否行使设区的市级人民政府批准变更采购方式的职权？")).toMatchObject({ rule: "permission", verdict: "conditional" });
    expect(ask("县级人民政府经省级人民政府批准后，能否行使设区的市级人民政府批准变更采购方式的职权？")).toMatchObject({ rule: "permission", verdict: "allowed" });
  });

  it("permission: a condition is stated when the question names most of its phrase's terms, in its own word order", () => {
    const ask = overOneClause("已进行资格预审的，评审阶段可以不再对供应商资格进行审查。");
    expect(ask("资格预审都做过了，评审阶段还能不再审查供应商资格吗？")).toMatchObject({ verdict: "allowed" });
    expect(ask("评审阶段能不能不再审查供应商资格？")).toMatchObject({ verdict: "conditional" });
  });

  it("permission: a statement of scope admits its members on their qualifiers", () => {
    const ask = overOneClause("承接政府购买服务的主体包括依法在民政部门登记成立且连续两年以上年检合格的3A级以上社会组织。");
    expect(ask("社会组织可以承接政府购买服务吗？")).toMatchObject({ rule: "permission", verdict: "conditional" });
    expect(ask("在民政部门登记成立、连续两年以上年检合格的3A级社会组织可以承接政府购买服务吗？")).toMatchObject({ rule: "permission", verdict: "allowed" });
  });

  it("permission: a cap in the same sentence (不得超过…百分之十) limits the amount and does not forbid the act", async () => {
    const ask = overOneClause("采购人需追加与合同标的相同的服务的，可以与供应商协商签订补充合同，但所有补充合同的采购金额不得超过原合同采购金额的百分之十。");
    const d = ask("需要追加与合同标的相同的服务，能否与原供应商签订补充合同？");
    expect(d.rule).toBe("permission");
    expect(["allowed", "conditional"]).toContain(d.verdict);
    expect(d.basis?.bansAct).toBe(false);
  });
  it("skips-an-obligation: an item under a lead-in that requires the act (应当回避) forbids leaving it undone", async () => {
    const ask = overOneClause("（一）参加采购活动前3年内与供应商存在劳动关系；", {}, "采购人员与供应商有下列利害关系之一的，应当回避：");
    expect(ask("采购人员前3年内与供应商存在劳动关系的，能否不回避而继续参加采购活动？")).toMatchObject({ rule: "skips-an-obligation", verdict: "prohibited" });
  });
  it("excluded-by-definition: a definition that leaves the asked-about thing out of what it defines answers 不可以", async () => {
    const ask = overOneClause("本法所称服务，是指除货物和工程以外的其他政府采购对象。");
    expect(ask("政府购买服务可以买工程吗")).toMatchObject({ rule: "excluded-by-definition", verdict: "prohibited" });
    expect(ask("政府采购对象可以是培训服务吗").rule).not.toBe("excluded-by-definition");
  });
  it("permission: a ban whose situation the question hardly states is no conflict", async () => {
    // (a ban of its own: a sanction on conduct that never names 授权 is no conflict at all, see above)
    const text = "招标人也可以授权评标委员会直接确定中标人。投标人不得以向招标人或者评标委员会成员行贿的手段谋取中标。";
    const q = "招标人能否授权评标委员会直接确定中标人？";
    expect(overOneClause(text, { conflict: 0.3, conflictApplies: 9 })(q)).toMatchObject({ rule: "permission", verdict: "info" });
    // the question states the permission's situation whole (1.0) and the ban's by half (评标委员会 of 评标委员会成员, 0.5)
    expect(overOneClause(text, { conflict: 0.3, conflictApplies: 0.4 })(q)).toMatchObject({ rule: "permission", verdict: "allowed" });
  });
  it("a sanction does not reach forward: the remedy after 无效 is prescribed, not punished", async () => {
    const ask = overOneClause("已确定中标供应商但尚未签订合同的，中标结果无效，从合格的中标候选人中另行确定中标供应商。");
    expect(ask("能否从合格的中标候选人中另行确定中标供应商？").verdict).not.toBe("prohibited");
    expect(ask("中标结果能否继续有效？").verdict).toBe("prohibited");
  });
});
