/**
 * Signed checkpoints of the audit head, one JSON line each in DATA_DIR/audit-checkpoints.jsonl:
 * {store, id, hash, at, keyId, sig} with sig = HMAC(key, canonical JSON of the rest). The database cannot rewrite
 * them: entries a checkpoint covers can be neither deleted nor rewritten without `audit verify` noticing.
 * The first checkpoint of a store is its anchor: entries up to it may predate keyed entries (written before the
 * audit key existed); every later entry must carry a valid signature.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { canonicalJson } from "./chain.js";
import { hmac, type AuditTrust } from "./trust.js";

export interface Checkpoint {
  store: string;
  id: number;
  hash: string;
  at: string;
  keyId: string;
  sig: string;
}

export interface CheckpointProblem {
  line: number;
  messageZh: string;
  messageEn: string;
}

const signed = (c: Omit<Checkpoint, "sig">) => canonicalJson({ store: c.store, id: c.id, hash: c.hash, at: c.at, keyId: c.keyId });

export function signCheckpoint(trust: AuditTrust, head: { id: number; hash: string }, at: Date): Checkpoint {
  const body = { store: trust.storeId, id: head.id, hash: head.hash, at: at.toISOString(), keyId: trust.keyId };
  return { ...body, sig: hmac(trust.key, signed(body)) };
}

/** This store's checkpoints in file order, and the lines that are not valid signed checkpoints. */
export function readCheckpoints(trust: AuditTrust): { checkpoints: Checkpoint[]; problems: CheckpointProblem[] } {
  const checkpoints: Checkpoint[] = [];
  const problems: CheckpointProblem[] = [];
  if (!existsSync(trust.checkpointFile)) return { checkpoints, problems };
  const lines = readFileSync(trust.checkpointFile, "utf8").split("\n");
  lines.forEach((text, i) => {
    if (!text.trim()) return;
    let c: Checkpoint;
    try {
      c = JSON.parse(text) as Checkpoint;
    } catch {
      problems.push({ line: i + 1, messageZh: `检查点文件第 ${i + 1} 行无法读取`, messageEn: `checkpoint file line ${i + 1} is not readable` });
      return;
    }
    if (c.store !== trust.storeId) return;
    if (c.keyId !== trust.keyId) {
      problems.push({
        line: i + 1,
        messageZh: `检查点文件第 ${i + 1} 行由另一个审计密钥签名（ZHICE_AUDIT_KEY 已更换？）`,
        messageEn: `checkpoint file line ${i + 1} was signed with another audit key (was ZHICE_AUDIT_KEY changed?)`,
      });
      return;
    }
    if (typeof c.id !== "number" || typeof c.hash !== "string" || hmac(trust.key, signed(c)) !== c.sig) {
      problems.push({ line: i + 1, messageZh: `检查点文件第 ${i + 1} 行签名无效（被改动）`, messageEn: `checkpoint file line ${i + 1} has an invalid signature (altered)` });
      return;
    }
    checkpoints.push(c);
  });
  return { checkpoints, problems };
}

export function appendCheckpoint(trust: AuditTrust, c: Checkpoint): void {
  mkdirSync(path.dirname(trust.checkpointFile), { recursive: true });
  appendFileSync(trust.checkpointFile, JSON.stringify(c) + "\n", { mode: 0o600 });
}
