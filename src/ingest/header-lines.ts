/**
 * Header lines that state a fact whatever stands around them: label lines (标题：/文号：…), the enactment record of a
 * regulation, the 文号 / 令号 line (an order's number may take two lines), a date line, and a note in （…） carrying a
 * 文号 or a date. One reader per kind, tried in table order. Lines whose meaning depends on their place in the header
 * (the title, a red head, the addressees) are left to extractMetadata.
 */
import { parseDate } from "./dates.js";
import { docNoLine, parseDocNo } from "./docno.js";
import { readEnactmentLine, type EnactmentLine } from "./enactment.js";
import { LABEL_AT_START, labelSegments } from "./labels.js";

export type HeaderFact =
  | { kind: "labels"; labels: Map<string, string> }
  | { kind: "enactment"; record: EnactmentLine }
  /** `printed`: the line as the notice prints it above its addressees, when the number stands alone on it */
  | { kind: "docNo"; docNo: string; printed: string | null }
  | { kind: "date"; date: string }
  | { kind: "note"; docNo: string | null; date: string | null };

export interface HeaderLineRead {
  fact: HeaderFact;
  /** how many lines the fact takes, from the line read */
  lines: number;
}

type Reader = (line: string, next: string | undefined) => HeaderLineRead | null;

const one = (fact: HeaderFact): HeaderLineRead => ({ fact, lines: 1 });

const ORDER_NUMBER_LINE = /^第\s*[\d一二三四五六七八九十百零〇]+\s*号$/;

const READERS: { name: string; read: Reader }[] = [
  // "标题: 中华人民共和国政府采购法", "发布日期：2022-04-18 来源：财政部网站"
  { name: "labels", read: (line) => (LABEL_AT_START.test(line) ? one({ kind: "labels", labels: labelSegments(line) }) : null) },
  // "2002年6月29日 第九届全国人民代表大会常务委员会第二十八次会议通过", "《…》已经…审议通过，现予公布…", "部长 刘昆"
  {
    name: "enactment",
    read: (line) => {
      const record = readEnactmentLine(line);
      return record ? one({ kind: "enactment", record }) : null;
    },
  },
  // "财综〔2022〕51号", "中华人民共和国财政部令 第102号"
  {
    name: "docNo",
    read: (line) => {
      const docNo = docNoLine(line);
      return docNo ? one({ kind: "docNo", docNo, printed: line.trim() }) : null;
    },
  },
  // "中华人民共和国财政部令" over "第102号"
  {
    name: "order number on two lines",
    read: (line, next) => {
      const docNo = next !== undefined && /令$/.test(line) && ORDER_NUMBER_LINE.test(next) ? docNoLine(line + next) : null;
      return docNo ? { fact: { kind: "docNo", docNo, printed: null }, lines: 2 } : null;
    },
  },
  // "2022年4月18日", "2022-04-18"
  {
    name: "date",
    read: (line) => {
      const date = /^[\d\s:：\-/.年月日]+$/.test(line) ? parseDate(line) : null;
      return date ? one({ kind: "date", date }) : null;
    },
  },
  // "（财综〔2022〕51号）", "（2023年4月18日）"
  {
    name: "note",
    read: (line) => {
      if (!/^[（(].*[）)]$/.test(line)) return null;
      const docNo = parseDocNo(line);
      const date = parseDate(line);
      return docNo || date ? one({ kind: "note", docNo, date }) : null;
    },
  },
];

/** The fact a header line states, read by the first reader that knows the line; `next` is the line below it, if any. */
export function readHeaderLine(line: string, next?: string): HeaderLineRead | null {
  for (const { read } of READERS) {
    const found = read(line, next);
    if (found) return found;
  }
  return null;
}
