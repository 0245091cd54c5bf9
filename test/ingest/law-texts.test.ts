/**
 * Real law texts from ../shared/corpus-law (the 政府采购法 2014, its 实施条例 2015, the 招标投标法 2017): header labels,
 * enactment history, 第X章 / 第X条 bodies with half- and full-width list items. Read from outside the repository, so
 * the suite skips (and says why) where ../shared is absent.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openKnowledge } from "../../src/knowledge/index.js";
import { loadConfig, projectRoot } from "../../src/config.js";
import { ingestPaths } from "../../src/ingest/ingest.js";
import { parseFile, type ParsedFile } from "../../src/ingest/parse.js";
import { loadCorpus, type Corpus } from "../../src/knowledge/store.js";
import { compareKey } from "../../src/ingest/text.js";

const DIR = path.resolve(projectRoot, "../shared/corpus-law");
const present = existsSync(DIR);
if (!present) console.log(`law-texts: skipped, ${DIR} is absent (the shared law texts are not in this checkout)`);

const LAWS = [
  {
    file: "zhengfu-caigou-fa-2014.txt", title: "中华人民共和国政府采购法", date: "2014-08-31", docNo: null,
    issuer: "全国人民代表大会常务委员会", articles: 88, chapters: 9,
  },
  {
    file: "zhengfu-caigou-fa-shishi-tiaoli-2015.txt", title: "中华人民共和国政府采购法实施条例", date: "2015-01-30",
    docNo: "国务院令第658号", issuer: "国务院", articles: 79, chapters: 9,
  },
  {
    file: "zhaobiao-toubiao-fa-2017.txt", title: "中华人民共和国招标投标法", date: "2017-12-27", docNo: null,
    issuer: "全国人民代表大会常务委员会", articles: 68, chapters: 6,
  },
];

const ARTICLE_LINE = /^第[一二三四五六七八九十百零]+条/;
const CHAPTER_LINE = /^第[一二三四五六七八九十百零]+章/;

describe.skipIf(!present).each(LAWS)("$file", (law) => {
  let raw: string[];
  let p: ParsedFile;
  beforeAll(async () => {
    const file = path.join(DIR, law.file);
    raw = readFileSync(file, "utf8").split(/\r?\n/).map((l) => l.trim());
    p = await parseFile(file, readFileSync(file));
  });

  it("has the title, kind, date, 文号 and issuer of the law", () => {
    expect(p.meta.title).toBe(law.title);
    expect(p.meta.kind).toBe("regulation");
    expect(p.meta.date).toBe(law.date);
    expect(p.meta.docNo).toBe(law.docNo);
    expect(p.meta.issuer).toBe(law.issuer);
  });

  it("has every article, in order, and no clause outside an article", () => {
    const inFile = raw.filter((l) => ARTICLE_LINE.test(l)).map((l) => ARTICLE_LINE.exec(l)![0]);
    expect(inFile.length).toBe(law.articles);
    const parsed = [...new Set(p.clauses.map((c) => articleOf(c.path)))];
    expect(parsed).toEqual(inFile);
    for (const c of p.clauses) expect(articleOf(c.path), c.text).toBeDefined();
  });

  it("files each article under its 第X章 heading", () => {
    const chapters = raw.filter((l) => CHAPTER_LINE.test(l));
    expect(chapters.length).toBe(law.chapters);
    const headings = [...new Set(p.clauses.map((c) => c.headings[0]))];
    expect(headings.map((h) => compareKey(h ?? ""))).toEqual(chapters.map(compareKey));
    expect(p.clauses.find((c) => c.path === "第一条")!.headings[0]).toMatch(/^第一章 ?总则$/);
  });

  it("keeps every line of the body in some clause of its article", () => {
    const start = raw.findIndex((l) => CHAPTER_LINE.test(l));
    let article = "";
    for (const line of raw.slice(start)) {
      if (!line || CHAPTER_LINE.test(line)) continue;
      article = ARTICLE_LINE.exec(line)?.[0] ?? article;
      const key = compareKey(line);
      const found = p.clauses.some((c) => articleOf(c.path) === article && compareKey(c.text).includes(key));
      expect(found, `${article}: ${line}`).toBe(true);
    }
  });
});

describe.skipIf(!present)("政府采购法: articles as a reader finds them", () => {
  let p: ParsedFile;
  beforeAll(async () => {
    const file = path.join(DIR, "zhengfu-caigou-fa-2014.txt");
    p = await parseFile(file, readFileSync(file));
  });

  it("keeps each paragraph of 第二条, findable by its text", () => {
    const of2 = p.clauses.filter((c) => c.path === "第二条");
    for (const para of ["在中华人民共和国境内进行的政府采购适用本法。", "本法所称政府采购，是指各级国家机关", "本法所称服务，是指除货物和工程以外的其他政府采购对象。"])
      expect(of2.some((c) => c.text.includes(para)), para).toBe(true);
  });

  it("cites 第十条's exceptions under their lead-in, and its closing paragraph apart", () => {
    const of10 = p.clauses.filter((c) => articleOf(c.path) === "第十条");
    expect(of10.map((c) => c.path)).toEqual(["第十条", "第十条（一）", "第十条（二）", "第十条（三）", "第十条"]);
    expect(of10[0]!.text).toBe("第十条 政府采购应当采购本国货物、工程和服务。但有下列情形之一的除外：");
    expect(of10[1]!.leadIn).toBe("但有下列情形之一的除外：");
    expect(of10[4]!.text).toMatch(/^前款所称本国货物、工程和服务的界定/);
  });
});

describe.skipIf(!present)("the law texts ingested next to knowledge/", () => {
  let dataDir: string;
  let corpus: Corpus;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "zhice-laws-"));
    const report = await ingestPaths([path.join(projectRoot, "knowledge"), DIR], { dataDir });
    expect(report.failed).toEqual([]);
    corpus = (await loadCorpus(dataDir))!;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("reads a finance bureau as the supervisory department the law names", async () => {
    // 政府采购法 第十三条: the finance departments are the government-procurement supervisory departments.
    const kb = await openKnowledge(loadConfig({ ZHICE_DATA_DIR: dataDir }), { autoIngest: false, quiet: true });
    try {
      const a = await kb.ask("财政局能参加本地政府采购项目的采购活动吗？");
      expect(a.verdict).toBe("prohibited");
      expect(a.citations[0]?.text).toContain("政府采购监督管理部门不得");
    } finally {
      await kb.close();
    }
  });

  it("keeps each law its own document with its own title, not a copy of a notice", () => {
    for (const law of LAWS) {
      const d = corpus.documents.find((x) => x.id === law.file.replace(/\.txt$/, ""))!;
      expect(d.title).toBe(law.title);
      expect(d.titleSource).toBe("own");
      expect(d.sameAs).toBeNull();
      expect(d.docNo).toBe(law.docNo);
      const clauses = corpus.clauses.filter((c) => c.docId === d.id);
      expect(clauses.every((c) => c.path !== "")).toBe(true);
      expect(new Set(clauses.map((c) => c.id)).size).toBe(clauses.length);
    }
  });
});

function articleOf(clausePath: string): string | undefined {
  return /^第[^条]+条/.exec(clausePath)?.[0];
}
