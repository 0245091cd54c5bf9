/**
 * Finding the clause that grounds a check's verdict: retrieve through the knowledge base, then keep only clauses whose
 * text carries the check's cues (so a budget finding never cites a random clause about, say, elderly care).
 */
import { z } from "zod";
import type { Hit } from "../knowledge/hit.js";
import { citedText, noticeOf, toCitation, type Citation } from "../knowledge/schema.js";

/** The narrow part of Knowledge that pre-review needs (Knowledge from src/knowledge/index.ts satisfies it). */
export interface ClauseFinder {
  search(q: string, k?: number): Promise<Hit[]>;
}

export const GroundingSchema = z.object({
  /** Sent to knowledge.search, each with the finding's phrase appended. */
  queries: z.array(z.string().min(1)).min(1),
  /** Alternatives tried in order; each is a list of regular expressions that must all match the cited text. */
  cues: z.array(z.array(z.string().min(1)).min(1)).min(1),
  /**
   * The finding's topic (a regular expression, e.g. "劳务派遣|用工"). Clauses are ranked by how directly they state the
   * rule — the topic in the clause's own heading sentence, then a cue and the topic in one sentence — and a further
   * citation is kept only when it is as direct as the first (so a clause that merely mentions the cue is not cited).
   */
  topic: z.string().min(1).optional(),
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

/** Sentences of a clause (split after 。；！？ and line breaks). */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[。；！？!?;\n])/u)
    .map((x) => x.trim())
    .filter(Boolean);
}

/**
 * How directly a clause states the rule about `topic`: 3 = the clause's heading sentence names the topic and a sentence
 * carries cue + topic; 2 = a sentence carries a cue and the topic together; 1 = the topic appears somewhere; 0 = not at all.
 */
export function directness(clauseText: string, cues: string[], topic: string | undefined): number {
  if (!topic) return 2;
  const t = cue(topic);
  if (!t.test(clauseText)) return 0;
  const sentences = sentencesOf(clauseText);
  const together = sentences.some((s) => t.test(s) && cues.some((c) => cue(c).test(s)));
  const heading = sentences[0] ?? "";
  const headed = heading.length <= 40 && t.test(heading);
  return together ? (headed ? 3 : 2) : 1;
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
    // Most direct first (stable: retrieval rank breaks ties).
    const candidates = ordered
      .filter((h) => carriesCues(citedText(h.clause), alternative))
      .map((h, rank) => ({ h, rank, d: directness(h.clause.text, alternative, grounding.topic) }))
      .sort((a, b) => b.d - a.d || a.rank - b.rank);
    const best = candidates[0]?.d ?? 0;
    for (const { h, d } of candidates) {
      if (chosen.length && d < Math.max(best, 2)) continue; // a further citation must state the rule as directly
      const text = citedText(h.clause);
      const docKey = noticeOf(h.doc);
      const flat = squash(text);
      const duplicate = chosen.some((c) => {
        const other = squash(citedText(c.clause));
        return noticeOf(c.doc) === docKey || other.includes(flat) || flat.includes(other);
      });
      if (duplicate) continue;
      chosen.push(h);
      if (chosen.length >= opts.max) break;
    }
    if (chosen.length) return chosen.map((h) => toCitation(h.clause, h.doc));
  }
  return [];
}
