/**
 * Character-level normalisation shared by the ingestion stages: full-width ASCII to half-width, half-width
 * punctuation between Chinese characters to its full-width form, Chinese numerals, sentence splitting.
 */
import { stripInvisible } from "../text/normalize.js";

const CJK = "\\u3400-\\u9fff\\uf900-\\ufaff";
const CJK_OR_PUNCT = `${CJK}\\u3000-\\u303f\\uff00-\\uffef“”‘’`;

/** Full-width digits and Latin letters (０-９Ａ-Ｚａ-ｚ) → ASCII; other characters untouched. */
export function halfWidthAlnum(s: string): string {
  return s.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

const PUNCT_MAP: Record<string, string> = { ",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）" };

/**
 * Half-width , : ; ? ! ( ) next to Chinese text become full-width (the notices mix both). Leaves ASCII contexts
 * (times 9:00, URLs, English prose) alone.
 */
export function fullWidthPunct(s: string): string {
  const cjkBefore = new RegExp(`([${CJK_OR_PUNCT}])\\s?([,:;?!])`, "g");
  let out = s.replace(cjkBefore, (_m, a: string, p: string) => a + PUNCT_MAP[p]);
  const cjkAfter = new RegExp(`([,;?!])\\s?([${CJK}])`, "g");
  out = out.replace(cjkAfter, (_m, p: string, b: string) => PUNCT_MAP[p] + b);
  // Brackets: a pair ( … ) whose content or surroundings are Chinese.
  out = out.replace(new RegExp(`\\(([^()\\n]{0,40})\\)`, "g"), (m, inner: string, offset: number, whole: string) => {
    const before = whole[offset - 1] ?? "";
    const after = whole[offset + m.length] ?? "";
    const ctx = new RegExp(`[${CJK}]`);
    if (ctx.test(inner) || ctx.test(before) || ctx.test(after)) return `（${inner}）`;
    return m;
  });
  return out;
}

/** Full normalisation of one line of body text. */
export function normalizeLine(s: string): string {
  let t = stripInvisible(s).replace(/[\u00a0\u2002-\u200b\u3000\ufeff\t]/g, " ");
  t = halfWidthAlnum(t);
  t = fullWidthPunct(t);
  t = t.replace(/ {2,}/g, " ").trim();
  // A space between two Chinese characters / punctuation is layout, not content, except in short title-like lines.
  // Keep the space after an article / chapter number ("第十条 以下各项…"); a heading's letter-spacing goes ("总 则").
  const marker = /^第[一二三四五六七八九十百零〇\d]+(?:[章节条]|部分) /.exec(t)?.[0] ?? "";
  let rest = t.slice(marker.length);
  if (t.length > 40) rest = rest.replace(new RegExp(`([${CJK_OR_PUNCT}]) (?=[${CJK_OR_PUNCT}])`, "g"), "$1");
  else if (/^([\u4e00-\u9fa5] )+[\u4e00-\u9fa5]$/.test(rest)) rest = rest.replace(/ /g, "");
  return marker + rest;
}

/** Key for comparing texts regardless of punctuation width, spaces and markup leftovers. */
export function compareKey(s: string): string {
  return halfWidthAlnum(s)
    .normalize("NFKC")
    .replace(/[\s\p{P}\p{S}]/gu, "")
    .toLowerCase();
}

/** Character shingles of a compare key, for overlap tests. */
export function shingles(key: string, n = 6): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + n <= key.length; i++) out.add(key.slice(i, i + n));
  if (key.length > 0 && key.length < n) out.add(key);
  return out;
}

/** Share of `a`'s shingles that also occur in `b` (0 when `a` is empty). */
export function containment<T>(a: Set<T>, b: Set<T>): number {
  if (a.size === 0) return 0;
  let hit = 0;
  for (const s of a) if (b.has(s)) hit++;
  return hit / a.size;
}

export { chineseNumber } from "../text/numerals.js";

/** Sentences of a Chinese text, each keeping its closing mark (。！？；or ……). */
export function sentences(text: string): string[] {
  const out: string[] = [];
  const re = /[^。！？；!?;]*(?:[。！？；!?;]+[”’」』）)]?|$)/g;
  for (const m of text.matchAll(re)) {
    const s = m[0];
    if (s.trim()) out.push(s);
  }
  return out;
}

export const SENTENCE_END = /[。！？；!?;…：:”」』]$/;
