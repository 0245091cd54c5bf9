/**
 * The clause tree of one document, from its own numbering: 第X章 / 第X节 / 第X条, 一、 → （一） → 1. → （1） → ①,
 * and 一是…二是… enumerations (on their own lines or inline). A numbering style nests under the styles seen before
 * it (the order of first appearance decides, as in official documents); unnumbered paragraphs continue the current
 * clause. Every clause keeps its ancestor headings and the parent's sentence that introduces the list (lead-in). An
 * article's own text is a clause even when it only introduces a list; text after a list ("前款所称…") is a clause of
 * the same path, after the items.
 */
import { chineseNumber, sentences } from "./text.js";

export type NumberStyle =
  | "part"
  | "chapter"
  | "section"
  | "article"
  | "cn"
  | "paren_cn"
  | "arabic"
  | "paren_arabic"
  | "half_paren"
  | "circled"
  | "shi"
  | "bullet"
  | "annex"
  | "plain";

/** Conventional depth of each style, used only when a style appears that is not on the current path. */
const RANK: Record<NumberStyle, number> = {
  plain: -1, annex: -0.75, part: -0.5, chapter: 0, section: 1, article: 2, cn: 3, paren_cn: 4, arabic: 5, paren_arabic: 6, half_paren: 6.5,
  circled: 7, bullet: 7.5, shi: 8,
};

const CN = "一二三四五六七八九十百零〇两";
const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

const MARKERS: { style: NumberStyle; re: RegExp }[] = [
  // "附件1" / "附件2：政府购买服务指导性目录" — an attachment after the signature (the marker is the whole short line)
  { style: "annex", re: new RegExp(`^附\\s*件\\s*(\\d{1,2}|[${CN}]{1,3})?\\s*[:：]?\\s*`) },
  { style: "part", re: new RegExp(`^第([${CN}\\d]+)(?:部分|篇)[\\s　]*`) },
  { style: "chapter", re: new RegExp(`^第([${CN}\\d]+)章[\\s　]*`) },
  { style: "section", re: new RegExp(`^第([${CN}\\d]+)节[\\s　]*`) },
  { style: "article", re: new RegExp(`^第([${CN}\\d]+)条[\\s　]*`) },
  { style: "cn", re: new RegExp(`^([${CN}]+)[、．.][\\s　]*`) },
  { style: "paren_cn", re: new RegExp(`^[（(]([${CN}]+)[）)][\\s　]*`) },
  { style: "arabic", re: /^(\d{1,2})(?:[.．、](?!\d)|\s)[\s　]*/ },
  { style: "paren_arabic", re: /^[（(](\d{1,2})[）)][\s　]*/ },
  { style: "half_paren", re: /^(\d{1,2})[）)][\s　]*/ },
  { style: "circled", re: new RegExp(`^([${CIRCLED}])[\\s　]*`) },
  { style: "shi", re: new RegExp(`^([${CN}]+)是(?=[\\u4e00-\\u9fa5“])`) },
  // an unnumbered list item ("• …", from Markdown "- …", HTML <ul><li>, or a bullet glyph in the text)
  { style: "bullet", re: /^()[•●◆■▪]\s*/ },
];

interface Marker {
  style: NumberStyle;
  /** numeral as written (e.g. "十一", "3", "①") */
  numeral: string;
  value: number;
  /** length of the marker in the line */
  length: number;
}

function numberValue(style: NumberStyle, numeral: string): number {
  if (style === "bullet" || (style === "annex" && numeral === "")) return 1;
  if (style === "circled") return CIRCLED.indexOf(numeral) + 1;
  return chineseNumber(numeral);
}

export function matchMarker(line: string): Marker | null {
  for (const { style, re } of MARKERS) {
    const m = re.exec(line);
    if (!m) continue;
    const numeral = m[1] ?? "";
    const value = numberValue(style, numeral);
    if (!Number.isFinite(value) || value <= 0) continue;
    // "1 " (digit + space) is a marker only before Chinese text
    if (style === "arabic" && /^\d{1,2}\s/.test(m[0]) && !/^\d{1,2}\s+[\u4e00-\u9fa5]/.test(line)) continue;
    // a table row flattened into a line ("1 职业技能培训 200 万元") is not a numbered item
    if ((style === "arabic" || style === "half_paren") && isTableRow(line)) continue;
    // "附件" opens an attachment only as a short heading line, not in a sentence ("附件所列事项…")
    if (style === "annex" && !isAnnexHeading(line)) continue;
    return { style, numeral, value, length: m[0].length };
  }
  return null;
}

/** A line of table cells: three or more space-separated short cells and no sentence punctuation. */
export function isTableRow(line: string): boolean {
  const cells = line.trim().split(/\s{1,}/);
  return cells.length >= 3 && cells.every((c) => c.length <= 20) && !/[。；，,]/.test(line);
}

function isAnnexHeading(line: string): boolean {
  return line.length <= 40 && !/[。；，]/.test(line) && /^附\s*件\s*(\d{1,2}|[一二三四五六七八九十]{1,3})?\s*([:：]|$|\s)/.test(line);
}

/** Path token as shown to users, in the document's own notation but with brackets made uniform. */
function token(style: NumberStyle, numeral: string): string {
  switch (style) {
    case "part": return `第${numeral}部分`;
    case "chapter": return `第${numeral}章`;
    case "section": return `第${numeral}节`;
    case "article": return `第${numeral}条`;
    case "cn": return `${numeral}、`;
    case "paren_cn": return `（${numeral}）`;
    case "arabic": return `${numeral}.`;
    case "paren_arabic": return `（${numeral}）`;
    case "half_paren": return `${numeral}）`;
    case "circled": return numeral;
    case "shi": return `${numeral}是`;
    case "bullet": return `第${numeral}项`;
    case "annex": return `附件${numeral}：`;
    case "plain": return "";
  }
}

const KEY_PREFIX: Record<NumberStyle, string> = {
  part: "pt", chapter: "c", section: "s", article: "a", cn: "", paren_cn: "p", arabic: "n", paren_arabic: "q", half_paren: "b", circled: "r",
  shi: "y", bullet: "i", annex: "x", plain: "h",
};

interface Node {
  style: NumberStyle | "root";
  numeral: string;
  value: number;
  lines: string[];
  children: Node[];
  parent: Node | null;
  /** lead-in text from an inline split (the words before 一是 / （一） in the same paragraph) */
  inlineHead: string | null;
  order: number;
  /** how many lines the parent had when this node began (its lead-in is the parent's line just before it) */
  leadAt?: number;
}

export interface ClauseDraft {
  path: string;
  /** ASCII form of the path, the basis of the clause id ("2-p11", "a10-p5", "pre"). */
  key: string;
  headings: string[];
  leadIn: string | null;
  text: string;
  level: number;
}

/**
 * Splits a paragraph carrying an inline enumeration ("…如下：（一）…；（二）…" or "…，一是…；二是…") into a head
 * and one line per item. Items must run 1, 2, 3… to count.
 */
function splitInline(line: string): { head: string; items: string[] } | null {
  const patterns: { re: RegExp; style: NumberStyle }[] = [
    { re: new RegExp(`(^|[：:；;。，,])([${CN}]+)是(?=[\\u4e00-\\u9fa5“])`, "g"), style: "shi" },
    { re: new RegExp(`(^|[：:；;。])[（(]([${CN}]+)[）)]`, "g"), style: "paren_cn" },
    { re: /(^|[：:；;。])[（(](\d{1,2})[）)]/g, style: "paren_arabic" },
    { re: /(^|[：:；;。])(\d{1,2})[.．、](?!\d)(?=[\u4e00-\u9fa5“])/g, style: "arabic" },
    { re: new RegExp(`(^|[：:；;。，,])([${CIRCLED}])`, "g"), style: "circled" },
  ];
  for (const { re, style } of patterns) {
    const cuts: number[] = [];
    let expect = 1;
    for (const m of line.matchAll(re)) {
      const v = numberValue(style, m[2]!);
      if (v !== expect) continue;
      cuts.push(m.index + m[1]!.length);
      expect++;
    }
    if (cuts.length < 2) continue;
    // a line that itself starts with the first item is only split when more items follow inline
    const head = line.slice(0, cuts[0]);
    const items = cuts.map((c, i) => line.slice(c, cuts[i + 1] ?? line.length).trim());
    return { head: head.trim(), items };
  }
  return null;
}

/** A short line with no sentence punctuation between paragraphs: an unnumbered section heading. */
function isPlainHeading(line: string, next: string | undefined): boolean {
  return (
    line.length <= 24 &&
    !/[。，；：:,;！？]/.test(line) &&
    next !== undefined &&
    (next.length > line.length || /[。，；]/.test(next))
  );
}

/** The leading short unpunctuated lines of an unnumbered section: its heading (title + subtitle). */
function plainHeadingLines(node: Node): string[] {
  const out: string[] = [];
  for (const l of node.lines) {
    if (l.length <= 24 && !/[。，；：:,;！？]/.test(l)) out.push(l);
    else break;
  }
  return out;
}

/** "明确公开内容" / "明确公开内容。": a short heading, possibly closed by a full stop, with no clause inside. */
function isShortHeading(own: string): boolean {
  return own.length > 0 && own.length <= 20 && !/[，；：:,;！？、]/.test(own) && !/。./.test(own);
}

/** A numbered line that is only a heading ("四、监督管理"): short, no sentence inside. */
function isHeadingLine(line: string): boolean {
  const own = stripMarker(line);
  return line.length <= 40 && own.length > 0 && !/[。；，：:,;！？]/.test(own);
}

/** Paragraphs with the rows of a flattened table kept together, after the paragraph that introduces the table. */
function withTables(paragraphs: string[]): string[] {
  const out: string[] = [];
  for (const p of paragraphs) {
    if (out.length && isTableRow(p)) out[out.length - 1] += `\n${p}`;
    else out.push(p);
  }
  return out;
}

/** "附件1 政府购买服务指导性目录": the attachment's number with its title line(s). */
function annexHeading(node: Node): string {
  const lines = node.lines.slice(0, annexHeadCount(node));
  const first = lines[0]!.replace(/[:：]\s*/, " ").trim();
  return [first, ...lines.slice(1)].join(" ");
}

/** Lines of an attachment's heading: "附件1" and, when the number stands alone, the title line under it. */
function annexHeadCount(node: Node): number {
  const own = stripMarker(node.lines[0]!);
  const next = node.lines[1];
  const titleBelow =
    own.length === 0 && next !== undefined && next.length <= 40 && !/[。，；：:,;！？]/.test(next) && !isTableRow(next);
  return titleBelow ? 2 : 1;
}

function firstSentence(line: string, max = 60): string {
  const m = /^[^。：:；;！？]*[。：:；;！？]?/.exec(line);
  let s = (m?.[0] ?? line).replace(/[。；;]$/, "");
  if (s.length > max) s = s.slice(0, max) + "…";
  return s;
}

function stripMarker(line: string): string {
  const m = matchMarker(line);
  return m ? line.slice(m.length).trim() : line;
}

/** "现就…通知如下：" introduces the whole notice, not a list: not a lead-in. */
const ENACTING_FORMULA =
  /(通知如下|意见如下|规定如下|决定如下|(以下|如下)(指导|实施)?意见|(以下|如下)规定)[。：:]?$|^(现就|现将|特).{0,60}(如下|以下)[^，,]{0,10}[。：:]?$/;

const LIST_INTRO = /(以下|下列|如下|包括|主要有|具体|分别)/;

function leadInOf(parent: Node, child: Node): string | null {
  if (child.inlineHead !== null) {
    // "一、明确公开内容。（一）…（二）…": the words before the items are the section's heading, not a lead-in
    if (matchMarker(child.inlineHead) && isShortHeading(stripMarker(child.inlineHead))) return null;
    const ss = sentences(stripMarker(child.inlineHead));
    const last = ss[ss.length - 1]?.trim().replace(/[，,]$/, "");
    return last && last.length >= 2 ? last : null;
  }
  if (parent.style === "root" || parent.style === "plain") {
    // preamble text that ends with a colon introduces the top-level list
    if (parent.style === "root" && parent.lines.length === 0) return null;
  }
  const lastLine = parent.lines[(child.leadAt ?? parent.lines.length) - 1];
  if (!lastLine) return null;
  const own = (child.leadAt ?? parent.lines.length) === 1 && parent.style !== "root" && parent.style !== "plain" ? stripMarker(lastLine) : lastLine;
  const ss = sentences(own);
  const last = ss[ss.length - 1]?.trim();
  if (!last) return null;
  if (ENACTING_FORMULA.test(last)) return null;
  if (/[：:]$/.test(last) || (LIST_INTRO.test(last) && last.length <= 80)) return last;
  return null;
}

/**
 * A node's own lines cut where its lists stand: the text before the first list with that list's items, then the text
 * after each list with the items of the list it introduces, if any.
 */
function textSegments(node: Node): { lines: string[]; children: Node[] }[] {
  const segments: { lines: string[]; children: Node[] }[] = [];
  let from = 0;
  for (const child of node.children) {
    const cut = Math.min(child.leadAt ?? node.lines.length, node.lines.length);
    if (segments.length === 0 || cut > from) {
      segments.push({ lines: node.lines.slice(from, cut), children: [] });
      from = cut;
    }
    segments[segments.length - 1]!.children.push(child);
  }
  if (segments.length === 0 || from < node.lines.length) segments.push({ lines: node.lines.slice(from), children: [] });
  return segments;
}

const MAX_CHARS = 400;

/** A run-on "sentence" far over the limit is cut at commas, and failing that at the limit itself. */
function chop(sentence: string, max: number): string[] {
  if (sentence.length <= max * 1.5) return [sentence];
  const out: string[] = [];
  let cur = "";
  for (const piece of sentence.split(/(?<=[，,、])/)) {
    if (cur && cur.length + piece.length > max) {
      out.push(cur);
      cur = "";
    }
    cur += piece;
    while (cur.length > max * 1.5) {
      out.push(cur.slice(0, max));
      cur = cur.slice(max);
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** Sentence groups of at most ~400 characters (an over-long sentence is cut at commas). */
export function splitLong(text: string, max = MAX_CHARS): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let cur = "";
  for (const para of text.split("\n")) {
    for (const s of sentences(para).flatMap((x) => chop(x, max))) {
      if (cur && cur.length + s.length > max) {
        parts.push(cur);
        cur = "";
      }
      cur += s;
    }
    if (cur && cur.length >= max * 0.6) {
      parts.push(cur);
      cur = "";
    } else if (cur) cur += "\n";
  }
  if (cur.trim()) parts.push(cur.trim());
  return parts.map((p) => p.trim()).filter(Boolean);
}

export function buildClauses(body: string[], opts: { headings?: boolean[] } = {}): ClauseDraft[] {
  // 1. inline enumerations become lines of their own
  const lines: { text: string; inlineHead: string | null; heading?: boolean }[] = [];
  for (const [n, line] of body.entries()) {
    const heading = opts.headings?.[n] === true;
    const split = heading ? null : splitInline(line);
    if (!split) {
      lines.push({ text: line, inlineHead: null, heading });
      continue;
    }
    if (split.head) lines.push({ text: split.head, inlineHead: null });
    for (const item of split.items) lines.push({ text: item, inlineHead: split.head });
  }

  // Unnumbered headings are only looked for in texts without numbered sections of their own (news reports); in a
  // numbered notice a short stray line must not swallow the sections that follow.
  const numberedSections = lines.filter((l) => /^(第[一二三四五六七八九十百零〇\d]+(?:[章条]|部分)|[一二三四五六七八九十]+[、．.])/.test(l.text)).length;
  const plainHeadings = numberedSections < 2;

  // 2. the tree
  let order = 0;
  const root: Node = { style: "root", numeral: "", value: 0, lines: [], children: [], parent: null, inlineHead: null, order: order++ };
  const stack: Node[] = [root];
  const lastValue = new Map<NumberStyle, number>();
  const top = () => stack[stack.length - 1]!;

  for (let i = 0; i < lines.length; i++) {
    const { text, inlineHead, heading } = lines[i]!;
    let marker = matchMarker(text);
    if (marker) {
      const inStack = stack.some((n) => n.style === marker!.style);
      const prev = lastValue.get(marker.style);
      // a numeral out of sequence for a style not on the current path is ordinary text ("3.5亿元…" etc.)
      // 第X章/第X条, 一、 and （一） are unambiguous (excerpts may skip numbers); 1. and 一是 must run in sequence
      const loose = marker.style === "arabic" || marker.style === "shi" || marker.style === "circled" || marker.style === "paren_arabic" || marker.style === "half_paren";
      if (loose && !inStack && !inlineHead && marker.value !== 1 && prev !== marker.value - 1) marker = null;
      else if (marker.style === "shi" && !inlineHead && marker.value !== 1 && prev !== marker.value - 1) marker = null;
    }
    if (!marker) {
      const next = lines[i + 1]?.text;
      // a paragraph (or heading) after a bulleted item belongs to the item's parent
      while (top().style === "bullet") stack.pop();
      const t = top();
      const atTop = t.style === "root" || t.style === "plain";
      if (t.style === "plain" && t.lines.length > 0 && t.children.length === 0 && t.lines.every((l) => l.length <= 24 && !/[。，；]/.test(l)) && text.length <= 24 && !/[。，；：]/.test(text)) {
        t.lines.push(text); // a two-line heading (title + subtitle)
        continue;
      }
      const markdownHeading = heading === true && atTop && text.length <= 40;
      if (
        markdownHeading ||
        (plainHeadings && atTop && isPlainHeading(text, next) && (t.lines.length > 0 || t.style === "plain" || root.children.length > 0))
      ) {
        // unnumbered section heading (news reports): siblings at the top level
        while (stack.length > 1) stack.pop();
        const node: Node = { style: "plain", numeral: "", value: 0, lines: [text], children: [], parent: root, inlineHead: null, order: order++ };
        root.children.push(node);
        stack.push(node);
        continue;
      }
      // a paragraph after a 一是-style item or a bulleted item belongs to the item's parent; so does a paragraph after
      // a one-line item of an article (the article's next 款: "前款第（二）项所列事项…")
      while (
        (top().style === "shi" && !inlineHead) ||
        top().style === "bullet" ||
        (top().parent?.style === "article" && top().lines.length === 1 && /[。；;]$/.test(top().lines[0]!) && !inlineHead)
      )
        stack.pop();
      if (top() === root && root.children.length > 0) {
        // closing paragraphs after the numbered body: a clause of their own, not part of the preamble
        const node: Node = { style: "plain", numeral: "", value: 0, lines: [text], children: [], parent: root, inlineHead: null, order: order++ };
        root.children.push(node);
        stack.push(node);
        continue;
      }
      top().lines.push(text);
      continue;
    }
    const style = marker.style;
    const idx = stack.findIndex((n) => n.style === style);
    if (idx > 0) stack.length = idx;
    else {
      while (stack.length > 1) {
        const t = top();
        if (t.style !== "root" && t.style !== "plain" && RANK[t.style] >= RANK[style]) stack.pop();
        else break;
      }
    }
    const parent = top();
    if (style === "bullet") {
      // bullets number themselves in order under their parent
      const n = parent.children.filter((c) => c.style === "bullet").length + 1;
      marker = { ...marker, numeral: String(n), value: n };
    }
    const node: Node = {
      style, numeral: marker.numeral, value: marker.value, lines: [text], children: [], parent, inlineHead, order: order++,
      leadAt: parent.lines.length,
    };
    parent.children.push(node);
    stack.push(node);
    lastValue.set(style, marker.value);
  }

  // 3. clauses
  const out: ClauseDraft[] = [];
  const emit = (node: Node, ancestors: Node[]) => {
    if (node.style === "root") {
      for (const piece of node.lines.length ? splitLong(node.lines.join("\n")) : [])
        out.push({ path: "", key: "pre", headings: [], leadIn: null, text: piece, level: 0 });
    } else if (node.style === "plain") {
      // an unnumbered section (or closing paragraphs): path "", its heading lines become the clauses' heading
      const lead = plainHeadingLines(node);
      const headings = lead.length ? [lead.join(" ")] : [];
      for (const piece of splitLong(node.lines.slice(lead.length).join("\n")))
        out.push({ path: "", key: "pre", headings, leadIn: null, text: piece, level: 1 });
    } else {
      const chain = [...ancestors.filter((a) => a.style !== "root"), node];
      const hasArticle = chain.some((n) => n.style === "article");
      const pathNodes = chain.filter(
        (n) => n.style !== "plain" && !(hasArticle && (n.style === "part" || n.style === "chapter" || n.style === "section")),
      );
      const path = pathNodes.map((n) => token(n.style as NumberStyle, n.numeral)).join("");
      const key = pathNodes.map((n) => KEY_PREFIX[n.style as NumberStyle] + n.value).join("-");
      const headings = ancestors
        .filter((a) => a.style !== "root" && a.lines.length > 0)
        .map((a) =>
          a.style === "plain" ? plainHeadingLines(a).join(" ") : a.style === "annex" ? annexHeading(a) : firstSentence(a.lines[0]!),
        )
        .filter(Boolean);
      const leadIn = leadInOf(ancestors[ancestors.length - 1]!, node);
      const [head, ...after] = textSegments(node);
      const lines = head!.lines;
      const text = lines.join("\n");
      // a bare heading line whose content is its children ("二、正确把握…总体方向"); an article always keeps its own
      // text, the lead-in of its items included ("第十条 以下各项不得…：")
      const headingOnly =
        (node.style !== "article" &&
          lines.length === 1 &&
          node.children.length > 0 &&
          text.length <= 40 &&
          (!/[。；]/.test(stripMarker(text)) || isShortHeading(stripMarker(text)))) ||
        (node.style === "annex" && node.children.length > 0 && annexHeadCount(node) === lines.length);
      // a heading line ("四、监督管理", "附件1 …目录") over several paragraphs: each paragraph is a clause of its own
      const headLines = node.style === "annex" ? annexHeadCount(node) : isHeadingLine(lines[0]!) ? 1 : 0;
      const paragraphs = lines.slice(headLines);
      if (!headingOnly && headLines > 0 && (paragraphs.length >= 2 || node.style === "annex") && paragraphs.length > 0) {
        const heading = node.style === "annex" ? annexHeading(node) : lines[0]!;
        for (const para of withTables(paragraphs))
          for (const piece of splitLong(para))
            out.push({ path, key, headings: [...headings, heading], leadIn, text: piece, level: chain.length });
      } else if (!headingOnly && !(node.style === "annex" && paragraphs.length === 0 && node.children.length === 0)) {
        // later pieces of a long clause carry the clause's own heading as context
        const own = lines.length > 1 || /[。；]/.test(lines[0]!) ? firstSentence(lines[0]!) : null;
        splitLong(text).forEach((piece, n) =>
          out.push({ path, key, headings: n > 0 && own ? [...headings, own] : headings, leadIn, text: piece, level: chain.length }),
        );
      }
      for (const c of head!.children) emit(c, [...ancestors, node]);
      // text after a list ("前款所称…"): the same clause path, after the items, with the clause's heading as context
      const context = [...headings, node.style === "annex" ? annexHeading(node) : firstSentence(node.lines[0]!)];
      for (const segment of after) {
        for (const piece of segment.lines.length ? splitLong(segment.lines.join("\n")) : [])
          out.push({ path, key, headings: context, leadIn: null, text: piece, level: chain.length });
        for (const c of segment.children) emit(c, [...ancestors, node]);
      }
      return;
    }
    for (const c of node.children) emit(c, [...ancestors, node]);
  };
  emit(root, []);
  return out.filter((c) => c.text.trim().length > 0);
}
