/**
 * One structured LLM call: render a prompt template, force a single function call whose parameters are a zod schema
 * (`withStructuredOutput(…, { method: "functionCalling" })` — DeepSeek and several local servers reject json_schema),
 * bound the whole call by a timeout, and validate the result. Failures are values, never exceptions.
 */
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
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
  const model = createChatModel(llm, { timeoutMs, maxRetries: opts.maxRetries ?? 0 });
  const runnable = model.withStructuredOutput(schema as z.ZodType<Record<string, unknown>>, {
    method: "functionCalling",
    name: opts.name ?? "extract",
  });
  try {
    const raw: unknown = await runnable.invoke([new SystemMessage(prompt.system), new HumanMessage(prompt.user)], {
      signal: AbortSignal.timeout(timeoutMs),
    });
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return { ok: false, reason: "invalid_output", detail: parsed.error.message, ms: ms() };
    return { ok: true, value: parsed.data, ms: ms(), prompt };
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
