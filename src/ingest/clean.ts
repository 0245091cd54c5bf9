/**
 * Raw document text → clean body lines. Handles HTML fragments and entities, YAML front matter, Markdown syntax,
 * web-site chrome (navigation, share buttons, download-site disclaimers, "相关文档" footers), a body repeated as
 * markup after its plain-text copy (detected by content overlap), and lines broken in the middle of a sentence.
 */
import { decodeEntities } from "../text/entities.js";
import { stripInvisible } from "../text/normalize.js";
import { chineseNumber, compareKey, containment, normalizeLine, shingles, SENTENCE_END } from "./text.js";


export type SourceFormat = "text" | "markdown" | "html";

/** Where a line came from; a copy of lower rank that repeats a higher-ranked text is dropped. */
export type LineOrigin = "text" | "html" | "quote";
const ORIGIN_RANK: Record<LineOrigin, number> = { text: 3, html: 2, quote: 1 };

export interface CleanLine {
  text: string;
  origin: LineOrigin;
  /** level of a Markdown heading ("## 购买内容" → 2): a section heading even without a number */
  heading?: number;
}

export interface CleanResult {
  lines: CleanLine[];
  /** key → value pairs of a YAML front matter block (flat scalars only). */
  frontMatter: Record<string, string>;
  /** <title> of an HTML page, if any. */
  htmlTitle: string | null;
  /** the first <h1> of an HTML page, if any (pages whose title line is only a heading). */
  htmlH1?: string | null;
}

const BLOCK_TAGS =
  "p|div|br|li|ul|ol|h[1-6]|tr|table|section|article|blockquote|pre|dd|dt|dl|hr|header|main|aside|figure|figcaption|center|form|title|tbody|thead";

const HAS_TAG = /<\/?(?:[a-z][a-z0-9]*)(?:\s[^<>]*)?\/?>/i;

/** A list item's own text starts with a number ("1．", "（一）") or bullet: no marker is added. */
const OWN_NUMBER = /^(第[一二三四五六七八九十百零〇\d]+[章节条]|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、)）]|[①-⑳•●◆■▪])/;

const CIRCLED_DIGITS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

/**
 * List items keep their place in a list: an <ol> item gets "1. ", "2. " … and a <ul> item a bullet "• " (unless the
 * item's text carries its own number), so the clause tree sees items where the page shows them.
 */
function markListItems(html: string): string {
  const stack: { ordered: boolean; n: number }[] = [];
  return html.replace(/<(\/?)(ul|ol|li)\b[^>]*>/gi, (tag, close: string, name: string, offset: number, whole: string) => {
    const n = name.toLowerCase();
    if (n !== "li") {
      if (close) stack.pop();
      else stack.push({ ordered: n === "ol", n: 0 });
      return "\n";
    }
    if (close) return "\n";
    const list = stack[stack.length - 1];
    if (!list) return "\n";
    list.n++;
    const after = decodeEntities(whole.slice(offset + tag.length, offset + tag.length + 200).replace(/<[^>]*>/g, "")).trim();
    if (OWN_NUMBER.test(after)) return "\n";
    if (!list.ordered) return "\n• ";
    // nested ordered lists: 1. → （1） → ①
    const depth = stack.filter((l) => l.ordered).length - 1;
    return depth <= 0 ? `\n${list.n}. ` : depth === 1 ? `\n（${list.n}）` : `\n${CIRCLED_DIGITS[Math.min(list.n, 20) - 1]}`;
  });
}

/** A list whose every item is one short link is a menu or a list of links to other pages, not text. */
function dropLinkMenus(html: string): string {
  return html.replace(/<(ul|ol)\b[^>]*>((?:(?!<\/?(?:ul|ol)\b)[\s\S])*?)<\/\1\s*>/gi, (list, _tag: string, inner: string) => {
    const items = [...inner.matchAll(/<li\b[^>]*>([\s\S]*?)(?=<li\b|$)/gi)].map((m) => m[1]!.replace(/<\/li\s*>/gi, "").trim());
    if (items.length < 2) return list;
    const menu = items.every((it) => {
      const m = /^<a\b[^>]*>([\s\S]*?)<\/a\s*>$/i.exec(it);
      return m !== null && m[1]!.replace(/<[^>]*>/g, "").trim().length <= 16;
    });
    return menu ? "\n" : list;
  });
}

/** HTML → text lines (block elements become line breaks; scripts, styles, navigation and footers are removed). */
export function htmlToText(html: string): { text: string; title: string | null; h1: string | null } {
  let s = html.replace(/<!--[\s\S]*?-->/g, "");
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(s)?.[1];
  const h1Raw = /<h1\b[^>]*>([\s\S]*?)<\/h1\s*>/i.exec(s)?.[1];
  // a title set over two lines of its heading ("…民政厅<br>关于…的通知") is one title
  const h1 = h1Raw
    ? stripInvisible(decodeEntities(h1Raw.replace(/\s*<br\s*\/?>\s*/gi, "").replace(/<[^>]*>/g, " "))).replace(/\s+/g, " ").trim() || null
    : null;
  s = s.replace(/<(script|style|noscript|template|nav|footer|iframe|svg|select|button)\b[\s\S]*?<\/\1\s*>/gi, "\n");
  s = s.replace(/<head\b[\s\S]*?<\/head\s*>/gi, "\n");
  s = dropLinkMenus(s);
  s = markListItems(s);
  // a table cell is one cell of its row, even when it holds paragraphs (Word tables converted by mammoth)
  s = s.replace(/<(td|th)\b([^>]*)>([\s\S]*?)<\/\1\s*>/gi, (_m, tag: string, attrs: string, inner: string) =>
    `<${tag}${attrs}>${inner.replace(/<\/?(?:p|div|br|span|h[1-6])\b[^>]*>/gi, " ").replace(/\s+/g, " ").trim()}</${tag}>`,
  );
  s = s.replace(new RegExp(`<\\/?(?:${BLOCK_TAGS})\\b[^>]*>`, "gi"), "\n");
  s = s.replace(/<(td|th)\b[^>]*>/gi, " ");
  s = s.replace(/<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/gi, "");
  s = s.replace(/<!doctype[^>]*>/gi, "");
  return { text: decodeEntities(s), title: title ? stripInvisible(decodeEntities(title)).replace(/\s+/g, " ").trim() : null, h1 };
}

function parseFrontMatter(text: string): { body: string; meta: Record<string, string> } {
  const m = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (!m) return { body: text, meta: {} };
  const meta: Record<string, string> = {};
  for (const line of m[1]!.split("\n")) {
    const kv = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!kv) continue;
    meta[kv[1]!.toLowerCase()] = kv[2]!.trim().replace(/^(["'])(.*)\1$/, "$2");
  }
  return { body: text.slice(m[0].length), meta };
}

/** Markdown inline/block syntax → plain text. Returns null for lines that are pure markup (rules, bare links). */
function markdownLine(line: string): { text: string; quote: boolean; heading?: number } | null {
  let t = line;
  let quote = false;
  const heading = /^\s*(#{1,6})\s+\S/.exec(line)?.[1]!.length;
  if (/^\s*>/.test(t)) {
    quote = true;
    t = t.replace(/^\s*(>\s?)+/, "");
  }
  if (/^\s*([-*_]\s*){3,}$/.test(t)) return null;
  if (/^\s*[-—–]\s*\d{1,4}\s*[-—–]\s*$/.test(t)) return null; // page number "- 3 -"
  if (/^\s*<(https?:)?\/\/[^>]+>\s*$/.test(t)) return null;
  if (/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(t)) return null; // table rule
  t = t.replace(/^\s*#{1,6}\s+/, "");
  // a list item keeps a bullet, so the clause tree sees it as an item ("1. " items keep their own numbers)
  t = t.replace(/^\s*[-*+]\s+(?=\S)/, "• ");
  t = t.replace(/!\[[^\]]*\]\([^)]*\)/g, "");
  t = t.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
  t = t.replace(/<((?:https?:)?\/\/[^>]+)>/g, "");
  t = t.replace(/(\*\*|__)(.+?)\1/g, "$2").replace(/(^|[^*])\*([^*\n]+)\*/g, "$1$2");
  t = t.replace(/`([^`]*)`/g, "$1");
  if (/^\s*\|.*\|\s*$/.test(t)) t = t.replace(/\s*\|\s*/g, " ").trim();
  return heading ? { text: t, quote, heading } : { text: t, quote };
}

/** Site chrome that cannot be policy text: navigation, sharing, download-site disclaimers, portal footers. */
const CHROME =
  /(当前位置[:：]|您的位置|所在位置|首页\s*[>›»]|分享到|[—-]\s*分享\s*[—-]|扫一扫|打印本页|关闭窗口|收藏本页|返回(顶部|首页|列表|上一页)|返回.{0,12}(首页|频道)|上一篇[:：]?|下一篇[:：]?|阅读下一篇|字号[:：]?\s*[【\[]?[大中小]|【[大中小]】|下载文档|文档下载|合集下载|免费下载|立即下载|仅部分预览|下载积分|申请退款|联系客服|人工客服|侵犯您的权益|版权所有[:：©]?|免责声明[:：]|ICP备|网站地图|用户协议|隐私政策|主办单位[:：]|承办单位[:：]|运行维护单位|技术支持[:：]|我要纠错|网站标识码|公网安备)/;

/** Words that are chrome only on a short line of their own ("登录 注册", "联系我们"), but may occur in policy text. */
const WEAK_CHROME = /^(登录|注册|登录\s*[|｜/]?\s*注册|二维码|联系我们|无障碍|适老化|在线预览|打印|关闭|收藏|分享)$/;

/** A footer heading after which the page lists other documents, not this one. */
const FOOTER_START = /^(相关(文档|阅读|文章|新闻|链接|推荐|资料|搜索)|延伸阅读|推荐阅读|热门(文档|推荐|文章)|最新文档|猜你喜欢|精彩推荐|阅读下一篇|上一篇|下一篇)[:：]?$/;

/** A footer line listing links to other sites or documents: "相关链接：中国政府网 | 财政部 | 民政部". */
const FOOTER_LINKS = /^(相关(文档|阅读|文章|新闻|链接|推荐|资料)|友情链接|网站链接|政府网站|部门网站|相关网站|延伸阅读|推荐阅读)[:：]/;

const URL_ONLY = /^(https?:)?\/\/\S+$|^www\.\S+$/i;

/** Metadata label lines ("发布时间：… 来源：… 【字号：大 中 小】") are read by metadata.ts, not dropped as chrome. */
const META_LABEL = /^[（(]?(发布时间|发布日期|发文日期|成文日期|日期|时间|来源|信息来源|文章来源|作者|编辑|责任编辑|发布机构|文号|发文字号|索引号|标题)\s*[:：]/;

export function isChrome(raw: string): boolean {
  const line = raw.replace(/^•\s*/, "");
  if (META_LABEL.test(line)) return false;
  // portal footers: "主办：某某省财政厅 承办：…", "Copyright © 2024", "您是第1234位访问者"
  if (line.length <= 100 && /^(主办|承办|协办|维护)[:：]|copyright\s*(©|\(c\)|\d)|©\s*\d{4}|您是第\s*\d+\s*位访|访问(量|人次)[:：]\s*\d/i.test(line)) return true;
  // a postal address / telephone footer of a portal ("地址：某某路1号 邮编：410000")
  if (line.length <= 100 && /^地址[:：].*(邮编|邮政编码)[:：]?\s*\d{6}/.test(line)) return true;
  if (URL_ONLY.test(line)) return true;
  if (line.length <= 100 && CHROME.test(line)) return true;
  if (line.length <= 12 && WEAK_CHROME.test(line.replace(/[【】\[\]]/g, "").trim())) return true;
  // bare separators / decorations
  if (/^[\s\-—_=*·•|｜>]+$/.test(line)) return true;
  // page numbers of printed / PDF documents: "- 3 -", "—3—", "第 3 页 共 8 页", "3/8"
  if (/^[-—–]\s*\d{1,4}\s*[-—–]$|^第\s*\d{1,4}\s*页(\s*[,，]?\s*共\s*\d{1,4}\s*页)?$|^\d{1,4}\s*\/\s*\d{1,4}$/.test(line)) return true;
  return false;
}

const NUMBERING_START =
  /^([•●◆■▪]|第[一二三四五六七八九十百零〇\d]+(?:[章节条款]|部分)|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、](?!\d)|[①-⑳]|[一二三四五六七八九十]+是)/;

/**
 * Lines cut at a page or column break are joined to the next line — only in documents whose paragraphs normally
 * end with punctuation (in a text that leaves most paragraphs unpunctuated, a missing 。 is no sign of a break).
 */
function joinBrokenLines(lines: CleanLine[]): CleanLine[] {
  const long = lines.filter((l) => l.text.length >= 30 && !NUMBERING_START.test(l.text));
  const terminated = long.filter((l) => SENTENCE_END.test(l.text) || /[）)】\]》>]$/.test(l.text)).length;
  if (long.length === 0 || terminated / long.length < 0.7) return lines;
  const out: CleanLine[] = [];
  for (const line of lines) {
    const prev = out[out.length - 1];
    if (
      prev &&
      out.length > 1 && // the first line is the title's place
      prev.origin === line.origin &&
      !prev.heading &&
      !line.heading &&
      !/(通知|意见|办法|方案|规定|决定|细则|条例|公告|通告|函|批复|纲要|规划|目录|指引)$/.test(prev.text) &&
      !/[〔\[［【(（]\s*(19|20)\d{2}\s*[〕\]］】)）]|^(19|20)\d{2}\s*[-/.年]/.test(line.text) &&
      prev.text.length >= 30 &&
      !SENTENCE_END.test(prev.text) &&
      !/[）)】\]》>]$/.test(prev.text) &&
      !(NUMBERING_START.test(prev.text) && !/[。；，,]/.test(prev.text)) && // a numbered heading, not a cut sentence
      !NUMBERING_START.test(line.text) &&
      !/^[\u4e00-\u9fa5]{2,6}[:：]/.test(prev.text) &&
      (line.text.length > 24 || /[，。；、,]/.test(line.text)) &&
      !/^[\u4e00-\u9fa5]{2,6}[:：]/.test(line.text) &&
      /^[\u3400-\u9fff0-9a-z“（(，,、]/i.test(line.text) &&
      !/^[（(]?(文章)?来源|^编辑|^责任编辑|^作者/.test(line.text)
    ) {
      prev.text += line.text;
      continue;
    }
    out.push({ ...line });
  }
  return out;
}

/**
 * A running header of a printed page ("某某市政府购买服务文件汇编" at the top of every page): a short unpunctuated line
 * that recurs three times or more goes, except where it may be the document's own head or signature. Runs before
 * broken lines are joined, so a sentence cut by a page break joins across it.
 */
function dropRunningHeaders(lines: CleanLine[]): CleanLine[] {
  const keys = lines.map((l) => compareKey(l.text));
  const count = new Map<string, number>();
  for (const k of keys) count.set(k, (count.get(k) ?? 0) + 1);
  const running: boolean[] = lines.map(() => false);
  const firstSentence = lines.findIndex((l) => l.text.length >= 30 && /[。，；]/.test(l.text));
  const bodyStart = firstSentence < 0 ? lines.length : firstSentence;
  const firstAt = new Map<string, number>();
  keys.forEach((k, i) => {
    if (!firstAt.has(k)) firstAt.set(k, i);
  });
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.text;
    const headOrSignature = i < 3 || i >= lines.length - 4 || (firstAt.get(keys[i]!) === i && i < bodyStart);
    if (count.get(keys[i]!)! >= 3 && !headOrSignature && t.length <= 40 && !/[。；;，,：:]/.test(t) && !NUMBERING_START.test(t))
      running[i] = true;
  }
  return lines.filter((_, i) => !running[i]);
}

/** Drops lines that repeat content already present in a higher-ranked copy (e.g. the raw-HTML copy of a body). */
function dropRepeatedCopies(lines: CleanLine[]): CleanLine[] {
  const keys = lines.map((l) => compareKey(l.text));
  // copies of different origin (text vs markup vs quote) only exist when there is more than one origin
  const mixed = lines.some((l) => l.origin !== lines[0]?.origin);
  const sh = keys.map((k) => (mixed ? shingles(k) : new Set<string>()));
  const byRank = new Map<number, Set<string>>();
  for (let i = 0; i < lines.length; i++) {
    const r = ORIGIN_RANK[lines[i]!.origin];
    for (let rr = 0; rr < r; rr++) {
      // lines of rank r cover every lower rank rr
      let set = byRank.get(rr);
      if (!set) byRank.set(rr, (set = new Set()));
      for (const s of sh[i]!) set.add(s);
    }
  }
  const seen = new Set<string>();
  const drop: boolean[] = lines.map(() => false);
  const repeatedShort: boolean[] = lines.map(() => false);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const key = keys[i]!;
    if (key.length === 0) {
      drop[i] = true;
      continue;
    }
    const rank = ORIGIN_RANK[line.origin];
    const cover = byRank.get(rank);
    if (mixed && key.length >= 12 && cover && containment(sh[i]!, cover) >= 0.7) drop[i] = true;
    else if (seen.has(key)) repeatedShort[i] = true;
    seen.add(key);
  }
  // A repeated line goes when it is long, or part of a repeated run (a second copy of the body). A short line that
  // merely recurs ("（六）法律、行政法规规定的其他事项。" closing two lists) stays.
  for (let i = 0; i < lines.length; i++) {
    if (repeatedShort[i] && keys[i]!.length >= 60) {
      drop[i] = true;
      repeatedShort[i] = false;
    }
  }
  // a short line repeated inside a dropped copy (a heading such as "一、总体要求") goes with the copy
  for (let pass = 0; pass < 2; pass++)
  for (let i = 0; i < lines.length; i++) {
    if (!repeatedShort[i] || drop[i]) continue;
    const prevDropped = i > 0 && (drop[i - 1] || repeatedShort[i - 1]);
    const nextDropped = i + 1 < lines.length && (drop[i + 1] || repeatedShort[i + 1]);
    if (prevDropped || nextDropped) drop[i] = true;
  }
  return lines.filter((_, i) => !drop[i]);
}

/** A whole notice flattened onto one or a few lines (a scraped "content" field): its line breaks must be found again. */
function isRunOn(raw: CleanLine[]): boolean {
  const nonEmpty = raw.filter((l) => l.text.trim());
  return nonEmpty.length <= 5 && nonEmpty.some((l) => l.text.length > 200);
}

const CN_DIGITS = "一二三四五六七八九十";

/** Cut points before in-line markers that run in sequence 1, 2, 3… ("。二、" "。第三条"), at least two of them. */
function sequentialCuts(text: string, re: RegExp, value: (m: RegExpMatchArray) => number): number[] {
  const cuts: number[] = [];
  let expect = 0;
  for (const m of text.matchAll(re)) {
    const v = value(m);
    if (expect === 0 ? v !== 1 && v !== 2 : v !== expect) continue;
    cuts.push(m.index! + m[1]!.length);
    expect = v + 1;
  }
  return cuts.length >= 2 ? cuts : [];
}

/**
 * A run-on line → the document's lines: breaks where the source had them (spaces between Chinese words), after
 * the addressees' colon, before 一、 / 第X条 headings that run in sequence, and around 特此通知. Items （一）… inside
 * a section are left to the clause tree, which keeps their lead-in.
 */
export function reflowRunOn(text: string): string[] {
  if (text.length <= 200) return [text];
  const pieces = text
    .split(/(?<=[\u3400-\u9fff。；：:，、）”])[ \t\u3000\u00a0]+(?=[\u3400-\u9fff\d（(“])/)
    .flatMap((p) => p.split(/(?<=^(?:各|有关)[^。：:]{1,60}[：:])/))
    .flatMap((p) => p.replace(/(特此(?:通知|公告|通告)[。.]?)/, "\n$1\n").split("\n"));
  const out: string[] = [];
  for (const piece of pieces) {
    const cn = sequentialCuts(piece, new RegExp(`([。；：:！？])([${CN_DIGITS}]{1,3})、`, "g"), (m) => chineseNumber(m[2]!));
    const art = sequentialCuts(piece, new RegExp(`([。；：:]|^)\\s*第([${CN_DIGITS}百零〇\\d]{1,5})条`, "g"), (m) => chineseNumber(m[2]!));
    const cuts = [...new Set([...cn, ...art])].filter((c) => c > 0).sort((a, b) => a - b);
    let from = 0;
    for (const c of cuts) {
      out.push(piece.slice(from, c));
      from = c;
    }
    out.push(piece.slice(from));
  }
  return out.map((p) => p.trim()).filter(Boolean);
}

export function cleanDocument(raw: string, format: SourceFormat): CleanResult {
  // hidden characters go before anything reads the text (a title or 文号 written with a zero-width space is still found)
  let text = stripInvisible(raw.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n"));
  const fm = format === "html" ? { body: text, meta: {} } : parseFrontMatter(text);
  text = fm.body;
  let htmlTitle: string | null = null;
  let htmlH1: string | null = null;

  const rawLines: CleanLine[] = [];
  const wholeHtml = format === "html" || /<(html|body|!doctype)\b/i.test(text.slice(0, 2000));
  if (wholeHtml) {
    const h = htmlToText(text);
    htmlTitle = h.title;
    htmlH1 = h.h1;
    for (const l of h.text.split("\n")) rawLines.push({ text: l, origin: "html" });
  } else {
    for (const line of text.split("\n")) {
      if (HAS_TAG.test(line)) {
        // "标题:X。内容:<p>…" — a labelled copy: keep the label apart from the body.
        const labelled = line.replace(/^(\s*标题[:：][^<]*?)[。.]?\s*(正文|内容)[:：]/, "$1\n");
        const h = htmlToText(labelled);
        for (const l of h.text.split("\n")) {
          const md = markdownLine(l);
          if (md) rawLines.push({ text: md.text, origin: md.quote ? "quote" : "html" });
        }
      } else {
        const md = format === "markdown" || format === "text" ? markdownLine(decodeEntities(line)) : { text: line, quote: false };
        if (md) rawLines.push({ text: md.text, origin: md.quote ? "quote" : "text", ...(md.heading ? { heading: md.heading } : {}) });
      }
    }
  }

  let lines: CleanLine[] = [];
  const runOn = isRunOn(rawLines);
  for (const l of rawLines) {
    for (const part of runOn ? reflowRunOn(l.text) : [l.text]) {
      const t = normalizeLine(part);
      if (t) lines.push({ text: t, origin: l.origin, ...(l.heading ? { heading: l.heading } : {}) });
    }
  }

  // Footer: everything after a "相关文档"-style heading in the second half of the page.
  const cut = lines.findIndex(
    (l, i) => i >= lines.length / 2 && (FOOTER_START.test(l.text) || (FOOTER_LINKS.test(l.text) && l.text.length <= 200)),
  );
  if (cut >= 0) lines = lines.slice(0, cut);
  lines = lines.filter((l) => !isChrome(l.text));
  lines = dropRunningHeaders(lines);
  lines = joinBrokenLines(lines);
  lines = dropRepeatedCopies(lines);
  return { lines, frontMatter: fm.meta, htmlTitle, htmlH1 };
}
