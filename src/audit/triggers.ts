/** The database-side protections of the audit tables, as `audit verify` expects to find them (present and enabled). */
import type { SqlRunner } from "../store/database.js";

export const EXPECTED_TRIGGERS = {
  sqlite: ["audit_log_no_update", "audit_log_no_delete", "audit_head_no_delete", "audit_head_forward_only"],
  postgres: ["audit_log_no_change", "audit_log_no_truncate", "audit_head_forward_only", "audit_head_no_truncate"],
} as const;

/** Names of protective triggers that are missing or (PostgreSQL) disabled. */
export async function missingTriggers(db: SqlRunner): Promise<{ name: string; disabled: boolean }[]> {
  const expected = EXPECTED_TRIGGERS[db.dialect];
  const found = new Map<string, boolean>();
  if (db.dialect === "sqlite") {
    for (const r of await db.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger'")) found.set(r.name, true);
  } else {
    const rows = await db.query<{ name: string; enabled: string }>(
      `SELECT t.tgname AS name, t.tgenabled AS enabled FROM pg_trigger t
       WHERE NOT t.tgisinternal AND t.tgrelid IN (to_regclass('audit_log'), to_regclass('audit_head'))`,
    );
    for (const r of rows) found.set(r.name, r.enabled !== "D");
  }
  return expected.filter((n) => found.get(n) !== true).map((name) => ({ name, disabled: found.has(name) }));
}
