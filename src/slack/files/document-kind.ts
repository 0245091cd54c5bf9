/**
 * What a shared document is: a proposal (labelled proposal fields, see document-fields.ts), a policy notice (a 文号 or
 * a notice title above numbered clauses), or something else.
 */
import { isProposal, type DocumentFields } from "./document-fields.js";

export type DocumentKind = "proposal" | "notice" | "other";

const DOC_NO = /[〔［\[(（]\s*(19|20)\d{2}\s*[〕］\])）]\s*第?\s*\d{1,4}\s*号/;
const NOTICE_TITLE = /(通知|办法|意见|规定|决定|方案|细则|规则|指引|公告)$/;
const NUMBERED = /^(一、|第一条|第一章)/;

export function documentKind(lines: string[], fields: DocumentFields): DocumentKind {
  if (isProposal(fields)) return "proposal";
  const head = lines.slice(0, 15);
  if (head.some((l) => DOC_NO.test(l))) return "notice";
  if (head.some((l) => NOTICE_TITLE.test(l)) && lines.some((l) => NUMBERED.test(l))) return "notice";
  return "other";
}
