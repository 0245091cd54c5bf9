/**
 * Citations ground verdicts: a check cites only clauses carrying its cues, and says so plainly when the knowledge
 * base has none — never a random clause. Uses the real knowledge base, and the same base with clauses hidden.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hit } from "../../src/knowledge/hit.js";
import { citedText } from "../../src/knowledge/schema.js";
import { createPrereviewer, createPrereviewerWith, parseProposal } from "../../src/prereview/index.js";
import { loadLexicon } from "../../src/prereview/lexicon.js";
import type { Proposal } from "../../src/prereview/schema.js";
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

describe("grounding", () => {
  it("cites the budget rule itself for an unbudgeted proposal", async () => {
    const c = await createPrereviewer(kb.knowledge, kb.config)(proposal("test/fixtures/proposals/DP03.json"));
    const budget = c.checks.find((k) => k.id === "budget_arranged")!;
    expect(budget.status).toBe("fail");
    expect(budget.citations[0]!.text).toContain("预算未安排的事项，不得开展购买服务");
    expect(budget.citations[0]!.docNo ?? "").toMatch(/财综〔2022〕51号|^$/);
  });

  it("cites the 不得 clause naming 劳务派遣 for a labour-dispatch finding", async () => {
    const c = await createPrereviewer(kb.knowledge, kb.config)(proposal("test/fixtures/proposals/DP02.json"));
    const pm = c.checks.find((k) => k.id === "prohibited_matters")!;
    expect(pm.status).toBe("fail");
    expect(pm.citations.some((x) => /不得|严禁/.test(x.text) && x.text.includes("劳务派遣"))).toBe(true);
  });

  it("names the 102号令 article for the contract term and cites the 法定期限 clause in the corpus", async () => {
    const c = await createPrereviewer(kb.knowledge, kb.config)(proposal("test/fixtures/proposals/DP04.json"));
    const term = c.checks.find((k) => k.id === "contract_term")!;
    expect(term.message).toContain("第二十四条");
    expect(term.citations[0]!.text).toContain("不得超出法定期限签订政府购买服务合同");
  });

  it("leaves citations empty and says so when no retrieved clause carries the cue", async () => {
    // The same knowledge base, with every clause about budgets hidden from search.
    const hiding = {
      search: async (q: string, k?: number): Promise<Hit[]> =>
        (await kb.knowledge.search(q, k)).filter((h) => !citedText(h.clause).includes("预算")),
    };
    const c = await createPrereviewerWith(hiding)(proposal("test/fixtures/proposals/DP03.json"));
    const budget = c.checks.find((k) => k.id === "budget_arranged")!;
    expect(budget.status).toBe("fail");
    expect(budget.citations).toEqual([]);
    expect(budget.message).toContain("未检索到可引用的依据条款");
    expect(c.outcome).toBe("blocked");
  });

  it("cites only clauses that state the finding's own rule, most direct first, at most two", async () => {
    const review = createPrereviewer(kb.knowledge, kb.config);
    const dispatch = (await review(proposal("test/fixtures/proposals/DP02.json"))).checks;
    const pm = dispatch.find((k) => k.id === "prohibited_matters")!;
    expect(pm.citations.length).toBeGreaterThan(0);
    // every citation names labour dispatch / 用工 (not, e.g., the 购买机制 clause that only mentions 聘用)
    for (const c of pm.citations) expect(c.text).toMatch(/劳务派遣|用工/);
    const perf = dispatch.find((k) => k.id === "performance_targets")!;
    expect(perf.citations.length).toBeGreaterThan(0);
    // the clause headed by 绩效 comes first; the budget-management clause that mentions it in passing is not cited
    expect(perf.citations[0]!.text.split("。")[0]).toContain("绩效");
    for (const c of perf.citations) expect(c.text.split("。")[0]).not.toContain("预算管理");
    for (const k of dispatch) expect(k.citations.length).toBeLessThanOrEqual(2);
  });

  it("still reviews when the knowledge base is empty or failing", async () => {
    const failing = { search: async (): Promise<Hit[]> => Promise.reject(new Error("index closed")) };
    const c = await createPrereviewerWith(failing)(proposal("test/fixtures/proposals/DP02.json"));
    expect(c.outcome).toBe("blocked");
    for (const k of c.checks) expect(k.citations).toEqual([]);
  });
});

describe("knowledge-base cross-check", () => {
  it("catches a ban the lexicon does not know, as a warning citing the prohibiting clause", async () => {
    const lexicon = loadLexicon();
    const withoutLabour = { ...lexicon, categories: lexicon.categories.filter((c) => c.id !== "labour_dispatch") };
    const p = proposal("test/fixtures/proposals/DP01.json", {
      title: "综合服务保障项目",
      service: "采用劳务派遣方式用工，补充综合业务力量",
    });
    const c = await createPrereviewerWith(kb.knowledge, { lexicon: withoutLabour })(p);
    const pm = c.checks.find((k) => k.id === "prohibited_matters")!;
    expect(pm.status).toBe("warn");
    expect(pm.trigger).toContain("劳务派遣");
    expect(pm.citations).toHaveLength(1);
    expect(pm.citations[0]!.text).toMatch(/不得|严禁/);
    expect(pm.citations[0]!.text).toContain(pm.trigger!);
  });

  it("does not raise a phrase the notices also use where nothing is barred", async () => {
    const p = proposal("test/fixtures/proposals/DP01.json", {
      title: "财政支出绩效评价服务",
      service: "委托第三方机构开展财政支出项目第三方绩效评价",
    });
    const c = await createPrereviewer(kb.knowledge, kb.config)(p);
    expect(c.checks.find((k) => k.id === "prohibited_matters")!.status).toBe("pass");
  });
});
