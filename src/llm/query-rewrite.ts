/**
 * Query rewrite: the LLM turns an English or colloquial question into Chinese policy search terms, to be searched
 * alongside the original question. Plain-text reply (works with servers that lack function calling). Any failure —
 * error, timeout, empty or non-Chinese output — gives null, and retrieval simply goes on without it.
 */
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { createChatModel, type LlmConfig } from "./chat-model.js";
import { renderPrompt } from "./prompts.js";
import { textOf } from "./structured-call.js";

export interface RewriteOptions {
  /** English→中文 policy terms to show the model (one "english = 中文" a line); empty by default. */
  glossary?: string;
  /** Limit in ms; defaults to the smaller of the configured timeout and 6 s (a rewrite must not hold up an answer). */
  timeoutMs?: number;
}

const MAX_REWRITE_CHARS = 200;

/** The search terms in a model reply, or null when the reply is not usable. */
export function cleanRewrite(reply: string): string | null {
  const withoutThinking = reply.replace(/<think>[\s\S]*?(<\/think>|$)/gi, "").replace(/```[a-z]*\n?|```/gi, "");
  const line = withoutThinking
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l !== "");
  if (!line) return null;
  const terms = line
    .replace(/^(检索词|搜索词|关键词|search terms|keywords|query)\s*[:：]\s*/i, "")
    .replace(/^["'“”‘’「」『』]+|["'“”‘’「」『』]+$/g, "")
    .replace(/[，、,;；]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!terms || [...terms].length > MAX_REWRITE_CHARS || !/\p{Script=Han}/u.test(terms)) return null;
  return terms;
}

export async function rewriteQuery(q: string, llm: LlmConfig, opts: RewriteOptions = {}): Promise<string | null> {
  const timeoutMs = opts.timeoutMs ?? Math.min(llm.timeoutMs, 6_000);
  try {
    const prompt = renderPrompt("query-rewrite", { question: q, glossary: opts.glossary?.trim() || "（无 / none）" });
    const model = createChatModel(llm, { timeoutMs, maxRetries: 0 });
    const reply = await model.invoke([new SystemMessage(prompt.system), new HumanMessage(prompt.user)], {
      signal: AbortSignal.timeout(timeoutMs),
    });
    return cleanRewrite(textOf(reply.content));
  } catch {
    return null;
  }
}
