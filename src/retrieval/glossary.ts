/**
 * English question → Chinese query terms, through the curated bilingual glossary in knowledge/data/glossary.json
 * (policy vocabulary, not questions). Phrases are matched longest first over lightly stemmed English words
 * ("services" → "service", "district's" → "district"), so "labour dispatch posts" finds 劳务派遣 + 岗位.
 */
import fs from "node:fs";
import { z } from "zod";
import { GLOSSARY_PATH, STOP_WORDS } from "./tokenize.js";

export { GLOSSARY_PATH };

const GlossaryFileSchema = z.object({
  description: z.string().optional(),
  entries: z.array(z.object({ en: z.array(z.string().min(1)).min(1), zh: z.array(z.string().min(1)).min(1) })),
  /** Chinese synonym groups, everyday wording ↔ the texts' own (外包 ~ 购买, 养老院 ~ 养老机构, 分给别人 ~ 分包, 上班 ~ 劳动关系); the texts' word last. */
  synonyms: z.array(z.array(z.string().min(1)).min(2)).optional(),
  /** English words that shape a question (allowed, need, use …): neither translated nor counted as unknown. */
  questionWords: z.array(z.string().min(1)).optional(),
});
export type GlossaryFile = z.infer<typeof GlossaryFileSchema>;

export interface Translation {
  /** Chinese terms for the English phrases found, in question order, deduplicated. */
  zh: string[];
  /** The English phrases that were recognised (normalised form). */
  phrases: string[];
  /** Content words (not stop words, not question words) the glossary does not know — a sign the question may be out of scope. */
  unknown: string[];
  /** Number of English content words in the question. */
  englishWords: number;
}

/** Light English stemmer shared by glossary keys and questions. */
export function stemWord(w: string): string {
  let s = w.toLowerCase().replace(/['’]s$/, "").replace(/['’]/g, "");
  if (s.length > 4 && s.endsWith("ies")) s = s.slice(0, -3) + "y";
  else if (s.length > 3 && s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us") && !s.endsWith("is")) s = s.slice(0, -1);
  return s;
}

/** English words of a text: ASCII letters/digits runs (hyphens split words), stemmed. */
export function englishWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.normalize("NFKC").matchAll(/[A-Za-z0-9]+(?:['’][A-Za-z]+)?/g)) out.push(stemWord(m[0]));
  return out;
}

const STEMMED_STOP: ReadonlySet<string> = new Set([...STOP_WORDS].map(stemWord));

export class Glossary {
  private phrases = new Map<string, string[]>();
  private synonymGroups = new Map<string, string[]>();
  private questionWords = new Set<string>();
  private maxLen = 1;

  constructor(file: GlossaryFile) {
    for (const w of file.questionWords ?? []) this.questionWords.add(stemWord(w));
    for (const group of file.synonyms ?? []) {
      for (const t of group) this.synonymGroups.set(t, [...new Set([...(this.synonymGroups.get(t) ?? []), ...group])]);
    }
    for (const e of file.entries) {
      for (const en of e.en) {
        const key = englishWords(en).join(" ");
        if (!key) continue;
        const prev = this.phrases.get(key) ?? [];
        this.phrases.set(key, [...new Set([...prev, ...e.zh])]);
        this.maxLen = Math.max(this.maxLen, key.split(" ").length);
      }
    }
  }

  static load(file = GLOSSARY_PATH): Glossary {
    const raw = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
    const parsed = GlossaryFileSchema.safeParse(raw);
    if (!parsed.success) {
      throw new Error(`词汇表格式错误 / invalid glossary ${file}: ${parsed.error.issues[0]?.message ?? "unknown"}`);
    }
    return new Glossary(parsed.data);
  }

  /** Every Chinese term the glossary can produce (to keep them whole in jieba). */
  chineseTerms(): string[] {
    const all = new Set<string>();
    for (const zh of this.phrases.values()) for (const t of zh) all.add(t);
    for (const t of this.synonymGroups.keys()) all.add(t);
    return [...all];
  }

  /** A Chinese term with its synonyms, the term itself first: 外包 → [外包, 委托, 购买]. */
  synonymsOf(term: string): string[] {
    const g = this.synonymGroups.get(term);
    return g ? [term, ...g.filter((t) => t !== term)] : [term];
  }

  /** Chinese terms of one (normalised) English phrase, e.g. "guidance catalogue" → [指导性目录, 指导目录]. */
  lookup(phrase: string): string[] {
    return this.phrases.get(englishWords(phrase).join(" ")) ?? [];
  }

  get size(): number {
    return this.phrases.size;
  }

  /** Translate the English part of a question; Chinese characters are ignored here. */
  translate(question: string): Translation {
    const ws = englishWords(question);
    const zh: string[] = [];
    const phrases: string[] = [];
    const unknown: string[] = [];
    let englishContent = 0;
    let i = 0;
    while (i < ws.length) {
      let matched = false;
      for (let len = Math.min(this.maxLen, ws.length - i); len >= 1; len--) {
        const key = ws.slice(i, i + len).join(" ");
        const terms = this.phrases.get(key);
        // A single stop word ("can", "do") is never a phrase on its own.
        if (!terms || (len === 1 && STEMMED_STOP.has(key))) continue;
        for (const t of terms) if (!zh.includes(t)) zh.push(t);
        phrases.push(key);
        englishContent += len;
        i += len;
        matched = true;
        break;
      }
      if (matched) continue;
      const w = ws[i]!;
      if (!STEMMED_STOP.has(w) && !this.questionWords.has(w) && !/^\d+$/.test(w) && w.length > 1) {
        unknown.push(w);
        englishContent++;
      }
      i++;
    }
    return { zh, phrases, unknown, englishWords: englishContent };
  }
}

let shared: Glossary | undefined;
/** The glossary from knowledge/data/glossary.json, loaded once. */
export function defaultGlossary(): Glossary {
  shared ??= Glossary.load();
  return shared;
}
