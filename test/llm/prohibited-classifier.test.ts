import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai.js";
import { classifyProhibitedMatters, PROHIBITED_CATEGORIES } from "../../src/llm/prohibited-classifier.js";
import type { LlmConfig } from "../../src/llm/chat-model.js";

let fake: FakeOpenAI;
let llm: LlmConfig;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  llm = { baseUrl: fake.baseUrl, apiKey: "not-needed", model: "deepseek-chat", timeoutMs: 800 };
});
afterAll(() => fake.close());

const text = "窗口服务保障项目：聘用窗口辅助人员6名，由承接单位派遣到区政务服务中心工作";

describe("classifyProhibitedMatters", () => {
  it("returns the category and the verbatim phrase that triggered it", async () => {
    fake.enqueue({ kind: "tool", arguments: { prohibited: true, category: "hiring", phrase: "聘用窗口辅助人员" } });
    expect(await classifyProhibitedMatters(text, llm)).toEqual({ prohibited: true, category: "hiring", phrase: "聘用窗口辅助人员" });
    const req = fake.chatRequests().at(-1)!;
    expect(req.tool_choice).toEqual({ type: "function", function: { name: "prohibited_matter" } });
    const user = String(req.messages[1]!.content);
    expect(user).toContain(text);
    const system = String(req.messages[0]!.content);
    for (const id of Object.keys(PROHIBITED_CATEGORIES)) expect(system).toContain(id);
  });

  it("reports an ordinary service as not prohibited", async () => {
    fake.enqueue({ kind: "tool", arguments: { prohibited: false, category: "none", phrase: "" } });
    expect(await classifyProhibitedMatters("为辖区独居老人提供助餐、助洁服务", llm)).toEqual({
      prohibited: false,
      category: "none",
      phrase: "",
    });
  });

  it("distrusts a finding whose phrase is not in the text", async () => {
    fake.enqueue({ kind: "tool", arguments: { prohibited: true, category: "financing", phrase: "垫资建设分期回购" } });
    expect(await classifyProhibitedMatters(text, llm)).toBeNull();
  });

  it("returns null when the call fails or the category is invented", async () => {
    fake.enqueue({ kind: "http_error", status: 502 });
    expect(await classifyProhibitedMatters(text, llm)).toBeNull();
    fake.enqueue({ kind: "tool", arguments: { prohibited: true, category: "spying", phrase: "聘用窗口辅助人员" } });
    expect(await classifyProhibitedMatters(text, llm)).toBeNull();
    fake.enqueue({ kind: "hang" });
    const t = Date.now();
    expect(await classifyProhibitedMatters(text, llm)).toBeNull();
    expect(Date.now() - t).toBeLessThan(2500);
  });
});
