/** Dates as documents write them. */
import { chineseNumber } from "./text.js";

/** A date in the text → YYYY-MM-DD. Accepts 2022-04-18, 2022/4/18, 2022.4.18, 2022年4月18日, 二〇二二年四月十八日. */
export function parseDate(s: string): string | null {
  const pad = (n: number) => String(n).padStart(2, "0");
  const ok = (y: number, m: number, d: number) =>
    y >= 1949 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31 ? `${y}-${pad(m)}-${pad(d)}` : null;
  let m = /((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/.exec(s);
  if (m) return ok(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日/.exec(s);
  if (m) {
    const y = Number([...m[1]!].map((c) => String(chineseNumber(c))).join(""));
    return ok(y, chineseNumber(m[2]!), chineseNumber(m[3]!));
  }
  return null;
}
