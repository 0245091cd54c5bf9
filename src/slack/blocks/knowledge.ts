/**
 * Block Kit for the knowledge-base admin flow (pure builders): the preview card of a shared notice with
 * 「导入 / Import」 and 「取消 / Cancel」, what the card becomes after the click, the channel announcement
 * 「新增：《…》财综〔2025〕N号，共 N 条」, and the `/zhice-kb list` listing.
 */
import type { KnownBlock } from "@slack/types";
import type { KbListItem } from "../../knowledge/admin.js";
import type { IngestedDocument } from "../../ingest/ingest.js";
import type { NoticePreview } from "../../ingest/preview.js";
import type { DocRef } from "../../knowledge/schema.js";
import { escapeMrkdwn, LIMITS, mrkdwnSection, truncate } from "./text.js";

export const KB_IMPORT_ACTION = "kb_import";
export const KB_CANCEL_ACTION = "kb_cancel";

export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}

const named = (d: Pick<DocRef, "title" | "docNo">) => `《${escapeMrkdwn(d.title)}》${d.docNo ? escapeMrkdwn(d.docNo) : ""}`;
/** A URL as a clickable link (only http(s); Slack's own link syntax characters are escaped). */
export const link = (url: string | null | undefined, label = "来源 / source") =>
  url && /^https?:\/\/[^\s<>|]+$/.test(url) ? `<${url}|${label}>` : "";

const KIND: Record<string, string> = { notice: "通知 / notice", regulation: "法规规章 / regulation", news: "新闻 / news", local_plan: "地方方案 / local plan", other: "其他 / other" };

export function previewMessage(p: NoticePreview, pendingId: string | null): SlackMessage {
  const lines = [
    `*标题 / Title:* ${named({ title: p.title, docNo: null })}`,
    `*文号 / Number:* ${p.docNo ? escapeMrkdwn(p.docNo) : "—"}　*发文机关 / Issuer:* ${p.issuer ? escapeMrkdwn(p.issuer) : "—"}`,
    `*日期 / Date:* ${p.date ?? "—"}${p.effectiveDate ? `　*施行 / In force from:* ${p.effectiveDate}` : ""}　*类型 / Kind:* ${KIND[p.kind] ?? p.kind}`,
    `*条款 / Clauses:* ${p.clauses}${p.firstPaths.length ? `（${p.firstPaths.map(escapeMrkdwn).join("、")}…）` : ""}`,
  ];
  const url = link(p.url);
  if (url) lines.push(url);
  const relations: string[] = [];
  if (p.change === "unchanged") relations.push("✅ 已导入过，内容相同，无需再导入 / already imported, same content: nothing to do");
  if (p.change === "update") relations.push("🔄 将替换同名文件的旧条款 / replaces the clauses of the file stored under this name");
  if (p.duplicateOf) relations.push(`⚠️ 与已有文件内容完全相同 / same content as ${named(p.duplicateOf)}`);
  if (p.sameNoticeAs) relations.push(`ℹ️ 与已有文件为同一文件（另一版本） / another copy of ${named(p.sameNoticeAs)}`);
  for (const s of p.supersedes) relations.push(`♻️ 将废止 / supersedes ${named(s)}`);
  if (p.supersededBy) relations.push(`⚠️ 已被废止 / already superseded by ${named(p.supersededBy)}`);
  for (const w of p.warnings) relations.push(`⚠️ ${escapeMrkdwn(w.zh)} / ${escapeMrkdwn(w.en)}`);
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: truncate(`导入预览 / Import preview: ${p.file}`, LIMITS.headerText) } },
    mrkdwnSection(lines.join("\n")),
  ];
  if (relations.length) blocks.push(mrkdwnSection(relations.join("\n")));
  if (pendingId)
    blocks.push({
      type: "actions",
      block_id: "kb_preview_actions",
      elements: [
        { type: "button", action_id: KB_IMPORT_ACTION, style: "primary", value: pendingId, text: { type: "plain_text", text: "导入 / Import" } },
        { type: "button", action_id: KB_CANCEL_ACTION, value: pendingId, text: { type: "plain_text", text: "取消 / Cancel" } },
      ],
    });
  return { text: `导入预览 / Import preview: 《${p.title}》${p.docNo ?? ""}，共 ${p.clauses} 条 / ${p.clauses} clauses`, blocks };
}

/** 「新增：《…》财综〔2025〕N号，共 N 条」 (更新 for a replaced file), with what it supersedes and its link. */
export function announcementText(d: IngestedDocument, by: string): string {
  const verb = d.change === "added" ? "新增 / Added" : "更新 / Updated";
  const supersedes = d.supersedes.length ? `；废止 / supersedes ${d.supersedes.map(named).join("、")}` : "";
  const url = link(d.url);
  return `${verb}：${named(d)}，共 ${d.clauses} 条 / ${d.clauses} clauses${supersedes}（<@${by}>）${url ? ` ${url}` : ""}`;
}

export function importedMessage(docs: IngestedDocument[], by: string, name: string): SlackMessage {
  const text = docs.length
    ? docs.map((d) => `✅ ${announcementText(d, by)}`).join("\n")
    : `✅ ${escapeMrkdwn(name)}：内容未变，无需导入 / unchanged: nothing to import`;
  return { text, blocks: [mrkdwnSection(text)] };
}

export function plainMessage(text: string): SlackMessage {
  return { text, blocks: [mrkdwnSection(text)] };
}

const STATUS: Record<KbListItem["status"], string> = { in_force: "🟢 有效 / in force", superseded: "🟠 已废止 / superseded", retired: "⚪ 已停用 / retired" };

export function listLine(d: KbListItem): string {
  const by = d.status === "superseded" && d.supersededBy ? `（被 ${named(d.supersededBy)} 取代 / by it）` : "";
  const why = d.status === "retired" && d.retiredReason ? `（${escapeMrkdwn(d.retiredReason)}）` : "";
  const url = link(d.url);
  return `• ${named(d)}　${STATUS[d.status]}${by}${why}　${d.clauses} 条　${d.date ?? "—"}　${d.addedBy ? `<@${escapeMrkdwn(d.addedBy)}>` : "—"} ${d.addedAt.slice(0, 10)}　\`${escapeMrkdwn(d.docId)}\`${url ? `　${url}` : ""}`;
}

/** The list as sections of at most Slack's section size, within the blocks a message may have. */
export function listMessage(items: KbListItem[]): SlackMessage {
  if (items.length === 0) return plainMessage("知识库为空 / the knowledge base is empty");
  const head = `*知识库文件 / Knowledge base* — ${items.length} 份 / documents（状态·条款数·日期·导入人 / status · clauses · date · added by）`;
  const blocks: KnownBlock[] = [mrkdwnSection(head)];
  let chunk = "";
  for (const line of items.map(listLine)) {
    if (chunk && chunk.length + line.length + 1 > LIMITS.sectionText) {
      blocks.push(mrkdwnSection(chunk));
      chunk = "";
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) blocks.push(mrkdwnSection(chunk));
  return { text: `知识库共 ${items.length} 份文件 / ${items.length} documents`, blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}
