import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LocalLsaEmbeddings } from "../../src/retrieval/embeddings/local.js";
import { loadConfig } from "../../src/config.js";
import { createEmbeddings } from "../../src/retrieval/embeddings/index.js";
import { toyCorpus } from "./synthetic.js";

const texts = [
  "鼓励通过政府购买服务开展核酸检测、消毒消杀、防疫宣传等疫情防控工作",
  "疫情防控期间购买消毒消杀和核酸检测服务，提高应对突发公共卫生事件能力",
  "支持社会力量提供日间照料、助餐助洁、康复护理等养老服务",
  "优先保障失能、高龄老年人的养老服务需求，发展居家养老服务",
  "购买主体不得以劳务派遣方式用工，不得设置公益性岗位",
  "严禁借政府购买服务名义变相用工，劳务派遣不得纳入购买范围",
];

const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe("local LSA embeddings (local-lsa-256)", () => {
  const e = LocalLsaEmbeddings.fit(texts);

  it("is named honestly and gives unit vectors of 256 dimensions", async () => {
    expect(e.model).toBe("local-lsa-256");
    const [v] = await e.embedDocuments([texts[0]!]);
    expect(v).toHaveLength(256);
    expect(Math.abs(cos(v!, v!) - 1)).toBeLessThan(1e-6);
  });

  it("puts clauses on the same topic closer than clauses on other topics", async () => {
    const v = await e.embedDocuments(texts);
    expect(cos(v[0]!, v[1]!)).toBeGreaterThan(cos(v[0]!, v[2]!));
    expect(cos(v[2]!, v[3]!)).toBeGreaterThan(cos(v[2]!, v[4]!));
    const q = await e.embedQuery("劳务派遣用工");
    const sims = v.map((d) => cos(q, d));
    expect(sims.indexOf(Math.max(...sims))).toBeGreaterThanOrEqual(4);
  });

  it("returns a zero query vector when no term is known (the vector search is then skipped)", async () => {
    expect((await e.embedQuery("今天天气很好")).every((x) => x === 0)).toBe(true);
  });

  it("saves and reloads to the same vectors", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zhice-lsa-"));
    await e.save(dir);
    const back = await LocalLsaEmbeddings.load(dir);
    expect(await back.embedQuery("养老服务 康复护理")).toEqual(await e.embedQuery("养老服务 康复护理"));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is what the factory builds for ZHICE_EMBEDDINGS=local", async () => {
    const named = await createEmbeddings(loadConfig({}, { dataDir: os.tmpdir() }), toyCorpus());
    expect(named.model).toBe("local-lsa-256");
    expect(named.embeddings).toBeInstanceOf(LocalLsaEmbeddings);
  });
});
