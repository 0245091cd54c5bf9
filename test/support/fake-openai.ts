/**
 * A real HTTP server (node:http on 127.0.0.1, an ephemeral port) that speaks the OpenAI wire protocol closely
 * enough for the official `openai` client and LangChain's ChatOpenAI / OpenAIEmbeddings:
 *
 *   POST /v1/chat/completions   non-streaming JSON, or `stream: true` server-sent events; tools / tool_choice → tool_calls
 *   POST /v1/embeddings         deterministic vectors from hashed character n-grams (float or base64 encoding)
 *   GET  /v1/models             the configured model ids
 *
 * Requests are validated like the hosted API does (model, messages, roles, tools, tool_choice) and rejected with a 400
 * carrying an OpenAI-shaped `{ error: { message, type, param, code } }`. When started with `apiKey`, a missing or wrong
 * `Authorization: Bearer …` header gets a 401.
 *
 * Each test scripts the chat endpoint with a queue of behaviours (`enqueue`), consumed one per chat request; when the
 * queue is empty the `fallback` behaviour answers (by default: an empty-object tool call when tools are offered, else
 * the content "OK"). Every request is recorded in `requests` for assertions.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHash } from "node:crypto";

/** The parsed body of a chat-completions request (only the fields the fake reads are typed). */
export interface ChatRequest {
  model: string;
  messages: { role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string; name?: string }[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  tool_choice?: unknown;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  temperature?: number;
  [key: string]: unknown;
}

export type ArgumentsSource = Record<string, unknown> | ((req: ChatRequest) => Record<string, unknown>);

export type Behaviour =
  /** A tool call with these arguments (serialised as JSON); the tool name defaults to the one tool_choice forces. */
  | { kind: "tool"; arguments: ArgumentsSource; name?: string }
  /** A plain assistant message. */
  | { kind: "content"; content: string | ((req: ChatRequest) => string) }
  /** An HTTP error with an OpenAI-shaped body. */
  | { kind: "http_error"; status: number; message?: string; type?: string }
  /** Accept the request and never answer (until `ms` elapses, the client gives up, or the server closes). */
  | { kind: "hang"; ms?: number }
  /** HTTP 200 whose body is not JSON at all. */
  | { kind: "malformed_body" }
  /** A tool call whose `arguments` string is not valid JSON. */
  | { kind: "bad_tool_arguments"; raw?: string }
  /** An assistant message with empty content and no tool calls. */
  | { kind: "empty" }
  /**
   * A cited-answer tool call built from the request: `offered` cites the first `count` (default 2) clause ids the prompt
   * offered (ids in square brackets at the start of a numbered line), `unknown` cites ids that were never offered,
   * `mixed` cites one unknown id then the offered ones. Arguments: { verdict, answer, citedClauseIds }.
   */
  | { kind: "cite"; which: "offered" | "unknown" | "mixed"; verdict?: string; answer?: string; count?: number }
  /** Wait `ms` before applying another behaviour (for latency under a timeout). */
  | { kind: "delay"; ms: number; then: Behaviour };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or the raw string when it did not parse, or undefined for GET. */
  body: unknown;
  /** What the fake did with it: the behaviour kind, "invalid" (400), "unauthorized" (401), … */
  outcome: string;
}

export interface FakeOpenAIOptions {
  /** When set, every request must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Ids listed by GET /v1/models (any model name is accepted by the other endpoints). */
  models?: string[];
  /** Embedding size when the request gives no `dimensions` (text-embedding-3-small has 1536). */
  embeddingDimensions?: number;
  /** Answer used when the queue is empty. */
  fallback?: Behaviour;
}

export interface FakeOpenAI {
  /** Base URL including `/v1`, as given to `configuration.baseURL`. */
  baseUrl: string;
  port: number;
  requests: RecordedRequest[];
  /** Chat-completion request bodies received so far, in order (valid or not). */
  chatRequests(): ChatRequest[];
  enqueue(...behaviours: Behaviour[]): void;
  /** Behaviours not yet consumed. */
  pending(): number;
  close(): Promise<void>;
}

const VALID_ROLES = new Set(["system", "developer", "user", "assistant", "tool", "function"]);

class RequestError extends Error {
  constructor(
    public status: number,
    message: string,
    public param: string | null = null,
    public code: string | null = null,
    public type = "invalid_request_error",
  ) {
    super(message);
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "x-request-id": `req_${createHash("sha1").update(String(Math.random())).digest("hex").slice(0, 16)}`,
  });
  res.end(text);
}

function sendError(res: http.ServerResponse, err: RequestError): void {
  sendJson(res, err.status, { error: { message: err.message, type: err.type, param: err.param, code: err.code } });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Checks a chat-completions body the way the hosted API would; throws a 400 RequestError otherwise. */
export function validateChatRequest(body: unknown): ChatRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new RequestError(400, "We could not parse the JSON body of your request.");
  const b = body as Record<string, unknown>;
  if (typeof b.model !== "string" || b.model.trim() === "")
    throw new RequestError(400, "you must provide a model parameter", "model");
  if (!Array.isArray(b.messages))
    throw new RequestError(400, "Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
  if (b.messages.length === 0)
    throw new RequestError(400, "Invalid 'messages': empty array. Expected an array with minimum length 1.", "messages", "empty_array");
  b.messages.forEach((m: unknown, i: number) => {
    if (typeof m !== "object" || m === null)
      throw new RequestError(400, `Invalid type for 'messages[${i}]': expected an object.`, `messages[${i}]`);
    const msg = m as Record<string, unknown>;
    if (typeof msg.role !== "string" || !VALID_ROLES.has(msg.role))
      throw new RequestError(
        400,
        `Invalid value: '${String(msg.role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
        `messages[${i}].role`,
        "invalid_value",
      );
    const hasContent = typeof msg.content === "string" || Array.isArray(msg.content);
    if ((msg.role === "system" || msg.role === "user" || msg.role === "developer" || msg.role === "tool") && !hasContent)
      throw new RequestError(400, `Missing required parameter: 'messages[${i}].content'.`, `messages[${i}].content`, "missing_required_parameter");
    if (msg.role === "tool" && typeof msg.tool_call_id !== "string")
      throw new RequestError(400, `Missing required parameter: 'messages[${i}].tool_call_id'.`, `messages[${i}].tool_call_id`, "missing_required_parameter");
  });
  const toolNames = new Set<string>();
  if (b.tools !== undefined) {
    if (!Array.isArray(b.tools)) throw new RequestError(400, "Invalid type for 'tools': expected an array.", "tools");
    b.tools.forEach((t: unknown, i: number) => {
      const tool = t as { type?: unknown; function?: { name?: unknown; parameters?: unknown } };
      if (tool?.type !== "function")
        throw new RequestError(400, `Invalid value for 'tools[${i}].type': expected 'function'.`, `tools[${i}].type`, "invalid_value");
      const name = tool.function?.name;
      if (typeof name !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(name))
        throw new RequestError(400, `Invalid 'tools[${i}].function.name': string does not match pattern '^[a-zA-Z0-9_-]+$'.`, `tools[${i}].function.name`, "invalid_value");
      const params = tool.function?.parameters;
      if (params !== undefined && (typeof params !== "object" || params === null || (params as { type?: unknown }).type !== "object"))
        throw new RequestError(400, `Invalid schema for function '${name}': schema must be a JSON Schema of 'type: "object"'.`, `tools[${i}].function.parameters`, "invalid_function_parameters");
      toolNames.add(name);
    });
  }
  if (b.tool_choice !== undefined) {
    const tc = b.tool_choice as unknown;
    if (typeof tc === "string") {
      if (!["none", "auto", "required"].includes(tc))
        throw new RequestError(400, `Invalid value for 'tool_choice': '${tc}'.`, "tool_choice", "invalid_value");
      if (tc === "required" && toolNames.size === 0)
        throw new RequestError(400, "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", "tool_choice");
    } else {
      const name = (tc as { function?: { name?: unknown } })?.function?.name;
      if (typeof name !== "string" || !toolNames.has(name))
        throw new RequestError(400, `Invalid value for 'tool_choice': no function named '${String(name)}' was specified in the 'tools' parameter.`, "tool_choice");
    }
  }
  return b as unknown as ChatRequest;
}

/** The tool a response should call: the one tool_choice forces, else the first tool offered. */
function chosenToolName(req: ChatRequest): string | undefined {
  const tc = req.tool_choice as { function?: { name?: string } } | undefined;
  return tc?.function?.name ?? req.tools?.[0]?.function.name;
}

/** Clause ids a prompt offered for citation: `[id]` at the start of a numbered line of the last user message. */
export function offeredIds(req: ChatRequest): string[] {
  const user = [...req.messages].reverse().find((m) => m.role === "user");
  const text = typeof user?.content === "string" ? user.content : JSON.stringify(user?.content ?? "");
  return [...text.matchAll(/^\s*\d+\.\s*\[([^\]\n]+)\]/gm)].map((m) => m[1]!);
}

function citeArguments(b: Extract<Behaviour, { kind: "cite" }>, req: ChatRequest): Record<string, unknown> {
  const offered = offeredIds(req).slice(0, b.count ?? 2);
  const unknown = ["not-offered#1", "not-offered#2"];
  const citedClauseIds = b.which === "offered" ? offered : b.which === "unknown" ? unknown : [unknown[0]!, ...offered];
  return { verdict: b.verdict ?? "info", answer: b.answer ?? "根据所引条款作答。", citedClauseIds };
}

/** Deterministic unit vector from hashed character uni- and bigrams (similar texts get similar vectors). */
export function hashedEmbedding(text: string, dimensions: number): number[] {
  const v = new Array<number>(dimensions).fill(0);
  const chars = [...text.normalize("NFKC").toLowerCase()];
  const grams: string[] = [...chars];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
  for (const g of grams) {
    const h = createHash("md5").update(g).digest();
    const idx = h.readUInt32LE(0) % dimensions;
    v[idx]! += h[4]! & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

function usageFor(req: ChatRequest, completion: string) {
  const prompt_tokens = Math.max(1, Math.ceil(JSON.stringify(req.messages).length / 4));
  const completion_tokens = Math.max(1, Math.ceil(completion.length / 4));
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

type Message =
  | { role: "assistant"; content: string | null; tool_calls?: { id: string; type: "function"; function: { name: string; arguments: string } }[]; refusal: null };

function buildMessage(b: Behaviour, req: ChatRequest, seq: number): { message: Message; finish: string } {
  switch (b.kind) {
    case "cite":
      return buildMessage({ kind: "tool", arguments: citeArguments(b, req) }, req, seq);
    case "tool":
    case "bad_tool_arguments": {
      const name = b.kind === "tool" ? (b.name ?? chosenToolName(req) ?? "extract") : (chosenToolName(req) ?? "extract");
      const args =
        b.kind === "tool"
          ? JSON.stringify(typeof b.arguments === "function" ? b.arguments(req) : b.arguments)
          : (b.raw ?? '{"verdict": "prohibited", "answer": "劳务派遣不得'); // cut off mid-string
      return {
        message: {
          role: "assistant",
          content: null,
          tool_calls: [{ id: `call_${seq.toString().padStart(6, "0")}`, type: "function", function: { name, arguments: args } }],
          refusal: null,
        },
        finish: "tool_calls",
      };
    }
    case "content":
      return {
        message: { role: "assistant", content: typeof b.content === "function" ? b.content(req) : b.content, refusal: null },
        finish: "stop",
      };
    case "empty":
      return { message: { role: "assistant", content: "", refusal: null }, finish: "stop" };
    default:
      throw new Error(`behaviour ${b.kind} does not produce a message`);
  }
}

function completionText(m: Message): string {
  return (m.content ?? "") + (m.tool_calls?.map((t) => t.function.arguments).join("") ?? "");
}

function sendCompletion(res: http.ServerResponse, req: ChatRequest, message: Message, finish: string, seq: number): void {
  const id = `chatcmpl-fake${seq}`;
  const created = Math.floor(Date.now() / 1000);
  const usage = usageFor(req, completionText(message));
  if (!req.stream) {
    sendJson(res, 200, {
      id,
      object: "chat.completion",
      created,
      model: req.model,
      system_fingerprint: "fp_fake",
      choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
      usage,
    });
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" });
  const base = { id, object: "chat.completion.chunk", created, model: req.model, system_fingerprint: "fp_fake" };
  const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    res.write(`data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`);
  send([{ index: 0, delta: { role: "assistant", content: message.tool_calls ? null : "" }, logprobs: null, finish_reason: null }]);
  if (message.tool_calls) {
    message.tool_calls.forEach((tc, index) => {
      send([{ index: 0, delta: { tool_calls: [{ index, id: tc.id, type: "function", function: { name: tc.function.name, arguments: "" } }] }, logprobs: null, finish_reason: null }]);
      for (const piece of chunksOf(tc.function.arguments, 8))
        send([{ index: 0, delta: { tool_calls: [{ index, function: { arguments: piece } }] }, logprobs: null, finish_reason: null }]);
    });
  } else {
    for (const piece of chunksOf(message.content ?? "", 4))
      send([{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }]);
  }
  send([{ index: 0, delta: {}, logprobs: null, finish_reason: finish }]);
  if (req.stream_options?.include_usage) send([], { usage });
  res.write("data: [DONE]\n\n");
  res.end();
}

function chunksOf(s: string, n: number): string[] {
  const chars = [...s];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += n) out.push(chars.slice(i, i + n).join(""));
  return out;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const queue: Behaviour[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let seq = 0;
  const models = options.models ?? ["fake-chat", "text-embedding-3-small"];
  const fallback = options.fallback;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const respondChat = (res: http.ServerResponse, req: ChatRequest, b: Behaviour, record: RecordedRequest) => {
    const n = ++seq;
    record.outcome = b.kind;
    switch (b.kind) {
      case "delay":
        later(b.ms, () => {
          if (!res.destroyed) respondChat(res, req, b.then, record);
        });
        return;
      case "hang":
        later(b.ms ?? 60_000, () => {
          if (!res.destroyed) sendError(res, new RequestError(504, "Gateway timeout (fake hang ended)", null, null, "server_error"));
        });
        return;
      case "http_error":
        sendError(res, new RequestError(b.status, b.message ?? "The server had an error while processing your request.", null, null, b.type ?? "server_error"));
        return;
      case "malformed_body": {
        const text = '{"id": "chatcmpl-broken", "choices": [{"index": 0, "message": {"role": "assistant", "content": "半截';
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
        res.end(text);
        return;
      }
      default: {
        const { message, finish } = buildMessage(b, req, n);
        sendCompletion(res, req, message, finish, n);
      }
    }
  };

  const defaultBehaviour = (req: ChatRequest): Behaviour =>
    fallback ?? (req.tools?.length ? { kind: "tool", arguments: {} } : { kind: "content", content: "OK" });

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = req.method === "GET" || req.method === "HEAD" ? "" : await readBody(req);
    let body: unknown = undefined;
    if (raw !== "") {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const record: RecordedRequest = { method: req.method ?? "", path: url.pathname, headers: req.headers, body, outcome: "pending" };
    requests.push(record);
    try {
      if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        record.outcome = "unauthorized";
        throw new RequestError(401, "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.", null, "invalid_api_key");
      }
      const route = `${req.method} ${url.pathname.replace(/\/+$/, "")}`;
      if (route === "GET /v1/models") {
        record.outcome = "models";
        sendJson(res, 200, {
          object: "list",
          data: models.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "zhice-fake" })),
        });
        return;
      }
      if (route === "POST /v1/embeddings") {
        if (typeof body !== "object" || body === null) throw new RequestError(400, "We could not parse the JSON body of your request.");
        const b = body as { model?: unknown; input?: unknown; dimensions?: unknown; encoding_format?: unknown };
        if (typeof b.model !== "string" || !b.model) throw new RequestError(400, "you must provide a model parameter", "model");
        const inputs = typeof b.input === "string" ? [b.input] : b.input;
        if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((x) => typeof x === "string"))
          throw new RequestError(400, "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", "input");
        if (inputs.some((x) => (x as string).length === 0))
          throw new RequestError(400, "'$.input' is invalid: empty string.", "input");
        const dims = typeof b.dimensions === "number" ? b.dimensions : (options.embeddingDimensions ?? 1536);
        if (!Number.isInteger(dims) || dims < 1) throw new RequestError(400, "Invalid value for 'dimensions'.", "dimensions");
        const base64 = b.encoding_format === "base64";
        record.outcome = "embeddings";
        sendJson(res, 200, {
          object: "list",
          model: b.model,
          data: (inputs as string[]).map((text, index) => {
            const vec = hashedEmbedding(text, dims);
            return {
              object: "embedding",
              index,
              embedding: base64 ? Buffer.from(new Float32Array(vec).buffer).toString("base64") : vec,
            };
          }),
          usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
        });
        return;
      }
      if (route === "POST /v1/chat/completions") {
        const chat = validateChatRequest(body);
        respondChat(res, chat, queue.shift() ?? defaultBehaviour(chat), record);
        return;
      }
      record.outcome = "not_found";
      throw new RequestError(404, `Invalid URL (${req.method} ${url.pathname})`, null, null);
    } catch (err) {
      if (err instanceof RequestError) {
        if (record.outcome === "pending") record.outcome = "invalid";
        sendError(res, err);
      } else {
        record.outcome = "crashed";
        sendError(res, new RequestError(500, String(err), null, null, "server_error"));
      }
    }
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    chatRequests: () =>
      requests.filter((r) => r.path.replace(/\/+$/, "") === "/v1/chat/completions").map((r) => r.body as ChatRequest),
    enqueue: (...b) => void queue.push(...b),
    pending: () => queue.length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
