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

