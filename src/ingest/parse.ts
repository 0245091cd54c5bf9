/**
 * One file → its own metadata and clause drafts (no knowledge of the rest of the corpus).
 */
import { buildClauses, type ClauseDraft } from "./clauses.js";
import { cleanDocument } from "./clean.js";
import { extractMetadata, type OwnMetadata } from "./metadata.js";
import { readDocument, ReadError } from "./readers.js";

/** Bump when parsing changes, so stored documents are parsed again. */
export const PARSER_VERSION = 22;

export interface ParsedFile {
  meta: OwnMetadata;
  clauses: ClauseDraft[];
  /** The cleaned body, for overlap tests in the corpus pass. */
  body: string;
}

export async function parseFile(file: string, bytes: Uint8Array): Promise<ParsedFile> {
  const read = await readDocument(file, bytes);
  const cleaned = cleanDocument(read.text, read.format);
  const { meta, body, bodyHeadings } = extractMetadata(cleaned.lines, { frontMatter: cleaned.frontMatter, htmlTitle: cleaned.htmlTitle, htmlH1: cleaned.htmlH1 ?? null });
  const clauses = buildClauses(body, { headings: bodyHeadings });
  const chars = clauses.reduce((n, c) => n + c.text.replace(/\s/g, "").length, 0);
  if (clauses.length === 0 || chars < 10)
    throw new ReadError("未能提取到正文文字（可能是扫描件或空文档） / no text could be extracted (scanned image or empty document)");
  return { meta, clauses, body: body.join("\n") };
}
