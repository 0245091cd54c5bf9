/**
 * The whole-corpus pass: what files say about each other. A document with no title line gets the title another file
 * quotes for it; files that are the same notice (a news summary and the full text, an excerpt and the full text) are
 * linked with `sameAs` to the most authoritative one, which also lends its 文号 and formal title to siblings that
 * carry the notice's text.
 */
import type { Clause, Document } from "../knowledge/schema.js";
import type { ClauseDraft } from "./clauses.js";
import { isFormalTitle, type OwnMetadata } from "./metadata.js";
import { compareKey, containment } from "./text.js";

export interface ParsedEntry {
  id: string;
  source: string;
  contentHash: string;
  meta: OwnMetadata;
  clauses: ClauseDraft[];
  body: string;
  /** source URL (read from the file, or given at ingest) */
  url?: string | null;
  effectiveDate?: string | null;
}

/** A title without its issuer, "关于" and document type: the words that name the matter. */
export function titleCore(title: string): string {
  let t = title.replace(/[《》“”"]/g, "");
  t = t.replace(/^[^：:]{2,20}[：:]/, ""); // "财政部：做好…" headline prefix
  const about = t.indexOf("关于");
  if (about >= 0 && about <= 30) t = t.slice(about + 2);
  t = t.replace(/(的)?(通知|意见|指导意见|实施意见|办法|管理办法|条例|规定|细则|方案|实施方案|决定|公告|通告|批复|函)([（(][^）)]*[）)])?$/, "");
  t = t.replace(/^(印发|转发)/, "");
  return compareKey(t);
}

function years(s: string): Set<string> {
  return new Set([...s.matchAll(/(?:19|20)\d{2}(?=年)/g)].map((m) => m[0]));
}

function yearsCompatible(a: string, b: string): boolean {
  const ya = years(a);
  const yb = years(b);
  if (!ya.size || !yb.size) return true;
  for (const y of ya) if (yb.has(y)) return true;
  return false;
}

const KIND_BASE: Record<Document["kind"], number> = { regulation: 5, notice: 4, local_plan: 3, other: 2, news: 1 };

function authorityOf(d: { kind: Document["kind"]; excerpt: boolean; title: string; docNo: string | null }): number {
  let a = KIND_BASE[d.kind];
  if (d.excerpt) a -= 2;
  if (isFormalTitle(d.title)) a += 0.5;
  if (d.docNo) a += 0.3;
  return Math.round(a * 100) / 100;
}

/**
 * The title a notice gives itself in its enacting sentence: "现就做好2023年…重点工作有关事项通知如下" →
 * "关于做好2023年…重点工作的通知"; "现就…提出以下指导意见" → "关于…的指导意见".
 */
export function titleFromEnacting(body: string): string | null {
  const head = body.slice(0, 3000);
  const notice = /现(?:就|将)(.{4,60}?)(?:的?有关(?:事项|问题|工作|要求))?(?:通知如下|通知如下：)/.exec(head);
  if (notice) return `关于${notice[1]!.replace(/^[，,]/, "")}的通知`;
  const opinion = /现就(.{4,60}?)提出(?:以下|如下)(指导意见|实施意见|意见)/.exec(head);
  if (opinion) return `关于${opinion[1]}的${opinion[2]}`;
  return null;
}

/** First heading or first sentence, for documents nobody names. */
function fallbackTitle(e: ParsedEntry): string | null {
  const heading = e.clauses.find((c) => c.headings.length)?.headings[0];
  if (heading && heading.length >= 4 && heading.length <= 40) return heading;
  const first = e.clauses[0]?.text.split("\n")[0] ?? "";
  const sentence = /^[^。！？；]{4,40}/.exec(first)?.[0];
  return sentence ?? null;
}

function fileStem(source: string): string {
  return source.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "");
}

interface Resolved {
  entry: ParsedEntry;
  title: string;
  titleSource: Document["titleSource"];
  docNo: string | null;
  issuer: string | null;
  core: string;
  bodyKey: string;
  sh: Set<number>;
}

/**
 * Pairs of documents worth comparing: same 文号, same title words, or at least two shared text shingles from a small
 * hashed sample (shingles common to many documents are ignored). Keeps the pass near-linear on large corpora.
 */
function candidatePairs(docs: Resolved[]): [number, number][] {
  const n = docs.length;
  const strong = new Set<number>();
  const shared = new Map<number, number>();
  const byKey = new Map<string, number[]>();
  const push = (k: string, i: number) => {
    const list = byKey.get(k);
    if (list) list.push(i);
    else byKey.set(k, [i]);
  };
  docs.forEach((d, i) => {
    if (d.docNo) push(`n${d.docNo}`, i);
    if (d.core.length >= 8) push(`t${d.core}`, i);
    let taken = 0;
    for (const s of d.sh) {
      if ((s >>> 2) % 4 !== 0) continue;
      push(`s${s}`, i);
      if (++taken >= 400) break;
    }
  });
  const shingleCap = Math.max(6, Math.ceil(Math.log2(n + 1) * 2));
  for (const [k, list] of byKey) {
    const isShingle = k[0] === "s";
    if (list.length < 2 || list.length > (isShingle ? shingleCap : Math.max(50, shingleCap))) continue;
    for (let x = 0; x < list.length; x++)
      for (let y = x + 1; y < list.length; y++) {
        const key = list[x]! * n + list[y]!;
        if (isShingle) shared.set(key, (shared.get(key) ?? 0) + 1);
        else strong.add(key);
      }
  }
  for (const [key, count] of shared) if (count >= 2) strong.add(key);
  return [...strong].sort((a, b) => a - b).map((key) => [Math.floor(key / n), key % n] as [number, number]);
}

/**
 * Hashes of 8-character shingles, one in four kept (by hash value, so the sample is shift-invariant and containment
 * estimates stay fair). A rolling hash avoids building millions of substrings on large corpora.
 */
function sampledShingles(key: string): Set<number> {
  const out = new Set<number>();
  const W = 8;
  const B = 0x01000193;
  let pow = 1;
  for (let i = 0; i < W - 1; i++) pow = Math.imul(pow, B);
  let h = 0;
  for (let i = 0; i < key.length; i++) {
    if (i >= W) h = (h - Math.imul(key.charCodeAt(i - W), pow)) | 0;
    h = (Math.imul(h, B) + key.charCodeAt(i)) | 0;
    if (i >= W - 1) {
      const m = mix(h);
      if ((m & 3) === 0) out.add(m);
    }
  }
  if (out.size === 0 && key.length > 0) out.add(mix(h));
  return out;
}

/** Final avalanche of a 32-bit hash (murmur3 fmix32). */
function mix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function buildCorpus(entries: ParsedEntry[]): { documents: Document[]; clauses: Clause[] } {
  const sorted = [...entries].sort((a, b) => a.id.localeCompare(b.id));
  const prepared = sorted.map((e) => {
    // the opening without quoted titles, for naming an untitled notice (only needed when it has no title)
    const bodyKey = e.meta.title ? "" : compareKey(e.body.slice(0, 2000).replace(/《[^《》]*》/g, "|"));
    return { e, bodyKey, sh: sampledShingles(compareKey(e.body)) };
  });

  // 1. titles: own, or named by another file, or first heading / sentence, or the file name
  const resolved: Resolved[] = prepared.map(({ e, bodyKey, sh }) => {
    let title = e.meta.title;
    let titleSource: Document["titleSource"] = "own";
    if (!title) {
      let best: { title: string; score: number } | null = null;
      // the name must appear in the opening (where a notice states its matter), and be specific enough
      const head = bodyKey.slice(0, 600);
      for (const other of sorted) {
        if (other.id === e.id) continue;
        const candidates = other.meta.mentions.map((m) =>
          m.issuer && /^关于/.test(m.title) ? `${m.issuer}${m.title}` : m.title,
        );
        if (other.meta.title && isFormalTitle(other.meta.title)) candidates.push(other.meta.title);
        for (const c of candidates) {
          const core = titleCore(c);
          if (core.length < 10 || !head.includes(core)) continue;
          if (!best || core.length > best.score) best = { title: c, score: core.length };
        }
      }
      if (best) {
        title = best.title;
        titleSource = "corpus";
      }
    }
    if (!title) title = titleFromEnacting(e.body);
    if (!title) title = fallbackTitle(e);
    if (!title) {
      title = fileStem(e.source);
      titleSource = "filename";
    }
    return {
      entry: e, title, titleSource, docNo: e.meta.docNo, issuer: e.meta.issuer, core: titleCore(title), bodyKey, sh,
    };
  });

  // 2. same notice: same 文号, same title words (same year), or one text contained in the other
  const parent = resolved.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const union = (a: number, b: number) => {
    parent[find(a)] = find(b);
  };
  for (const [i, j] of candidatePairs(resolved)) {
    {
      const a = resolved[i]!;
      const b = resolved[j]!;
      if (a.docNo && b.docNo) {
        if (a.docNo === b.docNo) union(i, j);
        continue; // different 文号: different documents
      }
      const sameTitle = a.core.length >= 8 && a.core === b.core && yearsCompatible(a.title, b.title);
      const [small, large] = a.sh.size <= b.sh.size ? [a, b] : [b, a];
      const overlap = containment(small.sh, large.sh);
      if ((sameTitle && overlap >= 0.2) || overlap >= 0.6) union(i, j);
    }
  }

  const groups = new Map<number, number[]>();
  resolved.forEach((_, i) => {
    const r = find(i);
    groups.set(r, [...(groups.get(r) ?? []), i]);
  });

  const documents: Document[] = [];
  const byIndex = new Map<number, Document>();
  for (const members of groups.values()) {
    // formal title, 文号 and issuer lent by siblings that carry the notice's own text
    const formal = members.map((i) => resolved[i]!).find((r) => isFormalTitle(r.title) && r.titleSource !== "filename");
    const withNo = members.map((i) => resolved[i]!).find((r) => r.docNo);
    const drafts = members.map((i) => {
      const r = resolved[i]!;
      const e = r.entry;
      const official = e.meta.kind === "notice" || e.meta.kind === "regulation";
      let { title, titleSource, docNo, issuer } = r;
      if (official && formal && !isFormalTitle(title) && members.length > 1) {
        title = formal.title;
        titleSource = "corpus";
      }
      if (official && !docNo && withNo) docNo = withNo.docNo;
      if (!issuer && formal) issuer = formal.issuer ?? issuerFrom(formal.title);
      const doc: Document = {
        id: e.id,
        source: e.source,
        contentHash: e.contentHash,
        title,
        titleSource,
        issuer: issuer ?? issuerFrom(title),
        docNo,
        date: e.meta.date,
        dateSource: e.meta.date ? "own" : null,
        kind: e.meta.kind,
        excerpt: e.meta.excerpt,
        sameAs: null,
        authority: 0,
        url: e.url ?? null,
        effectiveDate: e.effectiveDate ?? null,
      };
      doc.authority = authorityOf(doc);
      return { i, doc };
    });
    drafts.sort((x, y) => y.doc.authority - x.doc.authority || x.doc.id.localeCompare(y.doc.id));
    const canonical = drafts[0]!.doc;
    // a file without a date of its own takes the date of the same notice from its most authoritative sibling
    const dated = drafts.find((d) => d.doc.date && d.doc.dateSource === "own")?.doc;
    if (dated)
      for (const { doc } of drafts)
        if (!doc.date) {
          doc.date = dated.date;
          doc.dateSource = "sibling";
        }
    for (const { i, doc } of drafts) {
      if (doc !== canonical) {
        doc.sameAs = canonical.id;
        doc.authority = Math.min(doc.authority, Math.round((canonical.authority - 0.5) * 100) / 100);
      }
      byIndex.set(i, doc);
    }
  }
  resolved.forEach((_, i) => documents.push(byIndex.get(i)!));

  const clauses: Clause[] = [];
  for (const r of resolved) {
    const seen = new Map<string, number>();
    r.entry.clauses.forEach((c, order) => {
      const n = (seen.get(c.key) ?? 0) + 1;
      seen.set(c.key, n);
      clauses.push({
        id: `${r.entry.id}#${c.key}${n > 1 ? `~${n}` : ""}`,
        docId: r.entry.id,
        path: c.path,
        headings: c.headings,
        leadIn: c.leadIn,
        text: c.text,
        order,
        level: c.level,
      });
    });
  }
  return { documents, clauses };
}

function issuerFrom(title: string): string | null {
  const m = /^(.{2,30}?)(关于|[：:])/.exec(title);
  return m && /(部|厅|局|委|院|办公厅|办公室|政府|署|会|行)$/.test(m[1]!) ? m[1]! : null;
}
