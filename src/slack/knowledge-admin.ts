/**
 * The knowledge-base admin flow behind Slack (plain functions; the listeners only ack and post what these return):
 *  - previewNotice(file, user): a notice shared with the bot → parsed, previewed with 「导入 / Import」「取消 / Cancel」,
 *    its bytes kept in the shared database until a click;
 *  - importUpload / cancelUpload: the clicks (claimed once, whichever replica gets them);
 *  - command(user, text): `/zhice-kb list | add | retire ID_OR_文号 理由 | restore ID_OR_文号 | help`.
 * Knowledge admins are ZHICE_KB_ADMINS; anyone may list; a refused change is audited. Bad files are answered with the
 * file's name and the reason, and change nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config.js";
import { ingestPaths, isDocumentFile, type IngestedDocument } from "../ingest/ingest.js";
import { previewPaths } from "../ingest/preview.js";
import { auditRefusal, listDocuments, restoreDocument, retireDocument, type AdminContext } from "../knowledge/admin.js";
import type { Knowledge } from "../knowledge/index.js";
import { announcementText, importedMessage, listMessage, plainMessage, previewMessage, type SlackMessage } from "./blocks/knowledge.js";
import { escapeMrkdwn } from "./blocks/text.js";
import { claimPending, finishPending, savePending } from "./notice-uploads.js";

/** A file shared with the bot, already downloaded (the Slack file handling passes it on). */
export interface SharedNotice {
  /** the file name as shared, e.g. "财综〔2025〕12号.pdf" */
  name: string;
  bytes: Uint8Array;
  /** where the notice is published, when known (otherwise read from the text) */
  url?: string | null;
}

export interface ImportOutcome {
  /** what the preview card becomes */
  message: SlackMessage;
  /** for the announcement channel (ZHICE_KB_CHANNEL), one line per imported document */
  announcements: string[];
  /** false for a refusal: told to the clicker alone, the preview card stays for the admin */
  replace: boolean;
}

export interface KnowledgeAdmin {
  isAdmin(user: string): boolean;
  previewNotice(file: SharedNotice, user: string): Promise<SlackMessage>;
  importUpload(pendingId: string, user: string): Promise<ImportOutcome>;
  cancelUpload(pendingId: string, user: string): Promise<SlackMessage>;
  command(user: string, text: string): Promise<SlackMessage>;
  /** the channel imports are announced in, if any */
  readonly channel?: string;
}

type AdminConfig = Pick<Config, "dataDir" | "auditKey" | "production" | "ingest" | "kb">;

const NOT_ADMIN = "⛔ 只有知识库管理员可以增删文件（ZHICE_KB_ADMINS）；已记录 / Only knowledge admins (ZHICE_KB_ADMINS) can add or retire documents; this attempt was recorded.";
export const KB_HELP = [
  "*/zhice-kb* 知识库管理 / knowledge base",
  "• `/zhice-kb list` 查看文件、状态、条款数 / list documents with status and clause counts",
  "• `/zhice-kb add` 如何导入新文件 / how to add a notice (send the file to the bot)",
  "• `/zhice-kb retire ID或文号 理由` 停用（不再用于回答，保留记录） / retire (out of answers, kept)",
  "• `/zhice-kb restore ID或文号` 恢复 / restore",
].join("\n");
const HOW_TO_ADD =
  "把通知文件（PDF、DOCX、HTML、MD、TXT）直接发给我（私信或助手窗口），我会先给出预览，点「导入」后生效。\nSend me the notice as a file (PDF, DOCX, HTML, MD or TXT) in a DM or the assistant pane: you get a preview first, and it takes effect when you click Import.";

/** A file name safe to store under the data dir (its extension kept, path separators and controls dropped). */
export function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, "/")).replace(/[\u0000-\u001f<>:"|?*]/g, "_").trim();
  return base && base !== "." && base !== ".." ? base.slice(-180) : "notice.txt";
}

export function createKnowledgeAdmin(config: AdminConfig, knowledge: Pick<Knowledge, "db" | "refresh">, now: () => number = Date.now): KnowledgeAdmin {
  const db = knowledge.db;
  const admins = new Set(config.kb.admins);
  const ctx: AdminContext = { db, dataDir: config.dataDir, auditKey: config.auditKey, production: config.production, now };
  const uploads = path.join(config.dataDir, "uploads");
  const isAdmin = (user: string) => admins.has(user);
  const refuse = async (user: string, action: string, target: string) => {
    await auditRefusal(ctx, user, action, target);
    return plainMessage(NOT_ADMIN);
  };

  async function previewNotice(file: SharedNotice, user: string): Promise<SlackMessage> {
    const name = safeFileName(file.name);
    if (!isAdmin(user)) return refuse(user, "add", name);
    const shown = escapeMrkdwn(name);
    if (!isDocumentFile(name)) return plainMessage(`⚠️ ${shown}：不支持的文件类型，请发送 PDF、DOCX、HTML、MD 或 TXT / unsupported file type; send a PDF, DOCX, HTML, MD or TXT file. 知识库未改变 / nothing changed.`);
    if (file.bytes.length === 0) return plainMessage(`⚠️ ${shown}：文件为空 / the file is empty. 知识库未改变 / nothing changed.`);
    const max = config.ingest.maxExpandedBytes;
    if (file.bytes.length > max)
      return plainMessage(`⚠️ ${shown}：文件超过 ${Math.round(max / 2 ** 20)} MB 上限 / the file is over the ${Math.round(max / 2 ** 20)} MB limit. 知识库未改变 / nothing changed.`);
    const dir = mkdtempSync(path.join(config.dataDir, ".upload-"));
    try {
      const tmp = path.join(dir, name);
      writeFileSync(tmp, file.bytes);
      const r = await previewPaths([tmp], {
        dataDir: config.dataDir, db, limits: config.ingest, url: file.url ?? undefined,
        displayNames: new Map([[tmp, name]]), storedPaths: new Map([[tmp, path.join(uploads, name)]]),
      });
      const failed = r.failed[0];
      if (failed || !r.previews[0]) return plainMessage(`⚠️ ${shown}：${escapeMrkdwn(failed?.reason ?? "无法解析 / could not be parsed")}。知识库未改变 / nothing changed.`);
      const preview = r.previews[0];
      const pendingId = preview.change === "unchanged" ? null : await savePending(db, { user, name, bytes: file.bytes, url: file.url }, now());
      return previewMessage(preview, pendingId);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async function importUpload(pendingId: string, user: string): Promise<ImportOutcome> {
    if (!isAdmin(user)) return { message: await refuse(user, "import", pendingId), announcements: [], replace: false };
    const upload = await claimPending(db, pendingId, user, "importing", now());
    if (!upload) return { message: plainMessage("ℹ️ 这份文件已经处理过（已导入或已取消） / this file was already handled (imported or cancelled)."), announcements: [], replace: false };
    let docs: IngestedDocument[];
    try {
      mkdirSync(uploads, { recursive: true });
      const file = path.join(uploads, upload.name);
      writeFileSync(file, upload.bytes);
      const r = await ingestPaths([file], {
        dataDir: config.dataDir, db, limits: config.ingest, actor: user, url: upload.url ?? undefined,
        auditKey: config.auditKey, production: config.production, displayNames: new Map([[file, upload.name]]),
      });
      const failed = r.failed[0];
      if (failed) {
        await finishPending(db, pendingId, "failed");
        return { message: plainMessage(`⚠️ ${escapeMrkdwn(upload.name)}：${escapeMrkdwn(failed.reason)}。知识库未改变 / nothing changed.`), announcements: [], replace: true };
      }
      docs = r.changed ?? [];
    } catch (e) {
      await finishPending(db, pendingId, "pending").catch(() => undefined);
      throw e;
    }
    await finishPending(db, pendingId, "imported");
    await knowledge.refresh(); // this replica answers from it at once; the others on their next question or NOTIFY
    return { message: importedMessage(docs, user, upload.name), announcements: docs.map((d) => announcementText(d, user)), replace: true };
  }

  async function cancelUpload(pendingId: string, user: string): Promise<SlackMessage> {
    if (!isAdmin(user)) return refuse(user, "cancel", pendingId);
    const upload = await claimPending(db, pendingId, user, "cancelled", now());
    return plainMessage(upload ? `已取消，未导入 / Cancelled: ${escapeMrkdwn(upload.name)} was not imported.` : "ℹ️ 这份文件已经处理过 / this file was already handled.");
  }

  async function command(user: string, text: string): Promise<SlackMessage> {
    const [verb = "list", ...rest] = text.trim().split(/\s+/).filter(Boolean);
    const ref = rest[0];
    switch (verb.toLowerCase()) {
      case "list":
      case "ls":
      case "列表":
        return listMessage(await listDocuments(db));
      case "add":
      case "导入":
        return isAdmin(user) ? plainMessage(HOW_TO_ADD) : refuse(user, "add", "");
      case "retire":
      case "停用": {
        if (!isAdmin(user)) return refuse(user, "retire", ref ?? "");
        const reason = rest.slice(1).join(" ");
        if (!ref || !reason) return plainMessage("用法 / usage: `/zhice-kb retire ID或文号 理由` — 停用需要说明理由 / retiring needs a reason.");
        return outcome(await retireDocument(ctx, ref, user, reason), "已停用 / Retired");
      }
      case "restore":
      case "恢复": {
        if (!isAdmin(user)) return refuse(user, "restore", ref ?? "");
        if (!ref) return plainMessage("用法 / usage: `/zhice-kb restore ID或文号`");
        return outcome(await restoreDocument(ctx, ref, user), "已恢复 / Restored");
      }
      default:
        return plainMessage(KB_HELP);
    }
  }

  async function outcome(r: Awaited<ReturnType<typeof retireDocument>>, done: string): Promise<SlackMessage> {
    if (!r.applied) return plainMessage(`⚠️ ${escapeMrkdwn(r.messageZh)} / ${escapeMrkdwn(r.messageEn)}`);
    await knowledge.refresh();
    return plainMessage(`✅ ${done}：《${escapeMrkdwn(r.doc.title)}》${r.doc.docNo ? escapeMrkdwn(r.doc.docNo) : ""}（\`${escapeMrkdwn(r.doc.docId)}\`）`);
  }

  return { isAdmin, previewNotice, importUpload, cancelUpload, command, channel: config.kb.channel };
}
