/**
 * How a superseded notice is marked wherever it is cited: 「已废止，被《…》（文号）取代」 / "superseded by 《…》".
 * Empty for a notice in force.
 */
import type { Citation, Document } from "./schema.js";

type Standing = Pick<Citation, "status" | "supersededBy">;

export function standingOf(doc: Document): Standing {
  const by = doc.supersededBy ?? null;
  return { status: doc.status ?? "in_force", supersededBy: by ? { title: by.title, docNo: by.docNo } : null };
}

export function standingNote(s: Standing, lang: "zh" | "en" | "both" = "both"): string {
  if (s.status !== "superseded") return "";
  const by = s.supersededBy ? `《${s.supersededBy.title}》${s.supersededBy.docNo ? `（${s.supersededBy.docNo}）` : ""}` : "";
  const zh = by ? `已废止，被${by}取代` : "已废止";
  const en = by ? `superseded by ${by}` : "superseded";
  return lang === "zh" ? `〔${zh}〕` : lang === "en" ? ` [${en}]` : `〔${zh} / ${en}〕`;
}
