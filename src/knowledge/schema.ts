/**
 * The shapes shared by ingestion, retrieval and answers. Ingestion produces Documents and Clauses;
 * retrieval ranks Clauses; answers cite them as Citations.
 */
import { z } from "zod";
import { StatementSchema } from "./deontic.js";
import { standingOf } from "./standing.js";

/** A document as named to users: its id, title and 文号. */
export const DocRefSchema = z.object({ docId: z.string(), title: z.string(), docNo: z.string().nullable() });
export type DocRef = z.infer<typeof DocRefSchema>;

export const DocKindSchema = z.enum(["notice", "regulation", "news", "local_plan", "other"]);
export type DocKind = z.infer<typeof DocKindSchema>;

export const DocumentSchema = z.object({
  /** Stable id derived from the file's path relative to the ingest root (not its content). */
  id: z.string(),
  /** Path of the source file as given to ingest (relative to the repo root when inside it). */
  source: z.string(),
  /** sha256 of the raw file bytes; a changed hash replaces the document's clauses. */
  contentHash: z.string(),
  title: z.string().min(1),
  /** Where the title came from: the document's own title line, or inferred from other files of the corpus. */
  titleSource: z.enum(["own", "corpus", "filename"]),
  issuer: z.string().nullable(),
  /** 文号 such as 财综〔2022〕51号, or 令号 such as 财政部令第102号. */
  docNo: z.string().nullable(),
  date: z.string().nullable(),
  /** "own": the date is stated in the file; "sibling": inferred from another file of the same notice (sameAs group). */
  dateSource: z.enum(["own", "sibling"]).nullable().optional(),
  kind: DocKindSchema,
  /** true when the text is an excerpt (…… / （节选）). */
  excerpt: z.boolean(),
  /** Id of the authoritative document this one restates (a news summary of a full notice), if any. */
  sameAs: z.string().nullable(),
  /** Higher is more authoritative; used to cite the full notice before a news summary of it. */
  authority: z.number(),
  /** Where the notice is published: 来源 line, front matter `url`, a link in the HTML, or given at ingest. */
  url: z.string().nullable().optional(),
  /** 施行日期 when the text states one (自…起施行). */
  effectiveDate: z.string().nullable().optional(),
  /** superseded: a later notice in the knowledge base repeals it (「…同时废止」「原…停止执行」). */
  status: z.enum(["in_force", "superseded"]).optional(),
  supersededBy: DocRefSchema.nullable().optional(),
  /** A newer edition of the same title family (…2023年… over …2022年…), preferred on the same point. */
  newerEdition: DocRefSchema.nullable().optional(),
});
export type Document = z.infer<typeof DocumentSchema>;

/** The notice a document is a file of (a news summary, an excerpt, the full text): its sameAs target, or itself. */
export const noticeOf = (d: Pick<Document, "id" | "sameAs">): string => d.sameAs ?? d.id;

export const ClauseSchema = z.object({
  /** Stable id: `${docId}#${path-as-ascii}` (plus a suffix when a path repeats). */
  id: z.string(),
  docId: z.string(),
  /** Human-readable clause path in the document's own numbering, e.g. "二、（十一）" or "第十条（五）"; "" for preamble. */
  path: z.string(),
  /** Ancestor heading lines, outermost first (e.g. ["二、规范政府购买服务管理"]). */
  headings: z.array(z.string()),
  /** The sentence that introduces this item in its parent, e.g. "以下各项不得纳入政府购买服务范围：", or null. */
  leadIn: z.string().nullable(),
  /** The clause's own text as it stands in the notice (cleaned of markup), including its number. */
  text: z.string(),
  /** Position in the document, for ordering. */
  order: z.number(),
  /** Depth in the clause tree (0 = preamble / top). */
  level: z.number(),
  /** Deontic statements (what each sentence forbids, requires, permits …), extracted at ingest. */
  statements: z.array(StatementSchema).optional(),
});
export type Clause = z.infer<typeof ClauseSchema>;

/** A clause as cited in answers and checklists (a contract of the CLI's JSON output). */
export const CitationSchema = z.object({
  docId: z.string(),
  title: z.string(),
  docNo: z.string().nullable(),
  clausePath: z.string(),
  /** The clause as it stands in the notice, with its lead-in. */
  text: z.string(),
  /** In an answer: "basis" when the verdict rests on it, "related" when it is only near the question. */
  role: z.enum(["basis", "related"]).optional(),
  /** superseded: cited only because nothing in force covers the point (then supersededBy names the newer notice). */
  status: z.enum(["in_force", "superseded"]).optional(),
  supersededBy: z.object({ title: z.string(), docNo: z.string().nullable() }).nullable().optional(),
  url: z.string().nullable().optional(),
});
export type Citation = z.infer<typeof CitationSchema>;

/** Text used for display and citation: the lead-in, then the clause itself. */
export function citedText(clause: Clause): string {
  if (clause.leadIn && !clause.text.startsWith(clause.leadIn)) return `${clause.leadIn}……${clause.text}`;
  return clause.text;
}

export function toCitation(clause: Clause, doc: Document): Citation {
  return {
    docId: doc.id, title: doc.title, docNo: doc.docNo, clausePath: clause.path, text: citedText(clause),
    ...standingOf(doc), url: doc.url ?? null,
  };
}
