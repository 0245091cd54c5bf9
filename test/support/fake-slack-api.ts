/**
 * A local HTTP server that stands in for the Slack Web API (point the app at it with SLACK_API_URL / clientOptions.
 * slackApiUrl). It speaks Slack's wire protocol — form-encoded or JSON POSTs to /api/<method>, bearer token, JSON
 * `{ ok, … }` replies — records every call, and rejects what Slack would reject: unknown methods, a bad token,
 * missing required arguments, more than 50 blocks in a message (100 in a view), section text over 3000 characters,
 * streamed markdown over 12000 characters, invalid modal titles … Rejected calls are recorded in `rejected`.
 * A test can make a method fail (`fail("chat.update", "internal_error")`): the call is refused as Slack refuses,
 * HTTP 200 with `{ ok: false, error }`, and recorded with `injected: true` (not among `rejected`, which lists the app's
 * own mistakes). Interactions' `response_url`s point here too (`responseUrl()`); what the app posts to them is recorded
 * as calls to the method "response_url".
 * Socket Mode too: `apps.connections.open` (app-level token) returns a ws:// URL served here by a minimal RFC 6455
 * server (handshake, masked client frames, ping → pong, close) that says `hello` and lets a test push envelopes
 * (`socketSend`) and read the app's acks (`socketAcks`).
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface ApiCall {
  method: string;
  args: Record<string, any>;
  ok: boolean;
  error?: string;
  /** Failed because a test asked for it (`fail`). */
  injected?: boolean;
  /** For "response_url" calls: the user the URL was handed out for. */
  user?: string;
}

/** A failure a test asked for: the next `times` calls to `method` (matching `when`, if given) are refused with `error`. */
interface InjectedFailure {
  method: string;
  error: string;
  times: number;
  when?: (args: Record<string, any>) => boolean;
  detail?: string[];
}

export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: any[];
  user?: string;
  streaming?: boolean;
  markdown?: string;
  updated?: number;
}

/** Arguments Slack sends as JSON strings inside form bodies. */
const JSON_FIELDS = new Set(["blocks", "attachments", "view", "prompts", "chunks", "metadata", "users", "loading_messages"]);

type Handler = (args: Record<string, any>, api: FakeSlackApi) => Record<string, unknown>;

class SlackError extends Error {
  constructor(
    public readonly code: string,
    public readonly detail?: string[],
  ) {
    super(code);
  }
}

const need = (args: Record<string, any>, ...names: string[]) => {
  for (const n of names) if (args[n] === undefined || args[n] === null || args[n] === "") throw new SlackError(n === "channel" || n === "channel_id" ? "channel_not_found" : "invalid_arguments", [`missing required field: ${n}`]);
};

function textLen(t: any): number {
  return typeof t?.text === "string" ? t.text.length : 0;
}

/** Block Kit checks that Slack applies to messages, views and streams (invalid_blocks with a reason). */
export function validateBlocks(blocks: unknown, max: number): string[] {
  const problems: string[] = [];
  if (!Array.isArray(blocks)) return ["blocks must be an array"];
  if (blocks.length > max) problems.push(`no more than ${max} items allowed [json-pointer:/blocks]`);
  const ids = new Set<string>();
  blocks.forEach((b: any, i: number) => {
    const at = `[json-pointer:/blocks/${i}]`;
    if (!b || typeof b.type !== "string") return problems.push(`missing block type ${at}`);
    if (b.block_id !== undefined) {
      if (typeof b.block_id !== "string" || b.block_id.length > 255) problems.push(`block_id too long ${at}`);
      if (ids.has(b.block_id)) problems.push(`duplicate block_id ${at}`);
      ids.add(b.block_id);
    }
    switch (b.type) {
      case "section":
        if (!b.text && !b.fields) problems.push(`section needs text or fields ${at}`);
        if (b.text && (textLen(b.text) < 1 || textLen(b.text) > 3000)) problems.push(`must be between 1 and 3000 characters [json-pointer:/blocks/${i}/text/text]`);
        if (b.fields && (b.fields.length > 10 || b.fields.some((f: any) => textLen(f) > 2000 || textLen(f) < 1))) problems.push(`invalid fields ${at}`);
        break;
      case "header":
        if (b.text?.type !== "plain_text" || textLen(b.text) > 150 || textLen(b.text) < 1) problems.push(`header text must be plain_text of 1..150 characters ${at}`);
        break;
      case "context":
        if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > 10) problems.push(`context needs 1..10 elements ${at}`);
        break;
      case "actions":
        if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > 25) problems.push(`actions needs 1..25 elements ${at}`);
        for (const e of b.elements ?? []) {
          if (e.type === "button" && (textLen(e.text) > 75 || (e.value && e.value.length > 2000) || !e.action_id)) problems.push(`invalid button ${at}`);
          if (e.confirm !== undefined && !confirmOk(e.confirm)) problems.push(`invalid confirm dialog ${at}`);
        }
        break;
      case "context_actions":
        if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > 5) problems.push(`context_actions needs 1..5 elements ${at}`);
        for (const e of b.elements ?? []) {
          if (e.type === "feedback_buttons" && (!e.positive_button?.value || !e.negative_button?.value)) problems.push(`feedback_buttons need positive_button and negative_button ${at}`);
          if (!["feedback_buttons", "icon_button"].includes(e.type)) problems.push(`context_actions only takes feedback_buttons and icon_button ${at}`);
        }
        break;
      case "input":
        if (!b.label || !b.element) problems.push(`input needs label and element ${at}`);
        break;
      case "divider":
      case "image":
      case "rich_text":
      case "markdown":
      case "plan":
      case "task_card":
      case "table":
      case "file":
      case "video":
        break;
      default:
        problems.push(`unknown block type ${b.type} ${at}`);
    }
    return undefined;
  });
  return problems;
}

/** A confirmation dialog: plain-text title ≤ 100, text ≤ 300, confirm / deny ≤ 30 characters, style primary or danger. */
function confirmOk(c: any): boolean {
  const plainOk = (t: any, max: number) => t?.type === "plain_text" && textLen(t) >= 1 && textLen(t) <= max;
  return plainOk(c.title, 100) && (c.text?.type === "plain_text" || c.text?.type === "mrkdwn") && textLen(c.text) >= 1 && textLen(c.text) <= 300 && plainOk(c.confirm, 30) && plainOk(c.deny, 30) && (c.style === undefined || c.style === "primary" || c.style === "danger");
}

/** A task_update chunk as chat.appendStream accepts it: id, title, a known status, and url sources with text. */
function taskUpdateProblems(c: any): string[] {
  const problems: string[] = [];
  if (!c.id || !c.title) problems.push("task_update needs id and title");
  if (!["pending", "in_progress", "complete", "error"].includes(c.status)) problems.push(`task_update status ${c.status} is not valid`);
  if (c.sources !== undefined) {
    if (!Array.isArray(c.sources)) problems.push("sources must be an array");
    for (const src of Array.isArray(c.sources) ? c.sources : [])
      if (src?.type !== "url" || typeof src.text !== "string" || !src.text || !/^https?:\/\/\S+$/.test(String(src.url ?? ""))) problems.push("each source must be {type: url, url: http(s), text}");
  }
  return problems;
}

function checkMessageContent(args: Record<string, any>, max = 50) {
  const hasText = typeof args.text === "string" && args.text.length > 0;
  const hasBlocks = Array.isArray(args.blocks) && args.blocks.length > 0;
  if (!hasText && !hasBlocks && !args.attachments) throw new SlackError("no_text");
  if (hasText && args.text.length > 40000) throw new SlackError("msg_too_long");
  if (args.blocks !== undefined) {
    const p = validateBlocks(args.blocks, max);
    if (p.length) throw new SlackError("invalid_blocks", p);
  }
}

function checkView(view: any, kind: "modal" | "home" | "any") {
  if (!view || typeof view !== "object") throw new SlackError("invalid_arguments", ["view is required"]);
  if (kind !== "any" && view.type !== kind) throw new SlackError("invalid_arguments", [`view.type must be ${kind}`]);
  const problems = validateBlocks(view.blocks, 100);
  if (view.type === "modal") {
    if (!view.title || textLen(view.title) < 1 || textLen(view.title) > 24) problems.push("must be less than 25 characters [json-pointer:/view/title/text]");
    if (view.submit && textLen(view.submit) > 24) problems.push("must be less than 25 characters [json-pointer:/view/submit/text]");
    if (view.close && textLen(view.close) > 24) problems.push("must be less than 25 characters [json-pointer:/view/close/text]");
    if ((view.blocks ?? []).some((b: any) => b.type === "input") && !view.submit) problems.push("submit is required when input blocks exist [json-pointer:/view/submit]");
  }
  if (view.private_metadata && view.private_metadata.length > 3000) problems.push("private_metadata too long");
  if (view.callback_id && view.callback_id.length > 255) problems.push("callback_id too long");
  if (problems.length) throw new SlackError("invalid_arguments", problems);
}

export class FakeSlackApi {
  readonly calls: ApiCall[] = [];
  readonly messages: StoredMessage[] = [];
  readonly views = new Map<string, any>();
  users: Record<string, { name: string; real_name: string; tz?: string; locale?: string }> = {};
  /** Users the bot cannot message (deactivated accounts): posting to them fails like Slack does. */
  readonly unreachable = new Set<string>();
  /** Files users shared (`addFile`): files.info describes them, and their url_private serves them with the bot token only. */
  readonly files = new Map<string, { id: string; name: string; filetype: string; mimetype: string; size: number; bytes: Uint8Array }>();
  /** Channels the bot is not a member of: chat.postMessage / postEphemeral there fail with not_in_channel. */
  readonly outsideChannels = new Set<string>();
  private server: Server;
  private readonly failures: InjectedFailure[] = [];
  private readonly responseUsers: (string | undefined)[] = [];
  private seq = 0;
  private clock = 1_700_000_000;
  url = "";
  readonly botUserId = "U_BOT";
  readonly botId = "B_BOT";

  /** Socket Mode: the open connections and every message the app sent back (acks carry envelope_id). */
  private readonly sockets = new Set<Socket>();
  readonly socketAcks: { envelope_id: string; payload?: unknown }[] = [];

  constructor(
    readonly token = "xoxb-test-token",
    readonly appToken = "xapp-1-test-app-token",
  ) {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on("upgrade", (req, socket: Socket) => this.upgrade(req, socket));
  }

  get socketConnections(): number {
    return this.sockets.size;
  }

  /** Push one Socket Mode envelope (events_api, slash_commands, interactive) to every connected app. */
  socketSend(envelope: Record<string, unknown>): void {
    for (const s of this.sockets) s.write(wsFrame(0x1, Buffer.from(JSON.stringify(envelope))));
  }

  private upgrade(req: IncomingMessage, socket: Socket): void {
    const key = req.headers["sec-websocket-key"];
    if (!key || !(req.url ?? "").startsWith("/link")) {
      socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
      return;
    }
    const accept = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    this.sockets.add(socket);
    let buf = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const f = readWsFrame(buf);
        if (!f) break;
        buf = buf.subarray(f.size);
        if (f.opcode === 0x1) {
          try {
            this.socketAcks.push(JSON.parse(f.payload.toString("utf8")));
          } catch {
            /* not JSON: ignored */
          }
        } else if (f.opcode === 0x9) socket.write(wsFrame(0xa, f.payload));
        else if (f.opcode === 0x8) {
          socket.end(wsFrame(0x8, f.payload.subarray(0, 2)));
          this.sockets.delete(socket);
        }
      }
    });
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => this.sockets.delete(socket));
    socket.write(wsFrame(0x1, Buffer.from(JSON.stringify({ type: "hello", num_connections: this.sockets.size, connection_info: { app_id: "A_TEST" }, debug_info: { host: "fake" } }))));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A file as a user shares it; `size` may claim more than `bytes` (a file too large to send in a test). */
  addFile(f: { name: string; bytes: Uint8Array; filetype?: string; mimetype?: string; size?: number }): string {
    const id = `F${String(this.files.size + 1).padStart(8, "0")}`;
    const ext = /\.([a-z0-9]+)$/i.exec(f.name)?.[1]?.toLowerCase() ?? "binary";
    this.files.set(id, { id, name: f.name, filetype: f.filetype ?? (ext === "txt" ? "text" : ext), mimetype: f.mimetype ?? "application/octet-stream", size: f.size ?? f.bytes.length, bytes: f.bytes });
    return id;
  }

  nextTs(): string {
    this.seq += 1;
    return `${this.clock + this.seq}.${String(this.seq).padStart(6, "0")}`;
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method && c.ok);
  }
  /** Calls Slack refused because the app sent something Slack does not accept (not the failures a test injected). */
  get rejected(): ApiCall[] {
    return this.calls.filter((c) => !c.ok && !c.injected);
  }
  /** Calls refused because a test asked for it. */
  get injectedFailures(): ApiCall[] {
    return this.calls.filter((c) => c.injected);
  }

  /**
   * Make `method` fail as Slack fails: the next call (or `times` calls; those matching `when`) gets
   * `{ ok: false, error }` (HTTP 200, as the Web API answers errors). For "response_url" the POST gets HTTP 404 with
   * the error as its body, as an expired response URL does.
   */
  fail(method: string, error = "internal_error", opts: { times?: number; when?: (args: Record<string, any>) => boolean; detail?: string[] } = {}): this {
    this.failures.push({ method, error, times: opts.times ?? 1, when: opts.when, detail: opts.detail });
    return this;
  }

  private injectedFailure(method: string, args: Record<string, any>): InjectedFailure | undefined {
    const f = this.failures.find((x) => x.method === method && x.times > 0 && (!x.when || x.when(args)));
    if (f) f.times -= 1;
    return f;
  }

  /** A response_url served by this stand-in (what Slack puts in commands, block actions and message shortcuts). */
  responseUrl(user?: string): string {
    this.responseUsers.push(user);
    return `${this.url.replace(/api\/$/, "")}response/${this.responseUsers.length}`;
  }
  /** Messages the app posted to response URLs. */
  get responses(): ApiCall[] {
    return this.callsTo("response_url");
  }
  message(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }
  /** Wait until `pred` holds (polling), or fail with a description of what was recorded. */
  async waitFor<T>(pred: () => T | undefined | false | null, what = "condition", timeoutMs = 20_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = pred();
      if (v) return v;
      if (Date.now() > end)
        throw new Error(`timed out waiting for ${what}; calls: ${this.calls.map((c) => `${c.method}${c.ok ? "" : `(${c.error})`}`).join(", ")}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  private readonly handlers: Record<string, Handler> = {
    "auth.test": () => ({ url: "https://zhice-test.slack.com/", team: "zhice-test", user: "zhice", team_id: "T_TEST", user_id: this.botUserId, bot_id: this.botId }),
    "chat.postMessage": (a) => {
      need(a, "channel");
      if (this.unreachable.has(String(a.channel))) throw new SlackError("channel_not_found");
      if (this.outsideChannels.has(String(a.channel))) throw new SlackError("not_in_channel");
      checkMessageContent(a);
      const channel = String(a.channel).startsWith("U") ? `D${a.channel}` : String(a.channel);
      const m: StoredMessage = { channel, ts: this.nextTs(), thread_ts: a.thread_ts, text: a.text, blocks: a.blocks, user: this.botUserId };
      this.messages.push(m);
      return { channel, ts: m.ts, message: { type: "message", ...m, bot_id: this.botId } };
    },
    "chat.update": (a) => {
      need(a, "channel", "ts");
      checkMessageContent(a);
      const m = this.message(a.channel, a.ts);
      if (!m) throw new SlackError("message_not_found");
      if (a.text !== undefined) m.text = a.text;
      if (a.blocks !== undefined) m.blocks = a.blocks;
      m.updated = (m.updated ?? 0) + 1;
      return { channel: a.channel, ts: a.ts, text: m.text };
    },
    "chat.postEphemeral": (a) => {
      need(a, "channel", "user");
      if (this.outsideChannels.has(String(a.channel))) throw new SlackError("not_in_channel");
      checkMessageContent(a);
      return { message_ts: this.nextTs() };
    },
    "chat.startStream": (a) => {
      need(a, "channel", "thread_ts");
      if (!String(a.channel).startsWith("D") && (!a.recipient_user_id || !a.recipient_team_id)) throw new SlackError("invalid_arguments", ["recipient_user_id and recipient_team_id are required outside of a DM"]);
      const text = this.streamText(a);
      const m: StoredMessage = { channel: a.channel, ts: this.nextTs(), thread_ts: a.thread_ts, streaming: true, markdown: text, user: this.botUserId };
      this.messages.push(m);
      return { channel: a.channel, ts: m.ts };
    },
    "chat.appendStream": (a) => {
      need(a, "channel", "ts");
      const m = this.message(a.channel, a.ts);
      if (!m) throw new SlackError("message_not_found");
      if (!m.streaming) throw new SlackError("message_not_in_streaming_state");
      if (!a.markdown_text && !a.chunks) throw new SlackError("invalid_arguments", ["markdown_text or chunks is required"]);
      m.markdown = (m.markdown ?? "") + this.streamText(a);
      return { channel: a.channel, ts: a.ts };
    },
    "chat.stopStream": (a) => {
      need(a, "channel", "ts");
      const m = this.message(a.channel, a.ts);
      if (!m) throw new SlackError("message_not_found");
      if (!m.streaming) throw new SlackError("message_not_in_streaming_state");
      if (a.blocks !== undefined) {
        const p = validateBlocks(a.blocks, 50);
        if (p.length) throw new SlackError("invalid_blocks", p);
        m.blocks = a.blocks;
      }
      m.markdown = (m.markdown ?? "") + this.streamText(a);
      m.streaming = false;
      return { channel: a.channel, ts: a.ts, message: { ...m } };
    },
    "views.open": (a) => {
      need(a, "trigger_id");
      checkView(a.view, "modal");
      const id = `V${this.nextTs().replace(".", "")}`;
      this.views.set(id, a.view);
      return { view: { id, ...a.view } };
    },
    "views.update": (a) => {
      if (!a.view_id && !a.external_id) throw new SlackError("invalid_arguments", ["view_id or external_id is required"]);
      checkView(a.view, "any");
      if (a.view_id && !this.views.has(a.view_id)) throw new SlackError("not_found");
      this.views.set(a.view_id ?? a.external_id, a.view);
      return { view: { id: a.view_id, ...a.view } };
    },
    "views.publish": (a) => {
      need(a, "user_id");
      checkView(a.view, "home");
      this.views.set(`home:${a.user_id}`, a.view);
      return { view: { id: `VH${a.user_id}`, ...a.view } };
    },
    "conversations.open": (a) => {
      const users = String(a.users ?? "").split(",").filter(Boolean);
      if (!users.length) throw new SlackError("users_list_not_supplied");
      if (users.length > 1) return { channel: { id: `G${users.join("")}` } };
      return { channel: { id: `D${users[0]}` } };
    },
    "users.info": (a) => {
      need(a, "user");
      const { locale, ...u } = this.users[a.user] ?? { name: String(a.user).toLowerCase(), real_name: String(a.user) };
      // as Slack: the locale only with include_locale=true
      const withLocale = a.include_locale === true || a.include_locale === "true";
      return { user: { id: a.user, ...u, tz: u.tz ?? "Asia/Shanghai", ...(withLocale ? { locale: locale ?? "zh-CN" } : {}) } };
    },
    "assistant.threads.setStatus": (a) => {
      need(a, "channel_id", "thread_ts");
      if (typeof a.status !== "string") throw new SlackError("invalid_arguments", ["status is required"]);
      if (a.loading_messages !== undefined && (!Array.isArray(a.loading_messages) || a.loading_messages.length > 10 || a.loading_messages.some((m: unknown) => typeof m !== "string" || !m)))
        throw new SlackError("invalid_arguments", ["loading_messages: up to 10 non-empty strings"]);
      return {};
    },
    "assistant.threads.setSuggestedPrompts": (a) => {
      // thread_ts is optional: agent apps (agent_view) set prompts for the conversation without it
      need(a, "channel_id");
      if (!Array.isArray(a.prompts) || a.prompts.length < 1 || a.prompts.length > 4) throw new SlackError("invalid_arguments", ["prompts: 1..4 items"]);
      if (a.prompts.some((p: any) => !p.title || !p.message)) throw new SlackError("invalid_arguments", ["each prompt needs title and message"]);
      return {};
    },
    "assistant.threads.setTitle": (a) => {
      need(a, "channel_id", "thread_ts", "title");
      return {};
    },
    "files.info": (a) => {
      need(a, "file");
      const f = this.files.get(String(a.file));
      if (!f) throw new SlackError("file_not_found");
      const base = this.url.replace(/api\/$/, "");
      const path = `files-pri/T_TEST-${f.id}/${encodeURIComponent(f.name)}`;
      return { file: { id: f.id, name: f.name, title: f.name, filetype: f.filetype, mimetype: f.mimetype, size: f.size, url_private: `${base}${path}`, url_private_download: `${base}${path.replace(/\/([^/]+)$/, "/download/$1")}` } };
    },
    "conversations.replies": (a) => {
      need(a, "channel", "ts");
      const msgs = this.messages.filter((m) => m.channel === a.channel && (m.ts === a.ts || m.thread_ts === a.ts));
      return { messages: msgs, has_more: false };
    },
  };

  private streamText(a: Record<string, any>): string {
    let t = typeof a.markdown_text === "string" ? a.markdown_text : "";
    for (const c of a.chunks ?? []) if (c?.type === "markdown_text") t += c.text ?? "";
    if (t.length > 12000) throw new SlackError("msg_too_long", ["markdown_text: no more than 12000 characters"]);
    for (const c of a.chunks ?? []) if (c?.type === "task_update") {
      const p = taskUpdateProblems(c);
      if (p.length) throw new SlackError("invalid_chunks", p);
    }
    for (const c of a.chunks ?? []) if (c?.type === "blocks") {
      const p = validateBlocks(c.blocks, 50);
      if (p.length) throw new SlackError("invalid_blocks", p);
    }
    return t;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    if ((req.url ?? "").startsWith("/files-pri/")) return this.serveFile(req, res);
    if ((req.url ?? "").startsWith("/response/")) return this.handleResponseUrl(raw, res, this.responseUsers[Number((req.url ?? "").slice("/response/".length)) - 1]);
    const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0] ?? "";
    let args: Record<string, any> = {};
    if ((req.headers["content-type"] ?? "").includes("application/json")) {
      try {
        args = raw ? JSON.parse(raw) : {};
      } catch {
        return this.reply(res, method, {}, { ok: false, error: "invalid_json" });
      }
    } else {
      for (const [k, v] of new URLSearchParams(raw)) {
        if (JSON_FIELDS.has(k) && k !== "users") {
          try {
            args[k] = JSON.parse(v);
          } catch {
            return this.reply(res, method, args, { ok: false, error: "invalid_arguments", response_metadata: { messages: [`${k} is not valid JSON`] } });
          }
        } else args[k] = v;
      }
    }
    const auth = String(req.headers.authorization ?? "").replace(/^Bearer\s+/i, "") || args.token;
    if (method === "apps.connections.open") {
      if (auth !== this.appToken) return this.reply(res, method, args, { ok: false, error: auth?.startsWith("xapp-") ? "invalid_auth" : "not_allowed_token_type" });
      const port = (this.server.address() as AddressInfo).port;
      return this.reply(res, method, args, { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=fake` });
    }
    const handler = this.handlers[method];
    if (!handler) return this.reply(res, method, args, { ok: false, error: "unknown_method" });
    if (!auth) return this.reply(res, method, args, { ok: false, error: "not_authed" });
    if (auth !== this.token) return this.reply(res, method, args, { ok: false, error: "invalid_auth" });
    const injected = this.injectedFailure(method, args);
    if (injected) return this.reply(res, method, args, { ok: false, error: injected.error, ...(injected.detail ? { response_metadata: { messages: injected.detail } } : {}) }, true);
    try {
      const out = handler(args, this);
      return this.reply(res, method, args, { ok: true, ...out });
    } catch (e) {
      if (e instanceof SlackError) return this.reply(res, method, args, { ok: false, error: e.code, ...(e.detail ? { response_metadata: { messages: e.detail } } : {}) });
      return this.reply(res, method, args, { ok: false, error: "internal_error" });
    }
  }

  /**
   * A file's url_private: served only with the bot token in the Authorization header, as Slack does; without it Slack
   * redirects to its sign-in page (HTML), which is what an app that forgets the token would download.
   */
  private serveFile(req: IncomingMessage, res: ServerResponse): void {
    const id = /^\/files-pri\/T_TEST-(F\d+)\//.exec(req.url ?? "")?.[1] ?? "";
    const f = this.files.get(id);
    const auth = String(req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
    const ok = !!f && auth === this.token;
    this.calls.push({ method: "file_download", args: { file: id, url: req.url }, ok, ...(ok ? {} : { error: f ? "not_authed" : "file_not_found" }) });
    if (!f) return void res.writeHead(404, { "content-type": "text/html" }).end("<html>not found</html>");
    if (!ok) return void res.writeHead(302, { location: "/signin", "content-type": "text/html" }).end("<html>sign in</html>");
    res.writeHead(200, { "content-type": f.mimetype, "content-length": String(f.bytes.length) }).end(Buffer.from(f.bytes));
  }

  /** A POST to a response_url: JSON `{ text, blocks?, response_type?, replace_original? }`, answered `ok`. */
  private handleResponseUrl(raw: string, res: ServerResponse, user: string | undefined): void {
    let args: Record<string, any> = {};
    try {
      args = JSON.parse(raw);
    } catch {
      this.calls.push({ method: "response_url", user, args: { raw }, ok: false, error: "invalid_payload" });
      res.writeHead(400).end("invalid_payload");
      return;
    }
    const injected = this.injectedFailure("response_url", args);
    if (injected) {
      this.calls.push({ method: "response_url", user, args, ok: false, error: injected.error, injected: true });
      res.writeHead(404).end(injected.error);
      return;
    }
    const noText = args.delete_original !== true && !(typeof args.text === "string" && args.text) && !(Array.isArray(args.blocks) && args.blocks.length);
    const problems = args.blocks !== undefined ? validateBlocks(args.blocks, 50) : [];
    if (noText || problems.length) {
      this.calls.push({ method: "response_url", user, args, ok: false, error: noText ? "no_text" : "invalid_blocks" });
      res.writeHead(400).end(noText ? "no_text" : "invalid_blocks");
      return;
    }
    this.calls.push({ method: "response_url", user, args, ok: true });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
  }

  private reply(res: ServerResponse, method: string, args: Record<string, any>, body: Record<string, any>, injected = false) {
    const { token: _t, ...rest } = args;
    this.calls.push({ method, args: rest, ok: body.ok === true, error: body.error, ...(injected ? { injected } : {}) });
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  }
}

export async function startFakeSlackApi(token?: string, appToken?: string): Promise<FakeSlackApi> {
  return new FakeSlackApi(token, appToken).start();
}

/** One unmasked WebSocket frame (server → client). */
function wsFrame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (len >= 126 && len < 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  } else if (len >= 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([head, payload]);
}

/** Parse one (possibly masked) frame from the front of `buf`; null until it is complete. */
function readWsFrame(buf: Buffer): { opcode: number; payload: Buffer; size: number } | null {
  if (buf.length < 2) return null;
  const opcode = buf[0]! & 0x0f;
  const masked = (buf[1]! & 0x80) !== 0;
  let len = buf[1]! & 0x7f;
  let at = 2;
  if (len === 126) {
    if (buf.length < 4) return null;
    len = buf.readUInt16BE(2);
    at = 4;
  } else if (len === 127) {
    if (buf.length < 10) return null;
    len = Number(buf.readBigUInt64BE(2));
    at = 10;
  }
  const maskAt = at;
  if (masked) at += 4;
  if (buf.length < at + len) return null;
  const payload = Buffer.from(buf.subarray(at, at + len));
  if (masked) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ buf[maskAt + (i % 4)]!;
  return { opcode, payload, size: at + len };
}
