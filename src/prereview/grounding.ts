/**
 * Finding the clause that grounds a check's verdict: retrieve through the knowledge base, then keep only clauses whose
 * text carries the check's cues (so a budget finding never cites a random clause about, say, elderly care).
 */
import { z } from "zod";
import type { Hit } from "../knowledge/hit.js";
import { citedText, toCitation, type Citation } from "../knowledge/schema.js";

/** The narrow part of Knowledge that pre-review needs (Knowledge from src/knowledge/index.ts satisfies it). */
export interface ClauseFinder {
  search(q: string, k?: number): Promise<Hit[]>;
}

export const GroundingSchema = z.object({
  /** Sent to knowledge.search, each with the finding's phrase appended. */
  queries: z.array(z.string().min(1)).min(1),
  /** Alternatives tried in order; each is a list of regular expressions that must all match the cited text. */
  cues: z.array(z.array(z.string().min(1)).min(1)).min(1),
});
export type Grounding = z.infer<typeof GroundingSchema>;

export interface GroundingOptions {
  k: number;
  max: number;
}

/** A small per-prereviewer memo of search results (the corpus changes rarely; entries expire). */
export class SearchMemo {
  private readonly entries = new Map<string, { at: number; hits: Promise<Hit[]> }>();
  constructor(
    private readonly finder: ClauseFinder,
    private readonly ttlMs = 10 * 60_000,
    private readonly maxEntries = 500,
  ) {}

  search(q: string, k: number): Promise<Hit[]> {
    const key = `${k}\u0000${q}`;
    const now = Date.now();
    const found = this.entries.get(key);
    if (found && now - found.at < this.ttlMs) return found.hits;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const hits = this.finder.search(q, k).catch((err: unknown) => {
      this.entries.delete(key);
      throw err;
    });
    this.entries.set(key, { at: now, hits });
    return hits;
  }
}

const compiled = new Map<string, RegExp>();
function cue(re: string): RegExp {
  let r = compiled.get(re);
  if (!r) {
    r = new RegExp(re);
    compiled.set(re, r);
  }
  return r;
}

/** Does the clause (with its lead-in) carry every cue of one alternative? */
export function carriesCues(text: string, cues: string[]): boolean {
  return cues.every((c) => cue(c).test(text));
}

function squash(s: string): string {
  return s.replace(/[\s\p{P}]/gu, "");
}

/**
 * The clauses that ground a finding, best first, at most `opts.max`, one per source document (a news copy of a notice
 * counts as the notice). Empty when no retrieved clause carries the cues — callers must then say so, never cite at random.
 */
export async function findGrounding(
  finder: ClauseFinder | SearchMemo,
  grounding: Grounding,
  phrase: string,
  opts: GroundingOptions,
): Promise<Citation[]> {
  const queries = grounding.queries.map((q) => (phrase ? `${q} ${phrase}` : q));
  const results = await Promise.all(
    queries.map((q) => finder.search(q, opts.k).catch(() => [] as Hit[])),
  );
  // Interleave by rank so the best hit of each query comes first.
  const ordered: Hit[] = [];
  const seen = new Set<string>();
  const depth = Math.max(0, ...results.map((r) => r.length));
  for (let i = 0; i < depth; i++) {
    for (const r of results) {
      const h = r[i];
      if (h && !seen.has(h.clause.id)) {
        seen.add(h.clause.id);
        ordered.push(h);
      }
    }
  }
  for (const alternative of grounding.cues) {
    const chosen: Hit[] = [];
    for (const h of ordered) {
      const text = citedText(h.clause);
      if (!carriesCues(text, alternative)) continue;
      const docKey = h.doc.sameAs ?? h.doc.id;
      const flat = squash(text);
      const duplicate = chosen.some((c) => {
        const other = squash(citedText(c.clause));
        return (c.doc.sameAs ?? c.doc.id) === docKey || other.includes(flat) || flat.includes(other);
      });
      if (duplicate) continue;
      chosen.push(h);
      if (chosen.length >= opts.max) break;
    }
    if (chosen.length) return chosen.map((h) => toCitation(h.clause, h.doc));
  }
  return [];
}
