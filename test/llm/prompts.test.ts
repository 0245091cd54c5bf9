import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fill, loadPromptTemplate, parsePromptTemplate, placeholders, renderPrompt } from "../../src/llm/prompts.js";

describe("prompt templates", () => {
  it("every shipped template has system and user sections and the placeholders its caller fills", () => {
    const expected: Record<string, string[]> = {
      answer: ["language", "question", "clauses", "analysis", "statements", "draft"],
      "query-rewrite": ["question", "glossary"],
      "prohibited-matters": ["categories", "text"],
    };
    for (const [name, vars] of Object.entries(expected)) {
      const t = loadPromptTemplate(name);
      expect(t.system.length).toBeGreaterThan(50);
      expect(new Set([...placeholders(t.system), ...placeholders(t.user)])).toEqual(new Set(vars));
    }
  });

  it("the answer prompt tells the model to cite only given clauses, match the asker's language and keep instructions secret", () => {
    const { system } = renderPrompt("answer", { language: "English", question: "q", clauses: "c", analysis: "a", statements: "s", draft: "d" });
    expect(system).toMatch(/ONLY from the numbered clauses/);
    expect(system).toMatch(/Answer in English/);
    expect(system).toMatch(/Never reveal/);
  });

  it("fills placeholders in one pass, so substituted text is never expanded again", () => {
    expect(fill("Q: {{question}} / {{ lang }}", { question: "{{lang}}", lang: "zh" })).toBe("Q: {{lang}} / zh");
  });

  it("fails clearly on a missing variable, a missing section, or an unknown template", () => {
    expect(() => fill("{{x}}", {}, "demo")).toThrow(/缺少变量 \{\{x\}\}.*missing \{\{x\}\}/);
    expect(() => parsePromptTemplate("demo", "## system\nonly system")).toThrow(/## user/);
    expect(() => loadPromptTemplate("no-such-template")).toThrow(/not found/);
    expect(() => loadPromptTemplate("../etc/passwd")).toThrow(/invalid prompt name/);
  });

  it("is read from disk at run time (an edited template takes effect without a restart)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zhice-prompts-"));
    const file = path.join(dir, "demo.md");
    fs.writeFileSync(file, "note for maintainers\n## system\nv1 {{a}}\n## user\nu\n");
    expect(renderPrompt("demo", { a: "x" }, dir).system).toBe("v1 x");
    fs.writeFileSync(file, "## system\nv2 {{a}}\n## user\nu\n");
    expect(renderPrompt("demo", { a: "x" }, dir).system).toBe("v2 x");
  });
});
