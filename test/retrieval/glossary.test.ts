/**
 * The glossary covers the notices' policy vocabulary: every term of the domain dictionary (the policy noun phrases
 * jieba keeps whole) can be reached from English, and common paraphrases reach the notices' wording.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { DOMAIN_DICT_PATH } from "../../src/retrieval/tokenize.js";
import { defaultGlossary } from "../../src/retrieval/glossary.js";

describe("glossary coverage", () => {
  const glossary = defaultGlossary();

  it("has an English phrase for every domain-dictionary term", () => {
    const terms = fs
      .readFileSync(DOMAIN_DICT_PATH, "utf8")
      .split("\n")
      .map((l) => l.trim().split(/\s+/)[0] ?? "")
      .filter((t) => t && !t.startsWith("#"));
    expect(terms.length).toBeGreaterThan(100);
    const reachable = new Set(glossary.chineseTerms());
    const missing = terms.filter((t) => !reachable.has(t));
    expect(missing, `no English phrase reaches: ${missing.join(" ")}`).toEqual([]);
  });

  it("maps paraphrases of policy nouns to the notices' terms", () => {
    const zh = (q: string) => glossary.translate(q).zh;
    expect(zh("What shortcomings were found?")).toContain("问题");
    expect(zh("Which subsidies apply?")).toContain("补贴");
    expect(zh("contractors that break the rules")).toContain("违规");
    expect(zh("whole-process supervision of contracts")).toContain("全过程监管");
    expect(zh("Is a family doctor service covered?")).toContain("家庭医生");
  });
});
