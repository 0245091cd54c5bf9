/**
 * The chat model behind every optional LLM feature: LangChain's ChatOpenAI pointed at any OpenAI-compatible endpoint
 * (OpenAI, DeepSeek, Qwen/DashScope compatible mode, vLLM, Ollama's /v1) through `configuration.baseURL`.
 */
import { ChatOpenAI } from "@langchain/openai";
import type { Config } from "../config.js";

export type LlmConfig = NonNullable<Config["llm"]>;

export interface ChatModelOptions {
  /** Per-request timeout in ms (defaults to the configured ZHICE_LLM_TIMEOUT_MS). */
  timeoutMs?: number;
  /** LangChain-level retries (0 or 1; the OpenAI client itself never retries). Default 0. */
  maxRetries?: 0 | 1;
  /** Token streaming over server-sent events. */
  streaming?: boolean;
}

export function createChatModel(llm: LlmConfig, opts: ChatModelOptions = {}): ChatOpenAI {
  return new ChatOpenAI({
    model: llm.model,
    apiKey: llm.apiKey,
    configuration: { baseURL: llm.baseUrl.replace(/\/+$/, "") },
    timeout: opts.timeoutMs ?? llm.timeoutMs,
    maxRetries: opts.maxRetries ?? 0,
    temperature: 0,
    streaming: opts.streaming ?? false,
  });
}
