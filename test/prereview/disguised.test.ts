/**
 * 劳务派遣 in disguise (invisible and format characters, bidirectional controls, traditional characters, look-alike
 * ideographs, interpuncts, HTML references, English) is still a prohibited matter; the disguise itself is a warning.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrereviewer, parseProposal, type Prereviewer } from "../../src/prereview/index.js";
import type { Proposal } from "../../src/prereview/schema.js";
import { DISGUISED_LABOUR_DISPATCH } from "./disguised-variants.js";
import { openTestKnowledge, type TestKnowledge } from "./knowledge-base.js";

const base = JSON.parse(readFileSync("test/fixtures/proposals/DP01.json", "utf8")) as Record<string, unknown>;

function proposal(service: string, title = base.title as string): Proposal {
  const r = parseProposal({ ...base, title, service });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.proposal;
}

let kb: TestKnowledge;
let prereview: Prereviewer;
beforeAll(async () => {
  kb = await openTestKnowledge();
  prereview = createPrereviewer(kb.knowledge, kb.config);
});
afterAll(() => kb.close());

const prohibited = async (p: Proposal) => {
  const c = await prereview(p);
  return { outcome: c.outcome, check: c.checks.find((x) => x.id === "prohibited_matters")! };
};

describe("disguised 劳务派遣 in pre-review", () => {
  it("the plain wording is blocked (the control)", async () => {
    const r = await prohibited(proposal("以劳务派遣方式为返乡农民工提供职业技能培训"));
    expect(r.outcome).toBe("blocked");
    expect(r.check.status).toBe("fail");
  });

  it.each(DISGUISED_LABOUR_DISPATCH)("blocks %s", async (_name, written) => {
    const p = proposal(`以${written}方式为返乡农民工提供职业技能培训`);
    const r = await prohibited(p);
    expect(r.outcome).toBe("blocked");
    expect(r.check.status).toBe("fail");
    expect(r.check.message).toContain("劳务派遣");
    // what the user wrote is kept as written
    expect(p.service).toContain(written.trim());
  });

  it("says which characters were hidden, and where", async () => {
    const r = await prohibited(proposal("以劳\u200b务派遣方式为返乡农民工提供职业技能培训"));
    expect(r.check.message).toMatch(/服务内容含有隐藏或伪装的字符（不可见字符：U\+200B）/);
    expect(r.check.message).toContain("劳⟦U+200B⟧务派遣");
  });

  it("quotes the author's own wording, not the normalised one", async () => {
    const dash = await prohibited(proposal("采用建设-移交模式建设学校"));
    expect(dash.check.status).toBe("fail");
    expect(dash.check.message).toContain("「建设-移交」");
    expect(dash.check.trigger).toBe("建设-移交");
    const traditional = await prohibited(proposal("以勞務派遣方式為返鄉農民工提供職業技能培訓"));
    expect(traditional.check.message).toContain("「勞務派遣」");
    expect(traditional.check.message).toContain("原文：「以勞務派遣方式為返鄉農民工提供職業技能培訓」");
    const hidden = await prohibited(proposal("以劳\u200b务派遣方式为返乡农民工提供职业技能培训"));
    expect(hidden.check.trigger).toBe("劳务派遣");
  });

  it("hidden characters inside Chinese words are a warning even when nothing prohibited is found", async () => {
    const variants = ["为返乡农民工\u200b提供职业技能培训", "为返乡农民工提供职业技\u202e能培\u202c训", "为返乡农民工提供职业&#25216;能培训"];
    for (const service of variants) {
      const r = await prohibited(proposal(service));
      expect(r.check.status, service).toBe("warn");
      expect(r.check.message).toContain("隐藏或伪装的字符");
      expect(r.outcome).toBe("ready_with_warnings");
    }
    const radical = await prohibited(proposal("为返乡农民工提供职业技能培训", "⻙家社区农民工培训项目"));
    expect(radical.check.status).toBe("warn");
    expect(radical.check.message).toMatch(/项目名称含有隐藏或伪装的字符（部首或兼容汉字：U\+2ED9）/);
  });

  it("ordinary text is not flagged: full-width letters, a trailing emoji selector, English without prohibited terms", async () => {
    for (const service of ["为返乡农民工提供ＰＬＣ编程等职业技能培训👍\ufe0f", "Vocational skills training for returning migrant workers"]) {
      const r = await prohibited(proposal(service));
      expect(r.check.status, service).toBe("pass");
    }
  });

  it("English negation is read as negation: 'does not involve labor dispatch' is not a finding", async () => {
    const r = await prohibited(proposal("为返乡农民工提供职业技能培训。This project does not involve labor dispatch."));
    expect(r.check.status).toBe("pass");
  });
});
