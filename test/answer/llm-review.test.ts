/**
 * The deontic check over the LLM path, against the OpenAI-protocol stand-in over a real socket: a model that answers
 * 可以 to a banned act is overruled to 仅供参考, with the prohibition quoted and the disagreement noted; a model that
 * agrees with the statements keeps its answer.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/answer/index.js";
import type { LlmConfig } from "../../src/llm/chat-model.js";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai.js";
import { deps } from "./fixtures.js";

const API_KEY = "sk-zhice-review-0123456789abcdef";
let fake: FakeOpenAI;
let llm: LlmConfig;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: API_KEY });
  llm = { baseUrl: fake.baseUrl, apiKey: API_KEY, model: "deepseek-chat", timeoutMs: 20000 };
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

const ask = (q: string) => answerQuestion(q, { ...deps, config: { llm } as never });

describe("LLM verdicts reviewed against the clauses' statements", () => {
  it("turns a model's 可以 for a banned act into 仅供参考, quoting the ban and noting the disagreement", async () => {
    fake.enqueue({ kind: "content", content: "劳务派遣 纳入 政府购买服务范围" }, { kind: "cite", which: "offered", verdict: "allowed", answer: "可以，劳务派遣可以纳入。" });
    const a = await ask("劳务派遣岗位能否纳入政府购买服务？");
    expect(a.mode).toBe("llm");
    expect(a.verdict).toBe("info");
    expect(a.note).toMatch(/不一致/);
    expect(a.answer).toContain("不得将以劳务派遣方式用工纳入政府购买服务范围");
    expect(a.citations[0]!.text).toContain("劳务派遣");
    // the model was shown the question analysis and what each clause forbids, requires or permits
    const prompt = JSON.stringify(fake.chatRequests().at(-1)!.messages);
    expect(prompt).toContain("asking=may");
    expect(prompt).toContain("禁止 / forbids");
  });

  it("keeps a model's verdict that agrees with the statements", async () => {
    fake.enqueue({ kind: "content", content: "劳务派遣" }, { kind: "cite", which: "offered", verdict: "prohibited", answer: "不可以。" });
    const a = await ask("劳务派遣岗位能否纳入政府购买服务？");
    expect(a).toMatchObject({ mode: "llm", verdict: "prohibited", answer: "不可以。" });
    expect(a.note).toBeUndefined();
  });

  it("a server that never answers: one LLM budget covers the rewrite and the answer, then the extractive answer with a note", async () => {
    fake.enqueue({ kind: "hang" }, { kind: "hang" });
    const a = await answerQuestion("劳务派遣岗位能否纳入政府购买服务？", { ...deps, config: { llm: { ...llm, timeoutMs: 900 } } as never });
    expect(a).toMatchObject({ mode: "extractive", verdict: "prohibited" });
    expect(a.note).toMatch(/大模型/);
  });

  it("says so in English for an English question", async () => {
    fake.enqueue({ kind: "content", content: "labour dispatch" }, { kind: "cite", which: "offered", verdict: "allowed", answer: "Yes." });
    const a = await ask("Can a labour dispatch post be purchased?");
    expect(a.verdict).toBe("info");
    expect(a.note).toMatch(/disagrees/);
  });
});
