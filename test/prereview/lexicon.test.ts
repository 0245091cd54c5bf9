/** The prohibited-matter lexicon as data, and the matcher that generalises it to wordings it has never seen. */
import { describe, expect, it } from "vitest";
import { loadLexicon, matchForm, prohibitedMatches, matchLexicon } from "../../src/prereview/lexicon.js";
import { loadRules } from "../../src/prereview/rules.js";
import { sharedPhrases, prohibitedObjects } from "../../src/prereview/kb-overlap.js";

const lexicon = loadLexicon();
const found = (s: string) => prohibitedMatches(matchForm(s), lexicon).map((m) => [m.category.id, m.phrase]);
const categories = (s: string) => prohibitedMatches(matchForm(s), lexicon).map((m) => m.category.id);

describe("lexicon data", () => {
  it("covers the categories of 102号令 第十条 and names a source for each", () => {
    const ids = lexicon.categories.map((c) => c.id);
    for (const id of ["labour_dispatch", "public_welfare_posts", "debt_financing", "works_bundled", "goods", "government_direct_duties"])
      expect(ids).toContain(id);
    for (const c of lexicon.categories) {
      expect(c.source).toMatch(/财政部令第102号|通知|财综/);
      expect(c.terms.length + c.patterns.length).toBeGreaterThan(0);
      expect(c.grounding.cues.length).toBeGreaterThan(0);
    }
  });

  it("rules name their sources and hold the thresholds", () => {
    const r = loadRules();
    expect(r.contractTerm.maxMonths).toBe(12);
    expect(r.contractTerm.maxMonthsStableRecurring).toBe(36);
    expect(r.contractTerm.source).toContain("第二十四条");
    expect(r.contractor.socialOrganization.minRating).toBe(3);
    expect(r.purchaser.types.public_institution_1.status).toBe("fail");
    for (const section of [r.budget, r.purchaser, r.contractor, r.procurement, r.contractTerm, r.performanceTargets, r.priorAssessment])
      expect(section.source.length).toBeGreaterThan(10);
  });
});

describe("prohibited-matter matcher", () => {
  it.each([
    ["派遣人员到机关工作", "labour_dispatch", "派遣人员到机关"],
    ["聘用窗口辅助人员", "labour_dispatch", "聘用窗口辅助"],
    ["为区民政局招聘临时工作人员5名", "labour_dispatch", "招聘"],
    ["选派6名工作人员常驻政务服务大厅", "labour_dispatch", "选派"],
    ["以购买服务方式解决机关编外用工", "labour_dispatch", "编外用工"],
    ["向社会购买辅警岗位30个", "labour_dispatch", "岗位"],
    ["开发公益岗安置就业困难人员", "public_welfare_posts", "公益岗"],
    ["由承接主体垫资建设，政府分期回购", "debt_financing", ""],
    ["社会资本方先行投资建设，政府在十年内分年支付服务费", "debt_financing", ""],
    ["代为开展行政处罚调查", "government_direct_duties", "行政处罚"],
    ["代为实施食品经营许可现场核查", "government_direct_duties", "许可"],
    ["工程施工与运维打包", "works_bundled", "工程施工"],
    ["承接单位负责新建道路及后期养护", "works_bundled", "新建道路"],
    ["购置执法记录仪200台", "goods", "执法记录仪"],
    ["为局机关提供文秘人员3名", "labour_dispatch", "文秘"],
    ["采用BT方式建设安置房", "debt_financing", "BT方式"],
    ["新建乡镇养老院", "works_bundled", "新建"],
    ["购买法院书记员服务", "labour_dispatch", "书记员"],
    ["为镇政府招聘村级后备干部", "labour_dispatch", "招聘"],
    ["采用建设-移交模式建设学校", "debt_financing", "建设-移交"],
    ["办公楼装修改造及物业服务", "works_bundled", "装修改造"],
    ["采购监控设备并提供运维服务", "goods", "采购监控设备"],
    ["为交警大队提供交通协管员", "labour_dispatch", "协管员"],
    ["以政府购买服务方式实施棚户区改造", "works_bundled", "棚户区改造"],
  ])("finds %s", (text, category, phrase) => {
    const hits = found(text);
    const hit = hits.find(([c]) => c === category);
    expect(hit, JSON.stringify(hits)).toBeTruthy();
    expect(hit![1]).toContain(matchForm(phrase));
    expect(matchForm(text)).toContain(hit![1]);
  });

  it.each([
    "组织高校毕业生到企业开展就业见习",
    "举办专场招聘会，帮助高校毕业生求职",
    "为劳务派遣员工提供劳动权益法律咨询",
    "开展行政执法相关法律法规普法宣传",
    "为中小企业提供融资政策咨询和辅导",
    "开展创业担保贷款政策宣传",
    "为建筑施工企业从业人员开展安全生产培训",
    "为政务服务大厅提供保洁和保安服务",
    "承接主体应配备不少于10名持证护理人员",
    "社区养老服务中心聘用护理人员提供上门服务",
    "为群众提供政务服务帮办代办服务",
    "本项目不涉及劳务派遣和公益性岗位",
    "开展工程造价咨询和工程监理服务",
    "提供办公设备维修维护服务",
    "为社区0-3岁婴幼儿提供普惠托育服务",
    "提供公益岗位人员技能培训",
    "为辅警提供业务培训",
    "为区行政审批局政务服务大厅提供保洁服务",
    "开展动物强制免疫注射服务",
    "机关食堂餐饮服务外包",
    "为机关办公区提供物业管理、安保、保洁服务",
    "委托专业公司承担12345政务服务便民热线话务运营服务",
    "城市道路清扫保洁和垃圾清运服务",
    "购买设备维护服务",
    "委托检测机构开展食品安全监督抽检",
    "为区城市管理综合执法局执法车辆提供维修保养服务",
    "为社区老人提供护理人员上门服务",
    "安排专业社工到社区开展服务",
    "提供公共就业服务信息系统日常运行维护服务",
  ])("leaves the benign look-alike %s alone", (text) => {
    expect(found(text)).toEqual([]);
  });

  it("says why a look-alike is benign", () => {
    const m = matchLexicon(matchForm("为劳务派遣员工提供法律咨询"), lexicon).find((x) => x.category.id === "labour_dispatch");
    expect(m?.benignBecause).toContain("法律咨询");
    const n = matchLexicon(matchForm("本项目不涉及劳务派遣"), lexicon).find((x) => x.category.id === "labour_dispatch");
    expect(n?.benignBecause).toContain("不涉及");
  });

  it("normalises full-width text and reports several categories at once", () => {
    expect(categories("ＢＯＴ模式建设园区道路，并以劳务派遣方式配备管理人员").sort()).toEqual(
      expect.arrayContaining(["debt_financing", "labour_dispatch", "works_bundled"]),
    );
  });
});

describe("knowledge-base overlap", () => {
  const cfg = lexicon.kbOverlap;
  it("takes the object of a prohibition and finds specific shared phrases only", () => {
    const clause = "不得将人员招、聘用，以劳务派遣方式用工，以及设置公益性岗位等事项纳入政府购买服务范围。";
    const objects = prohibitedObjects(clause, cfg);
    expect(objects[0]).toContain("劳务派遣方式用工");
    expect(sharedPhrases(objects[0]!, "采用劳务派遣方式用工补充人手", cfg.minLength, cfg.stopTerms)).toContain("劳务派遣");
    expect(sharedPhrases(objects[0]!, "为老人提供政府购买服务项目", cfg.minLength, cfg.stopTerms)).toEqual([]);
  });
});
