/**
 * The optional LLM answer: the retrieved clauses go to the model as numbered, id-tagged context; the model must call
 * `policy_answer { verdict, answer, citedClauseIds }`. Only clauses that were retrieved may be cited — any other id is
 * dropped — and whenever the model fails, times out, returns malformed output, leaks its instructions, or cites nothing
 * usable, the offline extractive answer is returned with a note saying so, in the asker's language.
 */
import { z } from "zod";
import type { Hit } from "../knowledge/hit.js";
import { citedText, toCitation } from "../knowledge/schema.js";
import { clauseStatements } from "../knowledge/deontic.js";
import { VerdictSchema, verdictLabel, type Answer, type Lang } from "./schema.js";
import type { LlmConfig } from "../llm/chat-model.js";
import { structuredCallResult, type CallFailure } from "../llm/structured-call.js";
import { StringFieldFollower } from "../llm/partial-json.js";

export const LlmAnswerSchema = z.object({
  verdict: VerdictSchema.describe(
    "prohibited = not allowed; allowed = allowed; conditional = allowed only under conditions; info = factual question without a yes/no; unknown = the clauses do not answer it",
  ),
  answer: z.string().describe("The short answer, in the asker's language, grounded only in the cited clauses"),
  citedClauseIds: z
    .array(z.string())
    .describe("Ids (exactly as shown in square brackets) of the clauses the answer relies on, most important first"),
});
export type LlmAnswerOutput = z.infer<typeof LlmAnswerSchema>;

export interface LlmAnswerInput {
  q: string;
  lang: Lang;
  hits: Hit[];
  /** The question analysis, as one line for the model (optional: older callers pass none). */
  analysis?: string;
  /** The offline answer, returned (with a note) whenever the LLM path cannot be trusted. */
  extractive: Answer;
}

export interface LlmAnswerOptions {
  /** At most this many hits are shown to the model (default 10). */
  maxClauses?: number;
  /** Overall limit in ms (defaults to the configured ZHICE_LLM_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Called with each piece of the model's answer text as it is written (the answer is then streamed). */
  onToken?: (text: string) => void;
}

const MAX_CLAUSE_CHARS = 700;
const MAX_ANSWER_CHARS = 2000;

/** The numbered clause list the prompt shows, one block per hit, tagged with the clause id to cite. */
export function formatClauses(hits: Hit[]): string {
  return hits
    .map((h, i) => {
      const where = [`《${h.doc.title}》`, h.doc.docNo ? `（${h.doc.docNo}）` : "", h.clause.path ? ` ${h.clause.path}` : ""].join("");
      let text = citedText(h.clause).replace(/\s+/g, " ").trim();
      if ([...text].length > MAX_CLAUSE_CHARS) text = [...text].slice(0, MAX_CLAUSE_CHARS).join("") + "……";
      return `${i + 1}. [${h.clause.id}] ${where}\n${text}`;
    })
    .join("\n\n");
}

const MODALITY_LABEL: Record<string, string> = {
  prohibition: "禁止 / forbids",
  obligation: "应当 / requires",
  permission: "可以 / permits",
  encouragement: "鼓励 / encourages",
  sanction: "处罚 / sanctions",
  definition: "定义 / defines",
};

/** The deontic statements of the shown clauses, one line each, tagged with the clause id. */
export function formatStatements(hits: Hit[]): string {
  const lines = hits.flatMap((h) =>
    clauseStatements(h.clause)
      .filter((s) => s.modality)
      .map((s) => `[${h.clause.id}] ${MODALITY_LABEL[s.modality!]}${s.conditions.length || s.exception ? "（有条件 / with conditions）" : ""}: ${s.text.slice(0, 160)}`),
  );
  return lines.length ? lines.join("\n") : "（无 / none）";
}

function formatDraft(a: Answer): string {
  const label = verdictLabel[a.verdict];
  return `${a.verdict}（${label.zh} / ${label.en}）${a.abstained ? "［无依据 / abstained］" : ""}：${a.answer}`.slice(0, 800);
}

/** Maps the model's citations onto retrieved hits, in the model's order; unknown ids and repeats are dropped. */
export function resolveCitations(ids: string[], hits: Hit[]): { kept: Hit[]; dropped: string[] } {
  const byId = new Map(hits.map((h) => [h.clause.id, h]));
  const byLower = new Map(hits.map((h) => [h.clause.id.toLowerCase(), h]));
  const kept: Hit[] = [];
  const dropped: string[] = [];
  for (const raw of ids) {
    const id = raw.trim().replace(/^[\s[【(`"']+|[\s\]】)`"']+$/g, "");
    const hit = byId.get(id) ?? byLower.get(id.toLowerCase());
    if (!hit) dropped.push(raw);
    else if (!kept.includes(hit)) kept.push(hit);
  }
  return { kept, dropped };
}

/** true when the text repeats a secret or a sizeable line of the system prompt. */
export function leaksSecrets(text: string, system: string, secrets: string[]): boolean {
  if (secrets.some((s) => s.length >= 6 && text.includes(s))) return true;
  const squash = (s: string) => s.replace(/\s+/g, "");
  const t = squash(text);
  return system
    .split("\n")
    .map((l) => squash(l.replace(/^\s*\d+\.\s*/, "")))
    .some((l) => [...l].length >= 24 && t.includes(l));
}

const reasonText: Record<CallFailure | "no_citations" | "leak" | "empty", { zh: string; en: string }> = {
  timeout: { zh: "请求超时", en: "timed out" },
  http_error: { zh: "服务返回错误", en: "the service returned an error" },
  unreachable: { zh: "无法连接服务", en: "the service could not be reached" },
  malformed: { zh: "返回格式无法解析", en: "its reply could not be parsed" },
  invalid_output: { zh: "返回内容不符合要求", en: "its reply did not match the expected fields" },
  prompt: { zh: "提示模板有误", en: "the prompt template is broken" },
  no_citations: { zh: "未引用任何检索到的条款", en: "it cited none of the retrieved clauses" },
  leak: { zh: "回答含有不应披露的内容", en: "its reply contained content that must not be disclosed" },
  empty: { zh: "回答为空", en: "its reply was empty" },
};

export function fallbackNote(lang: Lang, reason: keyof typeof reasonText): string {
  const r = reasonText[reason];
  return lang === "zh"
    ? `大模型暂不可用（${r.zh}），以下为抽取式答案。`
    : `The LLM was unavailable (${r.en}); this is the extractive answer.`;
}

function fallback(input: LlmAnswerInput, reason: keyof typeof reasonText): Answer {
  const note = fallbackNote(input.lang, reason);
  return { ...input.extractive, mode: "extractive", note: input.extractive.note ? `${input.extractive.note} ${note}` : note };
}

/** The streamed function-call arguments → the pieces of its `answer` field. */
function followAnswer(onToken: (text: string) => void): (piece: string) => void {
  const follower = new StringFieldFollower("answer", onToken);
  return (piece) => follower.push(piece);
}

export async function llmAnswer(input: LlmAnswerInput, llm: LlmConfig, opts: LlmAnswerOptions = {}): Promise<Answer> {
  const hits = input.hits.slice(0, opts.maxClauses ?? 10);
  if (hits.length === 0) return input.extractive;
  const result = await structuredCallResult(
    llm,
    "answer",
    {
      language: input.lang === "zh" ? "中文" : "English",
      question: input.q,
      clauses: formatClauses(hits),
      analysis: input.analysis ?? "（无 / none）",
      statements: formatStatements(hits),
      draft: formatDraft(input.extractive),
    },
    LlmAnswerSchema,
    {
      name: "policy_answer",
      timeoutMs: opts.timeoutMs,
      ...(opts.onToken ? { onArguments: followAnswer(opts.onToken) } : {}),
    },
  );
  if (!result.ok) return fallback(input, result.reason);
  const out = result.value;
  const text = out.answer.trim();
  if (!text) return fallback(input, "empty");
  if (leaksSecrets(text, result.prompt.system, llm.apiKey === "not-needed" ? [] : [llm.apiKey])) return fallback(input, "leak");
  const { kept } = resolveCitations(out.citedClauseIds, hits);
  if (kept.length === 0) return fallback(input, "no_citations");
  return {
    q: input.q,
    lang: input.lang,
    verdict: out.verdict,
    abstained: out.verdict === "unknown",
    answer: [...text].length > MAX_ANSWER_CHARS ? [...text].slice(0, MAX_ANSWER_CHARS).join("") + "……" : text,
    citations: kept.map((h) => ({ ...toCitation(h.clause, h.doc), role: "basis" as const })),
    mode: "llm",
  };
}
