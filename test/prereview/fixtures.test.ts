/**
 * Every proposal in test/fixtures/proposals (given) and test/fixtures/proposals-extra (unseen wordings, benign
 * look-alikes, eligibility and term edge cases) must match its `expect` field against the real knowledge base.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrereviewer, parseProposal } from "../../src/prereview/index.js";
import { matchForm, proposalText } from "../../src/prereview/lexicon.js";
import type { Checklist, CheckId } from "../../src/prereview/schema.js";
import { openTestKnowledge, type TestKnowledge } from "./knowledge-base.js";

interface Expect {
  outcome: string;
  pass?: CheckId[];
  fail?: CheckId[];
  warn?: CheckId[];
  trigger?: string;
}

const dirs = ["test/fixtures/proposals", "test/fixtures/proposals-extra"];
const cases = dirs.flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const raw = JSON.parse(readFileSync(path.join(d, f), "utf8")) as { expect: Expect; title: string; service: string };
      return { name: `${path.basename(d)}/${f}: ${raw.title}`, raw };
    }),
);

/** A cited clause must carry the words of the rule it grounds — not just any clause. */
const cue: Record<CheckId, RegExp> = {
  prohibited_matters: /不得|严禁|禁止/,
  budget_arranged: /预算/,
  purchaser_eligible: /购买主体|主体是/,
  contractor_eligible: /承接|社会组织|公益二类/,
  procurement_method: /单一来源|招标|竞争/,
  contract_term: /期限/,
  performance_targets: /绩效/,
  prior_assessment: /事前评估/,
};

let kb: TestKnowledge;
let prereview: (p: unknown) => Promise<Checklist>;
beforeAll(async () => {
  kb = await openTestKnowledge();
  const run = createPrereviewer(kb.knowledge, kb.config);
  prereview = async (raw) => {
    const parsed = parseProposal(raw);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return run(parsed.proposal);
  };
});
afterAll(() => kb?.close());

describe("pre-review fixtures", () => {
  it("has at least 12 extra proposals of my own", () => {
    expect(cases.filter((c) => c.name.startsWith("proposals-extra")).length).toBeGreaterThanOrEqual(12);
  });

  for (const { name, raw } of cases) {
    it(name, async () => {
      const c = await prereview(raw);
      const status = Object.fromEntries(c.checks.map((k) => [k.id, k.status]));
      expect(c.checks.map((k) => k.id)).toEqual([
        "prohibited_matters",
        "budget_arranged",
        "purchaser_eligible",
        "contractor_eligible",
        "procurement_method",
        "contract_term",
        "performance_targets",
        "prior_assessment",
      ]);
      expect(c.outcome, JSON.stringify(c.checks.filter((k) => k.status !== "pass"), null, 1)).toBe(raw.expect.outcome);
      for (const id of raw.expect.pass ?? []) expect(status[id], `${id}: ${c.checks.find((k) => k.id === id)?.message}`).toBe("pass");
      for (const id of raw.expect.fail ?? []) expect(status[id], id).toBe("fail");
      for (const id of raw.expect.warn ?? []) expect(status[id], id).toBe("warn");

      for (const k of c.checks.filter((k) => k.status === "fail" || k.status === "warn")) {
        expect(k.message).toMatch(/\p{Script=Han}/u);
        expect(k.citations.length, `${k.id} has no citation`).toBeGreaterThan(0);
        expect(k.citations.some((x) => cue[k.id].test(x.text)), `${k.id} cites ${JSON.stringify(k.citations)}`).toBe(true);
        for (const x of k.citations) {
          expect(x.title.length).toBeGreaterThan(0);
          expect(x.docId.length).toBeGreaterThan(0);
        }
      }

      const pm = c.checks.find((k) => k.id === "prohibited_matters")!;
      if (pm.status === "fail") {
        // the trigger is the proposal's own words, and the message quotes it
        expect(pm.trigger).toBeTruthy();
        expect(proposalText(raw)).toContain(matchForm(pm.trigger!));
        expect(pm.message).toContain(pm.trigger!);
        if (raw.expect.trigger) expect(pm.trigger).toContain(raw.expect.trigger);
      }
    });
  }
});
