/**
 * The one way a cited clause is named on every face (ask, pre-review, local mode, Slack): 《full title》, then the
 * 文号 when the notice has one, then the clause path — 《财政部关于做好2022年政府购买服务改革重点工作的通知》 财综〔2022〕51号 二、（三）.
 */
import type { Citation } from "./schema.js";

type Named = Pick<Citation, "title" | "docNo" | "clausePath">;

/** The pieces in order, each passed through `escape` (Slack mrkdwn); empty ones left out. */
export function citationParts(c: Named, escape: (s: string) => string = (s) => s): string[] {
  return [`《${escape(c.title)}》`, c.docNo ? escape(c.docNo) : "", c.clausePath ? escape(c.clausePath) : ""].filter(Boolean);
}

/** "《title》 文号 path" as plain text. */
export function citationRef(c: Named): string {
  return citationParts(c).join(" ");
}
