/**
 * Tokenisation for Chinese and English policy text.
 *
 * - `normalize`: NFKC (full-width → half-width letters, digits and punctuation), lower-case, collapsed spaces.
 * - `indexTokens`: what BM25 and the local embeddings see — jieba search-mode words (compounds and their parts,
 *   with the domain dictionary loaded so 劳务派遣 / 变相用工 / 指导性目录 stay whole), lower-cased ASCII words and
 *   numbers, plus CJK character bigrams (prefixed with "~" so they never collide with a two-character word).
 * - `keyTerms`: the topic terms of a question (jieba precise mode), without stop words and without the
 *   "question words" (可以 / 能否 / 不得 / 哪些 …). Those cue words matter for verdicts, not for topics, and are
 *   returned separately by `questionCues`.
 */
import fs from "node:fs";
import path from "node:path";
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { projectRoot } from "../config.js";

/** Function words that carry no topic. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "的 了 是 在 和 与 及 或 等 对 为 把 被 也 都 就 而 并 且 其 之 以 于 由 从 向 将 这 那 这个 那个 这些 那些 " +
    "有 有关 相关 一个 一些 我们 你们 他们 我 你 他 她 它 本 该 各 每 所 如 若 则 即 但 还 又 再 已 已经 " +
    "作为 包括 包含 主要 具体 进行 开展 做 做好 按照 根据 关于 通过 方面 工作 情况 问题 以及 及其 以上 以下 之一 其中 其他 " +
    "the a an of to in on for and or by with from at as is are be been was were it its this that these those " +
    "do does did can could may might must should would will shall we our you your they their i me my he she " +
    "what which who whom whose how when where why whether if any some there here about into than then so"
  ).split(/\s+/),
);

/**
 * Question words: they say what kind of answer is wanted (yes/no, who, how many) or carry polarity
 * (可以 / 能否 / 不得 / 禁止). Kept out of the topic terms; exposed for the verdict / abstention logic.
 */
export const QUESTION_WORDS: ReadonlySet<string> = new Set(
  (
    "吗 呢 吧 啊 么 哪些 哪个 哪 什么 怎么 怎样 怎么样 如何 为何 为什么 谁 由谁 多少 几 几个 多大 多久 多长 是否 " +
    "可以 可否 能否 能 能够 不能 不能不 不得不 不可以 不可 可不可以 能不能 允许 不允许 准许 不得 禁止 严禁 一律 应该 应当 应 需要 需 " +
    "要不要 要 要求 必须 有没有 有无 没有 请问 请 问 告诉 知道 叫 叫做 称为 规定 哪里 何时 怎么办 办法 " +
    "最长 最短 最多 最少 最高 最低 几年 多久 多长时间 目的 " +
    // The rest of the quantity and time question words (what is asked, not what it is asked about).
    "时候 什么时候 最晚 最迟 最早 多少钱 哪几 哪几种 几种 几家 几次 几位 几天 几月 几项 " +
    // Spoken frames of a yes/no question and the asker's own stance: they ask, they name no topic.
    "行不行 行吗 可行 好不好 对不对 对吧 是吧 是不是 算不算 不算 违规吗 没问题 有问题 这样 那样 这么 那么 这种 那种 " +
    "咱们 咱 人家 大家 自己 一下 的话 就行 就行了 也行 还能 还可以 能行"
  ).split(/\s+/),
);

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
const ASCII_WORD = /^[a-z0-9][a-z0-9.\-_]*$/;
const PUNCT_OR_SPACE = /^[\s\p{P}\p{S}]+$/u;

/** NFKC + lower-case + collapsed whitespace. Full-width ＡＢＣ１２３（） become ABC123(). */
export function normalize(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

export function isCjk(s: string): boolean {
  return CJK.test(s);
}

let jiebaInstance: Jieba | undefined;

/** Path of the domain dictionary ("词 频率 词性" per line). */
export const DOMAIN_DICT_PATH = path.join(projectRoot, "knowledge", "data", "domain-dict.txt");

/** Path of the bilingual glossary; its Chinese terms are dictionary words too. */
export const GLOSSARY_PATH = path.join(projectRoot, "knowledge", "data", "glossary.json");

/**
 * The shared jieba instance: default dictionary, plus knowledge/data/domain-dict.txt, plus the Chinese terms of
 * knowledge/data/glossary.json (so corpus and translated questions segment alike). Loaded once, before any cut.
 */
export function jieba(): Jieba {
  if (!jiebaInstance) {
    const j = Jieba.withDict(dict);
    if (fs.existsSync(DOMAIN_DICT_PATH)) j.loadDict(fs.readFileSync(DOMAIN_DICT_PATH));
    jiebaInstance = j;
    addDictTerms(glossaryChineseTerms());
  }
  return jiebaInstance;
}

function glossaryChineseTerms(): string[] {
  try {
    const g = JSON.parse(fs.readFileSync(GLOSSARY_PATH, "utf8")) as {
      entries?: { zh?: unknown }[];
      synonyms?: unknown[];
    };
    const out: string[] = [];
    for (const e of g.entries ?? []) if (Array.isArray(e.zh)) out.push(...e.zh.filter((t): t is string => typeof t === "string"));
    for (const grp of g.synonyms ?? []) if (Array.isArray(grp)) out.push(...grp.filter((t): t is string => typeof t === "string"));
    return out;
  } catch {
    return []; // glossary.ts reports a missing or malformed glossary with its own message
  }
}

/** Add terms to the shared jieba dictionary at run time (e.g. from the glossary's Chinese side). */
export function addDictTerms(terms: Iterable<string>): void {
  const lines: string[] = [];
  for (const t of terms) {
    const w = t.trim();
    // A figure glued to its unit (3年) is no dictionary word: it would split numbers (2022年 → 202 | 2年).
    if (w.length >= 2 && isCjk(w) && !/[\s\d]/.test(w)) lines.push(`${w} 200000 n`);
  }
  if (lines.length) jieba().loadDict(Buffer.from(lines.join("\n") + "\n"));
}

function keepWord(w: string): boolean {
  if (!w || PUNCT_OR_SPACE.test(w)) return false;
  if (STOP_WORDS.has(w)) return false;
  if (isCjk(w)) return w.length >= 2;
  return ASCII_WORD.test(w) && (w.length >= 2 || /\d/.test(w));
}

/** jieba precise-mode words of a (normalised) text, punctuation removed, stop words kept. */
export function words(text: string): string[] {
  return jieba()
    .cut(normalize(text), false)
    .map((w) => w.trim())
    .filter((w) => w && !PUNCT_OR_SPACE.test(w));
}

/** CJK character bigrams of each run of Chinese characters, prefixed with "~". */
export function cjkBigrams(normalizedText: string): string[] {
  const out: string[] = [];
  for (const m of normalizedText.matchAll(CJK_RUN)) {
    const run = m[0];
    for (let i = 0; i + 1 < run.length; i++) out.push("~" + run.slice(i, i + 2));
  }
  return out;
}

/** Tokens for indexing and lexical scoring: search-mode words + bigrams. */
export function indexTokens(text: string): string[] {
  const norm = normalize(text);
  const out: string[] = [];
  for (const w of jieba().cutForSearch(norm, false)) {
    const t = w.trim();
    if (keepWord(t)) out.push(t);
  }
  for (const b of cjkBigrams(norm)) out.push(b);
  return out;
}

/**
 * Topic terms of a question, in order of appearance, deduplicated: jieba precise-mode words minus stop words
 * and question words. Works for Chinese; English words are returned lower-cased (the glossary maps them).
 */
export function keyTerms(question: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const w of words(question)) {
    if (!keepWord(w) || QUESTION_WORDS.has(w)) continue;
    if (!seen.has(w)) {
      seen.add(w);
      out.push(w);
    }
  }
  return out;
}

/**
 * Parts of speech that never name a topic: adverbs, conjunctions, prepositions, pronouns, locatives, particles,
 * interjections, time and place words of the general dictionary (干脆, 再说, 借着, 这家, 以后, 里头, 省里).
 */
const FUNCTION_TAGS = new Set(["c", "d", "dg", "df", "e", "f", "o", "p", "r", "rg", "rr", "rz", "s", "u", "ud", "ug", "uj", "ul", "uv", "uz", "y", "yg"]);

/** Whether jieba's dictionary tags a word (read on its own) as a function word. */
export function isFunctionWord(word: string): boolean {
  const tagged = jieba().tag(word, false);
  return tagged.length === 1 && FUNCTION_TAGS.has(tagged[0]!.tag);
}

/** The question words present (可以 / 能否 / 不得 / 哪些 …), for the verdict and abstention logic. */
export function questionCues(question: string): string[] {
  return [...new Set(words(question).filter((w) => QUESTION_WORDS.has(w)))];
}

/**
 * The parts of a compound term: the fewest jieba search-mode sub-words (length ≥ 2) that cover it end to end
 * without overlap, e.g. 合同期限 → [合同, 期限] (not the by-products 同期 / 合同期). When no such cover exists,
 * every sub-word. Empty for short or non-Chinese terms.
 */
export function subTerms(term: string): string[] {
  if (!isCjk(term) || term.length < 3) return [];
  const subs = [...new Set(jieba().cutForSearch(term, false).filter((w) => w !== term && w.length >= 2 && keepWord(w)))];
  // best[i]: fewest parts covering term[0, i); from[i]: the part ending at i on that cover.
  const best: number[] = new Array<number>(term.length + 1).fill(Infinity);
  const from: (string | undefined)[] = new Array<string | undefined>(term.length + 1);
  best[0] = 0;
  for (let i = 0; i < term.length; i++) {
    if (best[i] === Infinity) continue;
    for (const w of subs) {
      if (term.startsWith(w, i) && best[i]! + 1 < best[i + w.length]!) {
        best[i + w.length] = best[i]! + 1;
        from[i + w.length] = w;
      }
    }
  }
  if (best[term.length] === Infinity) return subs;
  const cover: string[] = [];
  for (let i = term.length; i > 0; i -= from[i]!.length) cover.unshift(from[i]!);
  return cover;
}
