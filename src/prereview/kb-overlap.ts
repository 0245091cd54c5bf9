/**
 * Knowledge-base cross-check for prohibited matters: retrieve clauses near the proposal's text, keep the ones that
 * prohibit (不得 / 严禁 …), and look for a specific phrase of the prohibited object that reappears in the proposal.
 * Catches bans the lexicon does not know yet (a new notice's negative list); a finding here is a warning.
 */
import type { Hit } from "../knowledge/hit.js";
import { citedText, toCitation, type Citation } from "../knowledge/schema.js";
import type { SearchMemo } from "./grounding.js";
import { matchForm, termForm, type Lexicon } from "./lexicon.js";

export interface OverlapFinding {
  phrase: string;
  citation: Citation;
}

const MAX_OBJECT = 60;

/** Where a prohibitive clause names what it bars: from each prohibition cue to the end of that object. */
export function prohibitedSpans(text: string, cfg: Lexicon["kbOverlap"]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const cue = new RegExp(cfg.prohibitionCue, "g");
  const end = new RegExp(cfg.objectEnd);
  for (const m of text.matchAll(cue)) {
    const start = m.index + m[0].length;
    const rest = text.slice(start, start + MAX_OBJECT);
    const stop = end.exec(rest);
    out.push({ start, end: start + (stop ? stop.index : rest.length) });
  }
  return out;
}

/** The words a prohibitive clause bars. */
export function prohibitedObjects(text: string, cfg: Lexicon["kbOverlap"]): string[] {
  return prohibitedSpans(text, cfg).map((s) => text.slice(s.start, s.end));
}

/** The clause with its prohibited objects blanked out: what it says without barring. */
function outsideObjects(text: string, cfg: Lexicon["kbOverlap"]): string {
  let out = "";
  let at = 0;
  for (const s of prohibitedSpans(text, cfg)) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + "|";
    at = s.end;
  }
  return out + text.slice(at);
}

/** Maximal common substrings of `a` and `b`, at least `min` long, after cutting out the domain's generic words. */
export function sharedPhrases(a: string, b: string, min: number, stopTerms: string[]): string[] {
  const cut = (s: string) => stopTerms.reduce((acc, t) => acc.split(t).join("|"), s);
  const pieces = cut(a).split("|").filter((p) => p.length >= min);
  const found = new Set<string>();
  for (const piece of pieces) {
    for (let i = 0; i < piece.length; i++) {
      let best = "";
      for (let j = i + min; j <= piece.length; j++) {
        const sub = piece.slice(i, j);
        if (!b.includes(sub)) break;
        best = sub;
      }
      if (best && /\p{Script=Han}{2}/u.test(best)) found.add(best);
    }
  }
  // keep only maximal phrases
  return [...found].filter((p) => ![...found].some((q) => q !== p && q.includes(p)));
}

export async function knowledgeOverlap(
  search: SearchMemo,
  text: string,
  lexicon: Lexicon,
  isExcused: (phrase: string) => boolean,
): Promise<OverlapFinding | null> {
  const cfg = lexicon.kbOverlap;
  let hits: Hit[] = [];
  try {
    hits = await search.search(text, cfg.searchK);
  } catch {
    return null;
  }
  const texts = hits.map((h) => matchForm(citedText(h.clause)));
  // A phrase the notices also use where they do not bar anything is the means, not the banned matter.
  const permitted = texts.map((t) => outsideObjects(t, cfg)).join("|");
  for (const [i, h] of hits.entries()) {
    for (const object of prohibitedObjects(texts[i]!, cfg)) {
      const phrases = sharedPhrases(object, text, cfg.minLength, cfg.stopTerms.map(termForm)).filter(
        (p) => !isExcused(p) && !permitted.includes(p),
      );
      if (phrases.length) {
        const phrase = phrases.sort((x, y) => y.length - x.length)[0]!;
        return { phrase, citation: toCitation(h.clause, h.doc) };
      }
    }
  }
  return null;
}
