/**
 * Reading a proposal JSON file for the CLI faces, with errors a clerk can act on: a missing file is "找不到文件", a
 * syntax error names the line and column, instead of a raw ENOENT / SyntaxError.
 */
import { readFileSync } from "node:fs";
import type { ProposalError } from "./parse.js";

export type ProposalFileResult = { ok: true; json: unknown } | { ok: false; error: ProposalError };

function fileError(zh: string, en: string): ProposalFileResult {
  return { ok: false, error: { field: "(file)", messageZh: zh, messageEn: en } };
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/** Where a JSON.parse SyntaxError points, when its message says (V8: "at position N" or "(line L column C)"). */
export function syntaxErrorAt(text: string, message: string): { line: number; column: number } | null {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /at position (\d+)/.exec(message);
  if (pos) return lineColumn(text, Number(pos[1]));
  if (/end of JSON input/i.test(message)) return lineColumn(text, text.length);
  return null;
}

/** The reason V8 gives, without the position it already reported and without echoing the file. */
function syntaxReason(message: string): string {
  return message
    .replace(/\s*\(line \d+ column \d+\)/, "")
    .replace(/\s*in JSON at position \d+.*$/, "")
    .replace(/^Unexpected token '?(.)'?, ".*?"\.\.\. is not valid JSON$/s, "Unexpected token '$1'")
    .replace(/, ".*" is not valid JSON$/s, "")
    .trim();
}

export function readProposalFile(file: string): ProposalFileResult {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return fileError(`找不到文件：${file}`, `file not found: ${file}`);
    if (code === "EISDIR") return fileError(`这是一个目录，不是文件：${file}`, `is a directory, not a file: ${file}`);
    if (code === "EACCES" || code === "EPERM")
      return fileError(`没有读取权限：${file}`, `permission denied: ${file}`);
    const reason = err instanceof Error ? err.message : String(err);
    return fileError(`无法读取文件：${file}（${code ?? reason}）`, `cannot read ${file}: ${reason}`);
  }
  text = text.replace(/^\uFEFF/, "");
  if (!text.trim()) return fileError(`文件为空：${file}`, `file is empty: ${file}`);
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = syntaxErrorAt(text, message);
    const reason = syntaxReason(message);
    return at
      ? fileError(
          `文件不是有效的 JSON：${file} 第 ${at.line} 行第 ${at.column} 列（${reason}）`,
          `invalid JSON in ${file} at line ${at.line}, column ${at.column}: ${reason}`,
        )
      : fileError(`文件不是有效的 JSON：${file}（${reason}）`, `invalid JSON in ${file}: ${reason}`);
  }
}
