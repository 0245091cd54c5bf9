/**
 * The record of how a regulation was enacted, printed between its title and its first article: a law's history
 * (「2002年6月29日 第九届全国人民代表大会常务委员会第二十八次会议通过」, 「…修正」, 「…国务院令第658号公布」,
 * 「2015年3月1日 施行」, bare or in （…）), an order's promulgation sentence (「《…》已经…部务会议审议通过，现予公布，
 * 自…起施行。」) and its signer (「部长 刘昆」). One classifier per kind of line, tried in table order; what a line states
 * is metadata of the document, never clause text.
 */
import { parseDate } from "./dates.js";
import { parseDocNo } from "./docno.js";

export type EnactmentEvent = "passed" | "amended" | "promulgated" | "effective";

export interface EnactmentLine {
  kind: "history" | "promulgation" | "signer";
  /** dated events the line records, in its order */
  events: { event: EnactmentEvent; date: string | null }[];
  /** the body that passed or amended it ("全国人民代表大会常务委员会", "国务院"), when the line names one */
  enactedBy: string | null;
  /** the 令号 it was promulgated under, when the line names one */
  docNo: string | null;
}

const DATE = "(?:(?:19|20)\\d{2}|[〇○零一二三四五六七八九]{4})年[\\d一二三四五六七八九十]{1,3}月[\\d一二三四五六七八九十]{1,3}日";
const EVENT_WORDS: Record<string, EnactmentEvent> = {
  通过: "passed", 批准: "passed", 修正: "amended", 修订: "amended", 公布: "promulgated", 发布: "promulgated",
  颁布: "promulgated", 施行: "effective",
};
const EVENT = Object.keys(EVENT_WORDS).join("|");
/** "2014年8月31日 第十二届…会议《关于修改…的决定》修正", "根据…修正", "自2020年3月1日起施行" */
const HISTORY_SEGMENT = new RegExp(`(?:根据|自)?(${DATE})\\s*((?:《[^》]*》|[^。；;，,《])*?)\\s*(?:起)?(${EVENT})`, "g");
/** "《政府购买服务管理办法》已经2019年11月19日部务会议审议通过，现予公布，自2020年3月1日起施行。" (a signer may follow) */
const PROMULGATION = new RegExp(
  `^(?:《[^》]{2,60}》)?已?经(${DATE})?([^，,。]{0,40}?)(?:审议)?(?:通过|批准)[，,]\\s*现予(?:公布|发布|印发)(?:施行)?[，,]?\\s*(?:自(${DATE}|公布之日|发布之日)起施行)?[。.]?(.*)$`,
);
/** "部长 刘昆", "总理 李克强" — the official who signs an order, alone on a line or after its promulgation sentence. */
const SIGNER = /^(?:部\s*长|总\s*理|主\s*席|主\s*任|局\s*长|署\s*长|行\s*长|委\s*员\s*长)[\s　]*[\u4e00-\u9fa5·]{2,5}(?:[\s　]+\S{6,16})?$/;

/** "第九届全国人民代表大会常务委员会第二十八次会议" → "全国人民代表大会常务委员会"; "国务院第75次常务会议" → "国务院". */
function enactingBody(words: string): string | null {
  const body = words
    .replace(/《[^》]*》/g, "")
    .replace(/^第[一二三四五六七八九十\d]+届/, "")
    .replace(/第[一二三四五六七八九十百\d]+次.*$/, "")
    .replace(/(常务)?会议$/, "")
    .trim();
  return /^[\u4e00-\u9fa5]{2,20}$/.test(body) && /(大会|委员会|国务院|部|委|局|署|行|政府)$/.test(body) ? body : null;
}

function history(line: string): EnactmentLine | null {
  const inner = line.replace(/^[（(]/, "").replace(/[）)]$/, "");
  const events: EnactmentLine["events"] = [];
  let enactedBy: string | null = null;
  let docNo: string | null = null;
  for (const m of inner.matchAll(HISTORY_SEGMENT)) {
    const event = EVENT_WORDS[m[3]!]!;
    events.push({ event, date: parseDate(m[1]!.replace(/○/g, "〇")) });
    if (event === "passed" || event === "amended") enactedBy = enactedBy ?? enactingBody(m[2]!);
    docNo = docNo ?? parseDocNo(m[2]!);
  }
  // the line is the record and nothing else: what the segments leave is spacing and separators
  const rest = inner.replace(HISTORY_SEGMENT, "").replace(/[\s　，,、；;。]/g, "");
  return events.length > 0 && rest === "" ? { kind: "history", events, enactedBy, docNo } : null;
}

function promulgation(line: string): EnactmentLine | null {
  const m = PROMULGATION.exec(line);
  if (!m) return null;
  const trailing = m[4]!.trim();
  if (trailing && !SIGNER.test(trailing)) return null;
  const events: EnactmentLine["events"] = [{ event: "passed", date: m[1] ? parseDate(m[1]) : null }];
  if (m[3] && parseDate(m[3])) events.push({ event: "effective", date: parseDate(m[3]) });
  return { kind: "promulgation", events, enactedBy: enactingBody(m[2]!), docNo: null };
}

function signer(line: string): EnactmentLine | null {
  if (!SIGNER.test(line) || parseDocNo(line)) return null;
  const date = parseDate(line.replace(/○/g, "〇"));
  return { kind: "signer", events: date ? [{ event: "promulgated", date }] : [], enactedBy: null, docNo: null };
}

const CLASSIFIERS: ((line: string) => EnactmentLine | null)[] = [history, promulgation, signer];

/** What a header line records of the document's enactment; null for any other line. */
export function readEnactmentLine(line: string): EnactmentLine | null {
  if (line.length > 300) return null;
  for (const classify of CLASSIFIERS) {
    const found = classify(line);
    if (found) return found;
  }
  return null;
}

/** The document's own date from its enactment record: the latest date it was passed, amended or promulgated. */
export function enactmentDate(lines: EnactmentLine[]): string | null {
  const dates = lines.flatMap((l) => l.events.filter((e) => e.event !== "effective" && e.date).map((e) => e.date!));
  return dates.length ? dates.reduce((a, b) => (b > a ? b : a)) : null;
}
