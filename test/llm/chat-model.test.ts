import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HumanMessage } from "@langchain/core/messages";
import { z } from "zod";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai.js";
import { createChatModel, type LlmConfig } from "../../src/llm/chat-model.js";
import { structuredCall, structuredCallResult } from "../../src/llm/structured-call.js";

let fake: FakeOpenAI;
let llm: LlmConfig;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  llm = { baseUrl: `${fake.baseUrl}/`, apiKey: "not-needed", model: "qwen2.5:7b", timeoutMs: 600 };
});
afterAll(() => fake.close());

describe("createChatModel against an OpenAI-compatible server", () => {
  it("sends the configured model at temperature 0 to the configured base URL and reads the reply", async () => {
    fake.enqueue({ kind: "content", content: "你好" });
    const reply = await createChatModel(llm).invoke([new HumanMessage("hi")]);
    expect(reply.content).toBe("你好");
    const req = fake.chatRequests().at(-1)!;
    expect(req).toMatchObject({ model: "qwen2.5:7b", temperature: 0 });
    expect(fake.requests.at(-1)!.path).toBe("/v1/chat/completions");
  });

  it("streams tokens over server-sent events", async () => {
    fake.enqueue({ kind: "content", content: "政府购买服务应当先有预算" });
    const stream = await createChatModel(llm, { streaming: true }).stream([new HumanMessage("hi")]);
    const pieces: string[] = [];
    for await (const chunk of stream) pieces.push(String(chunk.content));
    expect(pieces.join("")).toBe("政府购买服务应当先有预算");
    expect(pieces.filter(Boolean).length).toBeGreaterThan(1);
    expect(fake.chatRequests().at(-1)!.stream).toBe(true);
  });

  it("does not retry a 500 by default, and retries once when asked", async () => {
    const before = fake.requests.length;
    fake.enqueue({ kind: "http_error", status: 500 });
    await expect(createChatModel(llm).invoke([new HumanMessage("x")])).rejects.toThrow();
    expect(fake.requests.length - before).toBe(1);

    fake.enqueue({ kind: "http_error", status: 503 }, { kind: "content", content: "second try" });
    const reply = await createChatModel(llm, { maxRetries: 1 }).invoke([new HumanMessage("x")]);
    expect(reply.content).toBe("second try");
  });
});

describe("structuredCall", () => {
  const Schema = z.object({ prohibited: z.boolean(), category: z.string(), phrase: z.string() });
  const vars = { text: "派遣人员到机关工作", categories: "- hiring: 变相用工" };

  it("returns the parsed tool arguments, also when the tool call is streamed in pieces", async () => {
    fake.enqueue({ kind: "tool", arguments: { prohibited: true, category: "hiring", phrase: "派遣人员" } });
    expect(await structuredCall(llm, "prohibited-matters", vars, Schema, { name: "prohibited_matter" })).toEqual({
      prohibited: true,
      category: "hiring",
      phrase: "派遣人员",
    });
    expect(fake.chatRequests().at(-1)!.tool_choice).toEqual({ type: "function", function: { name: "prohibited_matter" } });
  });

  it("gives null / a failure reason instead of throwing", async () => {
    fake.enqueue({ kind: "hang" });
    const t = Date.now();
    const r = await structuredCallResult(llm, "prohibited-matters", vars, Schema, { timeoutMs: 300 });
    expect(r).toMatchObject({ ok: false, reason: "timeout" });
    expect(Date.now() - t).toBeLessThan(1500);

    fake.enqueue({ kind: "http_error", status: 429, message: "Rate limit reached" });
    expect(await structuredCallResult(llm, "prohibited-matters", vars, Schema)).toMatchObject({ ok: false, reason: "http_error" });

    fake.enqueue({ kind: "tool", arguments: { prohibited: "yes" } });
    expect(await structuredCall(llm, "prohibited-matters", vars, Schema)).toBeNull();

    expect(await structuredCallResult(llm, "no-such-prompt", vars, Schema)).toMatchObject({ ok: false, reason: "prompt" });
  });

  it("reports a connection failure when nothing listens", async () => {
    const down = { ...llm, baseUrl: "http://127.0.0.1:9/v1" };
    expect(await structuredCallResult(down, "prohibited-matters", vars, Schema)).toMatchObject({ ok: false, reason: "unreachable" });
  });
});
