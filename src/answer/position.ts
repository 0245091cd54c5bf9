/**
 * Questions after an item by its position ("第四项重点工作是什么", "第三部分的第二项", "第十三条规定了什么"): retrieval
 * ranks by words, and "第四项" is not a word of the item, so the item is found by its numbering instead — the last
 * component of a clause path ("（四）", "四是", "4.", "第十三条"), within a document the question names (title words,
 * issuer, year, kind: "新闻稿" → news, "方案" → plan, "办法" → regulation); retrieval's order breaks ties.
 */
import { chineseNumber } from "../text/numerals.js";
import type { Hit } from "../knowledge/hit.js";
import type { Clause, Document } from "../knowledge/schema.js";
import { contentFragments, coverage } from "./question.js";

/** "四" → 4, "十三" → 13, "二十" → 20, "12" → 12; NaN when not a numeral. */
export const numeralValue = chineseNumber;

export interface AskedPosition {
  /** The item's number ("第四项" → 4). */
  item: number;
  /** The enclosing part's number, when given ("第三部分的第二项" → 3). */
  section?: number;
  /** An article number ("第十三条" → the clause whose path is 第十三条). */
  article: boolean;
  /** The question without the position phrases (for matching the document). */
  rest: string;
}

const NUM = "([一二两三四五六七八九十百\\d]+)";
const SECTION_RE = new RegExp(`第${NUM}(?:部分|大项|大类|章|方面|板块)`);
const ITEM_RE = new RegExp(`第${NUM}(项|条|点|个|小项|款|类|方面)`);

/** The position a question asks about, or null when it asks for none. */
export function askedPosition(q: string): AskedPosition | null {
  const sec = q.match(SECTION_RE);
  const rest1 = sec ? q.replace(sec[0], " ") : q;
  const item = rest1.match(ITEM_RE);
  if (!item) return null;
  const n = numeralValue(item[1]);
  if (!Number.isFinite(n) || n <= 0) return null;
  const section = sec ? numeralValue(sec[1]) : undefined;
  return { item: n, section: Number.isFinite(section) ? section : undefined, article: item[2] === "条", rest: rest1.replace(item[0], " ") };
}

/** Numbers of a clause path's components: "一、（四）" → [1, 4], "四是" → [4], "第十三条" → [13], "三、第1项" → [3, 1]. */
export function pathNumbers(path: string): number[] {
  const out: number[] = [];
  const re = /第([一二两三四五六七八九十百\d]+)[条项章节]|[（(]([一二三四五六七八九十百\d]+)[)）]|([一二三四五六七八九十百]+)[、是]|(\d+)[.．、]/g;
  for (const m of path.matchAll(re)) {
    const v = numeralValue(m[1] ?? m[2] ?? m[3] ?? m[4] ?? "");
    if (Number.isFinite(v)) out.push(v);
  }
  return out;
}

const KIND_WORDS: Record<Document["kind"], string> = {
  news: "新闻稿 新闻 报道 消息 稿件 文章",
  notice: "通知 意见 指导意见",
  regulation: "办法 条例 规定 细则 规章",
  local_plan: "方案 实施方案 计划 规划",
  other: "",
};

/** How well the question names a document: its title, issuer, 文号, year and kind words. */
export function docMatch(rest: string, doc: Document): number {
  const frags = contentFragments(rest);
  const label = [doc.title, doc.issuer ?? "", doc.docNo ?? "", doc.date ?? "", KIND_WORDS[doc.kind]].join(" ");
  let score = frags.length ? coverage(frags, label) : 0;
  const years = rest.match(/(?:19|20)\d{2}/g) ?? [];
  for (const y of years) score += label.includes(y) ? 0.5 : -0.5;
  return score;
}

export interface CorpusView {
  documents: Document[];
  clauses: Clause[];
}

/**
 * The clause at the asked position, as a hit, or null. Among the documents holding such an item, the one the
 * question names best wins; ties go to the document retrieval ranked first, then to the more authoritative copy.
 */
export function findPositioned(asked: AskedPosition, corpus: CorpusView, hits: Hit[]): Hit | null {
  const docs = new Map(corpus.documents.map((d) => [d.id, d]));
  const retrievedRank = new Map<string, number>();
  hits.forEach((h, i) => {
    if (!retrievedRank.has(h.doc.id)) retrievedRank.set(h.doc.id, i);
  });
  let best: { hit: Hit; score: number; named: number } | null = null;
  for (const clause of corpus.clauses) {
    const nums = pathNumbers(clause.path);
    if (nums.length === 0 || nums[nums.length - 1] !== asked.item) continue;
    if (asked.article && !/第[一二两三四五六七八九十百\d]+条/.test(clause.path)) continue;
    if (asked.section !== undefined && (nums.length < 2 || nums[0] !== asked.section)) continue;
    const doc = docs.get(clause.docId);
    if (!doc) continue;
    const rank = retrievedRank.get(doc.id);
    // A sub-item below the asked level ("二、（一）1." for 第二部分的第一项) is a weaker match than the item itself.
    const extraDepth = Math.max(0, nums.length - 2);
    const named = docMatch(asked.rest, doc);
    const score =
      named * 2 -
      extraDepth * 0.4 +
      coverage(contentFragments(asked.rest), [clause.text, ...clause.headings, clause.leadIn ?? ""].join("\n")) * 0.5 +
      (rank === undefined ? 0 : 0.5 / (1 + rank)) +
      doc.authority * 0.01;
    if (!best || score > best.score) best = { hit: { clause, doc, score: 1, lexical: 0, vector: 0, matched: [] }, score, named };
  }
  // A position in no document the question names (「列表按每项的第二个元素排序」) is no item of the texts, however well
  // retrieval ranked a document for its other words.
  return best && best.named > 0 && best.score > 0.1 ? best.hit : null;
}

/** "文号 / 发文字号 / document number": the question asks for a document's number. */
const ASKS_DOC_NO = /文号|发文字号|发文号|document\s+(?:number|no\.?)|reference\s+number|file\s+number/i;
export function asksDocNo(q: string): boolean {
  return ASKS_DOC_NO.test(q);
}

/** The numbered document the question names best (its 文号 asked for), with a clause of it to cite; or null. */
export function findNamedDocument(q: string, corpus: CorpusView, hits: Hit[]): Hit | null {
  const rest = q.replace(ASKS_DOC_NO, " ");
  let best: { doc: Document; score: number } | null = null;
  for (const doc of corpus.documents) {
    if (!doc.docNo) continue;
    const score = docMatch(rest, doc) + doc.authority * 0.01;
    if (!best || score > best.score) best = { doc, score };
  }
  if (!best || best.score < 0.5) return null;
  const doc = best.doc;
  const fromHits = hits.find((h) => h.doc.id === doc.id);
  if (fromHits) return fromHits;
  const first = corpus.clauses.filter((c) => c.docId === doc.id).sort((a, b) => a.order - b.order)[0];
  return first ? { clause: first, doc, score: 1, lexical: 0, vector: 0, matched: [] } : null;
}

/**
 * The clause a question points at by position ("第四项重点工作") or the document whose 文号 it asks for: placed first
 * among the hits. Null when the question asks neither or nothing fits.
 */
export function resolvePosition(
  q: { question: string; written: string; factShape: string | null },
  corpus: CorpusView,
  hits: Hit[],
): { hit: Hit; docNo: boolean } | null {
  if (q.factShape === "position") {
    const asked = askedPosition(q.written);
    const hit = asked ? findPositioned(asked, corpus, hits) : null;
    if (hit) return { hit, docNo: false };
  }
  if (q.factShape === "docno") {
    const hit = findNamedDocument(q.written, corpus, hits);
    if (hit) return { hit, docNo: true };
  }
  return null;
}
