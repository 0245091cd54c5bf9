/**
 * What a notice says about other notices' force, read from its own sentences:
 *  - 「《…》（财综〔2014〕96号）同时废止」「…自本办法施行之日起废止」: the named documents are repealed;
 *  - 「自2024年1月1日起施行，原《…》停止执行」: the named documents stop applying;
 *  - 「本办法自2020年3月1日起施行」: its effective date (施行日期).
 * Documents are named by 《title》 and / or 文号; matching them against the knowledge base is the corpus pass's job.
 */
import { parseDate } from "./dates.js";
import { parseDocNo } from "./docno.js";

export interface RepealReference {
  /** titles quoted in 《》 in the repealing sentence */
  titles: string[];
  /** 文号 / 令号 named in the repealing sentence */
  docNos: string[];
  /** the sentence, for the preview and the audit trail */
  sentence: string;
}

const REPEAL_VERB = /(同时废止|予以废止|一并废止|即行废止|起废止|废止。|停止执行|不再执行|同时失效|自行失效)/;
const DOCNO_GLOBAL = /[\p{Script=Han}]{1,12}[〔［\[【(（]\s*(?:19|20)\d{2}\s*[〕］\]】)）]\s*第?\s*\d+\s*号|[\p{Script=Han}]{2,12}令第[一二三四五六七八九十百零〇\d]+号/gu;

function sentencesOf(body: string): string[] {
  return body.split(/(?<=[。；;！!\n])/u).map((s) => s.trim()).filter(Boolean);
}

/** Repealed documents named in the text (a sentence with a repeal verb that names a 《title》 or a 文号). */
export function readRepeals(body: string): RepealReference[] {
  const out: RepealReference[] = [];
  for (const sentence of sentencesOf(body)) {
    if (!REPEAL_VERB.test(sentence)) continue;
    // 「自…起施行，原《…》停止执行」: only what follows 原 is repealed, not the notice's own title before it
    const original = /原(?=[《\p{Script=Han}])/u.exec(sentence);
    const scope = /停止执行|不再执行/.test(sentence) && original ? sentence.slice(original.index) : sentence;
    const titles = [...scope.matchAll(/《([^《》]{4,80})》/g)].map((m) => m[1]!);
    const docNos = [...scope.matchAll(DOCNO_GLOBAL)].map((m) => parseDocNo(m[0])).filter((d): d is string => !!d);
    if (titles.length || docNos.length) out.push({ titles, docNos: [...new Set(docNos)], sentence });
  }
  return out;
}

/** 施行日期: 「自2024年1月1日起施行」「自发布之日起施行」 (the latter gives no date of its own: null). */
export function effectiveDateOf(body: string): string | null {
  const m = /自\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*起(?:施行|执行|实施|生效)/.exec(body);
  return m ? parseDate(m[1]!.replace(/\s+/g, "")) : null;
}
