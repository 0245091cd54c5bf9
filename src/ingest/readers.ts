/**
 * File bytes → text, per extension: .txt/.md/.markdown (UTF-8, UTF-16 with BOM, or GB18030/GBK), .html/.htm,
 * .docx (mammoth) and .pdf (pdfjs-dist legacy build, no worker, no network: CMaps and fonts come from node_modules).
 * A file that cannot be read throws ReadError with a reason in Chinese and English.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { SourceFormat } from "./clean.js";

export const DOCUMENT_EXTENSIONS = [".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"] as const;

export class ReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReadError";
  }
}

export interface ReadResult {
  text: string;
  format: SourceFormat;
  /** the character encoding the text was decoded from (for text formats) */
  encoding?: string;
}

/** Share of characters that are control characters or U+FFFD (binary garbage). */
function garbageRatio(s: string): number {
  if (!s.length) return 0;
  let bad = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13) || (c >= 0x7f && c < 0xa0)) bad++;
  }
  return bad / s.length;
}

/** Decodes text bytes: BOMs first, then strict UTF-8, then GB18030 (a superset of GBK/GB2312). */
export function decodeText(bytes: Uint8Array, file: string): { text: string; encoding: string } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  const candidates: [string, boolean][] = [["utf-8", true], ["gb18030", true]];
  for (const [enc, fatal] of candidates) {
    try {
      const text = new TextDecoder(enc, { fatal }).decode(bytes);
      if (garbageRatio(text) < 0.02) return { text: text.replace(/^\ufeff/, ""), encoding: enc };
    } catch {
      /* try the next encoding */
    }
  }
  throw new ReadError(`无法识别文本编码或文件不是文本 / not a text file or unknown encoding: ${path.basename(file)}`);
}

function htmlCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 2048));
  const m = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head);
  return m ? m[1]!.toLowerCase() : null;
}

async function readDocx(bytes: Uint8Array, file: string): Promise<string> {
  const { default: mammoth } = await import("mammoth");
  try {
    // pictures are not text: never unpacked (expanded-size.ts does not count them either)
    const convertImage = mammoth.images.imgElement(() => Promise.resolve({ src: "" }));
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { convertImage });
    return result.value;
  } catch (err) {
    throw new ReadError(
      `无法解析 Word 文档（文件损坏或不是 .docx） / cannot parse .docx (corrupt or not a Word file): ${path.basename(file)}: ${
        err instanceof Error ? err.message.split("\n")[0] : String(err)
      }`,
    );
  }
}

const require = createRequire(import.meta.url);

function pdfjsAssetUrl(dir: string): string {
  const pkg = path.dirname(require.resolve("pdfjs-dist/package.json"));
  // pdfjs in Node reads these with fs: a plain path with a trailing separator, not a file:// URL
  return path.join(pkg, dir) + path.sep;
}

interface PdfTextItem {
  str: string;
  transform: number[];
  width?: number;
  hasEOL?: boolean;
  height?: number;
}

interface PdfLine {
  text: string;
  y: number;
  /** right edge of the line */
  end: number;
  size: number;
}

/**
 * Visual lines → paragraphs: a line that runs to the right margin without closing punctuation continues on the next
 * line (unless the next line starts a numbered item).
 */
function joinPdfLines(all: PdfLine[]): string {
  // page numbers ("— 3 —", "- 3 -", "第3页 共8页", a bare "3") are not text, and must not be glued to a paragraph
  const lines = all.filter(
    (l) => !/^\s*([-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(\s*[,，]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}(\s*\/\s*\d{1,4})?)\s*$/.test(l.text),
  );
  const margin = Math.max(0, ...lines.map((l) => l.end));
  const out: string[] = [];
  let para = "";
  lines.forEach((l, i) => {
    para += l.text;
    const next = lines[i + 1];
    const full = l.end >= margin - l.size * 1.5;
    const closes = /[。！？；：:.!?…”」』）)]\s*$/.test(l.text);
    const nextNumbered = next ? /^\s*(第[一二三四五六七八九十百零〇\d]+(?:[章节条]|部分)|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])/.test(next.text) : true;
    if (!full || closes || nextNumbered) {
      out.push(para);
      para = "";
    }
  });
  if (para) out.push(para);
  return out.join("\n");
}

/**
 * Running headers and footers: a line that opens (or closes) two or more pages with the same words is page
 * furniture, not text (a page number is removed by joinPdfLines).
 */
function dropPageFurniture(pages: PdfLine[][]): PdfLine[][] {
  if (pages.length < 2) return pages;
  const key = (l: PdfLine | undefined) => (l ? l.text.replace(/\s+/g, "") : "");
  const tally = (pick: (p: PdfLine[]) => PdfLine | undefined) => {
    const n = new Map<string, number>();
    for (const p of pages) {
      const k = key(pick(p));
      if (k && k.length <= 40) n.set(k, (n.get(k) ?? 0) + 1);
    }
    return new Set([...n].filter(([, c]) => c >= 2).map(([k]) => k));
  };
  const heads = tally((p) => p[0]);
  const feet = tally((p) => p[p.length - 1]);
  return pages.map((p) => {
    let out = p;
    if (out.length && heads.has(key(out[0]))) out = out.slice(1);
    if (out.length && feet.has(key(out[out.length - 1]))) out = out.slice(0, -1);
    return out;
  });
}

async function readPdf(bytes: Uint8Array, file: string): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  let doc;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      useWorkerFetch: false,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
      verbosity: 0,
      cMapUrl: pdfjsAssetUrl("cmaps"),
      cMapPacked: true,
      standardFontDataUrl: pdfjsAssetUrl("standard_fonts"),
    }).promise;
  } catch (err) {
    throw new ReadError(
      `无法解析 PDF（文件损坏或加密） / cannot parse PDF (corrupt or encrypted): ${path.basename(file)}: ${
        err instanceof Error ? err.message.split("\n")[0] : String(err)
      }`,
    );
  }
  try {
    const pages: PdfLine[][] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const lines: PdfLine[] = [];
      let cur: PdfLine | null = null;
      for (const raw of content.items) {
        if (!("str" in raw)) continue;
        const item = raw as PdfTextItem;
        const x = item.transform[4] ?? 0;
        const y = item.transform[5] ?? 0;
        const size = Math.max(item.height ?? 0, Math.abs(item.transform[0] ?? 0), 1);
        if (cur && Math.abs(y - cur.y) > Math.max(2, size * 0.5)) {
          lines.push(cur);
          cur = null;
        }
        if (!cur) cur = { text: "", y, end: 0, size };
        cur.text += item.str;
        cur.end = Math.max(cur.end, x + (item.width ?? 0));
        if (item.hasEOL) {
          lines.push(cur);
          cur = null;
        }
      }
      if (cur) lines.push(cur);
      pages.push(lines.filter((l) => l.text.trim()));
      page.cleanup();
    }
    // one run of lines over all pages, so a paragraph that runs on to the next page is joined
    return joinPdfLines(dropPageFurniture(pages).flat());
  } finally {
    await doc.destroy();
  }
}

export async function readDocument(file: string, bytes: Uint8Array): Promise<ReadResult> {
  const ext = path.extname(file).toLowerCase();
  if (bytes.length === 0) throw new ReadError(`文件为空 / file is empty: ${path.basename(file)}`);
  switch (ext) {
    case ".docx":
      return { text: await readDocx(bytes, file), format: "html" };
    case ".pdf": {
      if (!new TextDecoder("latin1").decode(bytes.subarray(0, 1024)).includes("%PDF"))
        throw new ReadError(`不是 PDF 文件 / not a PDF file: ${path.basename(file)}`);
      return { text: await readPdf(bytes, file), format: "text" };
    }
    case ".html":
    case ".htm": {
      const cs = htmlCharset(bytes);
      if (cs && /^(gb2312|gbk|gb18030)$/.test(cs))
        return { text: new TextDecoder("gb18030").decode(bytes), format: "html", encoding: "gb18030" };
      const d = decodeText(bytes, file);
      return { text: d.text, format: "html", encoding: d.encoding };
    }
    case ".md":
    case ".markdown": {
      const d = decodeText(bytes, file);
      return { text: d.text, format: "markdown", encoding: d.encoding };
    }
    case ".txt": {
      const d = decodeText(bytes, file);
      return { text: d.text, format: "text", encoding: d.encoding };
    }
    default:
      throw new ReadError(`不支持的文件类型 / unsupported file type: ${ext || "(none)"}`);
  }
}
