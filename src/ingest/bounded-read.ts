/**
 * Reading one file within limits, so one hostile or broken file is refused with its name and a reason while the rest
 * of the batch ingests:
 *  - size: no file may be, or unpack to, more than `maxExpandedBytes` (raw bytes for text formats; unpacked zip
 *    entries / PDF streams for .docx / .pdf, see expanded-size.ts; and the extracted text in every case);
 *  - time and memory: .docx and .pdf are unpacked and parsed in a worker thread with a heap limit, ended after
 *    `parseTimeoutMs`.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { tooLargeError } from "./expanded-size.js";
import type { ReadReply, ReadRequest } from "./read-worker.js";
import { readDocument, ReadError, type ReadResult } from "./readers.js";

export interface IngestLimits {
  /** largest size a file may have, unpacked, and the most text it may yield (bytes) */
  maxExpandedBytes: number;
  /** longest a .docx / .pdf may take to unpack and parse (ms) */
  parseTimeoutMs: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = { maxExpandedBytes: 50 * 2 ** 20, parseTimeoutMs: 60_000 };

const ISOLATED = new Set([".docx", ".pdf"]);

/** The worker's V8 heap: room for parser structures several times the largest allowed input, never below 256 MB. */
export function workerHeapMb(limits: IngestLimits): number {
  return Math.max(256, Math.ceil((limits.maxExpandedBytes / 2 ** 20) * 16));
}

const require = createRequire(import.meta.url);

/**
 * The worker's entry as an inline module: the compiled .js directly, or the .ts source through tsx's loader (under
 * `tsx` and vitest, a worker does not inherit the parent's TypeScript loader).
 */
function workerSource(): string {
  const here = new URL(import.meta.url);
  const entry = new URL(`./read-worker${path.extname(here.pathname)}`, here).href;
  if (!entry.endsWith(".ts")) return `import(${JSON.stringify(entry)})`;
  const pkgFile = require.resolve("tsx/package.json");
  const exportsMap = (JSON.parse(readFileSync(pkgFile, "utf8")) as { exports: Record<string, { import: { default: string } }> })
    .exports;
  const api = pathToFileURL(path.join(path.dirname(pkgFile), exportsMap["./esm/api"]!.import.default)).href;
  return `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
}

function readInWorker(file: string, bytes: Uint8Array, limits: IngestLimits): Promise<ReadResult> {
  const name = path.basename(file);
  const request: ReadRequest = { file, bytes, maxExpandedBytes: limits.maxExpandedBytes };
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource(), {
      eval: true,
      workerData: request,
      resourceLimits: { maxOldGenerationSizeMb: workerHeapMb(limits) },
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(() => {
      const ms = limits.parseTimeoutMs;
      settle(() =>
        reject(
          new ReadError(
            `解析超过 ${ms} 毫秒上限（ZHICE_INGEST_PARSE_TIMEOUT_MS），已拒绝 / refused: parsing took longer than ${ms} ms (ZHICE_INGEST_PARSE_TIMEOUT_MS): ${name}`,
          ),
        ),
      );
    }, limits.parseTimeoutMs);
    worker.on("message", (reply: ReadReply) =>
      settle(() => {
        if (reply.ok) resolve({ text: reply.text, format: reply.format, encoding: reply.encoding });
        else reject(reply.readError ? new ReadError(reply.message) : new Error(reply.message));
      }),
    );
    worker.on("error", (err: NodeJS.ErrnoException) =>
      settle(() =>
        reject(
          err.code === "ERR_WORKER_OUT_OF_MEMORY"
            ? new ReadError(`解析时内存超限，已拒绝 / refused: parsing ran out of memory: ${name}`)
            : err,
        ),
      ),
    );
    worker.on("exit", (code) =>
      settle(() => reject(new ReadError(`解析进程意外退出（代码 ${code}） / the parser stopped unexpectedly (code ${code}): ${name}`))),
    );
  });
}

/** readDocument within the limits above; throws ReadError (name and reason, 中文 / English) when a limit is hit. */
export async function readDocumentWithin(
  file: string,
  bytes: Uint8Array,
  limits: IngestLimits = DEFAULT_INGEST_LIMITS,
): Promise<ReadResult> {
  if (bytes.length > limits.maxExpandedBytes) throw tooLargeError(file, limits.maxExpandedBytes);
  const isolated = ISOLATED.has(path.extname(file).toLowerCase()) && bytes.length > 0;
  const read = isolated ? await readInWorker(file, bytes, limits) : await readDocument(file, bytes);
  if (Buffer.byteLength(read.text) > limits.maxExpandedBytes) throw tooLargeError(file, limits.maxExpandedBytes);
  return read;
}
