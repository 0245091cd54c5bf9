import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai.js";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: "sk-fake" });
});
afterAll(() => fake.close());

async function post(path: string, body: unknown, key = "sk-fake") {
  const res = await fetch(`${fake.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { error?: { message: string; type: string; param: string | null } } & Record<string, unknown> };
}

describe("fake OpenAI server validates requests like the real API", () => {
  it("rejects a request without a model", async () => {
    const r = await post("/chat/completions", { messages: [{ role: "user", content: "hi" }] });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: "invalid_request_error", param: "model" });
  });

  it("rejects missing or empty messages and unknown roles", async () => {
    expect((await post("/chat/completions", { model: "m" })).json.error?.param).toBe("messages");
    expect((await post("/chat/completions", { model: "m", messages: [] })).status).toBe(400);
    const bad = await post("/chat/completions", { model: "m", messages: [{ role: "robot", content: "x" }] });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.param).toBe("messages[0].role");
  });

  it("rejects a tool_choice naming a tool that was not offered, and a body that is not JSON", async () => {
    const r = await post("/chat/completions", {
      model: "m",
      messages: [{ role: "user", content: "x" }],
      tools: [{ type: "function", function: { name: "a", parameters: { type: "object", properties: {} } } }],
      tool_choice: { type: "function", function: { name: "b" } },
    });
    expect(r.status).toBe(400);
    expect(r.json.error?.param).toBe("tool_choice");
    expect((await post("/chat/completions", "{not json")).status).toBe(400);
  });

  it("answers 401 to a wrong key and 404 to an unknown path", async () => {
    expect((await post("/chat/completions", { model: "m", messages: [{ role: "user", content: "x" }] }, "sk-wrong")).status).toBe(401);
    expect((await post("/nothing", {})).status).toBe(404);
  });

  it("works with the official openai client: models, tool calls with usage, streaming", async () => {
    const client = new OpenAI({ apiKey: "sk-fake", baseURL: fake.baseUrl, maxRetries: 0 });
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain("fake-chat");

    fake.enqueue({ kind: "tool", arguments: { city: "长沙" } });
    const tools = [{ type: "function" as const, function: { name: "lookup", parameters: { type: "object", properties: { city: { type: "string" } } } } }];
    const c = await client.chat.completions.create({
      model: "fake-chat",
      messages: [{ role: "user", content: "长沙" }],
      tools,
      tool_choice: { type: "function", function: { name: "lookup" } },
    });
    expect(c.choices[0]!.finish_reason).toBe("tool_calls");
    const call = c.choices[0]!.message.tool_calls![0]!;
    expect(call.type).toBe("function");
    expect(call.type === "function" && JSON.parse(call.function.arguments)).toEqual({ city: "长沙" });
    expect(c.usage!.total_tokens).toBeGreaterThan(0);

    fake.enqueue({ kind: "content", content: "政府购买服务改革" });
    const stream = await client.chat.completions.create({
      model: "fake-chat",
      messages: [{ role: "user", content: "x" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let chunks = 0;
    let usage = 0;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta?.content ?? "";
      usage = chunk.usage?.total_tokens ?? usage;
    }
    expect(text).toBe("政府购买服务改革");
    expect(chunks).toBeGreaterThan(3);
    expect(usage).toBeGreaterThan(0);
  });

  it("returns deterministic unit-length embeddings, as floats or base64", async () => {
    const client = new OpenAI({ apiKey: "sk-fake", baseURL: fake.baseUrl, maxRetries: 0 });
    const a = await client.embeddings.create({ model: "text-embedding-3-small", input: ["劳务派遣", "劳务派遣", "养老服务"], encoding_format: "float" });
    expect(a.data).toHaveLength(3);
    const [x, y, z] = a.data.map((d) => d.embedding);
    expect(x).toHaveLength(1536);
    expect(x).toEqual(y);
    expect(x).not.toEqual(z);
    expect(Math.hypot(...x!)).toBeCloseTo(1, 5);
    // the client's default encoding is base64, decoded back to floats
    const b = await client.embeddings.create({ model: "text-embedding-3-small", input: "劳务派遣", dimensions: 64 });
    expect(b.data[0]!.embedding).toHaveLength(64);
  });
});
