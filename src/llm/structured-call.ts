/**
 * One structured LLM call: render a prompt template, force a single function call whose parameters are a zod schema
 * (`withStructuredOutput(…, { method: "functionCalling" })` — DeepSeek and several local servers reject json_schema),
 * bound the whole call by a timeout, and validate the result. Failures are values, never exceptions.
 */
import { HumanMessage, SystemMessage, type AIMessage, type AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import type { z } from "zod";
import { createChatModel, type LlmConfig } from "./chat-model.js";
import { renderPrompt, type RenderedPrompt } from "./prompts.js";

export type CallFailure = "timeout" | "unreachable" | "http_error" | "malformed" | "invalid_output" | "prompt";

export type CallResult<T> =
  | { ok: true; value: T; ms: number; prompt: RenderedPrompt }
  | { ok: false; reason: CallFailure; detail: string; ms: number };

export interface StructuredCallOptions {
  /** Function name the model is forced to call (letters, digits, _ and -). */
  name?: string;
  /** Overall limit for the call in ms; defaults to the configured timeout. */
  timeoutMs?: number;
  maxRetries?: 0 | 1;
  /**
   * Called with each piece of the function call's arguments as the model writes them (the call is then streamed
   * over server-sent events); the result is still validated as a whole.
   */
  onArguments?: (piece: string) => void;
}

/**
 * The forced function call streamed (model.stream with the schema bound as the one tool): each arguments piece goes to
 * `onArguments`, the chunks are gathered into the whole message, whose `tool_calls` are then read as invoke's are.
 * (Not `streaming: true` on invoke: that path counts tokens with tiktoken, which it fetches over the network.)
 */
async function streamedCall(
  model: ReturnType<typeof createChatModel>,
  schema: z.ZodType,
  name: string,
  messages: BaseMessage[],
  signal: AbortSignal,
  onArguments: (piece: string) => void,
): Promise<{ raw: AIMessageChunk | undefined; parsed: unknown }> {
  const bound = model.bindTools([{ name, description: "", schema }], { tool_choice: name });
  let raw: AIMessageChunk | undefined;
  for await (const chunk of await bound.stream(messages, { signal })) {
    for (const c of chunk.tool_call_chunks ?? []) if (c.args) onArguments(c.args);
    raw = raw ? raw.concat(chunk) : chunk;
  }
  return { raw, parsed: raw?.tool_calls?.[0]?.args };
}

/** Plain text of a message's content (a string, or text parts). */
export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content.map((p) => (typeof p === "string" ? p : typeof p?.text === "string" ? p.text : "")).join("");
  return "";
}

/** The first JSON object written in a text reply (after any <think> block, inside code fences or not), or undefined. */
export function jsonObjectIn(text: string): unknown {
  const body = text.replace(/<think>[\s\S]*?(<\/think>|$)/gi, "");
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(body.slice(start, end + 1));
  } catch {
    return undefined;
  }
}

/** Sorts an error thrown by LangChain / the OpenAI client into a failure kind. */
export function classifyFailure(err: unknown): { reason: CallFailure; detail: string } {
  const e = err as { name?: string; message?: string; status?: number; constructor?: { name?: string } };
  const name = e?.name ?? e?.constructor?.name ?? "";
  const message = String(e?.message ?? err);
  if (/Abort|Timeout/i.test(name) || /timed? ?out|aborted/i.test(message)) return { reason: "timeout", detail: message };
  if (typeof e?.status === "number") return { reason: "http_error", detail: `HTTP ${e.status}: ${message}` };
  if (/Connection|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|fetch failed|socket/i.test(`${name} ${message}`))
    return { reason: "unreachable", detail: message };
  if (/OutputParser/i.test(name) || name === "SyntaxError" || /JSON|parse/i.test(message))
    return { reason: "malformed", detail: message };
  return { reason: "malformed", detail: `${name}: ${message}` };
}

export async function structuredCallResult<S extends z.ZodType>(
  llm: LlmConfig,
  promptName: string,
  vars: Record<string, string>,
  schema: S,
  opts: StructuredCallOptions = {},
): Promise<CallResult<z.infer<S>>> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  let prompt: RenderedPrompt;
  try {
    prompt = renderPrompt(promptName, vars);
  } catch (err) {
    return { ok: false, reason: "prompt", detail: String((err as Error).message ?? err), ms: ms() };
  }
  const timeoutMs = opts.timeoutMs ?? llm.timeoutMs;
  const model = createChatModel(llm, { timeoutMs, maxRetries: opts.maxRetries ?? 0, streaming: opts.onArguments !== undefined });
  const runnable = model.withStructuredOutput(schema as z.ZodType<Record<string, unknown>>, {
    method: "functionCalling",
    name: opts.name ?? "extract",
    includeRaw: true,
  });
  try {
    const messages = [new SystemMessage(prompt.system), new HumanMessage(prompt.user)];
    const signal = AbortSignal.timeout(timeoutMs);
    const { raw, parsed } = opts.onArguments
      ? await streamedCall(model, schema, opts.name ?? "extract", messages, signal, opts.onArguments)
      : await runnable.invoke(messages, { signal });
    const checked = schema.safeParse(parsed);
    if (checked.success) return { ok: true, value: checked.data, ms: ms(), prompt };
    const message = raw as AIMessage;
    if (message.invalid_tool_calls?.length)
      return { ok: false, reason: "malformed", detail: `tool arguments are not JSON: ${message.invalid_tool_calls[0]?.error ?? ""}`, ms: ms() };
    // Some local servers (Ollama with small models) ignore tool_choice and write the JSON object as plain content.
    if (!message.tool_calls?.length) {
      const fromContent = schema.safeParse(jsonObjectIn(textOf(message.content)));
      if (fromContent.success) return { ok: true, value: fromContent.data, ms: ms(), prompt };
    }
    const detail = checked.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    return { ok: false, reason: "invalid_output", detail, ms: ms() };
  } catch (err) {
    return { ok: false, ...classifyFailure(err), ms: ms() };
  }
}

/** The structured result, or null when the call failed for any reason. */
export async function structuredCall<S extends z.ZodType>(
  llm: LlmConfig,
  promptName: string,
  vars: Record<string, string>,
  schema: S,
  opts: StructuredCallOptions = {},
): Promise<z.infer<S> | null> {
  const r = await structuredCallResult(llm, promptName, vars, schema, opts);
  return r.ok ? r.value : null;
}
