/**
 * What a text states as missing or not done: the words around a negator (预算未安排 → 预算, 安排; 没列入预算 →
 * 列入, 预算; 未经采购人同意 → 同意). A negator before a modal or judgement word (不得, 不能, 不算, 不超过) negates the
 * frame, not the content, and is left out. Questions and clauses use the same reading, so 预算没安排 meets
 * 对预算未安排的事项.
 */
import { jieba } from "../retrieval/tokenize.js";

const NEGATOR = /未经|不经|没有经过|没经过|没有|尚未|还未|并未|未|没|无|非|不/g;
/** After 不 / 无 / 非: a modal, a judgement or a degree word, so no content is negated. */
const FRAME = /^(?:得|能|可|准|许|算|违|行|会|应|至|一定|一样|一致|知道|清楚|太|很|好|错|对|然|过|同|管|断|仅|但|论|少|超|高|低|限|宜|妨|外|常|用|必|需|要|是|久|如|等|属|符|予|作|纳|允)/;
const APPROVAL = /同意|批准|审批|许可|认定|审核|备案/;
/**
 * After 没 / 没有 / 无 / 未 (the written register's 没): a right or standing (无权, 没有权利, 没资格) is denied, which
 * negates the permission asked about, not its content.
 */
const RIGHT = /^(?:权|资格)/;

const cut = (text: string) => jieba().cut(text, false).filter((w) => w.trim());

/** Words of the question's frame, never the content that is missing. */
const FRAME_WORD = /^(?:可以|能够|是否|能否|应当|应该|必须|需要|已经|还是|就是|我们|咱们|他们|这样|那样|这笔|那笔|这个|那个|这些|一定|真的|其实)$/;
const isContent = (w: string) => w.length >= 2 && /^\p{Script=Han}+$/u.test(w) && !FRAME_WORD.test(w);

/**
 * The negators of a text that negate content, each with the text after it; for 未经 / 不经 / 没有经过, the approval it
 * says was not obtained (null when none follows).
 */
function* contentNegators(text: string): Generator<{ start: number; after: string; approval?: string | null }> {
  for (const m of text.matchAll(NEGATOR)) {
    const start = m.index!;
    const after = text.slice(start + m[0].length);
    if (/^(?:不|无|非)$/.test(m[0]) && FRAME.test(after)) continue;
    // 非法 / 不法 (unlawful) qualify an act; they say nothing is missing
    if (/^(?:不|非)$/.test(m[0]) && after.startsWith("法")) continue;
    // An A-not-A question (回不回避, 签不签, 要不要) asks whether; it states nothing as missing.
    if (m[0] === "不" && start > 0 && text[start - 1] === after[0]) continue;
    if (/^(?:没有|没|无|未)$/.test(m[0]) && RIGHT.test(after)) continue;
    if (m[0] === "未经" || m[0] === "不经" || m[0] === "没有经过" || m[0] === "没经过") yield { start, after, approval: APPROVAL.exec(after.slice(0, 14))?.[0] ?? null };
    else yield { start, after };
  }
}

export function negatedWords(text: string): string[] {
  const out = new Set<string>();
  for (const { start, after, approval } of contentNegators(text)) {
    if (approval !== undefined) {
      if (approval) out.add(approval);
      continue;
    }
    const before = cut(text.slice(Math.max(0, start - 8), start).replace(/^.*[，。；、,;:：]/, "")).filter((w) => /\p{Script=Han}/u.test(w));
    const last = before[before.length - 1];
    if (last && isContent(last)) out.add(last);
    else if (before.length >= 2 && last && last.length === 1 && isContent(before[before.length - 2]!)) out.add(before[before.length - 2]!);
    const next = cut(after.slice(0, 14).replace(/[，。；、,;:：].*$/, "")).filter((w) => /\p{Script=Han}/u.test(w));
    let chars = 0;
    for (const [i, w] of next.entries()) {
      if (i > 4 || chars > 10) break;
      chars += w.length;
      if (isContent(w)) out.add(w);
    }
  }
  return [...out];
}

/**
 * The word a text negates first after each negator (预算未安排 → 安排; 采购未纳入集中采购目录的项目 → 纳入; 未经…批准 →
 * 批准): what it says is not the case.
 */
export function negationHeads(text: string): string[] {
  const out = new Set<string>();
  for (const { after, approval } of contentNegators(text)) {
    if (approval !== undefined) {
      if (approval) out.add(approval);
      continue;
    }
    const head = cut(after.slice(0, 10).replace(/[，。；、,;:：].*$/, "")).find((w) => /\p{Script=Han}/u.test(w));
    if (head && isContent(head)) out.add(head);
  }
  return [...out];
}

/**
 * One word names the other when it contains it and the contained word is at least half of it: 预算 ↔ 预算安排,
 * 书面 ↔ 书面合同, but not 采购 inside 批量集中采购 (a word the texts use everywhere, standing in a longer name).
 */
export function sameWord(x: string, y: string): boolean {
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return long.includes(short) && short.length * 2 >= long.length;
}

/** Two readings name the same missing thing (预算, 安排 ↔ 预算): a word of one names a word of the other. */
export function sameMissing(a: string[], b: string[]): boolean {
  return a.some((x) => x.length >= 2 && b.some((y) => y.length >= 2 && sameWord(x, y)));
}
