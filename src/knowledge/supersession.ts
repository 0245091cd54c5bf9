/**
 * In-force status from the texts themselves: a notice that repeals another (「《…》（财综〔2014〕96号）同时废止」,
 * 「原…停止执行」) marks it — and the other files of the same notice — superseded; a newer edition of the same title
 * family (…2023年…重点工作… over …2022年…) is named on the older one as `newerEdition`, preferred on the same point.
 * Retired documents repeal nothing (retiring the repealing notice brings the old one back).
 */
import { titleCore } from "../ingest/corpus.js";
import type { RepealReference } from "../ingest/repeals.js";
import { noticeOf, type DocRef, type Document } from "./schema.js";

export const refOf = (d: Document): DocRef => ({ docId: d.id, title: d.title, docNo: d.docNo });

/** Documents (ids) a repeal reference names: same 文号, or same title words. */
export function namedBy(ref: RepealReference, documents: Document[]): Document[] {
  const nos = new Set(ref.docNos);
  const cores = new Set(ref.titles.map(titleCore).filter((c) => c.length >= 6));
  return documents.filter((d) => (d.docNo && nos.has(d.docNo)) || (cores.size > 0 && cores.has(titleCore(d.title))));
}

function familyKey(title: string): { key: string; year: number } | null {
  const year = /((?:19|20)\d{2})年/.exec(title);
  if (!year) return null;
  const key = titleCore(title.replace(/(?:19|20)\d{2}年(?:度)?/g, "#"));
  return key.length >= 8 ? { key, year: Number(year[1]) } : null;
}

export function withStatus(documents: Document[], repeals: Map<string, RepealReference[]>, retired: Set<string> = new Set()): Document[] {
  const byId = new Map(documents.map((d) => [d.id, { ...d, status: "in_force" as const, supersededBy: null, newerEdition: null } as Document]));
  const live = [...byId.values()].filter((d) => !retired.has(d.id));
  for (const repealer of live) {
    for (const ref of repeals.get(repealer.id) ?? []) {
      for (const named of namedBy(ref, live)) {
        if (noticeOf(named) === noticeOf(repealer)) continue; // a notice never repeals itself or its own copies
        const group = noticeOf(named);
        const canonical = byId.get(noticeOf(repealer)) ?? repealer;
        for (const d of byId.values())
          if (noticeOf(d) === group) Object.assign(d, { status: "superseded", supersededBy: refOf(canonical) });
      }
    }
  }
  const families = new Map<string, { d: Document; year: number }[]>();
  for (const d of live) {
    const f = familyKey(d.title);
    if (f) families.set(f.key, [...(families.get(f.key) ?? []), { d, year: f.year }]);
  }
  for (const members of families.values()) {
    const newest = members.reduce((a, b) => (b.year > a.year || (b.year === a.year && b.d.authority > a.d.authority) ? b : a));
    const canonical = byId.get(noticeOf(newest.d)) ?? newest.d;
    for (const m of members) if (m.year < newest.year) byId.get(m.d.id)!.newerEdition = refOf(canonical);
  }
  return documents.map((d) => byId.get(d.id)!);
}
