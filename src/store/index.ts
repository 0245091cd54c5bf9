/** Opens the configured store: PostgreSQL when config.databaseUrl is set, else SQLite in config.dataDir/zhice.db. */
import path from "node:path";
import type { Config } from "../config.js";
import type { Database } from "./database.js";
import { readMarker, restoreHint, storeIdOf, StoreStateError, writeMarker, SQLITE_FILE } from "./marker.js";
import { openPostgres } from "./postgres.js";
import { openSqlite } from "./sqlite.js";

export type { Database, Transaction, SqlRunner, SqlParam, Dialect } from "./database.js";
export { registerMigration } from "./database.js";
export { StoreStateError, readMarker, writeMarker, markerPath, storeIdOf, type StoreMarker } from "./marker.js";
export * from "./repository.js";

async function hasSchema(db: Database): Promise<boolean> {
  const rows =
    db.dialect === "sqlite"
      ? await db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      : await db.query("SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_migrations'");
  return rows.length > 0;
}

/**
 * Opens and migrates the store. A store whose marker says it was initialised must still be: an empty or
 * replaced database is refused (StoreStateError) instead of being silently re-created.
 */
export async function openDatabase(
  config: Pick<Config, "dataDir" | "databaseUrl">,
  opts: { pgSchema?: string } = {},
): Promise<Database> {
  const db = config.databaseUrl
    ? await openPostgres(config.databaseUrl, { schema: opts.pgSchema })
    : openSqlite(path.join(config.dataDir, SQLITE_FILE), { dataDir: config.dataDir });
  try {
    const storeId = await storeIdOf(db);
    const marker = readMarker(config.dataDir, storeId);
    if (marker && !(await hasSchema(db))) {
      const where = db.dialect === "sqlite" ? path.join(config.dataDir, SQLITE_FILE) : db.describe;
      const hint = restoreHint(where);
      throw new StoreStateError(
        `数据库 ${where} 没有 zhice 的表，但标记文件表明它已于 ${marker.initialisedAt} 初始化；不会重新创建。${hint.zh}`,
        `the database ${where} has no zhice tables, but its marker says it was initialised on ${marker.initialisedAt}; it is not re-created. ${hint.en}`,
      );
    }
    await db.migrate();
    const applied = await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM schema_migrations");
    const schemaVersion = Number(applied[0]?.n ?? 0);
    if (!marker || marker.schemaVersion !== schemaVersion)
      writeMarker(config.dataDir, { store: storeId, schemaVersion, initialisedAt: marker?.initialisedAt ?? new Date().toISOString(), lastCheckpoint: marker?.lastCheckpoint ?? null });
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}
