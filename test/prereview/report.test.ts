/**
 * The readable report is compact like an approval product: a summary line, one line per item, and for a failed or
 * warned item its trigger and ONE cited clause trimmed to its relevant sentence. Uses the real knowledge base.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrereviewer, parseProposal, renderChecklist } from "../../src/prereview/index.js";
import { citationRef } from "../../src/knowledge/citation.js";
import { relevantSentence, shortReason } from "../../src/prereview/report.js";
import type { Checklist, Proposal } from "../../src/prereview/schema.js";
import { openTestKnowledge, type TestKnowledge } from "./knowledge-base.js";

let kb: TestKnowledge;
beforeAll(async () => {
  kb = await openTestKnowledge();
});
afterAll(() => kb?.close());

function proposal(file: string, patch: Record<string, unknown> = {}): Proposal {
  const r = parseProposal({ ...JSON.parse(readFileSync(file, "utf8")), ...patch });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.proposal;
}

async function review(p: Proposal): Promise<Checklist> {
  return createPrereviewer(kb.knowledge, kb.config)(p);
}

describe("renderChecklist", () => {
  it("prints a summary line and one line per passed item, without quoting the clause", async () => {
    const p = proposal("test/fixtures/proposals/DP02.json");
    const checklist = await review(p);
    const out = renderChecklist(checklist, p.title);
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toContain(p.title);
    expect(lines[1]).toMatch(/^结论：❌ 不通过（1 项不通过 · 0 项提示 · 6 项通过 · 1 项不适用）/);
    expect(lines.length).toBeLessThanOrEqual(3 + 8 + 2); // header, summary, blank, 8 items, trigger + clause of the failure
    for (const c of checklist.checks.filter((k) => k.status === "pass")) {
      const line = lines.find((l) => l.startsWith("✅") && l.includes(c.citations[0]?.clausePath ?? "✅"))!;
      expect(line).toBeTruthy();
      // the source reference only: no sentence of the clause
      expect(line).not.toContain("：“");
      if (c.citations[0]) expect(line.endsWith(c.citations[0].clausePath)).toBe(true);
      if (c.citations[0]) expect(line).toContain(` · ${citationRef(c.citations[0])}`);
    }
    // no line carries a whole clause
    for (const l of lines) expect([...l].length).toBeLessThan(200);
  });

  it("gives a failure its trigger and one cited clause: 《title》 文号 path and the sentence stating the rule", async () => {
    const p = proposal("test/fixtures/proposals/DP02.json");
    const out = renderChecklist(await review(p), p.title);
    const lines = out.split("\n");
    const at = lines.findIndex((l) => l.startsWith("❌ 禁止性事项"));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^ {3}触发：.*劳务派遣/);
    expect(lines[at + 2]).toMatch(/^ {3}依据：《[^》]+》 [^：]+：“[^”]*不得[^”]*劳务派遣[^”]*”$/);
    expect(lines[at + 3]).toMatch(/^(✅|⚠️|❌|➖)/); // only one clause
    expect(out).not.toContain("购买机制");
  });

  it("reads field triggers in Chinese, with the field named after", async () => {
    const p = proposal("test/fixtures/proposals/DP01.json", { budget: { amountYuan: 300000, arranged: false } });
    const checklist = await review(p);
    const budget = checklist.checks.find((k) => k.id === "budget_arranged")!;
    expect(budget.status).toBe("fail");
    expect(budget.trigger).toMatch(/^预算未安排/);
    const out = renderChecklist(checklist);
    expect(out).toContain("触发：预算未安排（budget.arranged = false）");
    expect(out).not.toMatch(/触发：[a-zA-Z]/);
    expect(out).toMatch(/依据：《[^》]+》 [^：]+：“[^”]*预算未安排的事项，不得开展购买服务[^”]*”/);
    // named as `ask` names it: the notice's full title, its 文号, the clause path
    expect(out).toContain("依据：《财政部关于做好2022年政府购买服务改革重点工作的通知》 财综〔2022〕51号 二、（三）：“");
    expect(out).toContain(`依据：${citationRef(budget.citations[0]!)}：“`);
  });

  it("keeps the JSON checklist's full citation text untouched", async () => {
    const checklist = await review(proposal("test/fixtures/proposals/DP02.json"));
    const budget = checklist.checks.find((k) => k.id === "budget_arranged")!;
    expect(budget.citations[0]!.text.length).toBeGreaterThan(200);
    expect(budget.citations[0]!.text).toContain("不得借第三方绩效评价推卸应当直接由政府履行的职责");
  });
});

describe("report pieces", () => {
  it("shortens a reason to its first statement without the legal basis", () => {
    expect(shortReason("合同期限48个月超出法定期限：依据财政部令第102号第二十四条，合同履行期限一般不超过12个月。")).toBe(
      "合同期限48个月超出法定期限",
    );
    expect(
      shortReason("发现禁止性事项：「派遣人员」（劳务派遣 / 变相用工；原文：「派遣人员到机关工作」；依据财政部令第102号第十条（五））。以上事项不得纳入。"),
    ).toBe("发现禁止性事项：「派遣人员」（劳务派遣 / 变相用工）");
    expect(shortReason("已安排预算 50万元，符合要求（财政部令第102号第十四条、财综〔2022〕51号二（三））。")).toBe("已安排预算 50万元，符合要求");
  });

  it("picks the sentence that states the rule and trims it", () => {
    const text =
      "（十一）严禁变相用工。购买主体不得借政府购买服务名义变相用工，不得将人员招、聘用，以劳务派遣方式用工纳入政府购买服务范围。对于此前的做法，应予以整改。";
    expect(relevantSentence(text, "发现禁止性事项：「窗口人员劳务派遣」（劳务派遣 / 变相用工）")).toMatch(/^购买主体不得借/);
    const long = `${"甲".repeat(200)}。`;
    expect([...relevantSentence(long, "甲")].length).toBeLessThanOrEqual(120);
    expect(relevantSentence(long, "甲").endsWith("…")).toBe(true);
  });
});
