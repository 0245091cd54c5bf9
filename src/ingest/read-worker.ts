/**
 * Worker-thread entry for bounded-read.ts: measures the unpacked size of one .docx/.pdf, then reads it. Runs in its
 * own thread with a heap limit, so a document that still exhausts memory or time ends this thread, not the ingest.
 */
import { parentPort, workerData } from "node:worker_threads";
import { checkPdfExpansion, checkZipExpansion } from "./expanded-size.js";
import { readDocument, ReadError } from "./readers.js";

export interface ReadRequest {
  file: string;
  bytes: Uint8Array;
  maxExpandedBytes: number;
}

export type ReadReply =
  | { ok: true; text: string; format: import("./clean.js").SourceFormat; encoding?: string }
  | { ok: false; readError: boolean; message: string };

async function read(req: ReadRequest): Promise<ReadReply> {
  try {
    if (req.file.toLowerCase().endsWith(".pdf")) checkPdfExpansion(req.bytes, req.maxExpandedBytes, req.file);
    else checkZipExpansion(req.bytes, req.maxExpandedBytes, req.file);
    const r = await readDocument(req.file, req.bytes);
    return { ok: true, ...r };
  } catch (err) {
    return { ok: false, readError: err instanceof ReadError, message: err instanceof Error ? err.message : String(err) };
  }
}

parentPort!.postMessage(await read(workerData as ReadRequest));
