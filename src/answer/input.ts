/**
 * What the assistant takes as a question: validation (empty, too long → QuestionError, bilingual) and the answer to
 * a bare help request.
 */
import { detectLanguage } from "./language.js";
import { isHelpRequest } from "./question.js";
import type { Answer } from "./schema.js";

export const MAX_QUESTION_CHARS = 2000;
/** A question the assistant cannot take at all (empty, too long); faces print `message` (Chinese / English). */
export class QuestionError extends Error {
  constructor(
    public readonly code: "empty" | "too_long",
    public readonly zh: string,
    public readonly en: string,
  ) {
    super(`${zh} / ${en}`);
    this.name = "QuestionError";
  }
}

export function validateQuestion(q: unknown): string {
  const s = typeof q === "string" ? q.trim() : "";
  if (!s) throw new QuestionError("empty", "问题不能为空", "the question is empty");
  // Only punctuation, symbols or emoji (「！！！？？？」, "???"): nothing to search for, so it is asked for again.
  if (!/[\p{L}\p{N}]/u.test(s)) throw new QuestionError("empty", "问题里没有文字，请输入要咨询的问题", "the question has no words; please type what you want to ask");
  if (s.length > MAX_QUESTION_CHARS)
    throw new QuestionError(
      "too_long",
      `问题过长（${s.length} 字），请控制在 ${MAX_QUESTION_CHARS} 字以内`,
      `the question is too long (${s.length} characters; at most ${MAX_QUESTION_CHARS})`,
    );
  return s;
}

export { isHelpRequest };

/** What the assistant answers to a help request (both languages, whatever the request's language). */
export function helpAnswer(q: string): Answer {
  const lang = detectLanguage(q);
  const zh =
    "我是知策，回答政府购买服务政策问题：每个回答都引用知识库中的通知条款（标题、文号、条款号）。" +
    "可以问“能否 / 可以…吗”（给出可以 / 不可以 / 有条件的结论），也可以问“哪些 / 什么 / 如何”等事实问题。" +
    "例如：“劳务派遣岗位能否纳入政府购买服务？”知识库中没有依据的问题不会给出结论。";
  const en =
    "I am zhice: I answer questions on government purchase of services (政府购买服务), citing the notices in the " +
    "knowledge base (title, document number, clause). Ask yes/no questions (\"Can …?\", answered allowed / prohibited / " +
    "conditional) or factual ones (\"What / which / how …?\"), in Chinese or English. Questions the notices do not cover get no verdict.";
  return { q, lang, verdict: "unknown", abstained: true, answer: lang === "en" ? `${en}\n${zh}` : `${zh}\n${en}`, citations: [], mode: "extractive" };
}

