/**
 * Decompression bombs, generated on the fly (nothing large is stored in the repository):
 *  - docxBomb: a valid .docx whose word/document.xml expands to `xmlBytes` (≈1,000:1), optionally with zip headers
 *    that understate the expanded size;
 *  - pdfBomb: a one-page PDF whose FlateDecode content stream expands to `streamBytes`.
 */
import zlib from "node:zlib";

interface Deflated {
  data: Buffer;
  size: number;
  crc: number;
}

/** head + unit × n + tail, deflated (raw or zlib-wrapped) chunk by chunk, so the expanded text is never in memory. */
async function deflateRepeated(head: string, unit: string, bytes: number, tail: string, raw: boolean): Promise<Deflated> {
  const u = Buffer.from(unit);
  const chunk = Buffer.alloc(Math.max(u.length, Math.floor((1 << 20) / u.length) * u.length));
  for (let i = 0; i + u.length <= chunk.length; i += u.length) u.copy(chunk, i);
  const stream = raw ? zlib.createDeflateRaw({ level: 9 }) : zlib.createDeflate({ level: 9 });
  const out: Buffer[] = [];
  stream.on("data", (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  let size = 0;
  let crc = 0;
  const write = async (b: Buffer) => {
    size += b.length;
    crc = zlib.crc32(b, crc);
    if (!stream.write(b)) await new Promise((r) => stream.once("drain", r));
  };
  await write(Buffer.from(head));
  while (size + chunk.length < bytes) await write(chunk);
  await write(Buffer.from(tail));
  stream.end();
  await done;
  return { data: Buffer.concat(out), size, crc };
}

interface ZipEntry {
  name: string;
  body: Deflated;
  /** the uncompressed size written in the headers (default: the true size) */
  declaredSize?: number;
}

function deflatedText(s: string): Deflated {
  const b = Buffer.from(s);
  return { data: zlib.deflateRawSync(b), size: b.length, crc: zlib.crc32(b) };
}

function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const size = e.declaredSize ?? e.body.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(e.body.crc >>> 0, 14);
    local.writeUInt32LE(e.body.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, e.body.data);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(e.body.crc >>> 0, 16);
    cd.writeUInt32LE(e.body.data.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += 30 + name.length + e.body.data.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBytes, end]);
}

const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/** A .docx of one paragraph per line (a small, valid document: the control case for docxBomb). */
export function docx(lines: string[]): Buffer {
  return zip([...docxParts(), documentXml(lines)]);
}

function documentXml(lines: string[]): ZipEntry {
  const body = lines.map((l) => `<w:p><w:r><w:t>${l}</w:t></w:r></w:p>`).join("");
  const xml = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`;
  return { name: "word/document.xml", body: deflatedText(xml) };
}

function docxParts(): ZipEntry[] {
  return [
    {
      name: "[Content_Types].xml",
      body: deflatedText(
        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
          `<Default Extension="xml" ContentType="application/xml"/>` +
          `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
      ),
    },
    {
      name: "_rels/.rels",
      body: deflatedText(
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
      ),
    },
  ];
}

/** A small .docx that also carries a picture entry (word/media/image1.png) expanding to `mediaBytes`. */
export async function docxWithMedia(lines: string[], mediaBytes: number): Promise<Buffer> {
  const media = await deflateRepeated("\x89PNG", "\0", mediaBytes, "", true);
  return zip([...docxParts(), documentXml(lines), { name: "word/media/image1.png", body: media }]);
}

export async function docxBomb(xmlBytes: number, opts: { understate?: boolean } = {}): Promise<Buffer> {
  const xml = await deflateRepeated(
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body>`,
    "<w:p><w:r><w:t>一、承接主体应当具备提供服务所必需的设施、人员和专业技术能力。</w:t></w:r></w:p>",
    xmlBytes,
    "</w:body></w:document>",
    true,
  );
  return zip([...docxParts(), { name: "word/document.xml", body: xml, declaredSize: opts.understate ? 4096 : undefined }]);
}

/** A one-page PDF around the given (already encoded) content stream. */
function pdf(stream: Buffer, filter: string | null, length: number): Buffer {
  const objs = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    null,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const parts: Buffer[] = [Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  const offsets: number[] = [];
  let pos = parts[0]!.length;
  const push = (b: Buffer) => {
    parts.push(b);
    pos += b.length;
  };
  objs.forEach((o, i) => {
    offsets.push(pos);
    if (o === null) {
      push(Buffer.from(`${i + 1} 0 obj\n<< /Length ${length}${filter ? ` /Filter ${filter}` : ""} >>\nstream\n`, "latin1"));
      push(stream);
      push(Buffer.from("\nendstream\nendobj\n", "latin1"));
    } else push(Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, "latin1"));
  });
  const xref = pos;
  const table = offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  push(Buffer.from(`xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${table}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, "latin1"));
  return Buffer.concat(parts);
}

export async function pdfBomb(streamBytes: number): Promise<Buffer> {
  const s = await deflateRepeated("BT /F1 12 Tf 72 720 Td ", "(Labour dispatch) Tj 0 -14 Td ", streamBytes, "ET\n", false);
  return pdf(s.data, "/FlateDecode", s.data.length);
}

/** A small, valid one-page PDF with the given ASCII lines (the control case for pdfBomb). */
export function smallPdf(lines: string[]): Buffer {
  const ops = lines.map((l) => `(${l.replace(/[()\\]/g, "\\$&")}) Tj 0 -14 Td`).join("\n");
  const s = zlib.deflateSync(Buffer.from(`BT /F1 12 Tf 72 720 Td\n${ops}\nET\n`));
  return pdf(s, "/FlateDecode", s.length);
}
