/**
 * Writing checkpoints: the service signs the audit head periodically (every scheduler tick when it moved, and on
 * close), but only after checking the entries since the previous checkpoint (chain and key signatures), so a
 * checkpoint never vouches for a forged entry. The first checkpoint of a store (its anchor) is written when the
 * trail is opened with a key for the first time.
 */
import { readMarker, StoreStateError, restoreHint, storeIdOf, writeMarker } from "../store/marker.js";
import { repository } from "../store/repository.js";
import type { SqlRunner } from "../store/database.js";
import { GENESIS, hashEntry, macOf } from "./chain.js";
import { appendCheckpoint, readCheckpoints, signCheckpoint, type Checkpoint } from "./checkpoints.js";
import { makeTrust, resolveAuditKey, type AuditTrust } from "./trust.js";
import { verifyRows } from "./verify.js";

export type CheckpointOutcome =
  | { written: Checkpoint | null }
  | { written: null; problemZh: string; problemEn: string };

function dataDirOf(trust: AuditTrust): string {
  return trust.checkpointFile.replace(/[\\/][^\\/]*$/, "");
}

function noteInMarker(trust: AuditTrust, c: Checkpoint): void {
  const dataDir = dataDirOf(trust);
  const m = readMarker(dataDir, trust.storeId);
  if (!m || (m.lastCheckpoint && m.lastCheckpoint.id > c.id)) return;
  writeMarker(dataDir, { ...m, lastCheckpoint: { id: c.id, hash: c.hash, at: c.at } });
}

/** Signs the current head when it moved since the newest checkpoint and the entries in between verify. */
export async function checkpointAudit(db: SqlRunner, trust: AuditTrust, at = new Date()): Promise<CheckpointOutcome> {
  const { checkpoints } = readCheckpoints(trust);
  const last = checkpoints.reduce<{ id: number; hash: string }>((m, c) => (c.id > m.id ? c : m), { id: 0, hash: GENESIS });
  const head = await repository.auditHead(db);
  const headId = head?.lastId ?? 0;
  if (headId === last.id && (head?.lastHash ?? GENESIS) === last.hash) return { written: null };
  const problem = (zh: string, en: string): CheckpointOutcome => ({ written: null, problemZh: `未写入审计检查点：${zh}`, problemEn: `audit checkpoint not written: ${en}` });
  if (headId === last.id) return problem(`链尾 #${headId} 与已签名的检查点不符`, `the head #${headId} differs from the signed checkpoint`);
  if (headId < last.id) return problem(`链尾 #${headId} 落后于已签名的检查点 #${last.id}`, `the head #${headId} is behind the signed checkpoint #${last.id}`);
  const rows = await repository.readAudit(db, { fromId: last.id === 0 ? 1 : last.id });
  let prev = last.hash;
  let expected = last.id + 1;
  for (const r of rows) {
    if (r.id === last.id) {
      if (r.hash !== last.hash) return problem(`记录 #${r.id} 与检查点不符`, `entry #${r.id} differs from the checkpoint`);
      continue;
    }
    if (r.id > headId) break;
    if (r.id !== expected || r.prevHash !== prev || hashEntry(prev, r.id, r) !== r.hash)
      return problem(`记录 #${r.id} 不在链上`, `entry #${r.id} does not chain`);
    if (r.mac === null || macOf(trust.key, r.hash) !== r.mac) return problem(`记录 #${r.id} 的密钥签名无效`, `entry #${r.id} has no valid key signature`);
    prev = r.hash;
    expected++;
  }
  if (expected !== headId + 1 || prev !== head!.lastHash) return problem(`链尾 #${headId} 与记录不符`, `the head #${headId} does not match the entries`);
  const c = signCheckpoint(trust, { id: headId, hash: prev }, at);
  appendCheckpoint(trust, c);
  noteInMarker(trust, c);
  return { written: c };
}

/**
 * The trust for a store: the key (ZHICE_AUDIT_KEY, or DATA_DIR/audit.key in local mode) and the checkpoint file.
 * A store without checkpoints gets its anchor (the current head, once the chain verifies). A database whose head is
 * behind the marker's last checkpoint (replaced by an older copy, newest entries deleted) is refused unless
 * `inspect` (audit verify, which reports the details).
 */
export async function openAuditTrust(
  config: { dataDir: string; auditKey?: string; production: boolean },
  db: SqlRunner,
  opts: { inspect?: boolean } = {},
): Promise<AuditTrust> {
  const { key } = resolveAuditKey(config);
  const trust = makeTrust(key, config.dataDir, await storeIdOf(db));
  const marker = readMarker(config.dataDir, trust.storeId);
  const head = await repository.auditHead(db);
  if (marker?.lastCheckpoint && (head?.lastId ?? 0) < marker.lastCheckpoint.id && !opts.inspect) {
    const where = db.dialect === "sqlite" ? `${config.dataDir}/zhice.db` : trust.storeId;
    const hint = restoreHint(where);
    throw new StoreStateError(
      `数据库 ${where} 的审计记录止于 #${head?.lastId ?? 0}，落后于已签名的检查点 #${marker.lastCheckpoint.id}（${marker.lastCheckpoint.at}）：数据库被替换或记录被删除。运行 audit verify 查看详情；${hint.zh}`,
      `the database ${where} ends its audit trail at #${head?.lastId ?? 0}, behind the signed checkpoint #${marker.lastCheckpoint.id} (${marker.lastCheckpoint.at}): it was replaced or entries were deleted. Run audit verify for details; ${hint.en}`,
    );
  }
  const { checkpoints } = readCheckpoints(trust);
  if (checkpoints.length === 0 && !marker?.lastCheckpoint) {
    const rows = await repository.readAudit(db);
    if (verifyRows(rows, head).ok) {
      const c = signCheckpoint(trust, { id: head?.lastId ?? 0, hash: head?.lastHash ?? GENESIS }, new Date());
      appendCheckpoint(trust, c);
      noteInMarker(trust, c);
    }
  }
  return trust;
}
