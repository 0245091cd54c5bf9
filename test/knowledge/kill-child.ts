/**
 * Child process for the kill test: ingests the given paths and SIGKILLs itself in the middle of the write — after the
 * file's row and before all of its clauses are stored — like a machine losing power mid-ingest.
 * argv: DATA_DIR PATH…   env: KILL_PG_URL / KILL_PG_SCHEMA to run on PostgreSQL.
 */
import { ingestPaths } from "../../src/ingest/ingest.js";
import { openKbDatabase } from "../../src/knowledge/store.js";
import type { Database, Transaction } from "../../src/store/index.js";

const [dataDir, ...paths] = process.argv.slice(2);
const db = await openKbDatabase({ dataDir: dataDir!, databaseUrl: process.env.KILL_PG_URL || undefined, pgSchema: process.env.KILL_PG_SCHEMA || undefined });
const dying: Database = {
  ...db,
  transaction: (fn) =>
    db.transaction((tx) => {
      const killing: Transaction = {
        ...tx,
        exec: async (sql, params) => {
          if (/INSERT INTO kb_clauses/.test(sql)) process.kill(process.pid, "SIGKILL");
          return tx.exec(sql, params);
        },
      };
      return fn(killing);
    }),
};
await ingestPaths(paths, { dataDir: dataDir!, db: dying });
process.stdout.write("not killed\n");
