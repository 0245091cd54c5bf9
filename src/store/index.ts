/** Opens the configured store: PostgreSQL when config.databaseUrl is set, else SQLite in config.dataDir/zhice.db. */
import path from "node:path";
import type { Config } from "../config.js";
import type { Database } from "./database.js";
import { openPostgres } from "./postgres.js";
import { openSqlite } from "./sqlite.js";

export type { Database, Transaction, SqlRunner, SqlParam, Dialect } from "./database.js";
export { registerMigration } from "./database.js";
export * from "./repository.js";

export async function openDatabase(
  config: Pick<Config, "dataDir" | "databaseUrl">,
  opts: { pgSchema?: string } = {},
): Promise<Database> {
  const db = config.databaseUrl
    ? await openPostgres(config.databaseUrl, { schema: opts.pgSchema })
    : openSqlite(path.join(config.dataDir, "zhice.db"));
  try {
    await db.migrate();
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}
