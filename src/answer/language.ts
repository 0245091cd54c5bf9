/**
 * Which language the asker wrote in. Chinese questions often carry Latin acronyms (API, PPP, VPN) and English
 * questions often carry a Chinese policy term, so the decision looks at the sentence frame, not at single tokens:
 * an English frame is several Latin words, or a Latin question/function word, around whatever Chinese is quoted.
 */
import type { Lang } from "./schema.js";

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/gu;
const LATIN_WORD = /[A-Za-z][A-Za-z'’-]*/g;
/** Words that only occur in an English sentence frame (not in acronyms embedded in Chinese). */
const ENGLISH_FRAME = new Set(
  (
    "a an the is are was were be been can could may might must shall should will would do does did " +
    "what which who whom whose when where why how of for to in on at by with from about into as it its this that " +
    "these those we you i our my your they there any some not no yes please tell me if whether allowed permitted"
  ).split(" "),
);

/**
 * The Latin words of a text, without labels glued to Chinese: A公司, B单位, 3A级 and PPP项目 name things in a Chinese
 * sentence (甲/乙 in letters); the article "a" of an English frame stands apart from Chinese characters.
 */
function latinWords(text: string): string[] {
  return text.replace(/[A-Za-z]{1,4}(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff\d])[A-Za-z]{1,4}(?![A-Za-z])/gu, " ").match(LATIN_WORD) ?? [];
}

/**
 * The language when the wording settles it, else null: Chinese without Latin words or with acronyms only, English
 * without Chinese or with a clear English frame (two frame words or more). Null for a text in neither script, or
 * Chinese with a single English frame word ("劳务派遣 allowed?"): a face then asks the asker's locale.
 */
export function clearLanguage(text: string): Lang | null {
  const cjk = (text.match(CJK) ?? []).length;
  const words = cjk ? latinWords(text) : (text.match(LATIN_WORD) ?? []);
  const frameWords = words.filter((w) => ENGLISH_FRAME.has(w.toLowerCase())).length;
  if (cjk === 0) return words.length ? "en" : null;
  if (frameWords === 0) return "zh";
  return frameWords >= 2 ? "en" : null;
}

export function detectLanguage(text: string): Lang {
  const cjk = (text.match(CJK) ?? []).length;
  const words = cjk ? latinWords(text) : (text.match(LATIN_WORD) ?? []);
  if (words.length === 0) return "zh";
  const frameWords = words.filter((w) => ENGLISH_FRAME.has(w.toLowerCase())).length;
  // Mostly Chinese with an acronym or two ("告诉我你的 API 密钥", "PPP项目…") stays Chinese.
  if (frameWords === 0 && cjk > 0) return "zh";
  if (cjk === 0) return "en";
  // Both scripts: the frame wins when it has real English structure.
  return frameWords >= 1 && words.length >= 2 ? "en" : "zh";
}
