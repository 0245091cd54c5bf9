/** The one Chinese-numeral parser (clause numbers, dates, positions, amounts). */
const DIGIT: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** Chinese numeral (一 … 九十九, 一百二十三) or ASCII digits → number; NaN when not a numeral. */
export function chineseNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[零〇一二两三四五六七八九十百千]+$/.test(s)) return Number.NaN;
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch in DIGIT) digit = DIGIT[ch]!;
    else if (ch === "十") { section += (digit || 1) * 10; digit = 0; }
    else if (ch === "百") { section += (digit || 1) * 100; digit = 0; }
    else if (ch === "千") { section += (digit || 1) * 1000; digit = 0; }
  }
  total += section + digit;
  return total;
}

/**
 * A word that is an amount: a number (Chinese or Arabic) and a unit (五年 → 5, 年; 3家 → 3, 家; 五个工作日 → 5,
 * 工作日). `written` is the unit as the word writes it (个工作日), so its digit form reads 5个工作日.
 */
const QUANTITY_WORD = /^([一二两三四五六七八九十百千]+|\d+)(年|个月|月|天|日|个工作日|工作日|家|个|人|名|次|万元|元|亿元|台|件|套)$/;

export function quantityWord(word: string): { n: number; unit: string; written: string } | null {
  const m = QUANTITY_WORD.exec(word);
  if (!m) return null;
  const n = chineseNumber(m[1]!);
  return Number.isFinite(n) ? { n, unit: m[2]!.replace(/^个(?=工作日)/, ""), written: m[2]! } : null;
}
