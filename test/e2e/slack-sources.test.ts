/**
 * Clickable sources: when a cited notice has a published URL, the answer links its 《title》 in a context block, and a
 * streamed answer carries the URL in its task update's `sources` (the stand-in refuses malformed sources, as Slack does).
 */
import { describe, expect, it } from "vitest";
import { slackTs, useRig } from "./harness.js";

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

  it("streams the sources in the task update and links titles in the streamed markdown", async () => {
    const thread = slackTs();
    const ts = slackTs();
    await rig.event({ type: "message", channel: "D_STAFF", channel_type: "im", user: "U_STAFF", text: "合同期限最长几年？", ts, thread_ts: thread, event_ts: ts });
    const stop = await rig.api.waitFor(() => rig.api.callsTo("chat.stopStream").find((c) => rig.api.message("D_STAFF", c.args.ts)?.thread_ts === thread), "stream stopped");
    const withSources = [...rig.api.callsTo("chat.startStream").filter((c) => c.args.thread_ts === thread), ...rig.api.callsTo("chat.appendStream").filter((c) => c.args.ts === stop.args.ts)]
      .flatMap((c) => (c.args.chunks ?? []) as any[])
      .find((c) => c.type === "task_update" && c.sources);
    expect(withSources?.sources[0]).toMatchObject({ type: "url", url: expect.stringMatching(/^https:\/\/www\.mof\.gov\.cn\//), text: expect.stringMatching(/^《.+》$/) });
    expect(rig.api.message("D_STAFF", stop.args.ts)!.markdown).toMatch(/\[《[^》]+》\]\(https:\/\/www\.mof\.gov\.cn\/notices\//);
    expect(rig.api.rejected).toEqual([]);
  });
});
