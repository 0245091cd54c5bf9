/**
 * Knowledge-base cross-check for prohibited matters: retrieve clauses near the proposal's text, keep the ones that
 * prohibit (不得 / 严禁 …), and look for a specific phrase of the prohibited object that reappears in the proposal.
 * Catches bans the lexicon does not know yet (a new notice's negative list); a finding here is a warning.
 */
import type { Hit } from "../knowledge/hit.js";
import { citedText, toCitation, type Citation } from "../knowledge/schema.js";
import type { SearchMemo } from "./grounding.js";
import { normalizeText, type Lexicon } from "./lexicon.js";

export interface OverlapFinding {
  phrase: string;
  citation: Citation;
}

/** The words a prohibitive clause bars: from each prohibition cue to the end of that object. */
export function prohibitedObjects(text: string, cfg: Lexicon["kbOverlap"]): string[] {
  const out: string[] = [];
  const cue = new RegExp(cfg.prohibitionCue, "g");
  const end = new RegExp(cfg.objectEnd);
  for (const m of text.matchAll(cue)) {
    const rest = text.slice(m.index + m[0].length);
    const stop = end.exec(rest);
    out.push(stop ? rest.slice(0, stop.index) : rest.slice(0, 60));
  }
  return out;
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
  for (const h of hits) {
    const clauseText = normalizeText(citedText(h.clause));
    for (const object of prohibitedObjects(clauseText, cfg)) {
      const phrases = sharedPhrases(object, text, cfg.minLength, cfg.stopTerms.map(normalizeText)).filter(
        (p) => !isExcused(p),
      );
      if (phrases.length) {
        const phrase = phrases.sort((x, y) => y.length - x.length)[0]!;
        return { phrase, citation: toCitation(h.clause, h.doc) };
      }
    }
  }
  return null;
}
