/** Retrieval by what is missing: the clause naming the question's missing thing as missing joins the hits. */
import { describe, expect, it } from "vitest";
import { analyseQuestion } from "../../src/answer/analysis.js";
import { missingClause } from "../../src/answer/missing.js";
import { analyzeQuery } from "../../src/retrieval/query.js";
import { defaultGlossary } from "../../src/retrieval/glossary.js";
import { corpusStatements } from "../../src/knowledge/deontic.js";
import type { Clause } from "../../src/knowledge/schema.js";
import type { Hit } from "../../src/knowledge/hit.js";
import { doc2022 } from "./fixtures.js";

const clause = (order: number, text: string): Clause => ({ id: `n2022#${order}`, docId: "n2022", path: `${order}`, headings: [], leadIn: null, text, order, level: 2 });
// Clauses about budgets that state nothing as missing, and the one that does.
const clauses = corpusStatements([
  clause(1, "政府采购应当严格按照批准的预算执行。"),
  clause(2, "购买主体在编制部门预算时，应同步编制政府购买服务项目预算。"),
  clause(3, "部门预算的审批，按预算管理权限和程序进行。"),
  clause(4, "对预算未安排的事项，不得开展购买服务。"),
  clause(5, "政府采购合同应当采用书面形式。"),
]);
const text = clauses.map((c) => c.text).join("\n");
const terms = (t: string) => analyzeQuery(t, { size: 100, df: (x: string) => (text.includes(x.replace(/^~/, "")) ? 1 : 0) }, defaultGlossary());
const corpus = { documents: [doc2022], clauses };
const hitsOf = (ids: number[]): Hit[] => ids.map((i) => ({ clause: clauses[i - 1]!, doc: doc2022, score: 1, lexical: 1, vector: 0, matched: [] }));

describe("missingClause", () => {
  it("brings in the clause that names the question's missing thing as missing, when retrieval ranked only other budget clauses", () => {
    const q = analyseQuestion("咱们预算还没批，能先开展购买服务吗？", terms);
    expect(q.negated).toContain("预算");
    expect(missingClause(q, corpus, hitsOf([1, 2, 3]), 5)?.clause.text).toBe("对预算未安排的事项，不得开展购买服务。");
    // already among the hits the verdict weighs: nothing to add
    expect(missingClause(q, corpus, hitsOf([1, 4]), 5)).toBeNull();
  });

  it("adds nothing for a question that states nothing as missing, or whose missing thing no clause names", () => {
    expect(missingClause(analyseQuestion("预算批了能开展购买服务吗？", terms), corpus, hitsOf([1, 2, 3]), 5)).toBeNull();
    expect(missingClause(analyseQuestion("合同还没签，能先付款吗？", terms), corpus, hitsOf([5]), 5)).toBeNull();
  });
});
