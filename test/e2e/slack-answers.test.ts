/**
 * Questions over real HTTP into the real Bolt app: signed requests only, a threaded cited answer in a channel,
 * duplicate deliveries answered once (a retry that is the only copy is answered), follow-ups in an answered thread
 * without a mention (also after a restart), the assistant container (status, suggested prompts, streamed answer) and
 * stored feedback.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SlackStore } from "../../src/slack/store.js";
import { eventBody, type SlackPost } from "../support/slack-signing.js";
import { buttonClick, slackTs, startRig, type Rig } from "./harness.js";

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

const mention = (text: string, ts = slackTs(), extra: Record<string, unknown> = {}) => ({
  type: "app_mention",
  user: "U_STAFF",
  text: `<@U_BOT> ${text}`,
  ts,
  channel: "C_POLICY",
  event_ts: ts,
  ...extra,
});

describe("request verification", () => {
  it("answers url_verification with the challenge", async () => {
    const body = JSON.stringify({ token: "t", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" });
    const r = await rig.send({ body, contentType: "application/json" });
    expect(r.status).toBe(200);
    expect(r.text).toContain("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
  });

  it("refuses unsigned, stale and tampered requests with 401 and does not act on them", async () => {
    const before = rig.api.calls.length;
    const post = eventBody(mention("劳务派遣可以购买吗？"));
    expect((await rig.send(post, { unsigned: true })).status).toBe(401);
    expect((await rig.send(post, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    expect((await rig.send(post, { tamper: (b) => b.replace("劳务派遣", "养老服务") })).status).toBe(401);
    expect((await rig.send(post, { secret: "wrong-secret" })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(rig.api.calls.slice(before).filter((c) => c.method === "chat.postMessage")).toHaveLength(0);
  });

  it("refuses a request stamped more than 5 minutes in the future, as Slack's ±5-minute window says", async () => {
    const ts = slackTs();
    const post = eventBody(mention("劳务派遣可以购买吗？", ts));
    expect((await rig.send(post, { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(rig.api.callsTo("chat.postMessage").filter((c) => c.args.thread_ts === ts)).toHaveLength(0);
  });

  it("answers 400 to signed bodies that are not objects (null, payload=null, an array, a number) and keeps serving", async () => {
    const bodies: SlackPost[] = [
      { contentType: "application/json", body: "null" },
      { contentType: "application/x-www-form-urlencoded", body: "payload=null" },
      { contentType: "application/json", body: "[]" },
      { contentType: "application/x-www-form-urlencoded", body: "payload=42" },
      { contentType: "application/json", body: '"event_callback"' },
    ];
    for (const post of bodies) expect((await rig.send(post)).status, post.body).toBe(400);
    // unsigned, the same bodies are refused as unsigned
    expect((await rig.send({ contentType: "application/json", body: "null" }, { unsigned: true })).status).toBe(401);
    // and the app still answers
    const ts = slackTs();
    expect((await rig.event(mention("劳务派遣可以购买吗？", ts))).status).toBe(200);
    await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts), "answer after the bad requests");
  });
});

describe("answers in channels", () => {
  it("answers a mention in its thread with the verdict on top and cited clauses", async () => {
    const ts = slackTs();
    const r = await rig.event(mention("能否通过政府购买服务方式以劳务派遣方式用工？", ts));
    expect(r.status).toBe(200);
    const post = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts), "threaded answer");
    expect(post.args.channel).toBe("C_POLICY");
    const blocks = post.args.blocks as any[];
    expect(JSON.stringify(blocks[0])).toContain("不可以");
    const all = JSON.stringify(blocks);
    expect(all).toMatch(/《[^》]+》/);
    expect(all).toContain("劳务派遣");
    expect(blocks.some((b) => b.type === "context_actions")).toBe(true);
    expect(rig.api.rejected).toEqual([]);
  });

  it("answers a duplicate delivery (same event_id) and a retried delivery only once", async () => {
    const ts = slackTs();
    const post = eventBody(mention("预算未安排的事项可以开展政府购买服务吗？", ts), { eventId: "EvDUPLICATE01" });
    await rig.send(post);
    await rig.send(post);
    await rig.send(post, { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } });
    await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts), "answer");
    await new Promise((r) => setTimeout(r, 500));
    expect(rig.api.callsTo("chat.postMessage").filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });

  it("answers a mention that arrives only as a retry (the first copy never reached the app), once", async () => {
    const ts = slackTs();
    const post = eventBody(mention("政府购买服务合同期限最长可以签几年？", ts), { eventId: "EvRETRYONLY01" });
    expect((await rig.send(post, { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_error" } })).status).toBe(200);
    await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts), "answer to the retried delivery");
    await rig.send(post, { headers: { "x-slack-retry-num": "2", "x-slack-retry-reason": "http_timeout" } });
    await new Promise((r) => setTimeout(r, 500));
    expect(rig.api.callsTo("chat.postMessage").filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });

  it("still answers when the dedupe table cannot be reached", async () => {
    const spy = vi.spyOn(SlackStore.prototype, "claimEvent").mockRejectedValueOnce(new Error("SQLITE_BUSY: database is locked"));
    try {
      const ts = slackTs();
      await rig.event(mention("购买主体有哪些？", ts));
      await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts), "answer");
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it("answers a follow-up in an answered thread without a mention, also after a restart; ignores other threads", async () => {
    const ts = slackTs();
    await rig.event(mention("政府购买服务的承接主体需要具备什么条件？", ts));
    await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts), "first answer");

    // restart: a new core and app over the same data dir
    await rig.stop();
    const api = rig.api;
    rig = await startRig({ api, dataDir: rig.dataDir });

    const follow = slackTs();
    await rig.event({ type: "message", channel: "C_POLICY", channel_type: "channel", user: "U_STAFF", text: "那合同期限最长可以签几年？", ts: follow, thread_ts: ts, event_ts: follow });
    await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").filter((c) => c.args.thread_ts === ts).length === 2, "follow-up answer");

    const other = slackTs();
    const otherReply = slackTs();
    await rig.event({ type: "message", channel: "C_POLICY", channel_type: "channel", user: "U_STAFF", text: "随便聊聊", ts: otherReply, thread_ts: other, event_ts: otherReply });
    await new Promise((r) => setTimeout(r, 500));
    expect(rig.api.callsTo("chat.postMessage").filter((c) => c.args.thread_ts === other)).toHaveLength(0);
  }, 60_000);

  it("escapes echoed user text so a question cannot ping @channel", async () => {
    const ts = slackTs();
    await rig.event(mention("<!channel> 劳务派遣 <https://evil.example|点我>", ts));
    const post = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts), "answer");
    const s = JSON.stringify(post.args);
    expect(s).not.toContain("<!channel>");
    expect(s).not.toContain("<https://evil");
  });

  it("keeps long questions' answers within Slack's limits and refuses over-long questions bilingually", async () => {
    const ts = slackTs();
    await rig.event(mention(`${"政府购买服务的承接主体、购买主体、预算、合同期限、绩效评价和禁止性事项分别有哪些规定？".repeat(40)}`.slice(0, 1990), ts));
    const post = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts), "answer");
    expect((post.args.blocks as unknown[]).length).toBeLessThanOrEqual(50);
    // refused in the asker's language: Chinese for a Chinese question, English for an English one
    const t2 = slackTs();
    await rig.event(mention("劳务派遣".repeat(600), t2));
    const err = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === t2), "refusal");
    expect(err.args.text).toContain("问题过长");
    expect(err.args.text).not.toContain("too long");
    const t3 = slackTs();
    await rig.event(mention("Can labour dispatch be purchased? ".repeat(70), t3));
    const errEn = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === t3), "English refusal");
    expect(errEn.args.text).toContain("too long");
    expect(errEn.args.text).not.toContain("问题过长");
    expect(rig.api.rejected).toEqual([]);
  });

  it("stores feedback clicks on an answer", async () => {
    const ts = slackTs();
    await rig.event(mention("购买主体有哪些？", ts));
    const post = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts), "answer");
    const fb = (post.args.blocks as any[]).find((b) => b.type === "context_actions").elements[0];
    const payload = buttonClick({ user: "U_STAFF", actionId: fb.action_id, value: fb.negative_button.value, channel: "C_POLICY", messageTs: "1.2" });
    (payload.actions[0] as any).type = "feedback_buttons";
    const r = await rig.interact(payload);
    expect(r.status).toBe(200);
    const cite = (post.args.blocks as any[]).find((b) => b.type === "actions").elements[0];
    await rig.interact(buttonClick({ user: "U_OTHER", actionId: cite.action_id, value: cite.value, channel: "C_POLICY", messageTs: "1.2" }));
    await rig.api.waitFor(() => rig.api.callsTo("chat.postEphemeral").length >= 2, "thanks");
    const store = await SlackStore.open(rig.core.workflow.db);
    const answerId = String(fb.negative_button.value).split(":")[1]!;
    expect(await store.feedbackFor(answerId)).toEqual([
      { userId: "U_STAFF", kind: "not_helpful" },
      { userId: "U_OTHER", kind: "citation_error" },
    ]);
  });
});

describe("assistant container", () => {
  it("sets suggested prompts when a thread starts", async () => {
    const ts = slackTs();
    await rig.event({
      type: "assistant_thread_started",
      assistant_thread: { user_id: "U_STAFF", context: { channel_id: "C_POLICY", team_id: "T_TEST" }, channel_id: "D_STAFF", thread_ts: ts },
      event_ts: ts,
    });
    const c = await rig.api.waitFor(() => rig.api.callsTo("assistant.threads.setSuggestedPrompts")[0], "suggested prompts");
    expect(c.args.thread_ts).toBe(ts);
    expect((c.args.prompts as any[]).length).toBeGreaterThan(0);
    // the greeting; the thread context is not saved on it (nothing reads it: no conversations.replies + chat.update)
    await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((p) => p.args.thread_ts === ts), "greeting");
    expect(rig.api.callsTo("chat.update").some((u) => u.args.metadata?.event_type === "assistant_thread_context")).toBe(false);
    expect(rig.api.rejected).toEqual([]);
  });

  it("shows a status with loading messages, posts the complete answer once (no appends) and sets a title on the first message only", async () => {
    const thread = slackTs();
    const ts = slackTs();
    await rig.event({ type: "message", channel: "D_STAFF", channel_type: "im", user: "U_STAFF", text: "合同期限最长几年？", ts, thread_ts: thread, event_ts: ts });
    const post = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.channel === "D_STAFF" && c.args.thread_ts === thread), "answer");
    const status = rig.api.callsTo("assistant.threads.setStatus").find((c) => c.args.thread_ts === thread);
    expect(status?.args.status).toBe("正在检索政策条款…");
    expect((status?.args.loading_messages as string[]).length).toBeGreaterThan(1);
    expect(JSON.stringify(post.args.blocks)).toMatch(/《[^》]+》/);
    expect(JSON.stringify(post.args.blocks)).toContain("feedback_buttons");
    // an extractive answer is complete: it is not cut into streamed pieces
    expect(rig.api.calls.filter((c) => ["chat.startStream", "chat.appendStream"].includes(c.method) && c.args.channel === "D_STAFF")).toEqual([]);
    expect(rig.api.callsTo("assistant.threads.setTitle").filter((c) => c.args.thread_ts === thread)).toHaveLength(1);

    const ts2 = slackTs();
    await rig.event({ type: "message", channel: "D_STAFF", channel_type: "im", user: "U_STAFF", text: "预算未安排的事项可以开展吗？", ts: ts2, thread_ts: thread, event_ts: ts2 });
    await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").filter((c) => c.args.channel === "D_STAFF" && c.args.thread_ts === thread).length === 2, "second answer");
    expect(rig.api.callsTo("assistant.threads.setTitle").filter((c) => c.args.thread_ts === thread)).toHaveLength(1);
    expect(rig.api.rejected).toEqual([]);
  });
});
