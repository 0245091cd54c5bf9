/**
 * Clickable sources: when a cited notice has a published URL, the answer links its 《title》 in a context block, and a
 * streamed answer carries the URL in its task update's `sources` (the stand-in refuses malformed sources, as Slack does).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai.js";
import { LLM_KEY, slackTs, startRig, useRig, type Rig } from "./harness.js";

const URL_OF = (id: string) => `https://www.mof.gov.cn/notices/${encodeURIComponent(id)}.htm`;
// the documents as ingestion keeps them when a notice names its source (来源: / url front matter / --url)
const rig = useRig({}, (r) => {
  for (const d of r.core.knowledge.documents()) d.url = URL_OF(d.id);
});

describe("clickable sources", () => {
  it("links each cited notice's title to its URL in a context block under a channel answer", async () => {
    const ts = slackTs();
    await rig.event({ type: "app_mention", user: "U_STAFF", text: "<@U_BOT> 能否以劳务派遣方式用工？", ts, channel: "C_POLICY", event_ts: ts });
    const post = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts), "answer");
    const blocks = post.args.blocks as any[];
    const sources = blocks.find((b) => b.type === "context" && JSON.stringify(b).includes("Sources"));
    expect(sources, JSON.stringify(blocks)).toBeTruthy();
    const links = (sources.elements as { text: string }[]).map((e) => e.text).filter((t) => t.includes("<https://"));
    expect(links.length).toBeGreaterThan(0);
    expect(links[0]).toMatch(/^\[\d\] <https:\/\/www\.mof\.gov\.cn\/notices\/[^|>]+\|《[^》]+》>$/);
    expect(rig.api.rejected).toEqual([]);
  });

});

describe("clickable sources in a streamed (LLM) answer", () => {
  let llm: FakeOpenAI;
  let llmRig: Rig;
  beforeAll(async () => {
    llm = await startFakeOpenAI({ apiKey: LLM_KEY, fallback: { kind: "cite", which: "offered", verdict: "prohibited", answer: `不可以。${"所引条款禁止以劳务派遣方式用工。".repeat(6)}` } });
    llmRig = await startRig({ llmBaseUrl: llm.baseUrl });
    for (const d of llmRig.core.knowledge.documents()) d.url = URL_OF(d.id);
  }, 60_000);
  afterAll(async () => {
    await llmRig?.close();
    await llm?.close();
  });

  it("closes the stream's task with the cited notices as sources, and the finished message links their titles", async () => {
    const thread = slackTs();
    const ts = slackTs();
    await llmRig.event({ type: "message", channel: "D_SRC", channel_type: "im", user: "U_STAFF", text: "劳务派遣岗位能否纳入政府购买服务？", ts, thread_ts: thread, event_ts: ts });
    const update = await llmRig.api.waitFor(() => llmRig.api.callsTo("chat.update").find((c) => c.args.channel === "D_SRC"), "streamed message completed");
    const withSources = llmRig.api.callsTo("chat.appendStream").filter((c) => c.args.ts === update.args.ts)
      .flatMap((c) => (c.args.chunks ?? []) as any[])
      .find((c) => c.type === "task_update" && c.sources);
    expect(withSources?.sources[0]).toMatchObject({ type: "url", url: expect.stringMatching(/^https:\/\/www\.mof\.gov\.cn\//), text: expect.stringMatching(/^《.+》$/) });
    expect(JSON.stringify(update.args.blocks)).toContain("<https://www.mof.gov.cn/notices/");
    expect(llmRig.api.rejected).toEqual([]);
  });
});
