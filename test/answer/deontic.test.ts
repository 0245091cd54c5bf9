/** Deontic statements read from clauses: modality, inheritance from a lead-in, conditions, exceptions, negations. */
import { describe, expect, it } from "vitest";
import { corpusStatements, statementsOf } from "../../src/knowledge/deontic.js";
import { negatedWords } from "../../src/text/negation.js";

const one = (text: string, leadIn: string | null = null) => statementsOf({ text, leadIn })[0]!;

describe("deontic statements", () => {
  it("reads each modality from its cue class", () => {
    expect(one("对预算未安排的事项，不得开展购买服务。").modality).toBe("prohibition");
    expect(one("政府采购合同应当采用书面形式。").modality).toBe("obligation");
    expect(one("采购人有权自行选择采购代理机构。").modality).toBe("permission");
    expect(one("鼓励通过政府购买服务方式开展核酸检测。").modality).toBe("encouragement");
    expect(one("本法所称采购，是指以合同方式有偿取得货物、工程和服务的行为。").modality).toBe("definition");
    expect(one("政府购买服务改革是一项重要改革工作。").modality).toBeNull();
  });

  it("reads a notice's service provided through purchase as encouraged, but not a relative clause naming what suits purchase", () => {
    expect(one("加强劳动者权益保障，通过政府购买服务提供劳动人事争议调解、集体协商指导等服务，提升劳动人事争议协商调解能力。").modality).toBe("encouragement");
    expect(one("适宜通过政府购买提供的养老服务，政府不再直接举办公办养老机构提供。").modality).not.toBe("encouragement");
  });

  it("reads 不可预见 / 不可抗力 / 不可避免 as adjectives, not as a ban (不可 + verb still bans)", () => {
    const lead = "符合下列情形之一的货物或者服务，可以依照本法采用单一来源方式采购：";
    expect(one("（二）发生了不可预见的紧急情况不能从其他供应商处采购的；", lead).modality).toBe("permission");
    expect(one("因不可抗力致使合同无法履行的，双方均不承担违约责任。").modality).not.toBe("prohibition");
    expect(one("采购文件不可随意修改。").modality).toBe("prohibition");
  });

  it("reads 不能 as inability, not a ban (the texts ban with 不得)", () => {
    expect(one("谈判文件不能完整、明确列明采购需求，需要由供应商提供最终设计方案的，谈判小组应当推荐供应商。").modality).toBe("obligation");
    expect(one("（四）不能事先计算出价格总额的。").modality).toBeNull();
    expect(one("采购人不得向供应商索要或者接受其给予的赠品。").modality).toBe("prohibition");
  });

  it("reads neither the adjective 必要 nor the noun 负责人 as an obligation", () => {
    expect(one("评标委员会可以要求投标人对投标文件中含义不明确的内容作必要的澄清或者说明。").modality).toBe("permission");
    expect(one("必要时可以进行调查取证。").modality).toBe("permission");
    expect(one("（四）与供应商的法定代表人或者负责人有亲属关系；").modality).toBeNull();
    expect(one("财政部门负责组织实施。").modality).toBe("obligation");
  });

  it("reads 无须 / 毋须 (need not) as no duty, while 必须 and a bare 须 stay one", () => {
    expect(one("已进行资格预审的，供应商在评审阶段无须再提交资格证明文件。").modality).not.toBe("obligation");
    expect(one("采购人毋须另行组织论证。").modality).not.toBe("obligation");
    expect(one("供应商须提交资格证明文件。").modality).toBe("obligation");
    expect(one("采购人员必须回避。").modality).toBe("prohibition");
  });

  it("reads a notice's account of what it achieved and what is still wrong as no directive", () => {
    expect(one("2021年，各地区、各部门积极推进政府购买服务改革取得明显成效，发挥了重要作用。").modality).toBeNull();
    expect(one("但在改革推进过程中，还存在政府购买服务合同管理不够规范等问题，需要进一步加大政府购买服务改革力度。").modality).toBeNull();
    // the directive itself, said on its own, still is one
    expect(one("各地要进一步加大政府购买服务改革力度。").modality).not.toBeNull();
  });

  it("reads a modal word inside a relative clause naming a kind of thing (依法必须进行招标的项目) as no duty of the sentence", () => {
    expect(one("依法必须进行招标的项目在所有投标被评标委员会否决后自行确定中标人的，中标无效。").modality).toBe("sanction");
    expect(one("（五）依法必须进行招标的项目的招标公告。").modality).toBeNull();
    expect(one("任何单位和个人不得将依法必须进行招标的项目化整为零。").modality).toBe("prohibition");
    // a duty whose object carries a relative clause of its own is still a duty
    expect(one("谈判小组应当要求所有参加谈判的供应商在规定时间内进行最后报价。").modality).toBe("obligation");
    expect(one("采购人应当按照政府采购合同规定的技术、服务、安全标准组织验收。").modality).toBe("obligation");
  });

  it("reads a bare 可 before a preposition or verb as a permission, but not inside an adjective (可溯, 可能)", () => {
    expect(one("各地可根据实际工作需要设置三级以下目录。").modality).toBe("permission");
    expect(one("采购人可依法自行组织采购。").modality).toBe("permission");
    expect(one("实现了全程贯通、全程留痕、全程可溯。").modality).toBeNull();
    expect(one("该项目可能延期完成。").modality).toBeNull();
  });

  it("reads matters listed as prohibited (列入禁止性事项 / 负面清单) as banned, while naming the category alone bans nothing", () => {
    expect(one("将直接履职事项外包、工程和服务捆绑外包等情况列入政府购买服务禁止性事项。").modality).toBe("prohibition");
    expect(one("将工程和服务捆绑外包纳入负面清单管理。").modality).toBe("prohibition");
    expect(one("财政部门负责解释禁止性事项的具体范围。").modality).not.toBe("prohibition");
  });

  it("reads recusal as a ban on taking part", () => {
    expect(one("采购人员及相关人员与供应商有利害关系的，必须回避。").modality).toBe("prohibition");
  });

  it("reads a passive past ban as a description, so an exception after it governs", () => {
    const s = one("供应商在参加政府采购活动前3年内因违法经营被禁止在一至三年内参加政府采购活动，期限届满的，可以参加政府采购活动。");
    expect(s.modality).toBe("permission");
  });

  it("gives an enumerated item the modality of its lead-in", () => {
    const lead = "以下各项不得纳入政府购买服务范围：";
    const s = one(`${lead}（五）购买主体的人员招、聘用，以劳务派遣方式用工。`, lead);
    expect(s).toMatchObject({ modality: "prohibition", inherited: true });
    const sanction = "采购人有下列情形之一的，责令限期改正，给予警告：";
    expect(one("（一）应当采用公开招标方式而擅自采用其他方式采购的；", sanction)).toMatchObject({ modality: "prohibition", inherited: true });
  });

  it("gives the sentences of an item the modality of its title when they state none", () => {
    const [title, listed, own] = statementsOf({
      text: "（四）鼓励政府购买就业公共服务。为失业人员开展职业技能培训等就业帮扶举措。相关部门应当加强监督。",
      leadIn: null,
    });
    expect(title!.modality).toBe("encouragement");
    expect(listed).toMatchObject({ modality: "encouragement", inherited: true });
    expect(own).toMatchObject({ modality: "obligation", inherited: false });
    // a first sentence that is no title (long, or with a comma) hands nothing on
    const plain = statementsOf({ text: "（四）鼓励各地在做好风险防控的前提下，扩大政府购买服务的领域。为失业人员开展职业技能培训。", leadIn: null });
    expect(plain[1]!.modality).toBeNull();
    // nor to a sentence that says an act is no longer done
    const noLonger = statementsOf({ text: "（三）推广政府购买基本养老服务。适宜通过政府购买提供的养老服务，政府不再直接举办公办养老机构提供。", leadIn: null });
    expect(noLonger[1]!.modality).not.toBe("encouragement");
  });

  it("reads a statement of scope as permitting the members it lists, on the qualifiers each carries", () => {
    const st = one("承接政府购买服务的主体包括依法在民政部门登记成立且连续两年以上年检合格的3A级以上社会组织，以及依法登记成立的企业、机构等社会力量。");
    expect(st.modality).toBe("permission");
    expect(st.conditions).toEqual(["依法在民政部门登记成立且连续两年以上年检合格", "依法登记成立"]);
    // a sentence that states a modality of its own keeps it
    expect(one("购买内容包括的事项不得违反法律规定。").modality).toBe("prohibition");
  });

  it("forbids the items a lead-in files under a kind of act that another clause forbids, and only then", () => {
    const lead = "采购人有下列情形之一的，属于以不合理的条件对供应商实行差别待遇或者歧视待遇：";
    const item = { text: `${lead}（四）以特定行政区域或者特定行业的业绩、奖项作为加分条件；`, leadIn: lead };
    const ban = { text: "采购人不得以不合理的条件对供应商实行差别待遇或者歧视待遇。", leadIn: null };
    const [withBan] = corpusStatements([item, ban]);
    expect(withBan!.statements[0]).toMatchObject({ modality: "prohibition", inherited: true });
    const [alone] = corpusStatements([item]);
    expect(alone!.statements[0]!.modality).not.toBe("prohibition");
  });

  it("keeps the conditions and exceptions a rule states", () => {
    expect(one("地方重点项目不适宜公开招标的，经国务院发展计划部门或者省、自治区、直辖市人民政府批准，可以进行邀请招标。").conditions.some((c) => c.startsWith("经") && c.endsWith("批准"))).toBe(true);
    const s = one("对暂不具备竞争条件的，改革当年可按规定通过单一来源采购方式直接委托原提供该服务的事业单位承接。");
    expect(s.modality).toBe("permission");
    expect(s.conditions.length).toBeGreaterThan(0);
    expect(one("政府采购的信息应当及时向社会公开发布，但涉及商业秘密的除外。").exception).toBe(true);
  });

  it("keeps what a statement names as missing, the same way for questions", () => {
    expect(one("对预算未安排的事项，不得开展购买服务。").negations).toEqual(expect.arrayContaining(["预算", "安排"]));
    expect(negatedWords("没列入预算的事还能买服务吗".replace("没", "未"))).toEqual(expect.arrayContaining(["列入", "预算"]));
    expect(negatedWords("可以不签书面合同吗")).toEqual(expect.arrayContaining(["书面", "合同"]));
    // a right denied (没权利, 无权, 没有资格) negates the permission, not what it is a right to
    expect(negatedWords("供应商应该未权利申请采购人员回避吧")).toEqual([]);
    expect(negatedWords("投标人没有资格再提异议吧")).toEqual([]);
    // 不一样 / 不一致 say "different", as 不同 does: nothing is missing
    expect(negatedWords("各定一套不一样的集采目录")).toEqual([]);
    // 非法 / 不法 say "unlawful": the means are named, nothing is missing
    expect(negatedWords("供应商以非法手段取得证明材料进行投诉的")).toEqual([]);
    expect(negatedWords("对不法行为予以查处")).toEqual([]);
    // an A-not-A question asks whether
    expect(negatedWords("回不回避是采购人内部的事")).not.toContain("回避");
    // a negated modal or judgement is the frame of the question, not its content
    expect(negatedWords("用购买服务的名义开展劳务派遣，应该不算违规吧")).toEqual([]);
    expect(negatedWords("总不至于还不能销毁吧")).toEqual([]);
  });
});
