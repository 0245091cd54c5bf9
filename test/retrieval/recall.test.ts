/**
 * Behaviour check on the real notices: ingest knowledge/ into a temp data dir, then for every in-scope dev question
 * a gold substring must appear in one of the top-3 clauses' cited text (recall@3 ≥ 0.9).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, projectRoot } from "../../src/config.js";
import { ingestPaths } from "../../src/ingest/ingest.js";
import { loadCorpus } from "../../src/knowledge/store.js";
import { citedText } from "../../src/knowledge/schema.js";
import { HybridRetriever } from "../../src/retrieval/hybrid.js";

interface DevItem {
  id: string;
  q: string;
  kind: string;
  gold?: string[];
}

const devSet: DevItem[] = fs
  .readFileSync(path.join(projectRoot, "test", "fixtures", "qa-dev.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as DevItem);

let tmp = "";
let retriever: HybridRetriever;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zhice-recall-"));
  await ingestPaths([path.join(projectRoot, "knowledge")], { dataDir: tmp });
  const corpus = (await loadCorpus(tmp));
  if (!corpus) throw new Error("ingest produced no corpus");
  retriever = await HybridRetriever.open(loadConfig({}, { dataDir: tmp }), corpus);
}, 60_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("recall on the dev set (real notices)", () => {
  it("finds a gold clause in the top 3 for ≥ 90 % of in-scope questions, Chinese and English", async () => {
    const inScope = devSet.filter((d) => d.gold?.length);
    expect(inScope.length).toBeGreaterThan(5);
    const misses: string[] = [];
    let englishHits = 0;
    let english = 0;
    for (const item of inScope) {
      const hits = await retriever.search(item.q, 3);
      const found = hits.some((h) => item.gold!.some((g) => citedText(h.clause).includes(g)));
      if (!found) misses.push(`${item.id} ${item.q}`);
      if (!/[\u4e00-\u9fff]/.test(item.q)) {
        english++;
        if (found) englishHits++;
      }
    }
    const recall = 1 - misses.length / inScope.length;
    expect(recall, `recall@3 = ${recall.toFixed(3)}; missed: ${misses.join(" | ")}`).toBeGreaterThanOrEqual(0.9);
    // English questions reach the Chinese notices through the glossary.
    expect(english).toBeGreaterThan(0);
    expect(englishHits / english).toBeGreaterThanOrEqual(0.8);
  });

  it("returns a clause repeated by a news summary once, from the full notice", async () => {
    // The 2023 notice's item on employment services is restated by the news summary as "一是…".
    const hits = await retriever.search("增强就业服务扶持 高校毕业生 职业技能", 5);
    const copies = hits.filter((h) => citedText(h.clause).includes("增强就业服务扶持"));
    expect(copies).toHaveLength(1);
    expect(copies[0]!.doc.kind).toBe("notice");
  });

  it("cites the full notice before its news summary when both say the same", async () => {
    const hits = await retriever.search("严禁变相用工 劳务派遣", 5);
    const withTerm = hits.filter((h) => citedText(h.clause).includes("劳务派遣"));
    expect(withTerm.length).toBeGreaterThan(0);
    const first = withTerm[0]!;
    for (const h of withTerm.slice(1)) {
      if (citedText(h.clause).replace(/\s/g, "") === citedText(first.clause).replace(/\s/g, "")) {
        expect(first.doc.authority).toBeGreaterThanOrEqual(h.doc.authority);
      }
    }
    // No two returned hits carry the same text.
    const texts = hits.map((h) => citedText(h.clause).replace(/[\s\p{P}]/gu, ""));
    expect(new Set(texts).size).toBe(texts.length);
  });

  it("finds nothing close for a question the notices do not cover", async () => {
    const hits = await retriever.search("明天会下雨吗", 3);
    expect(hits.every((h) => h.coverage < 0.5)).toBe(true);
  });
});
