/**
 * Header label lines of downloaded documents ("标题：" "文号：" "发布日期：" "来源：" …): the label vocabulary, a line's
 * label: value segments, and labels letter-spaced for alignment put back together.
 */

const LABELS =
  "标题|题目|题名|名称|文件名称|文号|发文字号|发文文号|文件编号|索引号|发布日期|发文日期|成文日期|印发日期|施行日期|生效日期|日期|发布时间|时间|来源|信息来源|文章来源|发布机构|发文机关|发文单位|发布单位|制发机关|作者|编辑|责任编辑|主题分类|分类|浏览次数|阅读次数|点击数|字号|效力级别|时效性|有效性";
export const LABEL_AT_START = new RegExp(`^[（(]?(${LABELS})\\s*[:：]`);
export const ATTRIBUTION = /^(标题|文号|发文字号|索引号|发布日期|发布时间|来源|信息来源|文章来源|发布机构|作者|编辑|责任编辑|浏览次数|阅读次数|点击数|字号)$/;
const LABEL_SEGMENTS = new RegExp(`(${LABELS})\\s*[:：]\\s*`, "g");

/** "标题：… 文号：… 发布日期：…" (possibly in （…）) → label → value, first occurrence of each label. */
export function labelSegments(line: string): Map<string, string> {
  const out = new Map<string, string>();
  const s = /^[（(].*[）)]$/.test(line) ? line.slice(1, -1) : line;
  const marks = [...s.matchAll(LABEL_SEGMENTS)];
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i]!;
    const start = m.index + m[0].length;
    const end = i + 1 < marks.length ? marks[i + 1]!.index : s.length;
    const value = s.slice(start, end).trim();
    if (!out.has(m[1]!)) out.set(m[1]!, value);
  }
  return out;
}

const LABEL_SET = new Set(LABELS.split("|"));

/** "标　　题：" / "索 引 号：" — labels letter-spaced for alignment in a table lose their spaces. */
export function collapseSpacedLabels(line: string): string {
  return line.replace(/((?:[\u4e00-\u9fa5][ 　]+){1,4}[\u4e00-\u9fa5])(?=[ 　]*[:：])/g, (m) => {
    const word = m.replace(/[ 　]+/g, "");
    return LABEL_SET.has(word) ? word : m;
  });
}
