/** Checks the whole chain and names the first bad entry: edited (hash mismatch), deleted (gap / head), relinked. */
import { repository, type AuditRow } from "../store/repository.js";
import type { SqlRunner } from "../store/database.js";
import { GENESIS, hashEntry } from "./chain.js";

export type VerifyResult =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entries: number; badId: number; problem: "edited" | "deleted" | "relinked"; messageZh: string; messageEn: string };

export function verifyRows(rows: AuditRow[], head: { lastId: number; lastHash: string } | null): VerifyResult {
  let prevHash = GENESIS;
  let expectedId = 1;
  const bad = (badId: number, problem: "edited" | "deleted" | "relinked", zh: string, en: string): VerifyResult => ({
    ok: false, entries: rows.length, badId, problem, messageZh: zh, messageEn: en,
  });
  for (const r of rows) {
    if (r.id !== expectedId)
      return bad(expectedId, "deleted", `审计记录 #${expectedId} 缺失（已被删除）`, `audit entry #${expectedId} is missing (deleted)`);
    if (r.prevHash !== prevHash)
      return bad(r.id, "relinked", `审计记录 #${r.id} 的前一哈希不符（链条被改动）`, `audit entry #${r.id} does not link to the previous entry (prev_hash mismatch)`);
    if (hashEntry(prevHash, r.id, r) !== r.hash)
      return bad(r.id, "edited", `审计记录 #${r.id} 被修改（哈希不符）`, `audit entry #${r.id} was edited (hash mismatch)`);
    prevHash = r.hash;
    expectedId++;
  }
  const lastId = rows.length ? rows[rows.length - 1].id : 0;
  if (head && (head.lastId !== lastId || head.lastHash !== prevHash)) {
    if (head.lastId > lastId)
      return bad(lastId + 1, "deleted", `审计记录 #${lastId + 1} 至 #${head.lastId} 缺失（已被删除）`, `audit entries #${lastId + 1}…#${head.lastId} are missing (deleted)`);
    return bad(head.lastId, "edited", `审计链尾记录 #${head.lastId} 与记录不符`, `audit head #${head.lastId} does not match the entries`);
  }
  if (!head && rows.length > 0)
    return bad(lastId, "edited", "审计链尾记录缺失", "the audit head record is missing");
  return { ok: true, entries: rows.length, lastHash: prevHash };
}

export async function verifyAudit(db: SqlRunner): Promise<VerifyResult> {
  // Head first, then rows: rows appended meanwhile by a live writer lie beyond the head we read. They are
  // checked against a re-read head; a row beyond the final head was inserted outside the chain.
  const head = await repository.auditHead(db);
  const rows = await repository.readAudit(db);
  const beyond = rows.filter((r) => r.id > (head?.lastId ?? 0));
  if (beyond.length === 0) return verifyRows(rows, head);
  const later = await repository.auditHead(db);
  const upTo = later?.lastId ?? 0;
  return verifyRows(rows.filter((r) => r.id <= upTo || r.id <= (head?.lastId ?? 0)), later).ok &&
    rows.some((r) => r.id > upTo)
    ? {
        ok: false,
        entries: rows.length,
        badId: upTo + 1,
        problem: "relinked",
        messageZh: `审计记录 #${upTo + 1} 不在审计链内（被插入）`,
        messageEn: `audit entry #${upTo + 1} is outside the chain (inserted)`,
      }
    : verifyRows(rows.filter((r) => r.id <= upTo), later);
}
