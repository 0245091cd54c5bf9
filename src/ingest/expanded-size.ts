/**
 * How large a compressed document becomes once unpacked, measured before any parser sees it, so a decompression bomb
 * (a 1 MB .docx holding 300 MB of XML, a PDF with a 200 MB content stream) is refused instead of exhausting memory.
 *
 * - .docx: the sizes its zip directory declares, then the true sizes, inflating each entry with an output cap (a zip
 *   that understates its sizes is caught too).
 * - .pdf: every stream whose first filter is FlateDecode is inflated with an output cap; other streams count at their
 *   stored size (filters such as LZW are left to the parser, which runs under a memory and time limit).
 *
 * Both throw ReadError naming the file and the limit when the total exceeds `maxBytes`.
 */
import path from "node:path";
import zlib from "node:zlib";
import { ReadError } from "./readers.js";

export function tooLargeError(file: string, maxBytes: number): ReadError {
  const mb = Math.round(maxBytes / 2 ** 20);
  return new ReadError(
    `文件解压后超过 ${mb} MB 上限（ZHICE_INGEST_MAX_EXPANDED_MB），已拒绝 / refused: expands beyond the ${mb} MB limit (ZHICE_INGEST_MAX_EXPANDED_MB): ${path.basename(file)}`,
  );
}

/** Inflates with an output cap; null when the output would exceed `cap` bytes, undefined when the data is not valid. */
function inflatedSize(data: Uint8Array, cap: number, raw: boolean): number | null | undefined {
  const opts = { maxOutputLength: Math.max(1, cap + 1), finishFlush: zlib.constants.Z_SYNC_FLUSH };
  try {
    const out = raw ? zlib.inflateRawSync(data, opts) : zlib.inflateSync(data, opts);
    return out.length > cap ? null : out.length;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") return null;
    return undefined;
  }
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

const u64 = (b: Buffer, at: number) => Number(b.readBigUInt64LE(at));

/** The central directory of a zip (ZIP64 included); null when the bytes are not a readable zip. */
function zipEntries(b: Buffer): ZipEntry[] | null {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let count = b.readUInt16LE(eocd + 10);
  let cdOffset = b.readUInt32LE(eocd + 16);
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && b.readUInt32LE(eocd - 20) === 0x07064b50) {
    const z64 = u64(b, eocd - 20 + 8);
    if (z64 + 56 > b.length || b.readUInt32LE(z64) !== 0x06064b50) return null;
    count = u64(b, z64 + 32);
    cdOffset = u64(b, z64 + 48);
  }
  const out: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) return null;
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    const e: ZipEntry = {
      name: b.toString("utf8", p + 46, p + 46 + nameLen),
      method: b.readUInt16LE(p + 10),
      compressedSize: b.readUInt32LE(p + 20),
      declaredSize: b.readUInt32LE(p + 24),
      localOffset: b.readUInt32LE(p + 42),
    };
    // ZIP64 extended information: the 64-bit values, in this order, for the fields that hold 0xFFFFFFFF
    for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen; ) {
      const id = b.readUInt16LE(x);
      const len = b.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let f = x + 4;
        if (e.declaredSize === 0xffffffff) (e.declaredSize = u64(b, f)), (f += 8);
        if (e.compressedSize === 0xffffffff) (e.compressedSize = u64(b, f)), (f += 8);
        if (e.localOffset === 0xffffffff) e.localOffset = u64(b, f);
      }
      x += 4 + len;
    }
    out.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Pictures and other media in a .docx: stored as they are, never turned into text (readers.ts drops images). */
const MEDIA = /(^|\/)media\/|\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp|bin|ole)$/i;

/**
 * Refuses a .docx (any zip) whose text parts (everything but media) expand beyond `maxBytes` in total. Unreadable
 * zips are left to the parser.
 */
export function checkZipExpansion(bytes: Uint8Array, maxBytes: number, file: string): void {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = zipEntries(b)?.filter((e) => !MEDIA.test(e.name));
  if (!entries) return;
  if (entries.reduce((n, e) => n + e.declaredSize, 0) > maxBytes) throw tooLargeError(file, maxBytes);
  let total = 0;
  for (const e of entries) {
    const at = e.localOffset;
    if (at + 30 > b.length || b.readUInt32LE(at) !== 0x04034b50) continue;
    const start = at + 30 + b.readUInt16LE(at + 26) + b.readUInt16LE(at + 28);
    const data = b.subarray(start, Math.min(b.length, start + e.compressedSize));
    if (e.method === 0) total += data.length;
    else if (e.method === 8) {
      const size = inflatedSize(data, maxBytes - total, true);
      if (size === null) throw tooLargeError(file, maxBytes);
      total += size ?? 0;
    }
    if (total > maxBytes) throw tooLargeError(file, maxBytes);
  }
}

/** Refuses a PDF whose streams expand beyond `maxBytes` in total. */
export function checkPdfExpansion(bytes: Uint8Array, maxBytes: number, file: string): void {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  let from = 0;
  for (;;) {
    const kw = b.indexOf("stream", from, "latin1");
    if (kw < 0) break;
    from = kw + 6;
    if (kw >= 3 && b.toString("latin1", kw - 3, kw) === "end") continue;
    let start = kw + 6;
    if (b[start] === 0x0d) start++;
    if (b[start] === 0x0a) start++;
    else if (b[start - 1] !== 0x0d) continue; // "stream" inside some other token
    const objAt = b.lastIndexOf("obj", kw, "latin1");
    const dict = b.toString("latin1", Math.max(objAt, kw - 4096, 0), kw);
    const len = /\/Length\s+(\d+)\b(?!\s+\d+\s+R)/.exec(dict);
    let end = len ? start + Number(len[1]) : -1;
    if (end < 0 || end > b.length || b.indexOf("endstream", end, "latin1") - end > 4) end = b.indexOf("endstream", start, "latin1");
    if (end < 0) end = b.length;
    from = Math.max(from, end);
    const data = b.subarray(start, end);
    const filter = /\/Filter\s*\[?\s*\/(\w+)/.exec(dict)?.[1];
    if (filter === "FlateDecode" || filter === "Fl") {
      const size = inflatedSize(data, maxBytes - total, false);
      if (size === null) throw tooLargeError(file, maxBytes);
      total += size ?? data.length;
    } else total += data.length;
    if (total > maxBytes) throw tooLargeError(file, maxBytes);
  }
}
