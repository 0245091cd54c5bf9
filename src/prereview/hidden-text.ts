/**
 * Hidden or disguised characters in the proposal's title and service text (an invisible character inside a Chinese
 * word, a bidirectional control, a Chinese character written as an HTML reference, a radical standing for a
 * character). Pre-review reads the normalised text either way; the disguise itself is reported, for a human to look at.
 */
import { codePoints, hiddenCharacters, normalizeText, revealHidden, type HiddenCharacter } from "../text/normalize.js";

const KIND: Record<HiddenCharacter["kind"], string> = {
  invisible: "不可见字符",
  bidi: "文字方向控制符",
  entity: "HTML 字符编码",
  lookalike: "部首或兼容汉字",
};

/** At most `max` characters of `s` around offset `at`, with an ellipsis where it was cut. */
function around(s: string, at: number, max = 36): string {
  if (s.length <= max) return s;
  const start = Math.max(0, Math.min(at - max / 2, s.length - max));
  return `${start > 0 ? "…" : ""}${s.slice(start, start + max)}${start + max < s.length ? "…" : ""}`;
}

/** One sentence per field that hides characters, or null when none does. */
export function hiddenTextNote(fields: { label: string; text: string }[]): string | null {
  const notes: string[] = [];
  for (const { label, text } of fields) {
    const hidden = hiddenCharacters(text);
    if (!hidden.length) continue;
    const kinds = [...new Set(hidden.map((h) => KIND[h.kind]))].join("、");
    const written = [...new Set(hidden.map((h) => (h.kind === "entity" ? h.written : codePoints(h.written))))].slice(0, 4).join("，");
    const revealed = revealHidden(text);
    const first = revealed.indexOf("⟦") >= 0 ? revealed.indexOf("⟦") : hidden[0]!.index;
    notes.push(
      `${label}含有隐藏或伪装的字符（${kinds}：${written}），原文为「${around(revealed, first)}」，已按「${around(normalizeText(text), first)}」审查`,
    );
  }
  return notes.length ? `${notes.join("；")}。请核实是否有意规避审查，并以纯文本重新填写。` : null;
}
