/**
 * Hostile files in an ingest batch: decompression bombs (generated here, nothing large is stored), a file too slow to
 * parse, a text file over the size limit. Each is refused by name with a reason; the good notices beside it ingest.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, projectRoot } from "../../src/config.js";
import { ingestPaths } from "../../src/ingest/ingest.js";
import { loadCorpus } from "../../src/knowledge/store.js";
import { docx, docxBomb, docxWithMedia, pdfBomb } from "../support/bombs.js";

const MB = 2 ** 20;
let work: string;
let notices: string;
let dataDir: string;

beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), "zhice-bombs-"));
  notices = path.join(work, "notices");
  dataDir = path.join(work, "data");
  mkdirSync(notices);
  copyFileSync(path.join(projectRoot, "knowledge", "caizong-2022-51.txt"), path.join(notices, "caizong-2022-51.txt"));
  copyFileSync(
    path.join(projectRoot, "test/fixtures/notices-other/city-performance.docx"),
    path.join(notices, "city-performance.docx"),
  );
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const reasonFor = (r: { failed: { file: string; reason: string }[] }, name: string) =>
  r.failed.find((f) => f.file.endsWith(name))?.reason;

async function expectGoodNoticesIngested(r: { added: string[] }) {
  expect(r.added.map((f) => path.basename(f)).sort()).toEqual(["caizong-2022-51.txt", "city-performance.docx"]);
  const corpus = (await loadCorpus(dataDir))!;
  expect(corpus.documents.map((d) => d.id).sort()).toEqual(["caizong-2022-51", "city-performance"]);
  expect(corpus.clauses.some((c) => c.text.includes("政府购买服务"))).toBe(true);
}

describe("decompression bombs", () => {
  it("refuses a 1 MB .docx holding 300 MB of XML and a PDF with a 200 MB content stream; the good notices still ingest", async () => {
    writeFileSync(path.join(notices, "bomb.docx"), await docxBomb(300 * MB));
    writeFileSync(path.join(notices, "bomb.pdf"), await pdfBomb(200 * MB));
    const r = await ingestPaths([notices], { dataDir });
    expect(r.failed.map((f) => path.basename(f.file)).sort()).toEqual(["bomb.docx", "bomb.pdf"]);
    for (const name of ["bomb.docx", "bomb.pdf"]) {
      const reason = reasonFor(r, name)!;
      expect(reason).toContain(name);
      expect(reason).toMatch(/50 MB 上限.*\/ refused: expands beyond the 50 MB limit \(ZHICE_INGEST_MAX_EXPANDED_MB\)/);
    }
    await expectGoodNoticesIngested(r);
  });

  it("refuses a .docx whose zip headers understate what it unpacks to", async () => {
    writeFileSync(path.join(notices, "liar.docx"), await docxBomb(300 * MB, { understate: true }));
    const r = await ingestPaths([notices], { dataDir });
    expect(reasonFor(r, "liar.docx")).toMatch(/expands beyond the 50 MB limit/);
    await expectGoodNoticesIngested(r);
  });

  it("applies the limit set by ZHICE_INGEST_MAX_EXPANDED_MB, to text files as well", async () => {
    const config = loadConfig({ ZHICE_INGEST_MAX_EXPANDED_MB: "1" }, { dataDir });
    writeFileSync(path.join(notices, "small-bomb.docx"), await docxBomb(3 * MB));
    writeFileSync(path.join(notices, "long.txt"), "政府购买服务。\n".repeat(Math.ceil((2 * MB) / 22)));
    const r = await ingestPaths([notices], { dataDir, limits: config.ingest });
    expect(reasonFor(r, "small-bomb.docx")).toMatch(/1 MB 上限.*expands beyond the 1 MB limit/);
    expect(reasonFor(r, "long.txt")).toMatch(/expands beyond the 1 MB limit/);
    await expectGoodNoticesIngested(r);
    expect(() => loadConfig({ ZHICE_INGEST_MAX_EXPANDED_MB: "0" })).toThrow(/ZHICE_INGEST_MAX_EXPANDED_MB/);
  });

  it("refuses a document that takes longer than ZHICE_INGEST_PARSE_TIMEOUT_MS to parse, and ingests the rest", async () => {
    const config = loadConfig({ ZHICE_INGEST_PARSE_TIMEOUT_MS: "1" }, { dataDir });
    writeFileSync(path.join(notices, "slow.docx"), docx(["关于政府购买服务的通知", "一、总体要求", "各单位应当按规定实施政府购买服务。"]));
    const r = await ingestPaths([notices], { dataDir, limits: config.ingest });
    // with a 1 ms budget even the small good .docx is refused for time; the text notice ingests
    for (const name of ["slow.docx", "city-performance.docx"])
      expect(reasonFor(r, name)).toMatch(/解析超过 1 毫秒上限.*parsing took longer than 1 ms \(ZHICE_INGEST_PARSE_TIMEOUT_MS\)/);
    expect(r.added.map((f) => path.basename(f))).toEqual(["caizong-2022-51.txt"]);
  });
});

describe("pictures in a .docx", () => {
  it("do not count towards the limit and are not unpacked: a 300 MB picture entry next to a small text part ingests", async () => {
    writeFileSync(
      path.join(notices, "photos.docx"),
      await docxWithMedia(["关于政府购买服务的通知", "一、各单位应当按规定实施政府购买服务。"], 300 * MB),
    );
    const r = await ingestPaths([notices], { dataDir });
    expect(r.failed).toEqual([]);
    expect(r.added.map((f) => path.basename(f))).toContain("photos.docx");
  });
});
