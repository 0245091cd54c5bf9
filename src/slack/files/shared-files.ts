/**
 * Files shared with the bot (a DM or the assistant container): each PDF / Word / TXT file is fetched (download.ts),
 * read with the ingest readers within their limits, and answered by what it is:
 *  - a proposal → the fields it labels, kept until the user confirms them in the prefilled pre-review modal;
 *  - a notice from a knowledge admin → handed to the knowledge base's import preview (`NoticeIntake`, met by knowledge-admin.ts);
 *    without one, or from anyone else, where notices go instead;
 *  - anything else → what the bot can do with files.
 * Every outcome, refusals included, is a reply in the conversation; nothing fails silently.
 */
import type { Logger } from "@slack/bolt";
import type { KnownBlock } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import { DEFAULT_INGEST_LIMITS, readDocumentWithin } from "../../ingest/bounded-read.js";
import { formFields } from "../../local/form.js";
import { FILE_HELP, NOTICE_NOT_ADMIN, fileProposalMessage } from "../blocks/files.js";
import type { SlackStore } from "../store.js";
import { tell } from "../telling.js";
import { documentKind } from "./document-kind.js";
import { documentLines, fieldsFromLines, missingFields, proposalDraft } from "./document-fields.js";
import { REFUSAL, fetchSharedFile, type FileRefusal } from "./download.js";

/** Where a reply about a file goes. */
export interface FileReply {
  client: WebClient;
  channel: string;
  threadTs?: string;
}

/** The knowledge issue's notice import, when it is wired in (knowledge admins are its to define). */
export interface NoticeIntake {
  isAdmin(user: string): boolean | Promise<boolean>;
  /** Show the admin what the notice would add, with their confirm / cancel. */
  previewNotice(file: { name: string; bytes: Uint8Array }, user: string): Promise<{ text: string; blocks?: KnownBlock[] }>;
}

export interface FileDeps {
  store: SlackStore;
  logger: Logger;
  kb?: NoticeIntake;
}

/** Most files handled from one message (Slack allows ten); the rest are named as skipped. */
const MAX_FILES_PER_MESSAGE = 3;

async function reply(deps: FileDeps, to: FileReply & { user: string }, message: { text: string; blocks?: KnownBlock[] }): Promise<void> {
  try {
    await to.client.chat.postMessage({ channel: to.channel, ...(to.threadTs ? { thread_ts: to.threadTs } : {}), text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
  } catch (e) {
    deps.logger.error("replying about a shared file failed", e);
    await tell({ client: to.client, user: to.user, logger: deps.logger }, message.text);
  }
}

const refusalText = (r: FileRefusal) => `⚠️ ${r.zh}\n${r.en}`;

async function handleOne(deps: FileDeps, to: FileReply & { user: string; token: string }, fileId: string): Promise<void> {
  const fetched = await fetchSharedFile(to.client, to.token, fileId, (m, e) => deps.logger.warn(m, e));
  if (!fetched.ok) return reply(deps, to, { text: refusalText(fetched.refusal) });
  const name = fetched.file.name || fetched.file.id;
  let lines: string[];
  try {
    lines = documentLines(await readDocumentWithin(`shared${fetched.ext}`, fetched.bytes, DEFAULT_INGEST_LIMITS));
  } catch (e) {
    deps.logger.warn(`reading ${name} failed`, e);
    return reply(deps, to, { text: refusalText(REFUSAL.unreadable(name)) });
  }
  if (!lines.length) return reply(deps, to, { text: refusalText(REFUSAL.unreadable(name)) });
  const fields = fieldsFromLines(lines);
  const kind = documentKind(lines, fields);
  if (kind === "proposal") {
    const labels = new Map(formFields().map((f) => [f.path, f.label]));
    const read = Object.entries(fields.values).map(([path, value]) => ({ label: labels.get(path) ?? path, value }));
    let formId: string;
    try {
      formId = await deps.store.saveFileForm(to.user, name, proposalDraft(fields));
    } catch (e) {
      deps.logger.error("saveFileForm failed", e);
      return reply(deps, to, { text: "⚠️ 项目材料已读取，但暂时无法保存，请稍后重新发送 / The proposal was read but could not be kept — please send it again in a moment." });
    }
    return reply(deps, to, fileProposalMessage(name, read, missingFields(fields).map((m) => m.label), formId));
  }
  if (kind === "notice") {
    const admin = deps.kb ? await Promise.resolve(deps.kb.isAdmin(to.user)).catch(() => false) : false;
    if (deps.kb && admin) {
      try {
        return reply(deps, to, await deps.kb.previewNotice({ name, bytes: fetched.bytes }, to.user));
      } catch (e) {
        deps.logger.error("previewNotice failed", e);
        return reply(deps, to, { text: "⚠️ 通知预览没能生成，请稍后重新发送 / The notice preview failed — please send the file again in a moment." });
      }
    }
    return reply(deps, to, { text: NOTICE_NOT_ADMIN });
  }
  return reply(deps, to, { text: `🤔 没能在 ${name} 中找到项目字段（如「项目名称：」「预算金额：」）或通知的文号。/ ${name} has no proposal fields (项目名称: …) and is not a notice.\n\n${FILE_HELP}` });
}

/** Handle the files of one message, one after another (each reply says which file it is about). */
export async function handleSharedFiles(deps: FileDeps, to: FileReply & { user: string; token: string }, fileIds: string[]): Promise<void> {
  for (const id of fileIds.slice(0, MAX_FILES_PER_MESSAGE)) await handleOne(deps, to, id);
  if (fileIds.length > MAX_FILES_PER_MESSAGE)
    await reply(deps, to, { text: `⚠️ 一次最多处理 ${MAX_FILES_PER_MESSAGE} 个文件，其余 ${fileIds.length - MAX_FILES_PER_MESSAGE} 个请分开发送 / At most ${MAX_FILES_PER_MESSAGE} files per message — please send the other ${fileIds.length - MAX_FILES_PER_MESSAGE} separately.` });
}
