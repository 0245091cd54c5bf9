/**
 * Document references in a question: "Under the 2022 notice …", "the district's …", "湖南…", "新闻稿里…",
 * "指导意见的文号", "财综〔2022〕51号指出…". A question that names a document wants that document's clauses,
 * whatever else the corpus holds; this module finds which documents a question names and how firmly.
 *
 * Each document gets a profile from its metadata and text (no per-file rules):
 * - 文号 (prefix, year, number), e.g. 财综〔2022〕51号 → {财综, 2022, 51};
 * - years: of its date, its 文号 and its title;
 * - kind words: the title's genre (通知 / 意见 / 办法 / 方案 / 规定 …) and news for news summaries;
 * - places and issuers: province names and "…省/市/区/县" names in title and issuer, issuer names (财政部, 国务院办公厅);
 * - level: district / county / city / province / national, from title and issuer, else from how the text speaks
 *   of itself (全区 / 本区 / 区政府 …);
 * - its name: the title without the state prefix (中华人民共和国) and, for a 关于…的通知 title, the subject, named in the
 *   question (「《政府采购法》所称的采购…」): the longest name the question holds wins, so 政府采购法实施条例 is not taken
 *   for 政府采购法;
 * - title terms: the question's key terms found in the title, weighed by how few titles contain them.
 *
 * A question's signals are scored per document; the result maps referenced documents to a strength in (0, 1]
 * and carries a confidence (how explicit the reference is). A question asking for a 文号 is flagged (asksDocNo):
 * the referenced document's first clause is the one to cite.
 */
import type { Clause, Document } from "../knowledge/schema.js";
import type { QueryAnalysis } from "./query.js";
import { normalize } from "./tokenize.js";

export type Level = "national" | "province" | "city" | "district" | "county";

export interface DocumentReference {
  /** Referenced documents → strength in (0, 1] (1 for the best match). Empty when the question names no document. */
  docs: Map<string, number>;
  /** How explicit the reference is, in [0, 1] (a 文号 or a place name: 1; a bare level word: less). */
  confidence: number;
  /** Normalised query terms that served to name a document (2022, 通知, 湖南, 区 …). */
  terms: Set<string>;
  /** The question asks for a document number (文号是什么 / what is the document number). */
  asksDocNo: boolean;
  /**
   * The question asks for the document's particulars — 文号, issue date, issuer (发布日期 / 发文机关 / when was … issued /
   * who issued …): the answer is the document's metadata, and its opening clause is the one to cite.
   */
  asksMetadata: boolean;
}

interface Profile {
  doc: Document;
  docNo?: { prefix: string; year: string; num: string; compact: string };
  years: Set<string>;
  kinds: Set<string>;
  places: Set<string>;
  issuers: Set<string>;
  level?: Level;
  title: string;
  /** Names the document goes by: its title without the state prefix (政府采购法, 政府采购法实施条例). */
  names: string[];
}

const PROVINCES = [
  "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西",
  "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃",
  "青海", "宁夏", "新疆", "香港", "澳门", "台湾",
];

/** Genre words of titles (the last noun of a Chinese document title) and their query forms. */
const TITLE_KINDS: { kind: string; zh: RegExp; en: RegExp }[] = [
  { kind: "通知", zh: /通知/, en: /\b(notice|circular)s?\b/i },
  { kind: "意见", zh: /意见/, en: /\bopinions?\b/i },
  // 规定 / rules / measures alone are mostly content ("规定程序", "break the rules", "what measures"): not kind words.
  {
    kind: "办法",
    zh: /办法|细则|条例/,
    en: /\b(?:implementing|implementation|administrative|management) measures\b|\bmeasures (?:for|on)\b|(?<!laws and )\bregulations?\b/i,
  },
  { kind: "方案", zh: /方案/, en: /\b(plan|programme|program|scheme)s?\b/i },
  { kind: "新闻", zh: /新闻|新闻稿|通稿|报道|稿子?里/, en: /\b(news|press)\b/i },
  { kind: "公告", zh: /公告|通告/, en: /\bannouncements?\b/i },
];

const ASKS_DOC_NO = /文号|发文字号|发文号|字号是|令号|\b(document|reference|file|doc)\s+(number|no\.?)\b/i;
const ASKS_METADATA =
  /发布日期|印发日期|发文日期|成文日期|发布时间|印发时间|什么时候(?:发布|印发|出台)|哪一?年(?:发布|印发|出台)|发文机关|发布机关|由谁(?:发布|印发)|谁(?:发布|印发)的|\bwhen was\b.*\b(?:issued|published|released)\b|\bwho (?:issued|published)\b|\b(?:issue|issuing|publication|release) date\b/i;
/** Words of a metadata question that no clause text holds (文号, 发布日期 …): not topic terms then. */
export const METADATA_WORDS = /文号|字号|令号|发布|印发|出台|日期|发文|成文|机关/;
/** A year named next to a genre word: 2023年通知 / 2022年的通知 / the 2022 notice / 2013 … guiding opinion. */
const YEAR_WITH_KIND_ZH = /(\d{4})\s*年?\s*(?:的)?[\u4e00-\u9fff]{0,8}?(?:通知|意见|办法|方案|规定|文件|新闻稿|新闻|公告|条例|文)/g;
const YEAR_WITH_KIND_EN =
  /\b(\d{4})\s+(?:[A-Za-z'’-]+\s+){0,3}?(?:notice|circular|opinion|measures|regulation|plan|programme|document|news|press|announcement)s?\b|\b(?:notice|circular|opinion|measures|regulation|plan|document|news|press release)s?\s+(?:of|from|in|issued in)\s+(\d{4})\b/gi;

/**
 * A level word that names a document: at the start (区实施方案…), with 本/该 (本区的…), possessive (区里 / 区的), or
 * before a genre word (区方案 / 省办法). "省级财政部门" is a subject the question talks about, not a document.
 */
const LEVEL_ZH: { level: Level; re: RegExp }[] = (["区", "县", "市", "省"] as const).map((c) => ({
  level: ({ 区: "district", 县: "county", 市: "city", 省: "province" } as const)[c],
  re: new RegExp(`^${c}(?![级场直])|[本该]${c}|${c}(?:里|的|(?:实施)?方案|(?:实施)?办法|通知|文件)`),
}));
const LEVEL_EN: { level: Level; re: RegExp }[] = [
  { level: "district", re: /\bdistricts?(?:['’]s)?\b/i },
  { level: "county", re: /\bcount(?:y|ies)(?:['’]s)?\b/i },
  { level: "city", re: /\b(?:city|cities|municipal(?:ity)?)(?:['’]s)?\b/i },
  { level: "province", re: /\b(?:province|provincial|provinces)(?:['’]s)?\b/i },
];
/** How a text speaks of its own jurisdiction: 全区 / 本区 / 区政府 / x区 … */
const SELF_LEVEL = /(?:[全本该某]|[a-zA-Z])(省|市|区|县)|(省|市|区|县)(?:级|委|政府|财政|直)/g;
const LEVEL_OF_CHAR: Record<string, Level> = { 省: "province", 市: "city", 区: "district", 县: "county" };
const LOWEST_FIRST: Level[] = ["district", "county", "city", "province"];
const NATIONAL_ISSUER = /国务院|财政部|中共中央|国家|部$|中央/;

const W = { docNo: 3, name: 3, place: 1.5, issuer: 0.6, yearKind: 1.5, kind: 0.8, newsKind: 1.3, level: 1.2, title: 1 } as const;
/** Signal score at which a reference counts as fully explicit (confidence 1). */
const FULL_CONFIDENCE = 1.5;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function parseDocNo(docNo: string): Profile["docNo"] {
  const n = normalize(docNo);
  const m = /^(.*?)[〔\[(（【]?\s*(\d{4})\s*[〕\])）】]?\s*(?:第)?(\d+)\s*号/.exec(n);
  if (!m) return undefined;
  return { prefix: m[1]!.trim(), year: m[2]!, num: m[3]!, compact: compactNo(n) };
}

function compactNo(s: string): string {
  return s.replace(/[\s〔〕\[\]()（）【】第]/g, "");
}

export class DocumentReferences {
  private readonly profiles: Profile[];
  /** Number of titles containing a term (computed lazily). */
  private readonly titleDf = new Map<string, number>();

  constructor(documents: Document[], clauses: Clause[]) {
    const textOf = new Map<string, string[]>();
    for (const c of clauses) {
      const list = textOf.get(c.docId) ?? [];
      list.push(c.text);
      textOf.set(c.docId, list);
    }
    this.profiles = documents.map((doc) => profileOf(doc, (textOf.get(doc.id) ?? []).join("\n")));
  }

  resolve(analysis: QueryAnalysis): DocumentReference {
    const q = normalize(analysis.question);
    const asksDocNo = ASKS_DOC_NO.test(q);
    const asksMetadata = asksDocNo || ASKS_METADATA.test(q);
    const terms = new Set<string>();
    const qTerms = analysis.groups.flatMap((g) => g.alternatives);

    const yearsWithKind = new Set<string>();
    for (const m of q.matchAll(YEAR_WITH_KIND_ZH)) yearsWithKind.add(m[1]!);
    for (const m of q.matchAll(YEAR_WITH_KIND_EN)) yearsWithKind.add((m[1] ?? m[2])!);
    const kinds = new Set(TITLE_KINDS.filter((k) => k.zh.test(q) || k.en.test(q)).map((k) => k.kind));
    const levels = new Set<Level>();
    for (const { level, re } of LEVEL_ZH) if (re.test(q)) levels.add(level);
    for (const { level, re } of LEVEL_EN) if (re.test(q)) levels.add(level);
    const qCompact = compactNo(q);

    // The longest document name the question holds: 《政府采购法实施条例》 names the 实施条例, not also the 政府采购法.
    const named = new Map<string, number>();
    for (const p of this.profiles) for (const n of p.names) if (q.includes(n)) named.set(p.doc.id, Math.max(named.get(p.doc.id) ?? 0, n.length));
    const longestName = Math.max(0, ...named.values());
    const scores = new Map<string, number>();
    let best = 0;
    for (const p of this.profiles) {
      let s = 0;
      if (longestName > 0 && named.get(p.doc.id) === longestName) s += W.name;
      if (p.docNo && (qCompact.includes(p.docNo.compact) || (p.docNo.prefix && q.includes(p.docNo.prefix) && new RegExp(`(?<!\\d)${p.docNo.num}\\s*号`).test(q)))) {
        s += W.docNo;
      }
      for (const y of yearsWithKind) {
        if (p.years.has(y)) {
          s += W.yearKind;
          terms.add(y);
          break;
        }
      }
      // "新闻稿里2023年通知…": the news report is the document read, the notice is what it reports on.
      let kindScore = 0;
      for (const k of kinds) if (p.kinds.has(k)) kindScore = Math.max(kindScore, k === "新闻" ? W.newsKind : W.kind);
      s += kindScore;
      for (const place of p.places) {
        if (q.includes(place) || qTerms.includes(place)) {
          s += W.place;
          terms.add(place);
          break;
        }
      }
      for (const issuer of p.issuers) {
        // 财政部 named, not 财政部门 (a finance department).
        // An issuer named in part counts too: State Council → 国务院 for 国务院办公厅.
        if (
          new RegExp(`${escapeRe(issuer)}(?!门)`).test(q) ||
          qTerms.some((t) => t === issuer || (t.length >= 3 && issuer.includes(t)))
        ) {
          s += W.issuer;
          terms.add(issuer);
          for (const t of qTerms) if (t.length >= 3 && issuer.includes(t)) terms.add(t);
          break;
        }
      }
      if (p.level && levels.has(p.level)) s += W.level;
      scores.set(p.doc.id, s);
    }
    const explicit = Math.max(0, ...scores.values());
    // Title terms only sharpen a reference the question makes (a kind word, a year, a place …), among the
    // documents it fits: a topical word shared with a title is not by itself a reference to that document.
    if (explicit > 0 || asksMetadata) {
      const n = this.profiles.length;
      for (const p of this.profiles) {
        if (explicit > 0 && !(scores.get(p.doc.id)! > 0)) continue;
        let t = 0;
        let total = 0;
        for (const g of analysis.groups) {
          const idf = Math.max(...g.alternatives.map((a) => Math.log(n / Math.max(1, this.dfInTitles(a)))));
          if (!(idf > 0)) continue;
          total += idf;
          if (g.alternatives.some((a) => a.length >= 2 && p.title.includes(a))) t += idf;
        }
        if (total > 0 && t > 0) scores.set(p.doc.id, scores.get(p.doc.id)! + W.title * (t / total));
      }
    }
    for (const s of scores.values()) best = Math.max(best, s);
    const docs = new Map<string, number>();
    if (best > 0) for (const [id, s] of scores) if (s > 0) docs.set(id, s / best);
    if (best > 0) for (const k of kinds) for (const a of qTerms) if (a.includes(k) && a.length <= k.length + 2) terms.add(a);
    return { docs, confidence: Math.min(1, best / FULL_CONFIDENCE), terms, asksDocNo, asksMetadata };
  }

  private dfInTitles(term: string): number {
    let df = this.titleDf.get(term);
    if (df === undefined) {
      df = this.profiles.filter((p) => p.title.includes(term)).length;
      this.titleDf.set(term, df);
    }
    return df;
  }
}

function profileOf(doc: Document, text: string): Profile {
  const title = normalize(doc.title);
  const issuer = normalize(doc.issuer ?? "");
  const docNo = doc.docNo ? parseDocNo(doc.docNo) : undefined;
  const years = new Set<string>();
  if (doc.date) years.add(doc.date.slice(0, 4));
  if (docNo) years.add(docNo.year);
  for (const m of title.matchAll(/(\d{4})年/g)) years.add(m[1]!);

  const kinds = new Set<string>();
  for (const k of TITLE_KINDS) if (k.zh.test(title.slice(-6))) kinds.add(k.kind);
  if (doc.kind === "news") kinds.add("新闻");
  if (doc.kind === "regulation") kinds.add("办法");
  if (doc.kind === "local_plan") kinds.add("方案");

  const head = `${title} ${issuer}`;
  const places = new Set<string>();
  for (const p of PROVINCES) if (head.includes(p)) places.add(p);
  for (const m of head.matchAll(/([\u4e00-\u9fff]{2,4}?)(省|市|州|县|区)(?![级场])/g)) {
    const place = m[1]! + m[2]!;
    if (!/^某+$|^本|^全|各/.test(m[1]!) && !/[社地园城小景辖片校]区$/.test(place)) places.add(place);
  }
  const issuers = new Set<string>();
  for (const part of issuer.split(/[\s、,，]+/)) if (part.length >= 2) issuers.add(part);
  const before = /^(.{2,20}?)关于/.exec(title);
  if (before) for (const part of before[1]!.split(/[\s、]+/)) if (part.length >= 2) issuers.add(part);

  let level: Level | undefined;
  const namedLevel = /([省市区县])(?:人民政府|政府|财政局|财政厅|财政部门|委|办公厅|办公室)|某([省市区县])/.exec(head);
  if (NATIONAL_ISSUER.test(issuer) || /^(国务院|财政部|中共中央|国家)/.test(title)) level = "national";
  else if (namedLevel) level = LEVEL_OF_CHAR[(namedLevel[1] ?? namedLevel[2])!];
  else if ([...places].some((p) => PROVINCES.some((pr) => p.startsWith(pr)))) level = "province";
  else {
    // 全区 / 本区: how a text speaks of its own jurisdiction; a lower level's text cites higher ones, not the reverse.
    const own = new Set([...text.matchAll(/[全本](省|市|区|县)/g)].map((m) => LEVEL_OF_CHAR[m[1]!]!));
    level = LOWEST_FIRST.find((l) => own.has(l));
  }
  if (!level) {
    const counts = new Map<Level, number>();
    for (const m of text.matchAll(SELF_LEVEL)) {
      const l = LEVEL_OF_CHAR[(m[1] ?? m[2])!]!;
      counts.set(l, (counts.get(l) ?? 0) + 1);
    }
    const ranked = [...counts].sort((a, b) => b[1] - a[1]);
    if (ranked[0] && ranked[0][1] >= 2 && ranked[0][1] >= 1.5 * (ranked[1]?.[1] ?? 0)) level = ranked[0][0];
  }
  const names = [title.replace(/^中华人民共和国/, "")].filter((n) => n.length >= 4);
  return { doc, docNo, years, kinds, places, issuers, level, title, names };
}
