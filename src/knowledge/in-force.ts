/**
 * In-force documents first: a clause of a superseded notice is dropped when an in-force clause among the hits covers
 * the same point (it matches every key term the superseded one matches); otherwise it stays, and its citation says
 * 已废止 / superseded by 《…》. A clause of an older edition (…2022年… when …2023年… is in the knowledge base) that
 * says the same as a clause of the newer edition is ranked right after it.
 */
import type { Hit } from "./hit.js";
import { noticeOf, type Document } from "./schema.js";
import { containment, shingles, compareKey } from "../ingest/text.js";

const covers = (a: Hit, b: Hit) => a.matched.length > 0 && b.matched.every((t) => a.matched.includes(t));
const SAME_POINT = 0.6;

function samePoint(a: Hit, b: Hit): boolean {
  const sa = shingles(compareKey(a.clause.text), 4);
  const sb = shingles(compareKey(b.clause.text), 4);
  const [small, large] = sa.size <= sb.size ? [sa, sb] : [sb, sa];
  return small.size > 0 && containment(small, large) >= SAME_POINT;
}

/** True when some document's standing can change a ranking (so the caller fetches a few more candidates). */
export function hasStanding(documents: Document[]): boolean {
  return documents.some((d) => d.status === "superseded" || d.newerEdition);
}

export function preferInForce<H extends Hit>(hits: H[]): H[] {
  const inForce = hits.filter((h) => h.doc.status !== "superseded");
  const kept = hits.filter((h) => h.doc.status !== "superseded" || !inForce.some((f) => covers(f, h)));
  const out: H[] = [];
  const deferred = new Map<H, H>();
  for (const h of kept) {
    const newer = h.doc.newerEdition;
    const later = newer ? kept.find((n) => n !== h && noticeOf(n.doc) === newer.docId && kept.indexOf(n) > kept.indexOf(h) && samePoint(h, n)) : undefined;
    if (later) deferred.set(later, h);
    else out.push(h);
    const waiting = deferred.get(h);
    if (waiting) out.push(waiting);
  }
  return out;
}
