/**
 * `audit verify`: everything a trail that tampering cannot fool must show, each problem named.
 *  - the hash chain (edited, deleted, relinked or inserted entries; the head);
 *  - each entry's key signature (entries after the store's first checkpoint must be signed);
 *  - the signed checkpoints (entries they cover still present and unchanged);
 *  - the protective triggers (present and enabled; TRUNCATE on PostgreSQL);
 *  - each proposal's stored state against the state replayed from its audit events.
 */
import { repository, type AuditRow } from "../store/repository.js";
import type { SqlRunner } from "../store/database.js";
import { GENESIS, hashEntry, macOf } from "./chain.js";
import { readCheckpoints } from "./checkpoints.js";
import { checkProposalStates } from "./replay.js";
import { missingTriggers } from "./triggers.js";
import type { AuditTrust } from "./trust.js";

export type VerifyProblem = "edited" | "deleted" | "relinked" | "unsigned" | "bad_signature" | "checkpoint" | "trigger" | "state";

export interface VerifyFinding {
  problem: VerifyProblem;
  /** The audit entry concerned (0 when the finding is not about one entry). */
  id: number;
  proposalId?: string;
  messageZh: string;
  messageEn: string;
}

export type VerifyResult =
  | { ok: true; entries: number; lastHash: string; checkpoints: number }
  | {
      ok: false;
      entries: number;
      /** The first finding, as before: its entry, kind and message. */
      badId: number;
      problem: VerifyProblem;
      messageZh: string;
      messageEn: string;
      findings: VerifyFinding[];
    };

type ChainResult = { ok: true; lastHash: string } | { ok: false; finding: VerifyFinding };

/** The hash chain alone: names the first bad entry. */
export function verifyRows(rows: AuditRow[], head: { lastId: number; lastHash: string } | null): ChainResult {
  let prevHash = GENESIS;
  let expectedId = 1;
  const bad = (id: number, problem: VerifyProblem, messageZh: string, messageEn: string): ChainResult => ({ ok: false, finding: { problem, id, messageZh, messageEn } });
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
  if (!head && rows.length > 0) return bad(lastId, "edited", "审计链尾记录缺失", "the audit head record is missing");
  return { ok: true, lastHash: prevHash };
}

/** Chain check tolerant of a live writer: rows appended after the head was read are checked against a re-read head. */
async function checkChain(db: SqlRunner, rows: AuditRow[], head: { lastId: number; lastHash: string } | null): Promise<ChainResult> {
  const beyond = rows.filter((r) => r.id > (head?.lastId ?? 0));
  if (beyond.length === 0) return verifyRows(rows, head);
  const later = await repository.auditHead(db);
  const upTo = later?.lastId ?? 0;
  const within = verifyRows(rows.filter((r) => r.id <= upTo), later);
  if (within.ok && rows.some((r) => r.id > upTo))
    return {
      ok: false,
      finding: { problem: "relinked", id: upTo + 1, messageZh: `审计记录 #${upTo + 1} 不在审计链内（被插入）`, messageEn: `audit entry #${upTo + 1} is outside the chain (inserted)` },
    };
  return within;
}

/** At most this many findings of one kind are listed; the rest are counted. */
const LIST_LIMIT = 5;

function capped(findings: VerifyFinding[], problem: VerifyProblem, zh: (n: number) => string, en: (n: number) => string): VerifyFinding[] {
  if (findings.length <= LIST_LIMIT) return findings;
  const rest = findings.length - LIST_LIMIT;
  return [...findings.slice(0, LIST_LIMIT), { problem, id: 0, messageZh: zh(rest), messageEn: en(rest) }];
}

export async function verifyAudit(db: SqlRunner, trust: AuditTrust): Promise<VerifyResult> {
  // Head first, then rows: rows a live writer appends meanwhile lie beyond the head we read.
  const head = await repository.auditHead(db);
  const rows = await repository.readAudit(db);
  const findings: VerifyFinding[] = [];

  const chain = await checkChain(db, rows, head);
  if (!chain.ok) findings.push(chain.finding);

  const { checkpoints, problems } = readCheckpoints(trust);
  for (const p of problems) findings.push({ problem: "checkpoint", id: 0, messageZh: p.messageZh, messageEn: p.messageEn });
  const anchor = checkpoints.length ? checkpoints[0].id : 0;

  const signatures: VerifyFinding[] = [];
  for (const r of rows) {
    if (r.mac !== null) {
      if (macOf(trust.key, r.hash) !== r.mac)
        signatures.push({
          problem: "bad_signature",
          id: r.id,
          messageZh: `审计记录 #${r.id} 的密钥签名无效（被修改或在没有密钥的情况下重算）`,
          messageEn: `audit entry #${r.id} has an invalid key signature (edited, or recomputed without the audit key)`,
        });
    } else if (r.id > anchor)
      signatures.push({
        problem: "unsigned",
        id: r.id,
        messageZh: `审计记录 #${r.id} 没有密钥签名（在工作流之外插入）`,
        messageEn: `audit entry #${r.id} has no key signature (inserted outside the workflow)`,
      });
  }
  findings.push(...capped(signatures, "bad_signature", (n) => `另有 ${n} 条记录签名有误`, (n) => `${n} more entries with signature problems`));

  const byId = new Map(rows.map((r) => [r.id, r]));
  const cpFindings: VerifyFinding[] = [];
  const reported = new Set<number>();
  for (const c of [...checkpoints].sort((a, b) => b.id - a.id)) {
    if (c.id === 0 || reported.has(c.id)) continue;
    reported.add(c.id);
    const r = byId.get(c.id);
    if (!r)
      cpFindings.push({
        problem: "deleted",
        id: c.id,
        messageZh: `已签名的检查点（${c.at}）包含审计记录 #${c.id}，但数据库中已没有该记录（记录被删除或链尾被回退）`,
        messageEn: `the signed checkpoint of ${c.at} covers audit entry #${c.id}, which is no longer in the database (entries deleted or the head moved back)`,
      });
    else if (r.hash !== c.hash)
      cpFindings.push({
        problem: "checkpoint",
        id: c.id,
        messageZh: `审计记录 #${c.id} 与已签名的检查点（${c.at}）不符（链条被重算）`,
        messageEn: `audit entry #${c.id} differs from the signed checkpoint of ${c.at} (the chain was recomputed)`,
      });
    if (cpFindings.length) break; // the newest failing checkpoint says it; older ones repeat it
  }
  findings.push(...cpFindings);

  for (const t of await missingTriggers(db))
    findings.push({
      problem: "trigger",
      id: 0,
      messageZh: `保护审计表的触发器 ${t.name} ${t.disabled ? "已被停用" : "已被删除"}`,
      messageEn: `the audit table trigger ${t.name} was ${t.disabled ? "disabled" : "dropped"}`,
    });

  const states = await checkProposalStates(db, rows);
  findings.push(
    ...capped(
      states.map((s) => ({ problem: "state" as const, id: 0, proposalId: s.proposalId, messageZh: s.messageZh, messageEn: s.messageEn })),
      "state",
      (n) => `另有 ${n} 个项目状态与审计记录不符`,
      (n) => `${n} more proposals disagree with their audit events`,
    ),
  );

  if (findings.length === 0 && chain.ok) return { ok: true, entries: rows.length, lastHash: chain.lastHash, checkpoints: checkpoints.length };
  const first = findings[0];
  return { ok: false, entries: rows.length, badId: first.id, problem: first.problem, messageZh: first.messageZh, messageEn: first.messageEn, findings };
}
