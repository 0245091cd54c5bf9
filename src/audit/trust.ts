/**
 * What the audit trail trusts outside the database: the HMAC key (ZHICE_AUDIT_KEY, or a key generated under the
 * data dir in local mode) and the file of signed checkpoints beside it. Someone with write access to the database
 * alone can neither sign an entry nor rewrite a checkpoint.
 */
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
export { storeIdOf } from "../store/marker.js";

export interface AuditTrust {
  key: Buffer;
  /** Short fingerprint of the key, written into checkpoints (tells "another key" from "tampered"). */
  keyId: string;
  checkpointFile: string;
  /** Which database the checkpoints belong to (one data dir may serve SQLite and a PostgreSQL schema). */
  storeId: string;
}

export const AUDIT_KEY_FILE = "audit.key";
export const CHECKPOINT_FILE = "audit-checkpoints.jsonl";
const MIN_KEY_LENGTH = 32;

export class AuditKeyError extends Error {
  constructor(messageZh: string, messageEn: string) {
    super(`${messageZh} / ${messageEn}`);
    this.name = "AuditKeyError";
  }
}

export function hmac(key: Buffer, text: string): string {
  return createHmac("sha256", key).update(text).digest("hex");
}

/**
 * The audit key: ZHICE_AUDIT_KEY when set; in production (NODE_ENV=production) it is required; otherwise
 * DATA_DIR/audit.key, generated (0600) on first use.
 */
export function resolveAuditKey(o: { dataDir: string; auditKey?: string; production: boolean }): { key: string; source: "env" | "file" | "generated" } {
  if (o.auditKey) return { key: o.auditKey, source: "env" };
  if (o.production)
    throw new AuditKeyError(
      "生产模式（NODE_ENV=production）必须设置 ZHICE_AUDIT_KEY（至少 32 个字符，存放在数据库之外），否则拒绝启动",
      "ZHICE_AUDIT_KEY (at least 32 characters, kept outside the database) is required in production mode (NODE_ENV=production); refusing to start",
    );
  const file = path.join(o.dataDir, AUDIT_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(o.dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("hex") + "\n", { mode: 0o600, flag: "wx" });
      return { key: readFileSync(file, "utf8").trim(), source: "generated" };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e; // another process generated it first
    }
  }
  const key = readFileSync(file, "utf8").trim();
  if (key.length < MIN_KEY_LENGTH)
    throw new AuditKeyError(`审计密钥文件 ${file} 无效（少于 ${MIN_KEY_LENGTH} 个字符）`, `audit key file ${file} is invalid (shorter than ${MIN_KEY_LENGTH} characters)`);
  return { key, source: "file" };
}

export function makeTrust(key: string, dataDir: string, storeId: string): AuditTrust {
  const secret = Buffer.from(key, "utf8");
  return { key: secret, keyId: hmac(secret, "zhice-audit-key-id").slice(0, 12), checkpointFile: path.join(dataDir, CHECKPOINT_FILE), storeId };
}
