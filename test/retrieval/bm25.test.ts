import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../src/retrieval/bm25.js";
import { Bm25Retriever } from "../../src/retrieval/bm25-retriever.js";
import { indexTokens } from "../../src/retrieval/tokenize.js";
import { toyCorpus } from "./synthetic.js";

describe("BM25 on Chinese", () => {
  const texts = [
    "购买主体不得以劳务派遣方式用工",
    "鼓励通过政府购买服务开展核酸检测、消毒消杀等工作",
    "政府购买服务支出应当纳入预算管理",
    "政府购买服务改革持续推进，政府购买服务规模扩大",
  ];
  const idx = new Bm25Index();
  texts.forEach((t) => idx.add([{ tokens: indexTokens(t), weight: 1 }]));

  it("gives finite positive scores, best match first", () => {
    const res = idx.search(indexTokens("劳务派遣用工"), 10);
    expect(res.length).toBeGreaterThan(0);
    for (const r of res) expect(Number.isFinite(r.score) && r.score > 0).toBe(true);
    expect(res[0]!.index).toBe(0);
    for (let i = 1; i < res.length; i++) expect(res[i - 1]!.score).toBeGreaterThanOrEqual(res[i]!.score);
  });

  it("ranks rare terms above common ones (idf)", () => {
    const res = idx.search(indexTokens("政府购买服务 消毒消杀"), 10);
    expect(res[0]!.index).toBe(1);
    expect(idx.idf("消毒消杀")).toBeGreaterThan(idx.idf("政府购买服务"));
  });

  it("returns nothing for a query sharing no token, and respects k", () => {
    expect(idx.search(indexTokens("天气预报"), 5)).toEqual([]);
    expect(idx.search(indexTokens("政府购买服务"), 2).length).toBeLessThanOrEqual(2);
  });

  it("saves and reloads with identical scores", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const { saveBm25, loadBm25 } = await import("../../src/retrieval/lexical-store.js");
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "zhice-bm25-")), "lexical");
    await saveBm25(dir, idx, "v1");
    const back = await loadBm25(dir, "v1", texts.length);
    expect(back).toBeDefined();
    const q = indexTokens("政府购买服务 消毒消杀 劳务派遣");
    expect(back!.search(q, 10)).toEqual(idx.search(q, 10));
    expect(await loadBm25(dir, "v2", texts.length)).toBeUndefined();
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it("works behind LangChain's BaseRetriever interface", async () => {
    const r = new Bm25Retriever({ corpus: toyCorpus(), k: 3 });
    const docs = await r.invoke("劳务派遣");
    expect(docs.length).toBeGreaterThan(0);
    expect(docs[0]!.pageContent).toContain("劳务派遣");
    expect(docs[0]!.metadata["clauseId"]).toBe("notice#1");
    expect(Number.isFinite(docs[0]!.metadata["score"])).toBe(true);
  });
});
