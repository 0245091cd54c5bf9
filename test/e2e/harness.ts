/**
 * The e2e rig: a real zhice core over a temp data dir, the real Bolt app listening on a real port (HTTP mode,
 * Bolt's /slack/events), and the fake Slack Web API the app calls back. Requests are signed as Slack signs them;
 * commands and clicks in messages carry a response_url served by the fake API.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { App } from "@slack/bolt";
import { afterAll, beforeAll } from "vitest";
import { loadConfig, type Config } from "../../src/config.js";
import { createCore, type Core } from "../../src/core.js";
import { createSlackApp } from "../../src/slack/app.js";
import { startFakeSlackApi, type FakeSlackApi } from "../support/fake-slack-api.js";
import { commandBody, eventBody, interactionBody, sendToSlackApp, type SendOptions, type SlackPost } from "../support/slack-signing.js";

export const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const TOKEN = "xoxb-test-token";
/** The API key the rig gives the LLM stand-in (test/support/fake-openai.ts started with it). */
export const LLM_KEY = "sk-zhice-e2e-0123456789";

export const ROUTING = {
  steps: [
    { name: "科室审核", mode: "any", approvers: ["U_REVIEWER", "U_REVIEWER2", "U_STAFF"] },
    { name: "分管领导审批", mode: "all", approvers: ["U_HEAD", "U_DEPUTY"], condition: { minAmountYuan: 500000 } },
  ],
  reminderAfterMinutes: 60,
  escalateAfterMinutes: 240,
  escalateTo: ["U_DIRECTOR"],
  cc: ["U_ARCHIVE"],
};

export interface Rig {
  dataDir: string;
  config: Config;
  core: Core;
  app: App;
  api: FakeSlackApi;
  url: string;
  send(post: SlackPost, opts?: SendOptions): Promise<{ status: number; text: string; json: unknown }>;
  event(event: Record<string, unknown>, opts?: SendOptions & { eventId?: string }): Promise<{ status: number; text: string; json: unknown }>;
  command(fields: Record<string, string>): Promise<{ status: number; text: string; json: unknown }>;
  interact(payload: Record<string, unknown>): Promise<{ status: number; text: string; json: unknown }>;
  /** Stop the app and close the core (the data dir and the fake API stay). */
  stop(): Promise<void>;
  /** Stop everything. */
  close(): Promise<void>;
}

export function makeDataDir(): { dataDir: string; routingFile: string } {
  const dataDir = mkdtempSync(path.join(tmpdir(), "zhice-slack-"));
  const routingFile = path.join(dataDir, "routing.json");
  writeFileSync(routingFile, JSON.stringify(ROUTING));
  return { dataDir, routingFile };
}

export async function startRig(
  opts: {
    api?: FakeSlackApi; dataDir?: string; routingFile?: string; streaming?: boolean; now?: () => Date; env?: Record<string, string>;
    /** an OpenAI-compatible base URL: answers come from that LLM */ llmBaseUrl?: string;
  } = {},
): Promise<Rig> {
  const api = opts.api ?? (await startFakeSlackApi(TOKEN));
  const made = opts.dataDir ? { dataDir: opts.dataDir, routingFile: opts.routingFile ?? path.join(opts.dataDir, "routing.json") } : makeDataDir();
  const config = loadConfig({
    ZHICE_DATA_DIR: made.dataDir,
    ZHICE_ROUTING_FILE: made.routingFile,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: api.url,
    ZHICE_LOG_LEVEL: "error",
    ZHICE_STREAMING: opts.streaming === false ? "false" : "true",
    ...opts.env,
    ...(opts.llmBaseUrl ? { ZHICE_LLM_BASE_URL: opts.llmBaseUrl, ZHICE_LLM_API_KEY: LLM_KEY, ZHICE_LLM_MODEL: "deepseek-chat", ZHICE_LLM_TIMEOUT_MS: "15000" } : {}),
  } as NodeJS.ProcessEnv);
  const core = await createCore(config);
  const app = await createSlackApp(core, config, {});
  const server = (await app.start(0)) as unknown as { address(): AddressInfo };
  const url = `http://127.0.0.1:${server.address().port}/slack/events`;
  const send = (post: SlackPost, o: SendOptions = {}) => sendToSlackApp(url, post, { secret: SECRET, ...o });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.stop();
    await core.close();
  };
  return {
    dataDir: made.dataDir,
    config,
    core,
    app,
    api,
    url,
    send,
    event: (event, o = {}) => send(eventBody(event, { eventId: o.eventId }), o),
    command: (fields) => send(commandBody({ response_url: api.responseUrl(fields.user_id), ...fields })),
    interact: (payload) => {
      // a submission comes from a modal Slack has open: views.update can address it by its id
      const view = payload.view as { id?: string } | undefined;
      if (payload.type === "view_submission" && view?.id && !api.views.has(view.id)) api.views.set(view.id, view);
      return send(interactionBody(withResponseUrl(payload, api)));
    },
    stop,
    async close() {
      await stop();
      await api.close();
    },
  };
}

/** A rig started before the file's tests and closed after them; the returned object stands for it once started. */
export function useRig(opts: Parameters<typeof startRig>[0] = {}, setUp?: (rig: Rig) => void): Rig {
  let started: Rig | undefined;
  beforeAll(async () => {
    started = await startRig(opts);
    setUp?.(started);
  }, 60_000);
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as Rig, { get: (_t, key) => started?.[key as keyof Rig] });
}

/** Slack gives a response_url to clicks in messages and to message shortcuts (not to App Home or modals). */
function withResponseUrl(payload: Record<string, unknown>, api: FakeSlackApi): Record<string, unknown> {
  if (payload.response_url !== undefined) return payload;
  const inMessage = payload.type === "message_action" || (payload.type === "block_actions" && (payload.container as { type?: string } | undefined)?.type === "message");
  return inMessage ? { ...payload, response_url: api.responseUrl((payload.user as { id?: string } | undefined)?.id) } : payload;
}

let tsSeq = 0;
export function slackTs(): string {
  tsSeq += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(100000 + tsSeq)}`;
}

/** A block_actions payload for a button, as Slack sends it. */
export function buttonClick(opts: { user: string; actionId: string; value: string; channel?: string; messageTs?: string; view?: Record<string, unknown>; blockId?: string }) {
  return {
    type: "block_actions",
    user: { id: opts.user, username: opts.user.toLowerCase(), team_id: "T_TEST" },
    trigger_id: `trig.${Math.random().toString(36).slice(2)}`,
    container: opts.channel ? { type: "message", channel_id: opts.channel, message_ts: opts.messageTs, is_ephemeral: false } : { type: "view", view_id: "VHOME" },
    ...(opts.channel ? { channel: { id: opts.channel, name: "directmessage" }, message: { ts: opts.messageTs, type: "message", text: "" } } : {}),
    ...(opts.view ? { view: opts.view } : {}),
    actions: [{ type: "button", action_id: opts.actionId, block_id: opts.blockId ?? "b", value: opts.value, action_ts: String(Date.now() / 1000) }],
  };
}

/** A view_submission payload. */
export function viewSubmission(opts: { user: string; callbackId: string; values: Record<string, Record<string, unknown>>; privateMetadata?: string; viewId?: string }) {
  return {
    type: "view_submission",
    user: { id: opts.user, username: opts.user.toLowerCase(), team_id: "T_TEST" },
    trigger_id: `trig.${Math.random().toString(36).slice(2)}`,
    view: {
      id: opts.viewId ?? "V_MODAL",
      type: "modal",
      callback_id: opts.callbackId,
      private_metadata: opts.privateMetadata ?? "",
      state: { values: opts.values },
      hash: "h",
    },
  };
}

/** Modal input values as a view_submission carries them. */
export const textInput = (value: string) => ({ value: { type: "plain_text_input", value } });
const selectInput = (value: string) => ({ value: { type: "static_select", selected_option: { text: { type: "plain_text", text: value }, value } } });
const radioInput = (value: boolean) => ({ value: { type: "radio_buttons", selected_option: { text: { type: "plain_text", text: String(value) }, value: String(value) } } });

/** The pre-review modal's submitted state for a valid proposal (农民工技能培训), with `over` replacing fields. */
export function formValues(over: Record<string, Record<string, unknown>> = {}) {
  return {
    title: textInput("农民工职业技能提升培训项目"),
    service: textInput("为返乡农民工提供电工、焊工等职业技能培训"),
    "purchaser.name": textInput("某县人力资源和社会保障局"),
    "purchaser.type": selectInput("administrative"),
    "budget.amountYuan": textInput("600000"),
    "budget.arranged": radioInput(true),
    "contractor.name": textInput("某职业培训学校有限公司"),
    "contractor.type": selectInput("enterprise"),
    "contractor.rating": { value: { type: "static_select", selected_option: null } },
    "contractor.inspectionYearsPassed": textInput(""),
    procurementMethod: selectInput("competitive_consultation"),
    contractTermMonths: textInput("12"),
    stableRecurring: radioInput(false),
    performanceTargets: textInput("培训合格率不低于85%，结业后三个月就业率不低于60%"),
    newMajorProject: radioInput(false),
    priorAssessmentDone: radioInput(false),
    ...over,
  };
}

/** What submitting a modal unchanged sends: each input's initial value as its state (what the user confirmed). */
export function valuesAsShown(view: { blocks: any[] }): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const b of view.blocks) {
    if (b.type !== "input") continue;
    const e = b.element;
    out[b.block_id] = {
      [e.action_id]:
        e.type === "plain_text_input"
          ? { type: e.type, value: e.initial_value ?? null }
          : e.type === "users_select"
            ? { type: e.type, selected_user: e.initial_user ?? null }
            : { type: e.type, selected_option: e.initial_option ?? null },
    };
  }
  return out;
}
