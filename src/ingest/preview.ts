/**
 * What importing files would do, without writing anything: each file parsed as ingest would parse it, the corpus pass
 * run over the store plus the new files, and for each file its title, 文号, issuer, date, kind, clause count and first
 * clause paths, the stored document it duplicates (same bytes) or restates (same notice), the documents it would
 * supersede, and parse warnings. `ingest FILE --preview` and the Slack preview card show this.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { noticeOf, type DocKind, type DocRef } from "../knowledge/schema.js";
import { readFiles, withKbDatabase, type KbLocation, type StoredEntry } from "../knowledge/store.js";
import { refOf, withStatus } from "../knowledge/supersession.js";
import type { Database } from "../store/index.js";
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from "./bounded-read.js";
import { buildCorpus } from "./corpus.js";
import { tooLargeError } from "./expanded-size.js";
import { collectFiles, reasonOf } from "./ingest.js";
import { parseFile, PARSER_VERSION } from "./parse.js";

export interface NoticePreview {
  file: string;
  /** new: not in the store · update: replaces the stored file at this path · unchanged: already imported as is */
  change: "new" | "update" | "unchanged";
  title: string;
  docNo: string | null;
  issuer: string | null;
  date: string | null;
  effectiveDate: string | null;
  kind: DocKind;
  url: string | null;
  clauses: number;
  /** the first clause paths (e.g. 一、 / 一、（一） / 第一条) */
  firstPaths: string[];
  /** a stored document with exactly the same bytes (under another name) */
  duplicateOf: DocRef | null;
  /** a stored document this file is another copy of (news summary, excerpt, full text) */
  sameNoticeAs: DocRef | null;
  /** stored documents this one repeals in its own words */
  supersedes: DocRef[];
  /** a stored document that repeals this one */
  supersededBy: DocRef | null;
  warnings: { zh: string; en: string }[];
}

export interface PreviewReport {
  previews: NoticePreview[];
  failed: { file: string; reason: string }[];
}

export interface PreviewOptions extends Partial<KbLocation> {
  dataDir: string;
  db?: Database;
  limits?: IngestLimits;
  url?: string;
  displayNames?: Map<string, string>;
  /** the path a file will be stored under when it is imported (a Slack upload waits in a temporary file) */
  storedPaths?: Map<string, string>;
}

const FIRST_PATHS = 5;

function warningsOf(e: StoredEntry, titleSource: string): NoticePreview["warnings"] {
  const w: NoticePreview["warnings"] = [];
  if (titleSource === "filename") w.push({ zh: "未找到标题，暂用文件名", en: "no title found; the file name is used" });
  if (!e.meta.docNo) w.push({ zh: "未找到文号", en: "no document number (文号) found" });
  if (!e.meta.date) w.push({ zh: "未找到发布日期", en: "no date found" });
  if (e.meta.excerpt) w.push({ zh: "文本为节选，可能不完整", en: "the text is an excerpt and may be incomplete" });
  if (e.clauses.length <= 1) w.push({ zh: "只识别出一条条款，编号可能未被识别", en: "only one clause found; the numbering may not have been recognised" });
  return w;
}

export async function previewPaths(paths: string[], opts: PreviewOptions): Promise<PreviewReport> {
  const loc: KbLocation = { dataDir: opts.dataDir, databaseUrl: opts.databaseUrl, pgSchema: opts.pgSchema };
  return withKbDatabase(opts.db ?? loc, async (db) => {
    const stored = await readFiles(db);
    const limits = opts.limits ?? DEFAULT_INGEST_LIMITS;
    const shown = (abs: string) => opts.displayNames?.get(abs) ?? path.basename(abs);
    const byPath = new Map(stored.map((e) => [e.absPath, e]));
    const byHash = new Map(stored.map((e) => [e.contentHash, e]));
    const failed: PreviewReport["failed"] = [];
    const fresh: { entry: StoredEntry; change: NoticePreview["change"]; duplicate: StoredEntry | null }[] = [];
    for (const abs of collectFiles(paths)) {
      try {
        if (statSync(abs).size > limits.maxExpandedBytes) throw tooLargeError(abs, limits.maxExpandedBytes);
        const bytes = readFileSync(abs);
        const hash = createHash("sha256").update(bytes).digest("hex");
        const storedAs = opts.storedPaths?.get(abs) ?? abs;
        const prev = byPath.get(storedAs);
        const { url, ...file } = await parseFile(abs, bytes, limits);
        const id = prev?.id ?? `preview:${fresh.length}:${path.basename(abs)}`;
        const entry: StoredEntry = { id, source: shown(abs), absPath: storedAs, contentHash: hash, parserVersion: PARSER_VERSION, ...file, url: opts.url ?? url ?? null };
        const change = !prev ? "new" : prev.contentHash === hash ? "unchanged" : "update";
        const duplicate = byHash.get(hash);
        fresh.push({ entry, change, duplicate: duplicate && duplicate.absPath !== storedAs ? duplicate : null });
      } catch (err) {
        failed.push({ file: shown(abs), reason: reasonOf(err) });
      }
    }
    const all = new Map(stored.map((e) => [e.absPath, e]));
    for (const f of fresh) all.set(f.entry.absPath, f.entry);
    const entries = [...all.values()].sort((a, b) => a.id.localeCompare(b.id));
    const built = buildCorpus(entries);
    const retired = new Set(entries.filter((e) => e.retired).map((e) => e.id));
    const documents = withStatus(built.documents, new Map(entries.map((e) => [e.id, e.repeals ?? []])), retired);
    const docs = new Map(documents.map((d) => [d.id, d]));
    const previews = fresh.map(({ entry, change, duplicate }): NoticePreview => {
      const d = docs.get(entry.id)!;
      const own = built.clauses.filter((c) => c.docId === entry.id);
      const storedDoc = (id: string | null | undefined) => (id && !id.startsWith("preview:") && docs.get(id) ? refOf(docs.get(id)!) : null);
      const sibling = d.sameAs ?? documents.find((x) => x.sameAs === d.id && !x.id.startsWith("preview:"))?.id;
      return {
        file: entry.source, change, title: d.title, docNo: d.docNo, issuer: d.issuer, date: d.date,
        effectiveDate: d.effectiveDate ?? null, kind: d.kind, url: d.url ?? null, clauses: own.length,
        firstPaths: own.map((c) => c.path).filter(Boolean).slice(0, FIRST_PATHS),
        duplicateOf: duplicate ? storedDoc(duplicate.id) : null,
        sameNoticeAs: storedDoc(sibling),
        supersedes: documents.filter((x) => x.supersededBy?.docId === noticeOf(d) && !x.id.startsWith("preview:")).map(refOf),
        supersededBy: d.supersededBy && !d.supersededBy.docId.startsWith("preview:") ? d.supersededBy : null,
        warnings: warningsOf(entry, d.titleSource),
      };
    });
    return { previews, failed };
  });
}
