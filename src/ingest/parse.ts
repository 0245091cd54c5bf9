/**
 * One file → its own metadata and clause drafts (no knowledge of the rest of the corpus).
 */
import { buildClauses, type ClauseDraft } from "./clauses.js";
import { cleanDocument } from "./clean.js";
import { extractMetadata, type OwnMetadata } from "./metadata.js";
import { DEFAULT_INGEST_LIMITS, readDocumentWithin, type IngestLimits } from "./bounded-read.js";
import { ReadError } from "./readers.js";
import { effectiveDateOf, readRepeals, type RepealReference } from "./repeals.js";
import { sourceUrlOf } from "./source-url.js";

/** Bump when parsing changes, so stored documents are parsed again. */
export const PARSER_VERSION = 46;

export interface ParsedFile {
  meta: OwnMetadata;
  clauses: ClauseDraft[];
  /** The cleaned body, for overlap tests in the corpus pass. */
  body: string;
  /** Where the notice is published, when the file says (来源 link, front matter url, canonical link). */
  url?: string | null;
  /** Documents this one repeals (「…同时废止」「原…停止执行」). */
  repeals?: RepealReference[];
  /** 施行日期 when stated. */
  effectiveDate?: string | null;
}

export async function parseFile(file: string, bytes: Uint8Array, limits: IngestLimits = DEFAULT_INGEST_LIMITS): Promise<ParsedFile> {
  const read = await readDocumentWithin(file, bytes, limits);
  const cleaned = cleanDocument(read.text, read.format);
  const { meta, body, bodyHeadings, docNoLine } = extractMetadata(cleaned.lines, { frontMatter: cleaned.frontMatter, htmlTitle: cleaned.htmlTitle, htmlH1: cleaned.htmlH1 ?? null });
  const clauses = buildClauses(body, { headings: bodyHeadings });
  const chars = clauses.reduce((n, c) => n + c.text.replace(/\s/g, "").length, 0);
  if (clauses.length === 0 || chars < 10)
    throw new ReadError("未能提取到正文文字（可能是扫描件或空文档） / no text could be extracted (scanned image or empty document)");
  const text = body.join("\n");
  return {
    meta, clauses: withDocNoLine(clauses, docNoLine ?? null), body: text,
    url: sourceUrlOf(read.text, cleaned.frontMatter, meta.source), repeals: readRepeals(text), effectiveDate: effectiveDateOf(text),
  };
}

/**
 * The 文号 line the notice prints above its addressees goes back at the start of the first clause when that is the
 * preamble (so a citation of the preamble shows the 文号 as the notice does). A notice whose numbered text starts at
 * once keeps its clauses as they are (the 文号 is not part of its first item). Header labels (文号：…) are not text and
 * are not added.
 */
export function withDocNoLine(clauses: ClauseDraft[], line: string | null): ClauseDraft[] {
  if (!line || clauses.length === 0) return clauses;
  const first = clauses[0]!;
  if (first.key !== "pre" || first.level !== 0) return clauses;
  return [{ ...first, text: `${line}\n${first.text}` }, ...clauses.slice(1)];
}
