/**
 * Document metadata from the cleaned lines: title, issuer, 文号 / 令号, date, kind and excerpt flag. Header label lines
 * (标题：/文号：/发布日期：/来源：…), a regulation's enactment record, a 文号 line above the addressees, the addressee
 * line itself, and trailing attribution lines are consumed here and do not reach the clause tree.
 */
import type { DocKind } from "../knowledge/schema.js";
import type { CleanLine } from "./clean.js";
import { parseDate } from "./dates.js";
import { issuerFromDocNo, parseDocNo } from "./docno.js";
import { enactmentDate, readEnactmentLine, type EnactmentLine } from "./enactment.js";
import { readHeaderLine, type HeaderFact } from "./header-lines.js";
import { ATTRIBUTION, collapseSpacedLabels, LABEL_AT_START, labelSegments } from "./labels.js";
import { compareKey } from "./text.js";

export interface Mention {
  /** The title as quoted in 《》. */
  title: string;
  /** The body named as issuing it ("财政部印发《…》"), if any. */
  issuer: string | null;
}

export interface OwnMetadata {
  title: string | null;
  /** true when the title comes from a label, front matter or <title> rather than a guessed first line. */
  titleLabelled: boolean;
  issuer: string | null;
  docNo: string | null;
  date: string | null;
  kind: DocKind;
  excerpt: boolean;
  source: string | null;
  /** Titles this document quotes in 《》, for the corpus pass. */
  mentions: Mention[];
}

export interface MetadataResult {
  meta: OwnMetadata;
  /** Body lines (header, labels, addressees and attribution removed). */
  body: string[];
  /** per body line: true for a Markdown section heading ("## 购买内容"), a heading even without a number */
  bodyHeadings?: boolean[];
  /** the 文号 line printed in the body above the addressees, as it stands ("国办发〔2013〕96号"); null when the 文号 came
   * only from a label line, front matter or the title */
  docNoLine?: string | null;
}

const DOC_TYPE_END =
  /(通知|意见|办法|条例|规定|细则|实施方案|方案|决定|公告|通告|规划|批复|复函|函|指引|目录|规则|纲要|要点|计划|决议|命令|令|指南|标准|规范|报告)([（(][^）)]{1,12}[）)])?$/;

/** An official document title (ends with its document type and is not a news headline). */
export function isFormalTitle(t: string): boolean {
  return DOC_TYPE_END.test(t) && !/[：:]/.test(t) && t.length >= 6;
}

/** Title decorations added by download sites: (最新) (完整版) (精选) … */
function stripTitleDecoration(t: string): string {
  return t
    .replace(/[（(](最新|最新版|完整版|精选|全文|范文|word版|推荐|优选|必备|通用|\d+篇|\d{4}版?)[）)]\s*$/i, "")
    .replace(/^【[^】]{1,8}】/, "")
    .replace(/\s*[-_|｜]\s*[^-_|｜]{2,20}(网|网站|门户|政府|平台)$/, "")
    .trim();
}

const ORG_END = /(部|厅|局|委|委员会|院|办公厅|办公室|政府|中心|总局|署|会|行|办|司|处|所)$/;

function issuerFromTitle(title: string): string | null {
  const m = /^(.{2,40}?)(关于|印发|转发|发布|颁布)/.exec(title);
  if (m && ORG_END.test(m[1]!.trim())) return m[1]!.trim();
  const h = /^([^：:]{2,20})[：:]/.exec(title);
  if (h && ORG_END.test(h[1]!.trim())) return h[1]!.trim();
  return null;
}

function matchesNumbering(line: string): boolean {
  return /^(第[一二三四五六七八九十百零〇\d]+(?:[章节条]|部分)|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])/.test(line);
}

const ADDRESSEE =
  /(各|有关|所属|直属|全国|中央|人民政府|部委|厅|局|委|办|单位|机构|兵团|部门|学校|医院|街道|乡镇|企业)[^。；]*[：:]$/;

function isAddresseeLine(line: string): boolean {
  if (!/[：:]$/.test(line) || line.length > 300 || /[。；]/.test(line)) return false;
  const parts = line.split(/[，,、]/).length;
  const short = line.length <= 24 && /^(各|有关|全国|中央|党中央|国务院|省|市|县|区)/.test(line);
  return (parts >= 2 || short) && ADDRESSEE.test(line) && !/(如下|以下|下列|包括|主要|要求|做到|条件|情形|事项)[^，,、]*[：:]$/.test(line);
}

/** Number of lines (1–3) forming an addressee line that starts at line i; 0 when there is none. */
function addresseeSpan(text: string[], i: number): number {
  for (let span = 1; span <= 3 && i + span <= text.length; span++) {
    const parts = text.slice(i, i + span);
    if (parts.slice(0, -1).some((p) => /[。；：:]$/.test(p) || !/[，,、]$/.test(p))) break;
    if (isAddresseeLine(parts.join(""))) return span;
  }
  return 0;
}

/** A line that opens the text body (not header material). */
function isBodyStart(line: string): boolean {
  if (LABEL_AT_START.test(line) || readEnactmentLine(line)) return false;
  if (/^(第[一二三四五六七八九十百零〇\d]+(?:[章节条]|部分)|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)])/.test(line))
    return true;
  if (isAddresseeLine(line)) return true;
  if (/^[（(].*[）)]$/.test(line)) return false; // a promulgation note under the title
  return (line.length >= 40 && /[，。；,]/.test(line)) || (line.length >= 12 && /[。：:]$/.test(line) && /[，,]/.test(line));
}

/** "财政部文件" — the red-headed issuer line above the 文号. */
const RED_HEAD = /^([\u4e00-\u9fa5、\s]{2,40}?)\s*文件$/;

const DATELINE =
  /^(?:[（(]?(?:本报|本刊|本网)?讯[）)]?\s*|[（(]记者[^（）()]{1,20}[）)]\s*|[\u4e00-\u9fa5]{2,12}(?:网站|网|社|报|台)?(?:[\u4e00-\u9fa5]{2,4})?\d{1,2}月?\d{1,2}日(?:消息|电|讯)[，,：:\s]\s*)/;

/** Closing formulas, signature, date and attachment list at the end of an official document. */
const CLOSING_FORMULA = /^(特此(通知|公告|通告|批复|函告)|此复|此函|以上意见.{0,10}|请遵照执行|请认真贯彻执行|[（(]此件.{1,10}[）)])[。.！]?$/;

const ENACTING =
  /(通知如下|意见如下|规定如下|决定如下|提出(以下|如下)(指导)?意见|特此通知|现予(公布|印发)|请认真贯彻执行|请遵照执行|自\d{4}年\d{1,2}月\d{1,2}日起施行|本(办法|规定|条例|细则)自)/;
const NEWS =
  /(记者|报道|讯[，,]|消息[，,]|日电|新闻|网站\d{1,2}日消息|印发《|发布《|出台《|《[^》]{2,10}》(指出|提出|要求|强调|明确))/;

function detectKind(
  title: string | null,
  body: string[],
  signals: { docNo: string | null; addressee: boolean; newsLabels: boolean; frontMatter: boolean },
): DocKind {
  const t = title ?? "";
  const text = body.join("\n");
  const articles = body.filter((l) => /^第[一二三四五六七八九十百零〇\d]+条/.test(l)).length;
  const isLing = signals.docNo !== null && /令第/.test(signals.docNo);
  const enacting = ENACTING.test(text);
  if (isLing || /(办法|条例|规定|细则|规则|章程)([（(][^）)]*[）)])?$/.test(t) || articles >= 3) return "regulation";
  if (/(方案|规划|计划|要点)([（(][^）)]*[）)])?$/.test(t) && !/(通知|意见)$/.test(t)) return "local_plan";
  if (/(通知|意见|决定|通告|公告|批复|函|指引)([（(][^）)]*[）)])?$/.test(t) && !/[：:]/.test(t)) return "notice";
  if (signals.addressee || enacting) return "notice";
  if (signals.newsLabels || signals.frontMatter || NEWS.test(text.slice(0, 600)) || /[：:]/.test(t)) return "news";
  if (signals.docNo) return "notice";
  return "other";
}

const TIME_WORDS = /^(近日|日前|近期|目前|今年|去年|今天|昨天|日前|此前|最近|当天|同时|其中|并|已|还|又|也)+/;
const MENTION_RE = /(?:([\u4e00-\u9fa5]{2,20}?)(?:联合)?(?:印发|发布|出台|下发|制定|颁布|公布)了?)?《([^《》\n]{6,80})》/g;

function findMentions(body: string[]): Mention[] {
  const out: Mention[] = [];
  const seen = new Set<string>();
  for (const line of body) {
    for (const m of line.matchAll(MENTION_RE)) {
      const title = m[2]!.trim();
      if (title === "通知" || seen.has(title)) continue;
      seen.add(title);
      let issuer = m[1] ? m[1].replace(TIME_WORDS, "") : null;
      if (issuer && !ORG_END.test(issuer)) issuer = null;
      out.push({ title, issuer: issuer || null });
    }
  }
  return out;
}

/** A page <title> is often "article title_site name": keep the part the page itself shows as a line. */
function pageTitle(htmlTitle: string, lines: string[]): string {
  const keys = new Set(lines.slice(0, 40).map((l) => compareKey(l)));
  if (keys.has(compareKey(htmlTitle))) return htmlTitle;
  const parts = htmlTitle.split(/\s*(?:_|\||｜|\s[-–—]\s|\s*——\s*|\s*--\s*)\s*/).map((p) => p.trim()).filter(Boolean);
  if (parts.length <= 1) return htmlTitle;
  const shown = parts.find((p) => keys.has(compareKey(p)));
  return shown ?? parts.reduce((a, b) => (b.length > a.length ? b : a));
}

/** 抄送 / 主题词 lines of the printed distribution record at the end of an official document. */
const DISTRIBUTION = /^(抄\s*送|主\s*题\s*词|关\s*键\s*词|分\s*送|发\s*送)\s*[:：]/;

function isDateOnly(line: string): boolean {
  return line.length <= 24 && /^[\d\s年月日〇○零一二三四五六七八九十]+$/.test(line) && parseDate(line.replace(/○/g, "〇")) !== null;
}

/** "某某省财政厅 某某省民政厅" — one or more issuing bodies, as signed under a notice. */
function isOrgLine(line: string): boolean {
  if (line.length > 60 || matchesNumbering(line) || /[。，；：:,;、\d（()）《》“”]/.test(line)) return false;
  const parts = line.split(/\s+/).filter(Boolean);
  if (parts.every((p) => p.length >= 2 && p.length <= 30 && ORG_END.test(p))) return true;
  const joined = line.replace(/\s+/g, "");
  return joined.length <= 20 && ORG_END.test(joined); // letter-spaced "财 政 部"
}

/** The signature's issuer(s): several bodies keep a space between them, a letter-spaced name loses its spaces. */
function orgName(line: string): string {
  const parts = line.split(/\s+/).filter(Boolean);
  return parts.every((p) => p.length >= 2 && ORG_END.test(p)) ? parts.join(" ") : parts.join("");
}

/** Index of the "附件：1.…" line that opens a list of attachments ending at line `end`; -1 when there is none. */
function attachmentListStart(text: string[], end: number, min: number): number {
  for (let m = end; m >= Math.max(min, end - 8); m--) {
    const line = text[m]!;
    if (/^附\s*件\s*\d*\s*[:：]?/.test(line) && line.length <= 80 && !/。/.test(line)) return m;
    if (line.length > 80 || /。/.test(line) || !/^\d{1,2}\s*[.．、]/.test(line)) return -1;
  }
  return -1;
}

export function extractMetadata(
  lines: CleanLine[],
  ctx: { frontMatter: Record<string, string>; htmlTitle: string | null; htmlH1?: string | null },
): MetadataResult {
  const text = lines.map((l) => collapseSpacedLabels(l.text));
  let title: string | null = null;
  let titleLabelled = false;
  let docNo: string | null = null;
  let date: string | null = null;
  // true while `date` is only the page's publication date (发布时间 / 发布日期 / front matter): the document's own
  // date in its signature (成文日期) replaces it
  let published = false;
  const signatureDate = (d: string | null) => {
    if (d && (published || !date)) {
      date = d;
      published = false;
    }
  };
  let issuer: string | null = null;
  let source: string | null = null;
  let excerpt = false;
  let addressee = false;
  let newsLabels = false;

  const fm = ctx.frontMatter;
  if (fm.title) {
    title = fm.title;
    titleLabelled = true;
  }
  if (fm.date) {
    date = parseDate(fm.date);
    published = date !== null;
  }
  const frontMatter = Object.keys(fm).length > 0;
  if (!title && (ctx.htmlTitle || ctx.htmlH1)) {
    const fromTitle = ctx.htmlTitle ? pageTitle(ctx.htmlTitle, text) : null;
    // an <h1> names the page only when it is near the top and is not a numbered section heading ("一、总体要求" in a
    // .docx whose headings use Word's Heading 1 style)
    const h1Key = ctx.htmlH1 ? compareKey(ctx.htmlH1) : "";
    const h1Near = text.slice(0, 12).some((l) => {
      const k = compareKey(l);
      return k.length >= 4 && h1Key.includes(k); // the heading may be shown over two lines
    });
    const h1 =
      ctx.htmlH1 && ctx.htmlH1.length >= 4 && ctx.htmlH1.length <= 90 && !matchesNumbering(ctx.htmlH1) && (h1Near || isFormalTitle(ctx.htmlH1))
        ? ctx.htmlH1
        : null;
    // the page's <h1> is its title line when it names a document (the <title> may be only the site's name)
    const siteName = (t: string) => t.length <= 20 && ORG_END.test(t.replace(/\s+/g, ""));
    const useH1 = h1 !== null && (isFormalTitle(h1) || !fromTitle || (!isFormalTitle(fromTitle) && !siteName(h1)));
    title = useH1 ? h1 : fromTitle;
    titleLabelled = true;
  }

  const consumed = new Set<number>();
  const firstBody = text.findIndex(isBodyStart);
  const headerEnd = firstBody < 0 ? Math.min(text.length, 8) : firstBody;

  const applyLabels = (seg: Map<string, string>) => {
    for (const [k, v] of seg) {
      if (!v) continue;
      if (/^(标题|题目|题名|名称|文件名称)$/.test(k)) {
        if (!titleLabelled || !title || fm.title === title) title = v.replace(/[。.]$/, "");
        titleLabelled = true;
      } else if (/^(文号|发文字号|发文文号|文件编号)$/.test(k)) docNo = parseDocNo(v) ?? docNo;
      else if (/日期|时间/.test(k)) {
        const own = /^(成文日期|印发日期|发文日期)$/.test(k);
        const d = parseDate(v);
        if (d && (!date || (published && own))) {
          date = d;
          published = !own;
        }
      } else if (/^(来源|信息来源|文章来源)$/.test(k)) {
        source = source ?? v.split(/\s+/)[0]!;
        if (!/^https?:/.test(v)) newsLabels = true;
        date = date ?? parseDate(v);
      } else if (/^(发布机构|发文机关|发文单位|发布单位|制发机关)$/.test(k)) issuer = v;
      else if (/^(作者|编辑|责任编辑|浏览次数|阅读次数|点击数)$/.test(k)) {
        newsLabels = true;
        date = date ?? parseDate(v);
      }
    }
  };

  // Header zone: lines stating a fact (header-lines.ts), addressees, red head, title line, stray short chrome.
  let titleLine = -1;
  let printedDocNo: string | null = null;
  const enactment: EnactmentLine[] = [];
  const applyHeaderFact = (fact: HeaderFact) => {
    switch (fact.kind) {
      case "labels":
        return applyLabels(fact.labels);
      case "enactment":
        return void enactment.push(fact.record);
      case "docNo":
        docNo = docNo ?? fact.docNo;
        printedDocNo = printedDocNo ?? fact.printed;
        return;
      case "date":
        date = date ?? fact.date;
        return;
      case "note":
        docNo = docNo ?? fact.docNo;
        date = date ?? fact.date;
        return;
    }
  };
  for (let i = 0; i < headerEnd; i++) {
    const line = text[i]!;
    const read = readHeaderLine(line, i + 1 < headerEnd ? text[i + 1] : undefined);
    if (read) {
      applyHeaderFact(read.fact);
      for (let k = i; k < i + read.lines; k++) consumed.add(k);
      i += read.lines - 1;
      continue;
    }
    const span = addresseeSpan(text, i);
    if (span) {
      addressee = true;
      for (let k = i; k < i + span; k++) consumed.add(k);
      i += span - 1;
      continue;
    }
    const red = RED_HEAD.exec(line);
    if (red && titleLine < 0 && line.length <= 40) {
      issuer = issuer ?? red[1]!.replace(/\s+/g, "");
      consumed.add(i);
      continue;
    }
    if (titleLine < 0 && line.length >= 4 && line.length <= 90 && !/[。；：:]$/.test(line) && !/。/.test(line)) {
      titleLine = i;
      if (!title) title = line;
      consumed.add(i);
      continue;
    }
    // The first line was the issuing body's name (a red head without "文件"); the formal title follows.
    if (
      titleLine >= 0 &&
      !titleLabelled &&
      title === text[titleLine] &&
      !isFormalTitle(title) &&
      !/关于/.test(title) &&
      title.length <= 24 &&
      ORG_END.test(title.replace(/\s+/g, "")) &&
      isFormalTitle(line)
    ) {
      issuer = issuer ?? title.replace(/\s+/g, "");
      title = line;
      titleLine = i;
      consumed.add(i);
      continue;
    }
    // A title set over two lines: "某某市财政局关于进一步加强政府购买服务" / "预算管理工作的通知".
    if (
      titleLine === i - 1 &&
      title === text[i - 1] &&
      !DOC_TYPE_END.test(title) &&
      DOC_TYPE_END.test(line) &&
      line.length <= 40 &&
      !/[。，；：:]/.test(line)
    ) {
      title = title + line;
      consumed.add(i);
      continue;
    }
    // A Markdown section heading under the title is the body's first section, not header material.
    const key = compareKey(stripTitleDecoration(line));
    if ((lines[i]!.heading ?? 0) >= 2 && title && key !== compareKey(stripTitleDecoration(title))) continue;
    // Another short header line: the title repeated, site names, bylines.
    const titleKey = title ? compareKey(stripTitleDecoration(title)) : "";
    // the title as the page shows it, give or take a site name or a line break
    const titleVariant =
      titleKey.length > 0 &&
      (key === titleKey || (key.length >= 8 && titleKey.includes(key)) || (key.includes(titleKey) && key.length <= titleKey.length + 12));
    if (titleVariant) consumed.add(i);
    else if (line.length <= 16 && !/[。，；]/.test(line)) consumed.add(i);
  }
  // the enactment record dates the document itself (over a page's publication date) and names the body that passed it
  signatureDate(enactmentDate(enactment));
  docNo = docNo ?? enactment.find((e) => e.docNo)?.docNo ?? null;
  const enactedBy = enactment.find((e) => e.enactedBy)?.enactedBy ?? null;

  // The addressee line right after the header (official notices), possibly wrapped over two or three lines.
  for (let i = headerEnd; i < Math.min(text.length, headerEnd + 2); i++) {
    if (consumed.has(i)) continue;
    const span = addresseeSpan(text, i);
    if (span) {
      addressee = true;
      for (let k = i; k < i + span; k++) consumed.add(k);
    }
  }

  // Body: trailing attribution labels, excerpt marks, the title repeated.
  const titleKey = title ? compareKey(stripTitleDecoration(title)) : "";
  for (let i = headerEnd; i < text.length; i++) {
    if (consumed.has(i)) continue;
    const line = text[i]!;
    const label = LABEL_AT_START.exec(line)?.[1];
    // inside the body only page attribution is metadata; "时间：2023年底前" in a plan is text
    if (label && line.length <= 80 && (ATTRIBUTION.test(label) || i >= text.length - 4)) {
      const seg = labelSegments(line);
      // a "标题:" line after the body is a repeated copy; only attribution labels are read there
      if (!seg.has("标题")) applyLabels(seg);
      consumed.add(i);
      continue;
    }
    if (/^[（(【\[]?节选[）)】\]]?$/.test(line)) {
      excerpt = true;
      consumed.add(i);
      continue;
    }
    if (titleKey && compareKey(stripTitleDecoration(line)) === titleKey) {
      consumed.add(i);
      continue;
    }
    if (i >= text.length - 3 && /^[\d\s年月日〇零一二三四五六七八九十]+$/.test(line) && parseDate(line)) {
      date = date ?? parseDate(line);
      consumed.add(i);
    }
  }

  // Signature blocks anywhere after the body (attachments may follow them): issuing bodies over a date line, with the
  // closing formula and the list of attachments above them; 抄送 / 印发 lines. They feed issuer and date, not clauses.
  let signed = false;
  for (let i = headerEnd; i < text.length; i++) {
    const line = text[i]!;
    if (consumed.has(i) && !isDateOnly(line)) continue;
    if (DISTRIBUTION.test(line) || (/印发$/.test(line) && line.length <= 50 && parseDate(line))) {
      consumed.add(i);
      continue;
    }
    // "某某市财政局　2024年6月3日" — issuer and date on one line
    const inline = /^(.{2,60}?)\s+([\d〇○零一二三四五六七八九十]{4}\s*年.{1,12}日)$/.exec(line);
    if (inline && !consumed.has(i) && isOrgLine(inline[1]!) && isDateOnly(inline[2]!)) {
      consumed.add(i);
      if (!signed) {
        signatureDate(parseDate(inline[2]!.replace(/○/g, "〇")));
        issuer = issuer ?? orgName(inline[1]!);
        signed = true;
      }
      let k = i - 1;
      if (k >= headerEnd && CLOSING_FORMULA.test(text[k]!)) consumed.add(k--);
      continue;
    }
    if (!isDateOnly(line)) continue;
    if (consumed.has(i) && signed) continue;
    let k = i - 1;
    const orgs: string[] = [];
    while (k >= headerEnd && i - k <= 3 && !consumed.has(k) && isOrgLine(text[k]!)) orgs.unshift(text[k--]!);
    const closing = k >= headerEnd && !consumed.has(k) && CLOSING_FORMULA.test(text[k]!);
    if (!orgs.length && !closing) continue;
    consumed.add(i);
    for (let o = k + 1; o < i; o++) consumed.add(o);
    // "（此件公开发布）" under the date
    for (let n = i + 1; n < text.length && n <= i + 2 && CLOSING_FORMULA.test(text[n]!); n++) consumed.add(n);
    if (!signed) {
      signatureDate(parseDate(line.replace(/○/g, "〇")));
      if (orgs.length) issuer = issuer ?? orgs.map(orgName).join(" ");
      signed = true;
    }
    // 特此通知 and the 附件 list (in either order) just above the signature
    for (let pass = 0; pass < 2 && k >= headerEnd; pass++) {
      if (CLOSING_FORMULA.test(text[k]!)) {
        consumed.add(k--);
        continue;
      }
      const list = attachmentListStart(text, k, headerEnd);
      if (list < 0) break;
      for (let m = list; m <= k; m++) consumed.add(m);
      k = list - 1;
    }
  }

  // Closing: 特此通知 / signature / date / 附件 lines, from the end backwards.
  for (let i = text.length - 1; i >= headerEnd && i >= text.length - 8; i--) {
    if (consumed.has(i)) continue;
    const line = text[i]!;
    if (CLOSING_FORMULA.test(line) || /^附件\s*\d*\s*[:：.．、]/.test(line) || /^\d[.．、]\S{2,40}$/.test(line) && /^附件/.test(text[i - 1] ?? "")) {
      consumed.add(i);
      continue;
    }
    if (/^[\d\s年月日〇零一二三四五六七八九十]+$/.test(line) && parseDate(line)) {
      date = date ?? parseDate(line);
      consumed.add(i);
      continue;
    }
    if (isOrgLine(line) && line.length <= 40) {
      issuer = issuer ?? orgName(line);
      consumed.add(i);
      continue;
    }
    break;
  }

  const body = text.filter((_, i) => !consumed.has(i));
  const headingFlags = lines.filter((_, i) => !consumed.has(i)).map((l) => (l.heading ?? 0) >= 2);
  // A news dateline in front of the first paragraph ("财政部网站18日消息，" "新华社北京4月18日电 ") is not the text.
  if (body.length) {
    const dl = DATELINE.exec(body[0]!);
    if (dl && body[0]!.length - dl[0].length >= 20) {
      body[0] = body[0]!.slice(dl[0].length);
      newsLabels = true;
    }
  }
  const last = body[body.length - 1] ?? "";
  if (/(……|…|\.\.\.)[”"）)]?$/.test(last) || /[（(]节选[）)]/.test(body.join(""))) excerpt = true;
  for (let i = 0; i < body.length; i++) body[i] = body[i]!.replace(/[（(]节选[）)]$/, "").trim();

  if (title && /[（(]节选[）)]/.test(title)) {
    excerpt = true;
    title = title.replace(/\s*[（(]节选[）)]\s*/g, "");
  }
  if (title) title = stripTitleDecoration(title.replace(/\s+/g, " ").trim()) || title;
  if (!docNo && title) docNo = parseDocNo(title.replace(/.*[（(](.+)[）)]$/, "$1")) && /[（(][^（(]*号[）)]$/.test(title) ? parseDocNo(title) : null;
  if (!issuer && enactedBy) issuer = enactedBy;
  if (!issuer && title) issuer = issuerFromTitle(title);
  if (!issuer && docNo) issuer = issuerFromDocNo(docNo);

  const kind = detectKind(title, body, { docNo, addressee, newsLabels, frontMatter });
  return {
    meta: {
      title: title && title.length > 0 ? title : null,
      titleLabelled,
      issuer,
      docNo,
      date,
      kind,
      excerpt,
      source,
      mentions: findMentions(body),
    },
    body: body.filter((l) => l.length > 0),
    bodyHeadings: headingFlags.filter((_, i) => body[i]!.length > 0),
    docNoLine: printedDocNo,
  };
}
