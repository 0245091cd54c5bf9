import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config.js";
import { ensureIngested, ingestPaths, IngestPathError } from "../../src/ingest/ingest.js";
import { loadCorpus } from "../../src/knowledge/store.js";
import { openDatabase } from "../../src/store/index.js";

const knowledge = path.join(projectRoot, "knowledge");
let work: string;
let notices: string;
let dataDir: string;

beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), "zhice-incr-"));
  notices = path.join(work, "notices");
  dataDir = path.join(work, "data");
  mkdirSync(notices);
  for (const f of ["001_19c781b9b76556cf.txt", "caizong-2022-51.txt", "002_d5be140861124802.txt"])
    copyFileSync(path.join(knowledge, f), path.join(notices, f));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe("incremental ingest", () => {
  it("is idempotent: the same files twice give the same clauses, ids and version", async () => {
    const first = await ingestPaths([notices], { dataDir });
    expect(first.added).toHaveLength(3);
    const a = (await loadCorpus(dataDir))!;
    const second = await ingestPaths([notices], { dataDir });
    expect(second.added).toEqual([]);
    expect(second.updated).toEqual([]);
    expect(second.unchanged).toHaveLength(3);
    const b = (await loadCorpus(dataDir))!;
    expect(b.clauses.length).toBe(a.clauses.length);
    expect(b.clauses.map((c) => c.id)).toEqual(a.clauses.map((c) => c.id));
    expect(new Set(b.clauses.map((c) => c.id)).size).toBe(b.clauses.length);
    expect(b.version).toBe(a.version);
  });

  it("gives the same ids in a fresh data dir (ids come from file names, not run order)", async () => {
    await ingestPaths([notices], { dataDir });
    const other = path.join(work, "data2");
    await ingestPaths([path.join(notices, "002_d5be140861124802.txt")], { dataDir: other });
    await ingestPaths([notices], { dataDir: other });
    const a = (await loadCorpus(dataDir))!;
    const b = (await loadCorpus(other))!;
    expect(b.documents.map((d) => d.id).sort()).toEqual(a.documents.map((d) => d.id).sort());
    expect(b.clauses.map((c) => c.id).sort()).toEqual(a.clauses.map((c) => c.id).sort());
    expect(a.documents.map((d) => d.id)).toContain("001_19c781b9b76556cf");
  });

  it("replaces the clauses of a changed file and changes the version", async () => {
    await ingestPaths([notices], { dataDir });
    const before = (await loadCorpus(dataDir))!;
    const file = path.join(notices, "001_19c781b9b76556cf.txt");
    const text = readFileSync(file, "utf8").replace("严禁变相用工", "严禁变相用人").replace(/　　（十五）[^\n]*\n?/, "");
    writeFileSync(file, text);
    const r = await ingestPaths([notices], { dataDir });
    expect(r.updated).toEqual([expect.stringContaining("001_19c781b9b76556cf.txt")]);
    expect(r.unchanged).toHaveLength(2);
    const after = (await loadCorpus(dataDir))!;
    expect(after.version).not.toBe(before.version);
    const doc = after.clauses.filter((c) => c.docId === "001_19c781b9b76556cf");
    expect(doc.find((c) => c.path === "二、（十一）")!.text).toContain("严禁变相用人");
    expect(doc.some((c) => c.text.includes("严禁变相用工"))).toBe(false);
    expect(doc.some((c) => c.path === "三、（十五）")).toBe(false);
    expect(after.clauses.length).toBe(before.clauses.length - 1);
    // unchanged files keep their clauses
    expect(after.clauses.filter((c) => c.docId.startsWith("002_"))).toEqual(
      before.clauses.filter((c) => c.docId.startsWith("002_")),
    );
  });

  it("links documents across runs (a sibling ingested later lends its 文号)", async () => {
    await ingestPaths([path.join(notices, "002_d5be140861124802.txt")], { dataDir });
    expect((await loadCorpus(dataDir))!.documents[0]!.docNo).toBeNull();
    await ingestPaths([path.join(notices, "caizong-2022-51.txt")], { dataDir });
    const d = (await loadCorpus(dataDir))!.documents.find((x) => x.id.startsWith("002_"))!;
    expect(d.docNo).toBe("财综〔2022〕51号");
  });

  it("reports a file that cannot be read and keeps the rest; a later good version is ingested", async () => {
    const bad = path.join(notices, "zz-garbage.txt");
    writeFileSync(bad, Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256)));
    const r = await ingestPaths([notices], { dataDir });
    expect(r.failed).toHaveLength(1);
    expect(r.failed[0]!.file).toContain("zz-garbage.txt");
    expect(r.failed[0]!.reason).toMatch(/ \/ /);
    expect(r.added).toHaveLength(3);
    writeFileSync(bad, "标题：测试通知\n\n一、政府购买服务应当纳入预算管理，先有预算后购买。\n");
    appendFileSync(bad, "二、不得将工程和服务打包购买。\n");
    const r2 = await ingestPaths([notices], { dataDir });
    expect(r2.added).toEqual([expect.stringContaining("zz-garbage.txt")]);
    expect((await loadCorpus(dataDir))!.documents).toHaveLength(4);
  });

  it("removes the clauses of a file deleted from an ingested directory", async () => {
    await ingestPaths([notices], { dataDir });
    rmSync(path.join(notices, "caizong-2022-51.txt"));
    const r = await ingestPaths([notices], { dataDir });
    expect(r.removed).toEqual([expect.stringContaining("caizong-2022-51.txt")]);
    const c = (await loadCorpus(dataDir))!;
    expect(c.documents.map((d) => d.id)).not.toContain("caizong-2022-51");
    expect(c.clauses.some((x) => x.docId === "caizong-2022-51")).toBe(false);
    // its sibling no longer has anyone to lend it a 文号
    expect(c.documents.find((d) => d.id.startsWith("002_"))!.docNo).toBeNull();
  });

  it("does not hand out a corpus written by another parser version, and rebuilds it on the next ensureIngested", async () => {
    await ingestPaths([notices], { dataDir });
    const stale = (await loadCorpus(dataDir))!;
    const db = await openDatabase({ dataDir, databaseUrl: undefined });
    await db.exec("UPDATE kb_state SET parser_version = -1");
    await db.close();
    expect(await loadCorpus(dataDir)).toBeNull();
    const r = await ensureIngested({ dataDir, knowledgeDir: notices });
    expect(r).not.toBeNull();
    expect((await loadCorpus(dataDir))!.clauses.length).toBe(stale.clauses.length);
  });

  it("drops the old clauses of a file that was emptied", async () => {
    await ingestPaths([notices], { dataDir });
    writeFileSync(path.join(notices, "caizong-2022-51.txt"), "");
    const r = await ingestPaths([notices], { dataDir });
    expect(r.failed.map((f) => f.file)).toEqual([expect.stringContaining("caizong-2022-51.txt")]);
    expect(r.removed).toEqual([expect.stringContaining("caizong-2022-51.txt")]);
    expect((await loadCorpus(dataDir))!.clauses.some((c) => c.docId === "caizong-2022-51")).toBe(false);
  });

  it("throws for a path that does not exist", async () => {
    await expect(ingestPaths([path.join(work, "nope")], { dataDir })).rejects.toBeInstanceOf(IngestPathError);
  });

  it("reports progress for every file", async () => {
    const seen: [number, number][] = [];
    await ingestPaths([notices], { dataDir, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([[1, 3], [2, 3], [3, 3]]);
  });

  it("ensureIngested ingests the knowledge dir once, then does nothing", async () => {
    const r = await ensureIngested({ dataDir, knowledgeDir: notices });
    expect(r?.added).toHaveLength(3);
    expect(await ensureIngested({ dataDir, knowledgeDir: notices })).toBeNull();
  });
});
