/**
 * `npm run -s zhice -- ingest [PATH…] [--data-dir DIR]` — ingest notices (files or directories) into the clause store.
 * Progress bar on stderr when it is a terminal; one summary line on stdout; failures listed on stderr.
 * Exit 0 when the parseable files were ingested, 1 when nothing could be ingested or a path does not exist.
 */
import { loadConfig } from "../config.js";
import { ingestPaths, IngestPathError, type IngestReport } from "../ingest/ingest.js";
import { REDRAW_LINE } from "../text/terminal.js";

export interface IngestArgs {
  paths: string[];
  dataDir?: string;
  json: boolean;
  help?: boolean;
}

const USAGE = `用法 / usage: npm run -s zhice -- ingest [PATH…] [--data-dir DIR] [--json]
  PATH       文件或目录（默认 knowledge/）；目录下的 data/ 与非文档文件会跳过 / files or directories (default knowledge/);
             data/ subdirectories and non-document files are skipped. 支持 / formats: .txt .md .markdown .html .htm .docx .pdf
  --data-dir 数据目录（默认 .zhice/ 或 ZHICE_DATA_DIR） / data directory (default .zhice/ or ZHICE_DATA_DIR)
  --json     以 JSON 输出导入报告 / print the ingest report as JSON`;

export function parseIngestArgs(argv: string[]): IngestArgs {
  const out: IngestArgs = { paths: [], json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--data-dir") {
      const v = argv[++i];
      if (!v) throw new Error("--data-dir 需要一个目录 / --data-dir needs a directory");
      out.dataDir = v;
    } else if (a.startsWith("--data-dir=")) out.dataDir = a.slice("--data-dir=".length);
    else if (a === "--json") out.json = true;
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
  let report: IngestReport;
  try {
    report = await ingestPaths(paths, {
      dataDir: config.dataDir,
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
