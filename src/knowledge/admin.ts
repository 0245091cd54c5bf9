/**
 * Knowledge-base administration shared by the CLI (`kb list|retire|restore`) and Slack (`/zhice-kb`): the list of
 * documents with their standing, and retire / restore — each one transaction that rebuilds the corpus (statuses
 * change when a repealing notice leaves or comes back) and appends to the audit trail. Refusals are audited too.
 */
import { appendAudit } from "../audit/chain.js";
import { resolveAuditKey } from "../audit/trust.js";
import { parseDocNo } from "../ingest/docno.js";
import { rebuildCorpus } from "../ingest/ingest.js";
import type { Database } from "../store/index.js";
import type { DocRef, Document } from "./schema.js";
import { KB_LOCK_KEY, readCorpus, readFiles, setRetired, type StoredEntry } from "./store.js";

export type KbStatus = "in_force" | "superseded" | "retired";

/** One row of `kb list --json` (contract: docId, title, docNo, status, clauses, url, addedBy, addedAt). */
export interface KbListItem {
  docId: string;
  title: string;
  docNo: string | null;
  status: KbStatus;
  clauses: number;
  url: string | null;
  addedBy: string | null;
  /** ISO time the document was first added */
  addedAt: string;
  date: string | null;
  effectiveDate: string | null;
  supersededBy: DocRef | null;
  retiredReason: string | null;
  source: string;
}

export interface AdminContext {
  db: Database;
  dataDir: string;
  auditKey?: string;
  production?: boolean;
  now?: () => number;
}

const auditKeyOf = (ctx: AdminContext) =>
  Buffer.from(resolveAuditKey({ dataDir: ctx.dataDir, auditKey: ctx.auditKey, production: ctx.production ?? false }).key);

export async function listDocuments(db: Database): Promise<KbListItem[]> {
  const files = await readFiles(db);
  const corpus = await readCorpus(db, { includeRetired: true });
  const docs = new Map((corpus?.documents ?? []).map((d) => [d.id, d]));
  const counts = new Map<string, number>();
  for (const c of corpus?.clauses ?? []) counts.set(c.docId, (counts.get(c.docId) ?? 0) + 1);
  const order = new Map((corpus?.documents ?? []).map((d, i) => [d.id, i]));
  return files
    .sort((a, b) => (order.get(a.id) ?? 1e9) - (order.get(b.id) ?? 1e9) || a.id.localeCompare(b.id))
    .map((f) => {
      const d = docs.get(f.id);
      return {
        docId: f.id,
        title: d?.title ?? f.meta.title ?? f.source,
        docNo: d?.docNo ?? f.meta.docNo,
        status: f.retired ? "retired" : (d?.status ?? "in_force"),
        clauses: counts.get(f.id) ?? 0,
        url: d?.url ?? f.url ?? null,
        addedBy: f.addedBy ?? null,
        addedAt: new Date(f.addedAt ?? 0).toISOString(),
        date: d?.date ?? f.meta.date,
        effectiveDate: d?.effectiveDate ?? f.effectiveDate ?? null,
        supersededBy: d?.supersededBy ?? null,
        retiredReason: f.retired?.reason ?? null,
        source: f.source,
      };
    });
}

/** The stored file a user means: its id, its 文号 (any bracket style), or its exact title. */
export function findEntry(files: StoredEntry[], docs: Document[], ref: string): StoredEntry | null {
  const r = ref.trim();
  const byId = files.find((f) => f.id === r);
  if (byId) return byId;
  const no = parseDocNo(r);
  const title = r.replace(/^《|》$/g, "");
  const matches = docs.filter((d) => (no && d.docNo === no) || d.title === title);
  // a 文号 shared by several files of one notice means its canonical file
  const chosen = matches.find((d) => !d.sameAs) ?? matches[0];
  return chosen ? (files.find((f) => f.id === chosen.id) ?? null) : null;
}

export type AdminOutcome =
  | { applied: true; doc: KbListItem }
  | { applied: false; reason: "not_found" | "already"; messageZh: string; messageEn: string; doc?: KbListItem };

async function setStanding(ctx: AdminContext, ref: string, actor: string, retire: { reason: string } | null): Promise<AdminOutcome> {
  const now = ctx.now?.() ?? Date.now();
  const key = auditKeyOf(ctx);
  type Done = { applied: true; docId: string } | Extract<AdminOutcome, { applied: false }>;
  const outcome = await ctx.db.transaction(async (tx): Promise<Done> => {
    await tx.lock(KB_LOCK_KEY);
    const files = await readFiles(tx);
    const corpus = await readCorpus(tx, { includeRetired: true });
    const entry = findEntry(files, corpus?.documents ?? [], ref);
    if (!entry)
      return { applied: false, reason: "not_found", messageZh: `知识库中没有「${ref}」（可用文档 ID、文号或标题）`, messageEn: `no document "${ref}" in the knowledge base (give its id, 文号 or title)` };
    if (Boolean(entry.retired) === Boolean(retire))
      return retire
        ? { applied: false, reason: "already", messageZh: `「${entry.id}」已停用`, messageEn: `"${entry.id}" is already retired` }
        : { applied: false, reason: "already", messageZh: `「${entry.id}」未停用，无需恢复`, messageEn: `"${entry.id}" is not retired; nothing to restore` };
    const retired = retire ? { at: now, by: actor, reason: retire.reason } : null;
    await setRetired(tx, entry.id, retired);
    const next = files.map((f) => (f.id === entry.id ? { ...f, retired } : f));
    await rebuildCorpus(tx, next, now);
    const doc = corpus?.documents.find((d) => d.id === entry.id);
    await appendAudit(tx, key, {
      at: new Date(now).toISOString(), actor, kind: retire ? "kb.retire" : "kb.restore", proposalId: null,
      payload: { docId: entry.id, title: doc?.title ?? entry.source, docNo: doc?.docNo ?? null, ...(retire ? { reason: retire.reason } : {}) },
    });
    return { applied: true, docId: entry.id };
  });
  if (!outcome.applied) return outcome;
  const item = (await listDocuments(ctx.db)).find((d) => d.docId === outcome.docId)!;
  return { applied: true, doc: item };
}

export async function retireDocument(ctx: AdminContext, ref: string, actor: string, reason: string): Promise<AdminOutcome> {
  return setStanding(ctx, ref, actor, { reason });
}

export async function restoreDocument(ctx: AdminContext, ref: string, actor: string): Promise<AdminOutcome> {
  return setStanding(ctx, ref, actor, null);
}

/** A refused change (someone who is not a knowledge admin tried it): audited, nothing else changes. */
export async function auditRefusal(ctx: AdminContext, actor: string, action: string, target: string): Promise<void> {
  const now = ctx.now?.() ?? Date.now();
  const key = auditKeyOf(ctx);
  await ctx.db.transaction((tx) =>
    appendAudit(tx, key, { at: new Date(now).toISOString(), actor, kind: "kb.refused", proposalId: null, payload: { action, target, reason: "not_admin" } }),
  );
}
