/**
 * The "is thinking" status shown under a question while the notices are searched (assistant.threads.setStatus, with
 * rotating loading messages), in the asker's language (both when it is unknown). It clears itself when the answer is posted.
 */
import type { Logger } from "@slack/bolt";
import type { Lang } from "../answer/schema.js";

export type StatusFn = (status: string | { status: string; loading_messages?: string[] }) => Promise<unknown>;

export const STATUS = {
  zh: { status: "正在检索政策条款…", loading_messages: ["正在检索政策条款…", "正在核对条款原文…", "正在整理结论和引用…"] },
  en: { status: "Searching the notices…", loading_messages: ["Searching the notices…", "Checking the clauses…", "Writing the answer with citations…"] },
  both: { status: "正在检索政策条款… / Searching the notices…", loading_messages: ["正在检索政策条款… / Searching the notices…", "正在核对条款原文… / Checking the clauses…"] },
} as const;

/** Show the searching status; a refused status costs nothing but the status. */
export async function showSearching(setStatus: StatusFn | undefined, lang: Lang | null, logger: Pick<Logger, "warn">): Promise<void> {
  if (!setStatus) return;
  const s = STATUS[lang ?? "both"];
  await setStatus({ status: s.status, loading_messages: [...s.loading_messages] }).catch((e: unknown) => logger.warn("setStatus failed", e));
}
