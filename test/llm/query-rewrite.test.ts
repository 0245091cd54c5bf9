import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai.js";
import { cleanRewrite, rewriteQuery } from "../../src/llm/query-rewrite.js";
import type { LlmConfig } from "../../src/llm/chat-model.js";

let fake: FakeOpenAI;
let llm: LlmConfig;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  llm = { baseUrl: fake.baseUrl, apiKey: "sk-rewrite", model: "deepseek-chat", timeoutMs: 20_000 };
});
afterAll(() => fake.close());

describe("rewriteQuery", () => {
  it("turns an English question into Chinese search terms", async () => {
    fake.enqueue({ kind: "content", content: "检索词：劳务派遣 政府购买服务 禁止 用工\n" });
    const q = "Can a labour dispatch post be purchased?";
    expect(await rewriteQuery(q, llm, { glossary: "labour dispatch = 劳务派遣" })).toBe("劳务派遣 政府购买服务 禁止 用工");
    const req = fake.chatRequests().at(-1)!;
    expect(req.tools).toBeUndefined();
    const user = String(req.messages[1]!.content);
    expect(user).toContain(q);
    expect(user).toContain("labour dispatch = 劳务派遣");
    expect(JSON.stringify(req.messages)).not.toContain("sk-rewrite");
  });

  it("ignores a reasoning model's <think> block", async () => {
    fake.enqueue({ kind: "content", content: "<think>The user asks about budget…</think>\n预算 未安排 不得 购买服务" });
    expect(await rewriteQuery("no budget, can we still buy?", llm)).toBe("预算 未安排 不得 购买服务");
  });

  it("returns null on a server error, a non-Chinese reply, or an empty reply", async () => {
    fake.enqueue({ kind: "http_error", status: 500 });
    expect(await rewriteQuery("contract term", llm)).toBeNull();
    fake.enqueue({ kind: "content", content: "I cannot help with that." });
    expect(await rewriteQuery("contract term", llm)).toBeNull();
    fake.enqueue({ kind: "empty" });
    expect(await rewriteQuery("contract term", llm)).toBeNull();
  });

  it("gives up quickly when the server hangs", async () => {
    fake.enqueue({ kind: "hang" });
    const t = Date.now();
    expect(await rewriteQuery("contract term", llm, { timeoutMs: 300 })).toBeNull();
    expect(Date.now() - t).toBeLessThan(1500);
  });

  it("cleanRewrite keeps one line of terms and rejects runaway output", () => {
    expect(cleanRewrite("“合同期限、履行期限”")).toBe("合同期限 履行期限");
    expect(cleanRewrite("```\n绩效评价 第三方\n```")).toBe("绩效评价 第三方");
    expect(cleanRewrite("政".repeat(300))).toBeNull();
  });
});
