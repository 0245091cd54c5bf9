/**
 * Peak RSS and time of `ingest` over a directory holding one decompression bomb and one good notice, each case in a
 * fresh process (bench/ingest-once.ts): a .docx that unpacks to 300 MB of XML (honest and understated zip headers),
 * a PDF with a 200 MB content stream, and a control with the good notice alone. The bombs are generated here.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../src/config.js";
import { docxBomb, pdfBomb } from "../test/support/bombs.js";
import { fmtBytes, fmtMs, row } from "./measure.js";

const MB = 2 ** 20;

interface Outcome {
  added: number;
  failed: string[];
  ms: number;
  peakRss: number;
}

export default async function bench(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "zhice-bench-bombs-"));
  const cases: [string, string, () => Promise<Buffer> | null][] = [
    ["good notice only (control)", "", () => null],
    ["bomb.docx (300 MB XML)", "bomb.docx", () => docxBomb(300 * MB)],
    ["liar.docx (300 MB XML, headers say 4 KB)", "liar.docx", () => docxBomb(300 * MB, { understate: true })],
    ["bomb.pdf (200 MB content stream)", "bomb.pdf", () => pdfBomb(200 * MB)],
  ];
  try {
    for (const [label, name, make] of cases) {
      const dir = path.join(work, `case-${cases.findIndex((c) => c[0] === label)}`);
      fs.mkdirSync(dir);
      fs.copyFileSync(path.join(projectRoot, "knowledge", "caizong-2022-51.txt"), path.join(dir, "caizong-2022-51.txt"));
      const bytes = await make();
      if (bytes) fs.writeFileSync(path.join(dir, name), bytes);
      const out = execFileSync(process.execPath, ["--import", "tsx", path.join(projectRoot, "bench", "ingest-once.ts"), dir, `${dir}-data`], {
        cwd: projectRoot,
        encoding: "utf8",
      });
      const o = JSON.parse(out.trim().split("\n").pop()!) as Outcome;
      const size = bytes ? `${fmtBytes(bytes.length)} file, ` : "";
      const verdict = o.failed.length ? `refused ${o.failed.length}` : "nothing refused";
      row(label, `${size}peak RSS ${fmtBytes(o.peakRss)} · ${fmtMs(o.ms)} · ${o.added} good ingested · ${verdict}`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
