/**
 * 文号 (财综〔2022〕51号) and 令号 (财政部令第102号) as written in a document, normalised to the form they are cited in,
 * and the issuer a number names.
 */
import { compareKey } from "./text.js";

const CN_NUM = "一二三四五六七八九十百零〇两";
const DOCNO_RE = new RegExp(
  `([\\u4e00-\\u9fa5]{1,10})\\s*[〔\\[［【(（]\\s*((?:19|20)\\d{2})\\s*[〕\\]］】)）]\\s*(\\d{1,5})\\s*号`,
);
const LING_RE = new RegExp(`([\\u4e00-\\u9fa5]{2,16}令)\\s*第\\s*([\\d${CN_NUM}]+)\\s*号`);

/** Leading words that are not part of an issuer code ("根据财综〔…〕" → "财综"). */
const NOT_ISSUER_PREFIX = /^(?:.*?)(根据|依据|按照|参照|对照|执行|落实|贯彻|印发|转发|详见|见|按|据|与|和|及|的|以)/;

/** The state's name in front of an issuer ("中华人民共和国财政部令"): not part of the 令号 as it is cited. */
const NATIONAL_PREFIX = /^.*?中华人民共和国/;

/** The issuer code in front of a number: without the state's name and the words leading up to it. */
function issuerCode(words: string): string {
  const bare = words.replace(NATIONAL_PREFIX, "");
  return bare.replace(NOT_ISSUER_PREFIX, "").replace(/^[年月日号]/, "");
}

/** Normalises a 文号 / 令号 found in `s` (brackets 〔〕 [] () 【】 → 〔〕); null when none. */
export function parseDocNo(s: string): string | null {
  const d = DOCNO_RE.exec(s);
  const l = LING_RE.exec(s);
  if (l && (!d || l.index <= d.index)) {
    let prefix = issuerCode(l[1]!);
    if (prefix.length < 2) prefix = l[1]!.replace(NATIONAL_PREFIX, "");
    return `${prefix}第${l[2]}号`;
  }
  if (d) {
    let prefix = issuerCode(d[1]!);
    if (!prefix) prefix = d[1]!;
    return `${prefix}〔${d[2]}〕${Number(d[3])}号`;
  }
  return null;
}

/** A line that is nothing but a 文号 / 令号 (the line above the addressees in an official notice). */
export function docNoLine(line: string): string | null {
  const s = line.replace(/\s+/g, "");
  if (s.length > 30) return null;
  const no = parseDocNo(s);
  if (!no) return null;
  const rest = compareKey(s.replace(/^中华人民共和国/, "")).replace(compareKey(no), "");
  return rest.length <= 2 ? no : null;
}

const DOCNO_ISSUER: [RegExp, string][] = [
  [/^国办(发|函)/, "国务院办公厅"],
  [/^国(发|函)/, "国务院"],
  [/^财[\u4e00-\u9fa5]$/, "财政部"],
  [/^财政部令$/, "财政部"],
];

export function issuerFromDocNo(no: string): string | null {
  const ling = /^(.+)令第/.exec(no);
  if (ling) return ling[1]!;
  const prefix = /^(.+?)〔/.exec(no)?.[1];
  if (!prefix) return null;
  for (const [re, who] of DOCNO_ISSUER) if (re.test(prefix)) return who;
  return null;
}
