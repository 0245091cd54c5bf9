/**
 * Socket Mode over a real WebSocket: with SLACK_APP_TOKEN the app opens its connection through apps.connections.open
 * at SLACK_API_URL, acks each envelope, answers an app_mention in its thread, drops a retried envelope of the same
 * event, and handles /prereview.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { App } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createCore, type Core } from "../../src/core.js";
import { createSlackApp } from "../../src/slack/app.js";
import { startFakeSlackApi, type FakeSlackApi } from "../support/fake-slack-api.js";
import { ROUTING, TOKEN } from "./harness.js";

const APP_TOKEN = "xapp-1-A_TEST-1-socket";
let api: FakeSlackApi;
let core: Core;
let app: App;

beforeAll(async () => {
  api = await startFakeSlackApi(TOKEN, APP_TOKEN);
  const dataDir = mkdtempSync(path.join(tmpdir(), "zhice-socket-"));
  writeFileSync(path.join(dataDir, "routing.json"), JSON.stringify(ROUTING));
  const config = loadConfig({
    ZHICE_DATA_DIR: dataDir,
    ZHICE_ROUTING_FILE: path.join(dataDir, "routing.json"),
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: api.url,
    ZHICE_LOG_LEVEL: "error",
  } as NodeJS.ProcessEnv);
  core = await createCore(config);
  app = await createSlackApp(core, config);
  await app.start();
}, 60_000);

afterAll(async () => {
  await app?.stop().catch(() => undefined);
  await core?.close();
  await api?.close();
});

const envelope = (id: string, event: Record<string, unknown>, eventId: string, retry = 0) => ({
  envelope_id: id,
  type: "events_api",
  accepts_response_payload: false,
  retry_attempt: retry,
  retry_reason: retry ? "timeout" : "",
  payload: {
    token: "t",
    team_id: "T_TEST",
    api_app_id: "A_TEST",
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: "T_TEST", user_id: "U_BOT", is_bot: true }],
  },
});

describe("Socket Mode", () => {
  it("connects through apps.connections.open with the app-level token", () => {
    expect(api.callsTo("apps.connections.open")).toHaveLength(1);
    expect(api.socketConnections).toBe(1);
  });

  it("acks an events_api envelope and answers the mention in its thread; a retried envelope is dropped", async () => {
    const ts = `${Math.floor(Date.now() / 1000)}.000200`;
    const event = { type: "app_mention", user: "U_STAFF", text: "<@U_BOT> 政府购买服务可以用于劳务派遣吗？", ts, channel: "C_SOCK", event_ts: ts };
    api.socketSend(envelope("env-1", event, "EvSOCK1"));
    api.socketSend(envelope("env-2", event, "EvSOCK1", 1));
    await api.waitFor(() => api.socketAcks.some((a) => a.envelope_id === "env-1") && api.socketAcks.some((a) => a.envelope_id === "env-2"), "acks");
    const post = await api.waitFor(() => api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts), "answer");
    expect(JSON.stringify(post.args.blocks)).toMatch(/《[^》]+》/);
    await new Promise((r) => setTimeout(r, 400));
    expect(api.callsTo("chat.postMessage").filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });

  it("handles /prereview over the socket", async () => {
    api.socketSend({
      envelope_id: "env-cmd",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: { command: "/prereview", text: "", user_id: "U_STAFF", channel_id: "C_SOCK", trigger_id: "trig.sock", team_id: "T_TEST", api_app_id: "A_TEST", response_url: "https://hooks.slack.invalid/x" },
    });
    await api.waitFor(() => api.socketAcks.some((a) => a.envelope_id === "env-cmd"), "command ack");
    const open = await api.waitFor(() => api.callsTo("views.open").find((c) => c.args.trigger_id === "trig.sock"), "modal");
    expect(open.args.view.callback_id).toBe("prereview_modal");
  });
});
