/**
 * LLM prompt templates, read from `prompts/NAME.md` at run time so they can be tuned without a rebuild.
 *
 * A template file has a `## system` section and a `## user` section (anything before the first section is a note for
 * maintainers and is not sent). `{{name}}` placeholders are filled in one pass: text substituted into a template is never
 * scanned again, so a question that contains `{{…}}` stays literal. A placeholder without a value is an error.
 */
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../config.js";

export interface PromptTemplate {
  name: string;
  system: string;
  user: string;
}

export interface RenderedPrompt {
  system: string;
  user: string;
}

export class PromptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PromptError";
  }
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Directory holding the templates (overridable for tests). */
export function promptsDir(): string {
  return path.join(projectRoot, "prompts");
}

export function parsePromptTemplate(name: string, text: string): PromptTemplate {
  const sections: Record<string, string[]> = {};
  let current: string | null = null;
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    const heading = /^##\s+(system|user)\s*$/i.exec(line);
    if (heading) {
      current = heading[1]!.toLowerCase();
      if (sections[current]) throw new PromptError(`提示模板 ${name} 有重复的 ## ${current} 段 / prompt ${name} repeats section "${current}"`);
      sections[current] = [];
    } else if (current) sections[current]!.push(line);
  }
  const system = sections.system?.join("\n").trim();
  const user = sections.user?.join("\n").trim();
  if (!system || !user)
    throw new PromptError(
      `提示模板 ${name} 须含 "## system" 与 "## user" 两段 / prompt ${name} needs "## system" and "## user" sections`,
    );
  return { name, system, user };
}

export function loadPromptTemplate(name: string, dir: string = promptsDir()): PromptTemplate {
  if (!/^[a-z0-9-]+$/.test(name)) throw new PromptError(`无效的提示模板名 / invalid prompt name: ${name}`);
  const file = path.join(dir, `${name}.md`);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new PromptError(`找不到提示模板 ${file} / prompt template not found: ${file}`);
  }
  return parsePromptTemplate(name, text);
}

/** Placeholder names a template uses, in order of first appearance. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

export function fill(template: string, vars: Record<string, string>, name = "prompt"): string {
  return template.replace(PLACEHOLDER, (_, key: string) => {
    const value = vars[key];
    if (value === undefined) throw new PromptError(`提示模板 ${name} 缺少变量 {{${key}}} / prompt ${name} is missing {{${key}}}`);
    return value;
  });
}

/** Loads `prompts/NAME.md` and fills its placeholders. */
export function renderPrompt(name: string, vars: Record<string, string>, dir?: string): RenderedPrompt {
  const t = loadPromptTemplate(name, dir);
  return { system: fill(t.system, vars, name), user: fill(t.user, vars, name) };
}
