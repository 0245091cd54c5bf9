/**
 * The marker kept beside the database: once a store was initialised it must never be re-created silently.
 * It records the schema version (migrations applied) and the last signed audit checkpoint; a database that is
 * missing, 0 bytes, un-migrated or behind the marker's checkpoint is refused with a message naming the file and
 * the recovery step. SQLite: DATA_DIR/zhice.db.marker.json; PostgreSQL: DATA_DIR/postgres-<id>.marker.json.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { SqlRunner } from "./database.js";

export interface StoreMarker {
  store: string;
  schemaVersion: number;
  initialisedAt: string;
  lastCheckpoint: { id: number; hash: string; at: string } | null;
}

export const SQLITE_FILE = "zhice.db";

/** A store problem the user can act on: one bilingual message, never a stack trace. */
export class StoreStateError extends Error {
  constructor(
    public readonly messageZh: string,
    public readonly messageEn: string,
  ) {
    super(`${messageZh} / ${messageEn}`);
    this.name = "StoreStateError";
  }
}

/** Identifies the database: the SQLite file of this data dir, or a PostgreSQL database + schema. */
export async function storeIdOf(db: SqlRunner): Promise<string> {
  if (db.dialect === "sqlite") return `sqlite:${SQLITE_FILE}`;
  const [r] = await db.query<{ d: string; s: string }>("SELECT current_database() AS d, current_schema() AS s");
  return `postgres:${r.d}/${r.s}`;
}

export function markerPath(dataDir: string, storeId: string): string {
  if (storeId.startsWith("sqlite:")) return path.join(dataDir, `${SQLITE_FILE}.marker.json`);
  return path.join(dataDir, `postgres-${createHash("sha256").update(storeId).digest("hex").slice(0, 12)}.marker.json`);
}

export function readMarker(dataDir: string, storeId: string): StoreMarker | null {
  const file = markerPath(dataDir, storeId);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as StoreMarker;
  } catch {
    throw new StoreStateError(
      `数据库标记文件 ${file} 无法读取；请从备份恢复该文件（见 README「备份与恢复」）`,
      `the database marker ${file} is unreadable; restore it from the backup (README, "Backup and restore")`,
    );
  }
}

export function writeMarker(dataDir: string, m: StoreMarker): void {
  const file = markerPath(dataDir, m.store);
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(m, null, 2) + "\n");
  renameSync(tmp, file);
}

export function restoreHint(file: string): { zh: string; en: string } {
  return {
    zh: `请停止 zhice，从备份恢复 ${file}（以及同一备份中的标记文件和 audit-checkpoints.jsonl，见 README「备份与恢复」）`,
    en: `stop zhice and restore ${file} from a backup (with the marker and audit-checkpoints.jsonl of the same backup; README, "Backup and restore")`,
  };
}

/** Before SQLite opens (and would create) the file: a marker with a missing or 0-byte database is refused. */
export function checkSqliteFileBeforeOpen(dataDir: string, file: string, size: number | null): void {
  const marker = readMarker(dataDir, `sqlite:${SQLITE_FILE}`);
  if (!marker || (size !== null && size > 0)) return;
  const hint = restoreHint(file);
  throw new StoreStateError(
    `数据库 ${file} ${size === null ? "不存在" : "为空（0 字节）"}，但标记文件表明它已于 ${marker.initialisedAt} 初始化（审计检查点 #${marker.lastCheckpoint?.id ?? 0}）；不会重新创建空数据库。${hint.zh}`,
    `the database ${file} is ${size === null ? "missing" : "empty (0 bytes)"}, but its marker says it was initialised on ${marker.initialisedAt} (audit checkpoint #${marker.lastCheckpoint?.id ?? 0}); an empty database is not re-created. ${hint.en}`,
  );
}
