/**
 * Each proposal's stored state against the state its audit events lead to: submit sets it, every applied decision
 * moves it `from` → `to` (the trail's own record, signed with the entry), reminders and escalations leave it.
 * A stored state the trail never reached (a rejected proposal edited to approved) is reported, as are proposals
 * without events and events of proposals that are gone.
 */
import type { AuditRow } from "../store/repository.js";
import type { SqlRunner } from "../store/database.js";

export interface StateFinding {
  proposalId: string;
  messageZh: string;
  messageEn: string;
}

interface Replayed {
  state: string | null;
  seq: number | null;
  firstId: number;
  broken: StateFinding | null;
}

function replay(proposalId: string, events: AuditRow[]): Replayed {
  const out: Replayed = { state: null, seq: null, firstId: events[0]?.id ?? 0, broken: null };
  for (const e of events) {
    const p = (e.payload ?? {}) as { state?: unknown; from?: unknown; to?: unknown; seq?: unknown };
    if (e.kind === "refused") continue;
    if (typeof p.seq === "number") out.seq = p.seq;
    if (e.kind === "submit" && typeof p.state === "string") out.state = p.state;
    else if (typeof p.to === "string") {
      if (out.state !== null && typeof p.from === "string" && p.from !== out.state && !out.broken)
        out.broken = {
          proposalId,
          messageZh: `项目 ${proposalId} 的审计记录 #${e.id} 从「${p.from}」出发，但此前记录的状态是「${out.state}」`,
          messageEn: `proposal ${proposalId}: audit entry #${e.id} starts from "${p.from}" but the trail had it in "${out.state}"`,
        };
      out.state = p.to;
    }
  }
  return out;
}

export async function checkProposalStates(db: SqlRunner, rows: AuditRow[]): Promise<StateFinding[]> {
  const byProposal = new Map<string, AuditRow[]>();
  for (const r of rows) if (r.proposalId) (byProposal.get(r.proposalId) ?? byProposal.set(r.proposalId, []).get(r.proposalId)!).push(r);
  const stored = await db.query<{ id: string; state: string; snapshot: string; seq: number }>("SELECT id, state, snapshot, seq FROM proposals ORDER BY id");
  const findings: StateFinding[] = [];
  const seen = new Set<string>();
  for (const p of stored) {
    const id = String(p.id);
    seen.add(id);
    const events = byProposal.get(id) ?? [];
    if (!events.some((e) => e.kind === "submit")) {
      findings.push({ proposalId: id, messageZh: `项目 ${id} 没有提交的审计记录（在工作流之外写入）`, messageEn: `proposal ${id} has no submit entry in the audit trail (written outside the workflow)` });
      continue;
    }
    const r = replay(id, events);
    if (r.broken) findings.push(r.broken);
    let snapshotState: unknown;
    try {
      snapshotState = (JSON.parse(String(p.snapshot)) as { value?: unknown } | null)?.value;
    } catch {
      findings.push({ proposalId: id, messageZh: `项目 ${id} 的快照无法读取（不是有效的 JSON）`, messageEn: `proposal ${id}: the stored snapshot is not valid JSON` });
      continue;
    }
    if (r.state !== p.state)
      findings.push({
        proposalId: id,
        messageZh: `项目 ${id} 存储的状态是「${p.state}」，但按审计记录重放应为「${r.state}」`,
        messageEn: `proposal ${id} is stored as "${p.state}" but its audit events replay to "${r.state}"`,
      });
    else if (snapshotState !== p.state)
      findings.push({
        proposalId: id,
        messageZh: `项目 ${id} 的快照状态「${String(snapshotState)}」与审计记录重放的状态「${r.state}」不符`,
        messageEn: `proposal ${id}: the snapshot says "${String(snapshotState)}" but its audit events replay to "${r.state}"`,
      });
    else if (r.seq !== null && Number(p.seq) !== r.seq)
      findings.push({
        proposalId: id,
        messageZh: `项目 ${id} 的版本号 ${p.seq} 与审计记录（${r.seq}）不符（有未审计的修改）`,
        messageEn: `proposal ${id} is at seq ${p.seq} but its audit events end at seq ${r.seq} (an unaudited change)`,
      });
  }
  for (const id of byProposal.keys())
    if (!seen.has(id) && byProposal.get(id)!.some((e) => e.kind === "submit"))
      findings.push({ proposalId: id, messageZh: `审计记录中的项目 ${id} 已不在项目表中（被删除）`, messageEn: `proposal ${id} is in the audit trail but missing from the proposals table (deleted)` });
  return findings;
}
