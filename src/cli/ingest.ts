/**
 * `npm run -s zhice -- ingest [PATH…] [--data-dir DIR]` — ingest notices (files or directories) into the clause store.
 * Progress bar on stderr when it is a terminal; one summary line on stdout; failures listed on stderr.
 * Exit 0 when the parseable files were ingested, 1 when nothing could be ingested or a path does not exist.
 */
import { loadConfig } from "../config.js";
import { ingestPaths, IngestPathError, type IngestReport } from "../ingest/ingest.js";
import { REDRAW_LINE } from "../text/terminal.js";
import type { Config } from "../config.js";
import { previewPaths, type NoticePreview } from "../ingest/preview.js";
import { httpUrl } from "../ingest/source-url.js";

export interface IngestArgs {
  paths: string[];
  dataDir?: string;
  json: boolean;
  help?: boolean;
  /** parse and show what would be imported, write nothing */
  preview?: boolean;
  url?: string;
  as?: string;
}

const USAGE = `用法 / usage: npm run -s zhice -- ingest [PATH…] [--data-dir DIR] [--json]
  PATH       文件或目录（默认 knowledge/）；目录下的 data/ 与非文档文件会跳过 / files or directories (default knowledge/);
             data/ subdirectories and non-document files are skipped. 支持 / formats: .txt .md .markdown .html .htm .docx .pdf
  --data-dir 数据目录（默认 .zhice/ 或 ZHICE_DATA_DIR） / data directory (default .zhice/ or ZHICE_DATA_DIR)
  --json     以 JSON 输出导入报告 / print the ingest report as JSON
  --preview  只解析并预览（标题、文号、条款数、重复与废止关系），不写入 / parse and preview (title, 文号, clauses,
             duplicates, what it supersedes) without importing
  --url URL  文件的来源网址（覆盖文件中的来源） / the files' source URL (overrides what the file says)
  --as USER  记入审计日志的操作人（默认 cli） / who imports, for the audit trail (default cli)`;

export function parseIngestArgs(argv: string[]): IngestArgs {
  const out: IngestArgs = { paths: [], json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--data-dir") {
      const v = argv[++i];
      if (!v || v.startsWith("--")) throw new Error("--data-dir 需要一个目录 / --data-dir needs a directory");
      out.dataDir = v;
    } else if (a.startsWith("--data-dir=")) out.dataDir = a.slice("--data-dir=".length);
    else if (a === "--json") out.json = true;
    else if (a === "--preview") out.preview = true;
    else if (a === "--url" || a === "--as") {
      const v = argv[++i];
      if (!v || v.startsWith("--")) throw new Error(`${a} 需要一个值 / ${a} needs a value`);
      if (a === "--url" && !httpUrl(v)) throw new Error(`--url 必须是 http(s) 地址 / --url must be an http(s) URL: ${v}`);
      out[a === "--url" ? "url" : "as"] = v;
    }
    else if (a === "-h" || a === "--help") out.help = true;
    else if (a.startsWith("--")) throw new Error(`未知选项 / unknown option: ${a}`);
    else out.paths.push(a);
  }
  return out;
}

/** A small progress bar: "[██████░░░░] 6/10 file.txt", redrawn in place. */
export function progressLine(done: number, total: number, file: string, width = 24): string {
  const filled = total ? Math.round((done / total) * width) : width;
  const name = file.length > 40 ? "…" + file.slice(-39) : file;
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${done}/${total} ${name}`;
}

export function summaryLine(r: IngestReport): string {
  const files = r.added.length + r.updated.length + r.unchanged.length;
  return (
    `已导入 ${files} 个文件，新增 ${r.added.length} / 更新 ${r.updated.length} / 未变 ${r.unchanged.length} / 失败 ${r.failed.length}；` +
    `共 ${r.documents} 份文件 ${r.clauses} 条条款 / ingested ${files} files: ${r.added.length} added, ${r.updated.length} updated, ` +
    `${r.unchanged.length} unchanged, ${r.failed.length} failed; ${r.documents} documents, ${r.clauses} clauses in store`
  );
}

export async function run(argv: string[]): Promise<number> {
  let args: IngestArgs;
  try {
    args = parseIngestArgs(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig(process.env, { dataDir: args.dataDir });
  const paths = args.paths.length ? args.paths : [config.knowledgeDir];
  const tty = Boolean(process.stderr.isTTY);
  if (args.preview) return preview(paths, args, config);
  let report: IngestReport;
  try {
    report = await ingestPaths(paths, {
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      auditKey: config.auditKey,
      production: config.production,
      actor: args.as ?? "cli",
      url: args.url,
      limits: config.ingest,
      onProgress: tty
        ? (done, total, file) => {
            process.stderr.write(`${REDRAW_LINE}${progressLine(done, total, file)}`);
            if (done === total) process.stderr.write("\n");
          }
        : undefined,
    });
  } catch (err) {
    if (err instanceof IngestPathError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
  for (const f of report.failed) console.error(`导入失败 / failed: ${f.file} — ${f.reason}`);
  for (const f of report.removed ?? []) console.error(`已移除（文件已删除） / removed (file deleted): ${f}`);
  if (args.json) console.log(JSON.stringify(report));
  else console.log(summaryLine(report));
  const ok = report.added.length + report.updated.length + report.unchanged.length;
  if (ok === 0) {
    if (report.failed.length === 0) console.error("没有找到可导入的文件 / no document files found");
    return 1;
  }
  return 0;
}

const CHANGE_LABEL: Record<NoticePreview["change"], string> = { new: "新增 / new", update: "更新 / replaces the stored file", unchanged: "未变 / already imported" };
const ref = (d: { title: string; docNo: string | null }) => `《${d.title}》${d.docNo ? d.docNo : ""}`;

/** The preview as people read it: one block per file. */
export function previewText(p: NoticePreview): string {
  const lines = [
    `${p.file}: ${CHANGE_LABEL[p.change]}`,
    `  标题 / title: 《${p.title}》`,
    `  文号 / number: ${p.docNo ?? "—"} · 发文机关 / issuer: ${p.issuer ?? "—"} · 日期 / date: ${p.date ?? "—"}${p.effectiveDate ? ` · 施行 / in force from: ${p.effectiveDate}` : ""} · 类型 / kind: ${p.kind}`,
    `  条款 / clauses: ${p.clauses}${p.firstPaths.length ? `（${p.firstPaths.join("、")}…）` : ""}`,
  ];
  if (p.url) lines.push(`  来源 / source: ${p.url}`);
  if (p.duplicateOf) lines.push(`  与已有文件内容相同 / same bytes as: ${ref(p.duplicateOf)}`);
  if (p.sameNoticeAs) lines.push(`  与已有文件为同一文件 / same notice as: ${ref(p.sameNoticeAs)}`);
  for (const s of p.supersedes) lines.push(`  将废止 / supersedes: ${ref(s)}`);
  if (p.supersededBy) lines.push(`  已被废止 / already superseded by: ${ref(p.supersededBy)}`);
  for (const w of p.warnings) lines.push(`  ⚠ ${w.zh} / ${w.en}`);
  return lines.join("\n");
}

async function preview(paths: string[], args: IngestArgs, config: Config): Promise<number> {
  let r;
  try {
    r = await previewPaths(paths, { dataDir: config.dataDir, databaseUrl: config.databaseUrl, limits: config.ingest, url: args.url });
  } catch (err) {
    if (err instanceof IngestPathError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
  for (const f of r.failed) console.error(`无法导入 / cannot import: ${f.file} — ${f.reason}`);
  if (args.json) console.log(JSON.stringify(r));
  else console.log(r.previews.map(previewText).join("\n\n") + (r.previews.length ? "\n\n未写入；去掉 --preview 即导入 / nothing written; run again without --preview to import" : ""));
  return r.previews.length ? 0 : 1;
}
