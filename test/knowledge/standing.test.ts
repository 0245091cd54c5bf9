/**
 * In-force status and supersession read from the texts, on a real data dir: the notices in knowledge/ plus a repeal
 * pair written for these tests (test/fixtures/repeal-pair — fixtures, not real notices: the 2025 measures say
 * 「《某市政府购买服务管理暂行办法》（某财综〔2014〕96号）同时废止」). Answers cite in-force clauses first, cite the
 * repealed measures only where nothing in force covers the point (marked 已废止), and retiring / restoring a document
 * changes answers at once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, projectRoot, type Config } from "../../src/config.js";
import { ingestPaths } from "../../src/ingest/ingest.js";
import { effectiveDateOf, readRepeals } from "../../src/ingest/repeals.js";
import { listDocuments, restoreDocument, retireDocument } from "../../src/knowledge/admin.js";
import { answerQuestion } from "../../src/answer/index.js";
import { answerDeps, openKnowledge, type Knowledge } from "../../src/knowledge/index.js";
import { loadCorpus } from "../../src/knowledge/store.js";
import { HybridRetriever } from "../../src/retrieval/hybrid.js";
import { repository } from "../../src/store/index.js";

const PAIR = path.join(projectRoot, "test/fixtures/repeal-pair");
let tmp: string;
let config: Config;
let kb: Knowledge;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "zhice-standing-"));
  config = loadConfig({ ZHICE_DATA_DIR: path.join(tmp, "data"), ZHICE_KB_POLL_MS: "0" });
  await ingestPaths([path.join(projectRoot, "knowledge"), PAIR], { dataDir: config.dataDir, actor: "U_ADMIN" });
  kb = await openKnowledge(config, { quiet: true, autoIngest: false });
});
afterAll(async () => {
  await kb?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const ctx = () => ({ db: kb.db, dataDir: config.dataDir });

describe("reading repeals and effective dates from a notice's own words", () => {
  it("finds the documents named in 「…同时废止」, 「原…停止执行」 and 「…自…起废止」 sentences", () => {
    expect(readRepeals("本办法自2025年3月1日起施行。《某市政府购买服务管理暂行办法》（某财综〔2014〕96号）同时废止。")[0]).toMatchObject({
      titles: ["某市政府购买服务管理暂行办法"], docNos: ["某财综〔2014〕96号"],
    });
    const original = readRepeals("《甲市购买服务办法》自2024年1月1日起施行，原《甲市购买服务暂行办法》停止执行。")[0]!;
    expect(original.titles).toEqual(["甲市购买服务暂行办法"]); // not the notice's own title before 原
    expect(readRepeals("财综〔2014〕96号文件自本通知印发之日起废止。")[0]!.docNos).toEqual(["财综〔2014〕96号"]);
    expect(readRepeals("各地要严格执行《政府购买服务管理办法》。")).toEqual([]);
  });

  it("keeps the 施行日期 when the text states one", () => {
    expect(effectiveDateOf("本办法自2025年3月1日起施行。")).toBe("2025-03-01");
    expect(effectiveDateOf("本通知自发布之日起施行。")).toBeNull();
  });
});

describe("supersession in the knowledge base", () => {
  it("marks the repealed measures superseded by the new ones, with source URLs and the effective date", async () => {
    const docs = await listDocuments(kb.db);
    const old = docs.find((d) => d.docId === "interim-measures-2014")!;
    const next = docs.find((d) => d.docId === "measures-2025")!;
    expect(old.status).toBe("superseded");
    expect(old.supersededBy).toMatchObject({ docId: "measures-2025", docNo: "某财综〔2025〕12号" });
    expect(next).toMatchObject({ status: "in_force", effectiveDate: "2025-03-01", url: "https://example.org/zhice-fixtures/2025-12.html", addedBy: "U_ADMIN" });
    expect(docs.find((d) => d.docId === "caizong-2022-51")!.url).toBe("http://tyjmxbgl.com/article-55595-113688.html");
  });

  it("names the 2023 priorities notice as the newer edition of the 2022 one, both still in force", () => {
    const d2022 = kb.documents().find((d) => d.docNo === "财综〔2022〕51号" && !d.sameAs)!;
    expect(d2022.status).toBe("in_force");
    expect(d2022.newerEdition?.title).toContain("2023年");
  });

  it("answers a point both measures cover from the one in force only", async () => {
    const a = await kb.ask("某市政府购买服务合同履行期限一般不超过几年？");
    expect(a.citations[0]).toMatchObject({ docId: "measures-2025", status: "in_force", url: "https://example.org/zhice-fixtures/2025-12.html" });
    expect(a.answer).toContain("一年");
    expect(a.citations.map((c) => c.docId)).not.toContain("interim-measures-2014");
  });

  it("cites the repealed measures where nothing in force covers the point, marked superseded by the new ones", async () => {
    const a = await kb.ask("机关食堂餐饮服务可以通过政府购买服务购买吗？");
    const cited = a.citations.find((c) => c.docId === "interim-measures-2014")!;
    expect(cited).toMatchObject({ status: "superseded", supersededBy: { title: "某市政府购买服务管理办法", docNo: "某财综〔2025〕12号" } });
    expect(a.answer).toContain("已废止，被《某市政府购买服务管理办法》");
  });

  it("retiring the new measures takes them out of answers and puts the old ones back in force; restoring reverses it; both audited", async () => {
    const retired = await retireDocument(ctx(), "某财综〔2025〕12号", "U_ADMIN", "测试停用");
    expect(retired).toMatchObject({ applied: true, doc: { docId: "measures-2025", status: "retired" } });
    const during = await kb.ask("某市政府购买服务合同履行期限一般不超过几年？");
    expect(during.citations.map((c) => c.docId)).not.toContain("measures-2025");
    expect(during.citations.find((c) => c.docId === "interim-measures-2014")?.status).toBe("in_force");
    expect(await retireDocument(ctx(), "measures-2025", "U_ADMIN", "again")).toMatchObject({ applied: false, reason: "already" });

    expect(await restoreDocument(ctx(), "某财综[2025]12号", "U_ADMIN")).toMatchObject({ applied: true, doc: { status: "in_force" } });
    await kb.refresh(); // the indexes now hold the restored notice again (the Slack face waits for this too)
    const after = await kb.ask("某市政府购买服务合同履行期限一般不超过几年？");
    expect(after.citations[0]!.docId).toBe("measures-2025");
    const trail = await repository.readAudit(kb.db);
    expect(trail.filter((e) => e.kind.startsWith("kb.")).map((e) => [e.kind, e.actor, (e.payload as { docId: string }).docId]).slice(-2)).toEqual([
      ["kb.retire", "U_ADMIN", "measures-2025"],
      ["kb.restore", "U_ADMIN", "measures-2025"],
    ]);
  });

  it("before its indexes are rebuilt, a replica already leaves a retired notice out and shows current statuses", async () => {
    const corpus = (await loadCorpus(config.dataDir))!;
    const indexes = await HybridRetriever.open(config, corpus); // built while the 2025 measures were in the store
    const now = new Map(
      corpus.documents
        .filter((d) => d.id !== "measures-2025")
        .map((d) => [d.id, d.id === "interim-measures-2014" ? { ...d, status: "in_force" as const, supersededBy: null } : d]),
    );
    const a = await answerQuestion("某市政府购买服务合同履行期限一般不超过几年？", answerDeps(indexes, corpus, config, now));
    expect(a.citations.map((c) => c.docId)).not.toContain("measures-2025");
    expect(a.citations.find((c) => c.docId === "interim-measures-2014")).toMatchObject({ status: "in_force", supersededBy: null });
  });

  it("refuses to retire a document it does not have, naming it", async () => {
    const r = await retireDocument(ctx(), "财综〔1999〕1号", "U_ADMIN", "x");
    expect(r).toMatchObject({ applied: false, reason: "not_found" });
    if (!r.applied) expect(r.messageZh).toContain("财综〔1999〕1号");
  });
});
