/**
 * One text normaliser for every place that matches words: what a reader sees, whatever characters spell it.
 *
 * `normalizeText(s)` is the matching form of a text — never shown to users (keep their original for display):
 *  1. HTML character references decoded (&#21153; → 务; twice, so &amp;#21153; too);
 *  2. right-to-left overrides (U+202E … U+202C) applied: the characters they reverse on screen are put in screen order;
 *  3. NFKC (full-width → half-width, compatibility ideographs 勞 U+F92F → 勞, Kangxi radicals ⼈ → 人) and the CJK
 *     Radicals Supplement (⻙ → 韦, radicals.ts);
 *  4. invisible characters removed: format and zero-width characters (U+200B/200C/200D/2060/FEFF, soft hyphen),
 *     bidirectional controls, tag characters, variation selectors, other default-ignorable and control characters
 *     (tab and newline stay), and combining marks NFKC could not compose;
 *  5. spaces collapsed to one (newlines kept);
 *  6. traditional characters → simplified (OpenCC, Taiwan and Hong Kong variants included: 勞務派遣 → 劳务派遣);
 *  7. separators between two Chinese characters removed: spaces, interpuncts and dots (劳·务, 劳 务, 劳.务), dashes,
 *     underscores, symbols — up to three in a row.
 * Case is kept (callers fold it if they need to); Chinese punctuation such as ，。、 is kept.
 *
 * `stripInvisible(s)` is the display-safe subset (steps 3's radicals and compatibility ideographs, and 4 where it
 * cannot change what a reader sees): for stored text such as ingested notices.
 * `hiddenCharacters(s)` lists what a sender could have hidden inside Chinese words (see HiddenCharacter).
 */
import { Converter } from "opencc-js/t2cn";
import { decodeEntities } from "./entities.js";
import { RADICAL_EQUIVALENTS } from "./radicals.js";

const HAN = /\p{Script=Han}/u;
/** Invisible: default-ignorable (zero-width, bidi, tags, variation selectors, fillers), format, control, and marks. */
const INVISIBLE_CLASS = "\\p{Default_Ignorable_Code_Point}\\p{Cf}\\p{Cc}\\p{M}";
const INVISIBLE = new RegExp(`(?![\\t\\n])[${INVISIBLE_CLASS}]`, "gu");
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** Radicals and compatibility ideographs: drawn like ordinary characters, never typed by an input method. */
const LOOKALIKE_CLASS = "[\\u2e80-\\u2ef3\\u2f00-\\u2fd5\\uf900-\\ufaff\\u{2f800}-\\u{2fa1f}]";
const LOOKALIKE = new RegExp(LOOKALIKE_CLASS, "u");
const LOOKALIKES = new RegExp(LOOKALIKE_CLASS, "gu");
const ONE_INVISIBLE = new RegExp(`^(?![\\t\\n\\r])[${INVISIBLE_CLASS}]$`, "u");
const SEPARATOR = "(?:[^\\S\\n]|[\\p{Pd}\\p{Pc}\\p{S}·・•‧∙⋅.*'\"`#])";
const NOISE_BETWEEN_HAN = new RegExp(`(?<=\\p{Script=Han})${SEPARATOR}{1,3}(?=\\p{Script=Han})`, "gu");

function mapRadicals(s: string): string {
  return s.replace(/[\u2e80-\u2ef3]/g, (c) => RADICAL_EQUIVALENTS.get(c) ?? c);
}

/** Text inside a right-to-left override is shown reversed; this returns it in the order a reader sees. */
function screenOrder(s: string): string {
  return s.replace(/\u202e([^\u202c\n]*)(?:\u202c|(?=\n)|$)/g, (_m, inner: string) => [...inner].reverse().join(""));
}

let toSimplifiedFns: ((s: string) => string)[] | undefined;
function toSimplified(s: string): string {
  if (!/[^\x00-\u2fff]/.test(s)) return s;
  toSimplifiedFns ??= [Converter({ from: "tw", to: "cn" }), Converter({ from: "hk", to: "cn" })];
  return toSimplifiedFns.reduce((t, f) => f(t), s);
}

/**
 * The matching form of a text (see the module comment): NFKC, hidden characters removed, HTML references decoded,
 * traditional → simplified, separators inside Chinese words removed. For comparing and searching only; show users
 * their own text.
 */
export function normalizeText(s: string): string {
  let t = decodeEntities(decodeEntities(s));
  t = screenOrder(t.replace(/\r\n?/g, "\n"));
  t = mapRadicals(t.normalize("NFKC"));
  t = t.replace(INVISIBLE, "").replace(/[^\S\n]+/g, " ");
  t = toSimplified(t);
  return t.replace(NOISE_BETWEEN_HAN, "");
}

/**
 * Removes what a reader cannot see — zero-width and format characters, bidirectional controls, tag characters,
 * variation selectors, combining marks on Chinese characters — puts right-to-left overridden text in the order it is
 * shown, and writes radicals and compatibility ideographs as the ordinary characters they look like. What a reader
 * sees is unchanged.
 */
export function stripInvisible(s: string): string {
  return mapRadicals(screenOrder(s).replace(LOOKALIKES, (c) => c.normalize("NFKC")))
    .replace(/(?<=[\p{Script=Han}\u3000-\u303f\uff00-\uffef])\p{M}+/gu, "")
    .replace(/(?![\t\n\v\f\r])[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}]/gu, "")
    .replace(/[\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/gu, "");
}

export interface HiddenCharacter {
  /** offset in the text */
  index: number;
  /** what was written there: the character, or the whole HTML reference */
  written: string;
  /** invisible inside a Chinese word · bidirectional control · Chinese character written as an HTML reference · radical or compatibility ideograph */
  kind: "invisible" | "bidi" | "entity" | "lookalike";
}

/** U+XXXX of each code point. */
export function codePoints(s: string): string {
  return [...s].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`).join(" ");
}

/**
 * Characters that make a text's normalised form differ from what it seems to say, in ways no honest writer needs:
 * an invisible character between two Chinese characters, a bidirectional control anywhere, a Chinese character
 * written as an HTML reference, a radical or compatibility ideograph standing for an ordinary character.
 */
export function hiddenCharacters(s: string): HiddenCharacter[] {
  const out: HiddenCharacter[] = [];
  const chars = [...s];
  const offsets: number[] = [];
  let at = 0;
  for (const c of chars) {
    offsets.push(at);
    at += c.length;
  }
  const invisible = (c: string) => ONE_INVISIBLE.test(c);
  const hanNear = (i: number, step: number) => {
    for (let j = i + step; j >= 0 && j < chars.length; j += step) if (!invisible(chars[j]!)) return HAN.test(chars[j]!);
    return false;
  };
  chars.forEach((c, i) => {
    if (BIDI_CONTROL.test(c)) out.push({ index: offsets[i]!, written: c, kind: "bidi" });
    else if (LOOKALIKE.test(c)) out.push({ index: offsets[i]!, written: c, kind: "lookalike" });
    else if (invisible(c) && hanNear(i, -1) && hanNear(i, 1)) out.push({ index: offsets[i]!, written: c, kind: "invisible" });
  });
  for (const m of s.matchAll(/&(?:amp;)*(?:#x[0-9a-f]+|#\d+|[a-z]+\d?);?/gi)) {
    const decoded = decodeEntities(decodeEntities(m[0]));
    if (decoded !== m[0] && HAN.test(decoded)) out.push({ index: m.index, written: m[0], kind: "entity" });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The text with each hidden character shown as ⟦U+XXXX⟧ (HTML references stay as written), for messages. */
export function revealHidden(s: string): string {
  const hidden = hiddenCharacters(s).filter((h) => h.kind !== "entity");
  let out = "";
  let at = 0;
  for (const h of hidden) {
    out += s.slice(at, h.index) + (h.kind === "lookalike" ? h.written : "") + `⟦${codePoints(h.written)}⟧`;
    at = h.index + h.written.length;
  }
  return out + s.slice(at);
}
