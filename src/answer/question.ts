/**
 * Readings of a question's wording that analysis.ts builds on: its form (a permission yes/no question, an obligation
 * question, or a factual one), the domain's frame vocabulary (isGenericTerm), the answer shapes it asks for
 * (quantity, time), a ban framing, the amounts it states, and a bare help request.
 */
import type { Lang } from "./schema.js";
import { chineseNumber } from "../text/numerals.js";

export type QuestionForm =
  /** "can / may / is it allowed …?", "能否 / 可否 / 可以…吗 / 是否可以" — gets a verdict. */
  | "permission"
  /**
   * "do we have to / must / should …?", "要不要 / 需不需要 / 是否需要 / 是否应当" — a yes/no question too: "no" when the
   * notices exclude or forbid the act, "yes" (allowed) when they require or allow it, conditional with conditions.
   */
  | "obligation"
  /** "what / which / who / how many …?", "哪些 / 什么 / 多少 / 谁 / 如何 …" */
  | "fact";

// Factual question words. Checked first: "哪些服务可以购买" asks for a list, not a yes/no.
const ZH_FACT = /哪些|哪个|哪类|哪种|哪几|哪里|什么|多少|几年|几个|几类|几项|谁|如何|怎么|怎样|何时|何种|多大|多长|多久|为何|为什么|有何|规模|是指|指的是|叫什么|包括(?![^？?]*[吗么嘛][？?]?\s*$)/;
/** Explicit permission frames: "能否 / 可否 / 可不可以 / 能不能 / 是否可以 / 可以…吗 / 允许…吗". */
const ZH_PERMISSION_EXPLICIT = /能否|可否|可不可以|能不能|行不行|准不准|许不许|让不让|是否(?:可以|能够?|允许|可|准许)|可以.*[吗么嘛]|允许.*[吗么嘛]|能.*[吗么嘛]|(?:能|可以|可|行|让|准|许)[^，,。？?！!]{0,10}不[？?！!。]*\s*$/;
/** Obligation frames: "要不要 / 需不需要 / 是否需要 / 必须…吗". Only a frame, not 应当 inside the topic ("应当由政府…"). */
const ZH_OBLIGATION = /要不要|需不需要|需要不需要|用不用|必须不必须|是否(?:需要|必须|应当|应该|要)|应否|须否|是不是(?:要|必须|需要|应当)|(?:必须|需要)(?:先)?.{0,12}[吗么嘛][？?]?\s*$/;
/** Weaker obligation frames, checked after the explicit permission ones: "…要…吗 / 应当…吗 / 须…吗". */
const ZH_OBLIGATION_WEAK = /(?:^|[^重主需只不])要(?![求点素件闻])[^吗么嘛]{0,24}[吗么嘛][？?]?\s*$|(?:应当|应该|须)[^吗么嘛]{0,24}[吗么嘛][？?]?\s*$/;
/** A yes/no frame no question word can stand under: A-not-A (能不能, 可不可以, 是不是 …) or a closing 吗/么/嘛. */
const YESNO_FRAME = /(\p{Script=Han})不\1|(?:吗|嘛|吧|(?<![什怎那这多])么|(?<=\p{Script=Han})不)[？?！!。]*\s*$/u;
/** The frame asks to be told something: 「能否告诉我…」「可不可以说明一下…」. */
const TELL_ME = /(?:能否|可否|能不能|可不可以|可以|能)(?:请)?(?:告诉|说明|介绍|列举|解释|讲讲|说说看|讲一下|问一下|查一下)/;
/** Concessive phrases whose question word asks nothing. */
const CONCESSIVE = /无论如何|不管怎样|不管怎么样|不论如何|无论怎样/g;
/** Other yes/no frames: "是否 / 是不是 / 属不属于 / 算不算 / …吗". */
const ZH_YESNO = /是否|是不是|属不属于|算不算|有没有|对不对|[吗么嘛吧](?:[？?，,。]|\s*$)|(?:对|是)吧[，,。？?]?/;

const EN_FACT = /^\s*(?:what|which|who|whom|whose|when|where|why|how(?!\s+about))\b/i;
/** Permission wording anywhere, or a modal of possibility opening the question. */
const EN_PERMISSION = /^\s*(?:can|could|may|might)\b|\b(?:allowed|permitted|permissible|eligible|prohibited|banned|forbidden|legal|lawful|ok|okay)\b/i;
/** Obligation: "should / must / do we have to / need to / is it required". */
const EN_OBLIGATION = /^\s*(?:should|must|shall|ought)\b|\b(?:have|has|need|needs)\s+to\b|\b(?:required|mandatory|compulsory|obligatory|necessary)\b/i;
/** Any other yes/no opening. */
const EN_YESNO = /^\s*(?:is|are|was|were|do|does|did|will|would|has|have)\b/i;
/**
 * An introductory phrase before the question proper ("Under the district plan, can …", "If only one supplier
 * can do it, may …", "Where X is suitable, should …"): the question's form is read after it.
 */
const EN_INTRO =
  /^\s*(?:under|if|where|when|whenever|once|after|before|for|in|according\s+to|as|given|since|unless|while|with|without|during|besides|apart\s+from|assuming|suppose|supposing)\b[^?]{0,200}?,\s*(?=(?:can|could|may|might|must|shall|should|ought|is|are|was|were|do|does|did|will|would|has|have|what|which|who|whom|whose|when|where|why|how)\b)/i;

/**
 * The question proper: the last sentence that asks (a scene set in sentences before it, "Our office is short-staffed.
 * Can we …?", 「有投标人问：…？招标人可以告诉他吗？」, does not decide the form), without an introductory phrase.
 */
export function mainClause(q: string): string {
  // An abbreviation's full stop (i.e., e.g., etc., No.) ends no sentence.
  const sentences = q.trim().replace(ABBREVIATION, (m) => m.replace(/\./g, "")).match(/[^。！？!?.]+(?:[。！？!?]+|\.(?=\s|$)|$)/gu)?.map((x) => x.trim()).filter(Boolean) ?? [q.trim()];
  const asking = sentences.filter((x) => /[？?]$/.test(x));
  // An alternative question (「A, or does it have to be B?」「可以直接签，还是必须招标？」) gets its yes/no from the first
  // alternative.
  return (asking.at(-1) ?? sentences.at(-1) ?? q.trim()).replace(EN_INTRO, "").replace(ALTERNATIVE, "?");
}

const ABBREVIATION = /\b(i\.e|e\.g|etc|vs|cf|viz|no|art|para|approx)\.(?=\s)/gi;

const ALTERNATIVE = /,?\s+or\s+(?:does|do|did|is|are|must|should|shall|can|could|has|have|will|would|may)\b[^?]*\?*\s*$|[，,]?(?<![也都就却仍])还是(?![不没])[^？?，,。；;]*[？?]*\s*$/i;

export function questionForm(q: string, lang: Lang): QuestionForm {
  const s = mainClause(q);
  if (lang === "en") {
    if (EN_FACT.test(s)) return "fact";
    if (EN_PERMISSION.test(s)) return "permission";
    if (EN_OBLIGATION.test(s)) return "obligation";
    if (EN_YESNO.test(s)) return "permission";
    return "fact";
  }
  // A chatty or scenario question sets the scene first ("找几个人过来，走购买服务行不行？"): the question proper is its
  // last clause, so a count or a what in the scene does not make it factual.
  const last = s.split(/[，,；;。]/).map((x) => x.trim()).filter(Boolean).at(-1) ?? s;
  if (last !== s && !ZH_FACT.test(last) && (ZH_PERMISSION_EXPLICIT.test(last) || ZH_OBLIGATION.test(last) || ZH_YESNO.test(last)))
    return ZH_OBLIGATION.test(last) ? "obligation" : "permission";
  // A count inside the content (拆成几个小项目, 找几个人) is not a question word when the question has a yes/no frame.
  const uncounted = ZH_PERMISSION_EXPLICIT.test(s) ? s.replace(/几[个家名位次项条台批](?=\p{Script=Han})/gu, "") : s;
  // Under an A-not-A frame or a closing 吗 a question word is indefinite (「能不能告诉他另一家报了多少钱」 asks whether,
  // not how much), unless the frame asks to be told (「能否告诉我哪些…」); concessives (无论如何) ask nothing.
  const indefinite = YESNO_FRAME.test(s) && !TELL_ME.test(s);
  if (!indefinite && ZH_FACT.test(uncounted.replace(CONCESSIVE, ""))) return "fact";
  if (ZH_OBLIGATION.test(s)) return "obligation";
  if (ZH_PERMISSION_EXPLICIT.test(s)) return "permission";
  if (ZH_OBLIGATION_WEAK.test(s)) return "obligation";
  if (ZH_YESNO.test(s)) return "permission";
  return "fact";
}

/**
 * Words that carry no topic of their own in this domain (the whole corpus is about 政府购买服务) or only shape the
 * question. Longest first so that "政府购买服务" is removed before "购买".
 */
const GENERIC = [
  "政府购买服务", "政府向社会力量购买服务", "向社会力量购买", "政府购买", "购买服务", "社会力量",
  "可不可以", "能不能", "行不行", "要不要", "需不需要", "是不是", "有没有",
  "请问", "请告诉我", "告诉我", "我们", "我的", "你的", "单位", "是否", "能否", "可否", "可以", "允许", "能够",
  "需要", "应当", "应该", "必须", "有权", "哪些", "哪个", "哪类", "什么", "多少", "怎么", "怎样", "如何", "为什么",
  "包括", "包含", "用来", "用于", "拿来", "用作", "通过", "提供", "纳入", "开展", "进行", "采用", "使用", "方式", "项目", "事项", "相关", "有关", "工作", "规定",
  "政策", "文件", "通知", "要求", "情况", "一下", "吗", "呢", "嘛", "么", "吧", "啊", "的", "了", "是", "有", "在",
  "和", "与", "及", "或", "为", "被", "把", "将", "对", "向", "由", "从", "给", "谁", "能", "可", "要", "都", "也",
  "购买", "政府", "服务", "哪", "几",
].sort((a, b) => b.length - a.length);

/** The Chinese pieces of two or more characters left when the given generic words are cut out of a text. */
function fragmentsWithout(text: string, generic: readonly string[]): string[] {
  let s = text.normalize("NFKC");
  for (const g of generic) s = s.split(g).join("|");
  return s
    .split(/[|\s\p{P}\p{S}A-Za-z0-9]+/u)
    .map((f) => f.trim())
    .filter((f) => f.length >= 2 && /[\u3400-\u9fff]/u.test(f));
}

/** Chinese content fragments of a question, in order ("劳务派遣岗位能否纳入政府购买服务？" → ["劳务派遣岗位"]). */
export function contentFragments(q: string): string[] {
  return fragmentsWithout(q, GENERIC);
}

const GENERIC_SET = new Set(GENERIC);

/**
 * The parts of the question's fragments that occur in `text`: for each fragment, the longest substrings (≥ 2
 * characters) found in the text, scanning left to right, so "劳务派遣岗位" finds "劳务派遣" in a clause that never
 * says 岗位. Purely generic pieces ("服务") are dropped.
 */
function termsIn(fragments: string[], text: string): string[] {
  const found = new Set<string>();
  for (const f of fragments) {
    let i = 0;
    while (i < f.length - 1) {
      let best = 0;
      for (let len = f.length - i; len >= 2; len--) {
        if (text.includes(f.slice(i, i + len))) {
          best = len;
          break;
        }
      }
      if (best >= 2) {
        const piece = f.slice(i, i + best);
        if (!GENERIC_SET.has(piece)) found.add(piece);
        i += best;
      } else i += 1;
    }
  }
  return [...found];
}

/** Share of the fragments' characters that `text` covers (0…1); 0 when the question has no fragments. */
export function coverage(fragments: string[], text: string): number {
  const total = fragments.reduce((n, f) => n + f.length, 0);
  if (total === 0) return 0;
  const covered = termsIn(fragments, text).reduce((n, t) => n + t.length, 0);
  return Math.min(1, covered / total);
}

/** The generic words of two or more characters: what a single word can be made of. */
const GENERIC_WORDS = GENERIC.filter((g) => g.length >= 2);

/**
 * True when a term is nothing but generic vocabulary or question words ("纳入", "政府购买服务", "购买服务项目"). A word
 * is not cut at a single generic character inside it: 说了算, 服务对象 and 能力 name something, though 了, 对 and 能
 * alone do not.
 */
export function isGenericTerm(term: string): boolean {
  let generic = genericMemo.get(term);
  if (generic === undefined) {
    // asked for every term of every statement the verdict weighs: each word is cut once
    if (genericMemo.size >= GENERIC_MEMO_SIZE) genericMemo.clear();
    genericMemo.set(term, (generic = fragmentsWithout(term, GENERIC_WORDS).length === 0));
  }
  return generic;
}

const GENERIC_MEMO_SIZE = 20_000;
const genericMemo = new Map<string, boolean>();

/** "多少 / 几年 / 规模 / how many / how much / how big / how long": the answer is a quantity. */
const QUANTITY_Q = /多少|几(?:年|个|项|类|款|次|家|名|人|月|天)|多大|多长|多久|规模|金额|数量|how\s+(?:many|much|big|large|long)|what\s+(?:amount|number|size|scale)/i;
export function asksQuantity(q: string): boolean {
  return QUANTITY_Q.test(q);
}

/**
 * A quantity stated in a text: digits, or a Chinese numeral with a unit ("三年", "十一个") — not the numbering of
 * items ("2.", "（三）"), years ("2022年") or document numbers ("〔2022〕51号").
 */
const QUANTITY = /\d|[一二两三四五六七八九十百千万亿]+(?:年|个|项|类|款|元|亿|万|名|家|人|次|倍|%|日|天|周|小时|分之)/;
export function statesQuantity(text: string): boolean {
  const stripped = text
    .replace(/[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*\d+\s*号/g, "")
    .replace(/(?:19|20)\d{2}\s*(?:年|[-/.])(?:\s*\d{1,2}\s*(?:月|[-/.]))?(?:\s*\d{1,2}\s*日?)?/g, "")
    .replace(/(?:^|[\s：:；;。…])[（(]?\d{1,2}[)）.、．](?!\d)/g, " ")
    .replace(/[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、是]|第[一二三四五六七八九十百\d]+[条章节款项]/g, " ");
  return QUANTITY.test(stripped);
}

/** "何时 / 什么时候 / 哪年 / 截止 / when / by when / deadline": the answer is a time. */
const TIME_Q = /何时|最迟|最晚|时间点|什么日期|by when\b|什么时(?:候|间)|哪(?:一)?年|几月|截止|期限前|when\b|deadline|by what date/i;
export function asksTime(q: string): boolean {
  return TIME_Q.test(q);
}

const TIME = /(?:19|20)\d{2}\s*年|\d{1,2}\s*月(?:底|末|\d{1,2}\s*日)?|[年月]底前|之日起|当年/;
/** A time stated in a text ("2022年6月底前", "自…之日起"). */
export function statesTime(text: string): boolean {
  return TIME.test(text);
}

/**
 * A question framed as asking whether something is banned ("Is it forbidden to …?", "是否禁止…", "…是不是被禁止"):
 * the answer's yes/no is then the reverse of a permission question's, so the wording must follow the question.
 */
const ASKS_BAN_EN = /\b(?:forbidden|prohibited|banned|illegal|unlawful|not\s+(?:allowed|permitted))\b/i;
const ASKS_BAN_ZH = /是否(?:被)?(?:禁止|严禁|不得|不允许|不准)|(?:禁止|严禁|不允许|不准)[^，。]{0,20}(?:吗|么|嘛)[？?]?\s*$|是不是(?:被)?(?:禁止|不允许|不得)|属于禁止/;
export function asksBan(q: string, lang: Lang): boolean {
  return lang === "en" ? ASKS_BAN_EN.test(mainClause(q)) : ASKS_BAN_ZH.test(q);
}

const EN_NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, twenty: 20, thirty: 30, fifty: 50, hundred: 100,
};

/** The unit of an amount statedAmounts reads (5年 → 年, 30万元 → 万元). */
export function amountUnit(amount: string): string {
  return amount.replace(/^[\d.]+/, "");
}

/**
 * Amounts with a unit a text states ("三年" / "3年" / "three years" → "3年"; "50万元" → "50万元"), normalised so a
 * question and a clause can be compared. Years of the calendar ("2022年") and item numbers are not amounts.
 */
export function statedAmounts(text: string): string[] {
  const out = new Set<string>();
  const s = text.normalize("NFKC");
  const unitZh = "(年|个月|天|万元|元|亿元|%|倍|人|家|次|课时|小时|台|件|套|辆)";
  for (const m of s.matchAll(new RegExp(`(?<![\\d〔\\[（(])(\\d+(?:\\.\\d+)?)\\s*${unitZh}`, "g"))) {
    if (m[2] === "年" && Number(m[1]) >= 1900) continue;
    out.add(`${Number(m[1])}${m[2]}`);
  }
  for (const m of s.matchAll(new RegExp(`(?<!第)([一二两三四五六七八九十百]+)\\s*${unitZh}`, "g"))) out.add(`${chineseNumber(m[1]!)}${m[2]}`);
  // A share as the texts write it: 百分之十 / 百分之5 → 10% / 5%.
  for (const m of s.matchAll(/百分之([一二两三四五六七八九十百]+|\d+(?:\.\d+)?)/g)) {
    const n = /\d/.test(m[1]!) ? Number(m[1]) : chineseNumber(m[1]!);
    if (Number.isFinite(n)) out.add(`${n}%`);
  }
  // Days as the texts count them: 三十日 / 5个工作日 (a calendar date, 3月1日, is not an amount); 日 is 天.
  for (const m of s.matchAll(/(?<![\d月〔\[（(])(\d+|[一二两三四五六七八九十百]+)\s*个?(工作日|日)/g)) {
    const n = /\d/.test(m[1]!) ? Number(m[1]) : chineseNumber(m[1]!);
    if (Number.isFinite(n)) out.add(`${n}${m[2] === "日" ? "天" : "工作日"}`);
  }
  // Weeks as days (一周 / 两个星期 / 3礼拜 → 7天 / 14天 / 21天), half a month as fifteen days.
  for (const m of s.matchAll(/(?<![第\d])(\d+|[一二两三四五六七八九十]+)\s*个?(?:周(?![年岁边末])|星期|礼拜)/g)) {
    const n = /\d/.test(m[1]!) ? Number(m[1]) : chineseNumber(m[1]!);
    if (Number.isFinite(n)) out.add(`${n * 7}天`);
  }
  if (/半个月/.test(s)) out.add("15天");
  for (const m of s.matchAll(/\b(\d+|one|two|three|four|a)\s+weeks?\b/gi)) {
    const n = /\d/.test(m[1]!) ? Number(m[1]) : m[1]!.toLowerCase() === "a" ? 1 : EN_NUMBERS[m[1]!.toLowerCase()];
    if (n !== undefined) out.add(`${n * 7}天`);
  }
  const enUnit: Record<string, string> = { year: "年", years: "年", month: "个月", months: "个月", day: "天", days: "天", times: "倍", percent: "%" };
  for (const m of s.matchAll(/\b(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|hundred)[\s-]+(years?|months?|days?|times|percent)\b/gi)) {
    const n = /\d/.test(m[1]) ? Number(m[1]) : EN_NUMBERS[m[1].toLowerCase()];
    const u = enUnit[m[2].toLowerCase()];
    if (n !== undefined && u) out.add(`${n}${u === "个月" ? "个月" : u}`);
  }
  return [...out];
}

/** The kind of amount a unit counts: money, years, months, days or a share (counts of things are left out). */
function unitClass(unit: string): string | null {
  if (/元$/.test(unit)) return "money";
  if (unit === "年") return "year";
  if (unit === "个月" || unit === "月") return "month";
  if (unit === "天" || unit === "日" || unit === "工作日") return "day";
  if (unit === "%") return "share";
  return null;
}

const ASKED_UNIT_ZH = /(?:多少|几)个?(万元|亿元|元|钱|年|个月|月|天|日|工作日)|百分之几|多少%|(?:比例|占比|税率|费率)是?多少/;
const ASKED_UNIT_EN: [RegExp, string][] = [
  [/\bhow\s+many\s+years?\b/i, "year"],
  [/\bhow\s+many\s+months?\b/i, "month"],
  [/\bhow\s+many\s+(?:working\s+)?days?\b/i, "day"],
  [/\bhow\s+much\s+money\b/i, "money"],
  [/\bwhat\s+(?:percentage|share|proportion|rate)\b/i, "share"],
];

/** The kind of amount a quantity question asks for, when it names one (多少万元 → money, 几个工作日 → days, what rate → share). */
export function askedAmountClass(q: string): string | null {
  const zh = ASKED_UNIT_ZH.exec(q);
  if (zh) return zh[1] === undefined ? "share" : zh[1] === "钱" ? "money" : unitClass(zh[1]);
  return ASKED_UNIT_EN.find(([re]) => re.test(q))?.[1] ?? null;
}

/** Whether a text states an amount of a kind (money, years, months, days, share). */
export function statesAmountOf(text: string, kind: string): boolean {
  return statedAmounts(text).some((a) => unitClass(amountUnit(a)) === kind);
}

/**
 * A bare request for help instead of a question ("help", "帮助", "怎么用", "what can you do?"): the whole input is
 * the request, so "帮助农民工就业的服务可以购买吗" is still a question.
 */
const HELP_REQUEST =
  /^[\s/]*(?:help|h|usage|commands?|menu|how\s+(?:do\s+i\s+)?(?:to\s+)?use(?:\s+(?:this|it|you))?|what\s+can\s+you\s+do|who\s+are\s+you|帮助|求助|使用(?:帮助|说明|方法)|说明|菜单|怎么用|如何使用|你能做什么|你可以做什么|你会什么|你是谁)[\s?？!！。.]*$/i;
export function isHelpRequest(q: string): boolean {
  return HELP_REQUEST.test(q.normalize("NFKC"));
}

