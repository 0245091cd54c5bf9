/**
 * The prohibited-matter lexicon (knowledge/data/prohibited-lexicon.json) and the matcher that reads a proposal's free
 * text with it: direct terms, co-occurrence patterns (verb + person + place …) within a sentence, counter-cues that make a
 * look-alike benign (就业见习 is not hiring, 法律咨询 is not 执法) and negations ("本项目不涉及劳务派遣").
 */
import path from "node:path";
import { z } from "zod";
import { projectRoot } from "../config.js";
import { fullWidthPunct } from "../ingest/text.js";
import { defaultGlossary, type Glossary } from "../retrieval/glossary.js";
import { normalizeText } from "../text/normalize.js";
import { GroundingSchema } from "./grounding.js";
import { readDataFile } from "./rules.js";

const PatternSchema = z.object({
  name: z.string(),
  /** Every group must match within one sentence; groups 2… within `window` characters of the first group's match. */
  groups: z.array(z.array(z.string().min(1)).min(1)).min(1),
  window: z.number().int().nonnegative(),
});

export const CategorySchema = z.object({
  id: z.string().min(1),
  label: z.string().min(1),
  source: z.string().min(1),
  basis: z.string().min(1),
  terms: z.array(z.string().min(1)),
  patterns: z.array(PatternSchema),
  counterCues: z.array(z.string().min(1)),
  counterWindow: z.number().int().nonnegative(),
  /** A match directly followed by one of these names an office or a thing, not the act ("行政审批局", "执法车辆"). */
  orgSuffixes: z.array(z.string().min(1)).optional().default([]),
  grounding: GroundingSchema,
});
export type Category = z.infer<typeof CategorySchema>;

export const LexiconSchema = z.object({
  version: z.number(),
  /** The rule named when a finding has no category of its own (KB cross-check, pass). */
  basis: z.string().min(1),
  negations: z.array(z.string().min(1)),
  negationWindow: z.number().int().nonnegative(),
  categories: z.array(CategorySchema).min(1),
  generalGrounding: GroundingSchema,
  /** LLM classifier category id → lexicon category id (for grounding an LLM-only finding). */
  llmCategories: z.record(z.string(), z.string()),
  /** Status of a finding only the LLM made (the lexicon saw nothing): a human should look. */
  llmStatus: z.enum(["warn", "fail"]),
  kbOverlap: z.object({
    prohibitionCue: z.string().min(1),
    objectEnd: z.string().min(1),
    minLength: z.number().int().positive(),
    searchK: z.number().int().positive(),
    status: z.enum(["warn", "fail"]),
    stopTerms: z.array(z.string().min(1)),
  }),
});
export type Lexicon = z.infer<typeof LexiconSchema>;

export const defaultLexiconFile = path.join(projectRoot, "knowledge", "data", "prohibited-lexicon.json");

export function loadLexicon(file = defaultLexiconFile): Lexicon {
  return readDataFile(file, LexiconSchema);
}

/**
 * The lexicon's matching form: normalizeText (hidden characters, traditional characters, HTML references, NFKC …),
 * with , : ; ? ! ( ) next to Chinese text written full-width again (so a trigger quotes the proposal's punctuation as a
 * Chinese reader wrote it), whitespace removed and ASCII letters upper-cased. Offsets refer to this text.
 */
export function matchForm(s: string): string {
  return fullWidthPunct(normalizeText(s))
    .replace(/\s+/g, "")
    .replace(/[a-z]+/g, (m) => m.toUpperCase());
}

const termForms = new Map<string, string>();
/** matchForm of a lexicon word (memoised: the lexicon's words are few and read for every proposal). */
export function termForm(word: string): string {
  let f = termForms.get(word);
  if (f === undefined) termForms.set(word, (f = matchForm(word)));
  return f;
}

/**
 * English in a proposal, read through the bilingual glossary: each sentence's policy phrases with their Chinese terms
 * ("劳务派遣（labor dispatch）"), an English negation kept as 不涉及 before what it negates. Empty without English.
 */
export function englishGloss(text: string, glossary: Glossary = defaultGlossary()): string {
  const sentences = text.normalize("NFKC").split(/[.;!?。；！？\n]+/);
  const out: string[] = [];
  for (const sentence of sentences) {
    const parts = sentence.split(/\b(?:not|no|never|without|excluding|excludes?|except)\b|n't\b/i);
    const glossed = parts.map((part) =>
      glossary
        .translate(part)
        .phrases.map((p) => `${glossary.lookup(p).join("、")}（${p}）`)
        .join("、"),
    );
    const line = glossed.map((g, i) => (i > 0 ? `不涉及${g}` : g)).filter((g) => g && g !== "不涉及").join("、");
    if (line) out.push(line);
  }
  return out.join("。");
}

/** The text pre-review reads for prohibited matters: title and service, one sentence each at least, then their English glossed. */
export function proposalText(p: { title: string; service: string }): string {
  const gloss = englishGloss(`${normalizeText(p.title)}\n${normalizeText(p.service)}`);
  return [p.title, p.service].map(matchForm).join("。") + (gloss ? `。${matchForm(gloss)}` : "");
}

export interface Span {
  start: number;
  end: number;
}

export interface LexiconMatch {
  category: Category;
  /** The words of the proposal that matched (the trigger). */
  phrase: string;
  /** The sentence of the proposal it stands in. */
  sentence: string;
  span: Span;
  /** "term" or the pattern's name. */
  rule: string;
  /** Set when a counter-cue or a negation made the match benign. */
  benignBecause?: string;
}

const SENTENCE_END = /[。；;！!？?\n]/;
const SEGMENT_END = /[。；;！!？?\n，,：:]/;

function bounds(text: string, at: number, end: RegExp): Span {
  let s = at;
  while (s > 0 && !end.test(text[s - 1]!)) s--;
  let e = at;
  while (e < text.length && !end.test(text[e]!)) e++;
  return { start: s, end: e };
}

function occurrences(text: string, word: string, from = 0, to = text.length): Span[] {
  const out: Span[] = [];
  const w = termForm(word);
  if (!w) return out;
  let i = text.indexOf(w, from);
  while (i !== -1 && i + w.length <= to) {
    out.push({ start: i, end: i + w.length });
    i = text.indexOf(w, i + 1);
  }
  return out;
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** Picks one occurrence per remaining group, near the anchor and not overlapping each other (small backtracking). */
function assign(text: string, groups: string[][], anchor: Span, window: number, sentence: Span): Span[] | null {
  const lo = Math.max(sentence.start, anchor.start - window);
  const hi = Math.min(sentence.end, anchor.end + window);
  const options = groups.map((g) =>
    g
      .flatMap((w) => occurrences(text, w, lo, hi))
      .sort((a, b) => Math.abs(a.start - anchor.start) - Math.abs(b.start - anchor.start)),
  );
  const picked: Span[] = [anchor];
  const walk = (i: number): boolean => {
    if (i === options.length) return true;
    for (const o of options[i]!) {
      if (picked.some((p) => overlaps(p, o))) continue;
      picked.push(o);
      if (walk(i + 1)) return true;
      picked.pop();
    }
    return false;
  };
  return walk(0) ? picked : null;
}

function benignReason(text: string, span: Span, category: Category, lexicon: Lexicon): string | undefined {
  const segment = bounds(text, span.start, SEGMENT_END);
  const before = text.slice(Math.max(segment.start, span.start - lexicon.negationWindow), span.start);
  const negation = lexicon.negations.find((n) => before.includes(termForm(n)));
  if (negation) return `否定表述「${negation}」`;
  const after = text.slice(span.end, span.end + 4);
  const suffix = category.orgSuffixes.find((x) => after.startsWith(termForm(x)));
  if (suffix) return `「${text.slice(span.start, span.end)}${suffix}」是名称`;
  if (category.counterWindow > 0) {
    const sentence = bounds(text, span.start, SENTENCE_END);
    const lo = Math.max(sentence.start, span.start - category.counterWindow);
    const hi = Math.min(sentence.end, span.end + category.counterWindow);
    const around = text.slice(lo, hi);
    const cue = category.counterCues.find((c) => around.includes(termForm(c)));
    if (cue) return `上下文「${cue}」`;
  }
  return undefined;
}

/** Every lexicon match in `text` (normalised), prohibited and benign alike, in text order per category. */
export function matchLexicon(text: string, lexicon: Lexicon): LexiconMatch[] {
  const out: LexiconMatch[] = [];
  for (const category of lexicon.categories) {
    const found: LexiconMatch[] = [];
    const push = (span: Span, rule: string) => {
      const reason = benignReason(text, span, category, lexicon);
      const prior = found.find((f) => overlaps(f.span, span) && !f.benignBecause);
      if (prior) {
        // Overlapping prohibited matches merge into one, wider trigger ("代为开展" + "行政处罚").
        if (!reason && (span.start < prior.span.start || span.end > prior.span.end)) {
          prior.span = { start: Math.min(prior.span.start, span.start), end: Math.max(prior.span.end, span.end) };
          prior.phrase = text.slice(prior.span.start, prior.span.end);
        }
        return;
      }
      const sentence = bounds(text, span.start, SENTENCE_END);
      found.push({
        category,
        phrase: text.slice(span.start, span.end),
        sentence: text.slice(sentence.start, sentence.end),
        span,
        rule,
        ...(reason ? { benignBecause: reason } : {}),
      });
    };
    for (const term of category.terms) for (const span of occurrences(text, term)) push(span, "term");
    for (const pattern of category.patterns) {
      const [first, ...rest] = pattern.groups;
      for (const anchor of first!.flatMap((w) => occurrences(text, w))) {
        const sentence = bounds(text, anchor.start, SENTENCE_END);
        const picked = assign(text, rest, anchor, pattern.window, sentence);
        if (!picked) continue;
        const span = { start: Math.min(...picked.map((p) => p.start)), end: Math.max(...picked.map((p) => p.end)) };
        push(span, pattern.name);
      }
    }
    found.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
    out.push(...found);
  }
  return out;
}

/** One finding per category: the first prohibited match, if any. */
export function prohibitedMatches(text: string, lexicon: Lexicon): LexiconMatch[] {
  const seen = new Set<string>();
  const out: LexiconMatch[] = [];
  for (const m of matchLexicon(text, lexicon)) {
    if (m.benignBecause || seen.has(m.category.id)) continue;
    seen.add(m.category.id);
    out.push(m);
  }
  return out;
}
