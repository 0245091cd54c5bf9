/**
 * The optional LLM second opinion on prohibited matters, over a fake OpenAI-compatible server on a real socket:
 * an LLM-only finding is a warning with its phrase and a grounded citation; a failing LLM never blocks pre-review.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrereviewer, parseProposal, type Prereviewer } from "../../src/prereview/index.js";
import type { Proposal } from "../../src/prereview/schema.js";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai.js";
import { openTestKnowledge, type TestKnowledge } from "./knowledge-base.js";

let fake: FakeOpenAI;
let kb: TestKnowledge;
let prereview: Prereviewer;

const base = JSON.parse(readFileSync("test/fixtures/proposals/DP01.json", "utf8")) as Record<string, unknown>;
function proposal(title: string, service: string): Proposal {
  const r = parseProposal({ ...base, title, service });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.proposal;
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  kb = await openTestKnowledge({ ZHICE_LLM_BASE_URL: fake.baseUrl, ZHICE_LLM_TIMEOUT_MS: "1500" });
  prereview = createPrereviewer(kb.knowledge, kb.config);
});
afterAll(async () => {
  await kb?.close();
  await fake?.close();
});

describe("prohibited matters with the LLM configured", () => {
  it("turns an LLM-only finding into a warning naming the phrase, grounded in a 不得 clause", async () => {
    const text = "安排专人长期在局办公室从事文字综合工作";
    fake.enqueue({ kind: "tool", arguments: { prohibited: true, category: "hiring", phrase: "安排专人长期在局办公室从事文字综合工作" } });
    const c = await prereview(proposal("综合文字服务", text));
    const pm = c.checks.find((k) => k.id === "prohibited_matters")!;
    expect(pm.status).toBe("warn");
    expect(pm.trigger).toBe(text);
    expect(pm.message).toContain(text);
    expect(pm.citations.some((x) => /不得|严禁/.test(x.text))).toBe(true);
    expect(c.outcome).toBe("ready_with_warnings");
  });

  it("passes when the LLM fails, and does not ask it when the lexicon already found the matter", async () => {
    fake.enqueue({ kind: "http_error", status: 502 });
    const ok = await prereview(proposal("社区助餐服务", "为辖区老年人提供助餐服务"));
    expect(ok.checks.find((k) => k.id === "prohibited_matters")!.status).toBe("pass");

    const before = fake.chatRequests().length;
    const blocked = await prereview(proposal("窗口服务", "以劳务派遣方式配备窗口工作人员"));
    expect(blocked.checks.find((k) => k.id === "prohibited_matters")!.status).toBe("fail");
    expect(fake.chatRequests().length).toBe(before);
  });
});
