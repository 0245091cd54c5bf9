import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai.js";
import { createRemoteEmbeddings, EmbeddingsSetupError, sanitizeModelName } from "../../src/retrieval/embeddings/remote.js";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: "sk-embed", embeddingDimensions: 1536 });
});
afterAll(() => fake.close());

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe("createRemoteEmbeddings", () => {
  it("openai: embeds documents and queries through /v1/embeddings with vectors of the model's size", async () => {
    const { embeddings, modelName } = await createRemoteEmbeddings({
      embeddings: { kind: "openai", baseUrl: fake.baseUrl, apiKey: "sk-embed" },
    });
    expect(modelName).toBe("openai-text-embedding-3-small");
    const texts = Array.from({ length: 23 }, (_, i) => `第${i + 1}条 政府购买服务合同履行期限一般不超过1年`);
    texts[0] = "以劳务派遣方式用工";
    const docs = await embeddings.embedDocuments(texts);
    expect(docs).toHaveLength(23);
    for (const v of docs) expect(v).toHaveLength(1536);
    const q = await embeddings.embedQuery("劳务派遣用工");
    expect(q).toHaveLength(1536);
    expect(cosine(q, docs[0]!)).toBeGreaterThan(cosine(q, docs[1]!));

    const calls = fake.requests.filter((r) => r.path === "/v1/embeddings");
    expect(calls.length).toBe(4); // 3 batches of ≤ 10 + the query
    expect(calls.every((r) => r.headers.authorization === "Bearer sk-embed")).toBe(true);
    expect(calls[0]!.body).toMatchObject({ model: "text-embedding-3-small", encoding_format: "float" });
  });

  it("openai: a configured model name is sent and sanitised for the index directory", async () => {
    const { embeddings, modelName } = await createRemoteEmbeddings({
      kind: "openai",
      baseUrl: fake.baseUrl,
      apiKey: "sk-embed",
      model: "BAAI/bge-m3:latest",
    });
    expect(modelName).toBe("openai-BAAI-bge-m3-latest");
    await embeddings.embedQuery("预算");
    expect(fake.requests.at(-1)!.body).toMatchObject({ model: "BAAI/bge-m3:latest" });
  });

  it("openai: a wrong key surfaces as an error, not as empty vectors", async () => {
    const { embeddings } = await createRemoteEmbeddings({ kind: "openai", baseUrl: fake.baseUrl, apiKey: "sk-wrong" });
    await expect(embeddings.embedQuery("预算")).rejects.toThrow(/API key/i);
  });

  it("onnx without @huggingface/transformers installed: a clear bilingual error with the install command", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zhice-onnx-"));
    const err = await createRemoteEmbeddings({ kind: "onnx", onnxModelDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddingsSetupError);
    const message = (err as Error).message;
    expect(message).toContain("未安装");
    expect(message).toContain("not installed");
    expect(message).toContain("npm install @huggingface/transformers");
  });

  it("onnx: a missing model directory is named in the error", async () => {
    // stands in for the optional package with a module that exists, to reach the directory check
    const err = await createRemoteEmbeddings(
      { kind: "onnx", onnxModelDir: "/nonexistent/bge-small-zh" },
      { transformersPackage: "node:path" },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddingsSetupError);
    expect((err as Error).message).toMatch(/找不到 ONNX 模型目录.*not found: \/nonexistent\/bge-small-zh/);
  });

  it("refuses the local kind and a missing base URL with clear messages", async () => {
    await expect(createRemoteEmbeddings({ kind: "local" })).rejects.toThrow(/openai.*onnx/);
    await expect(createRemoteEmbeddings({ kind: "openai" })).rejects.toThrow(/ZHICE_EMBEDDINGS_BASE_URL/);
  });

  it("sanitizeModelName yields one safe path segment", () => {
    expect(sanitizeModelName("../../etc/passwd")).toBe("etc-passwd");
    expect(sanitizeModelName("text-embedding-v3")).toBe("text-embedding-v3");
    expect(sanitizeModelName("模型")).toBe("model");
  });
});
