/**
 * The audit trail as a hash chain: hash = sha256(prev_hash + canonical JSON of the entry). The first entry's
 * prev_hash is GENESIS. audit_head stores the last id and hash, so deleting the newest rows is detected too.
 * Each entry is also keyed: mac = HMAC-SHA256(audit key, hash), so a chain recomputed without the key (edited,
 * forged or appended rows) does not verify.
 */
import { createHash } from "node:crypto";
import { hmac } from "./trust.js";
import { AUDIT_LOCK_KEY, repository, type AuditRow } from "../store/repository.js";
import type { Transaction } from "../store/database.js";

export const GENESIS = "0".repeat(64);

export interface AuditEntry {
  at: string;
  actor: string;
  kind: string;
  proposalId: string | null;
  payload: unknown;
}

/** JSON with object keys sorted at every level (stable across stores and runtimes). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(",")}}`;
}

export function hashEntry(prevHash: string, id: number, e: AuditEntry): string {
  const body = canonicalJson({ id, at: e.at, actor: e.actor, kind: e.kind, proposalId: e.proposalId, payload: e.payload });
  return createHash("sha256").update(prevHash).update(body).digest("hex");
}

export function macOf(key: Buffer, hash: string): string {
  return hmac(key, hash);
}

/** Appends inside the caller's transaction (serialised with other appenders by an advisory lock on PostgreSQL). */
export async function appendAudit(tx: Transaction, key: Buffer, e: AuditEntry): Promise<AuditRow> {
  await tx.lock(AUDIT_LOCK_KEY);
  const head = await repository.auditHead(tx);
  const id = (head?.lastId ?? 0) + 1;
  const prevHash = head?.lastHash ?? GENESIS;
  // Round-trip the payload through JSON so the hash covers exactly what is stored.
  const payload = JSON.parse(JSON.stringify(e.payload ?? null)) as unknown;
  const row: AuditRow = { id, at: e.at, actor: e.actor, kind: e.kind, proposalId: e.proposalId, payload, prevHash, hash: "", mac: null };
  row.hash = hashEntry(prevHash, id, row);
  row.mac = macOf(key, row.hash);
  await repository.insertAudit(tx, row, head === null);
  return row;
}
