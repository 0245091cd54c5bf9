/** The fake Web API rejects what Slack rejects, so the app's tests cannot pass on payloads Slack would refuse. */
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlackApi, type FakeSlackApi } from "../support/fake-slack-api.js";

let api: FakeSlackApi;
let client: WebClient;
beforeAll(async () => {
  api = await startFakeSlackApi("xoxb-t");
  client = new WebClient("xoxb-t", { slackApiUrl: api.url, retryConfig: { retries: 0 } });
});
afterAll(async () => api.close());

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });
const err = async (p: Promise<unknown>) => {
  try {
    await p;
    return "ok";
  } catch (e) {
    return (e as { data?: { error?: string } }).data?.error ?? String(e);
  }
};

describe("fake Slack Web API", () => {
  it("accepts a valid message and records it", async () => {
    const r = await client.chat.postMessage({ channel: "C1", text: "hi", blocks: [section("hello")] });
    expect(r.ok).toBe(true);
    expect(api.message("C1", r.ts!)?.text).toBe("hi");
  });

  it("rejects unknown methods, bad tokens, missing fields, too many blocks and overlong sections", async () => {
    expect(await err(client.apiCall("chat.frobnicate", {}))).toBe("unknown_method");
    expect(await err(new WebClient("xoxb-wrong", { slackApiUrl: api.url, retryConfig: { retries: 0 } }).auth.test())).toBe("invalid_auth");
    expect(await err(client.chat.postMessage({ channel: "", text: "x" } as never))).toBe("channel_not_found");
    expect(await err(client.chat.postMessage({ channel: "C1" } as never))).toBe("no_text");
    expect(await err(client.chat.postMessage({ channel: "C1", text: "x", blocks: Array.from({ length: 51 }, () => section("b")) as never }))).toBe("invalid_blocks");
    expect(await err(client.chat.postMessage({ channel: "C1", text: "x", blocks: [section("x".repeat(3001))] as never }))).toBe("invalid_blocks");
    expect(await err(client.chat.update({ channel: "C1", ts: "1.2", text: "x" }))).toBe("message_not_found");
    expect(await err(client.views.open({ trigger_id: "t", view: { type: "modal", title: { type: "plain_text", text: "x".repeat(25) }, blocks: [] } }))).toBe("invalid_arguments");
    expect(await err(client.chat.startStream({ channel: "C1", thread_ts: "1.1", markdown_text: "x".repeat(12001), recipient_team_id: "T", recipient_user_id: "U" }))).toBe("msg_too_long");
    expect(api.rejected.length).toBeGreaterThanOrEqual(9);
  });

  it("streams: start, append, stop; appending after stop is refused", async () => {
    const s = await client.chat.startStream({ channel: "D1", thread_ts: "1.1", markdown_text: "a" });
    await client.chat.appendStream({ channel: "D1", ts: s.ts!, markdown_text: "b" });
    await client.chat.stopStream({ channel: "D1", ts: s.ts!, markdown_text: "c" });
    expect(api.message("D1", s.ts!)?.markdown).toBe("abc");
    expect(await err(client.chat.appendStream({ channel: "D1", ts: s.ts!, markdown_text: "d" }))).toBe("message_not_in_streaming_state");
  });

  it("fails a method when told to, as Slack refuses: ok:false with the error, only as often as asked", async () => {
    api.fail("chat.update", "cant_update_message").fail("views.open", "expired_trigger_id", { when: (a) => a.trigger_id === "t-old" });
    const posted = await client.chat.postMessage({ channel: "C2", text: "hi" });
    const e = await client.chat.update({ channel: "C2", ts: posted.ts!, text: "x" }).catch((x: { code?: string; data?: { ok?: boolean; error?: string } }) => x);
    expect((e as { code?: string }).code).toBe("slack_webapi_platform_error");
    expect((e as { data?: unknown }).data).toMatchObject({ ok: false, error: "cant_update_message" });
    expect((await client.chat.update({ channel: "C2", ts: posted.ts!, text: "x" })).ok).toBe(true); // once only
    const view = { type: "modal" as const, title: { type: "plain_text" as const, text: "t" }, blocks: [] };
    expect((await client.views.open({ trigger_id: "t-new", view })).ok).toBe(true);
    expect(await err(client.views.open({ trigger_id: "t-old", view }))).toBe("expired_trigger_id");
    expect(api.injectedFailures.map((c) => `${c.method}:${c.error}`)).toEqual(["chat.update:cant_update_message", "views.open:expired_trigger_id"]);
    expect(api.rejected.some((c) => c.injected)).toBe(false);
  });

  it("serves response URLs: records what is posted, and fails them (404) when told to", async () => {
    const url = api.responseUrl("U1");
    const ok = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "hi", response_type: "ephemeral" }) });
    expect(ok.status).toBe(200);
    expect(api.responses.at(-1)).toMatchObject({ user: "U1", args: { text: "hi", response_type: "ephemeral" } });
    api.fail("response_url", "expired_url");
    const gone = await fetch(api.responseUrl(), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "late" }) });
    expect(gone.status).toBe(404);
    expect(await gone.text()).toBe("expired_url");
  });

  it("serves a shared file only with the bot token, redirecting to sign-in without it, and refuses malformed stream sources", async () => {
    const id = api.addFile({ name: "a.txt", bytes: new TextEncoder().encode("项目名称：X") });
    const info = (await client.files.info({ file: id })).file as { url_private_download: string; size: number };
    expect(info.size).toBe(Buffer.byteLength("项目名称：X"));
    const withToken = await fetch(info.url_private_download, { headers: { Authorization: "Bearer xoxb-t" } });
    expect(await withToken.text()).toBe("项目名称：X");
    const without = await fetch(info.url_private_download, { redirect: "manual" });
    expect(without.status).toBe(302);
    expect(without.headers.get("content-type")).toContain("text/html");
    expect(await err(client.files.info({ file: "F_NOPE" }))).toBe("file_not_found");
    const start = await client.chat.startStream({ channel: "D1", thread_ts: "1.1" });
    const bad = { type: "task_update", id: "t", title: "T", status: "complete", sources: [{ type: "url", url: "javascript:x", text: "x" }] } as never;
    expect(await err(client.chat.appendStream({ channel: "D1", ts: start.ts!, chunks: [bad] }))).toBe("invalid_chunks");
  });
});
