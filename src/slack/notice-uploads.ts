/**
 * Notices shared in Slack that wait for 「导入 / Import」: the file's bytes in the shared database (so the click may
 * land on any replica), who shared it, and what became of it. A row is claimed once (pending → importing), so a
 * double click or two replicas never import it twice; imported / cancelled rows drop their bytes.
 */
import { randomUUID } from "node:crypto";
import { registerMigration, type Database } from "../store/index.js";

const TABLE = (bigint: string) => `
CREATE TABLE IF NOT EXISTS kb_pending_uploads (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  name TEXT NOT NULL,
  bytes TEXT,
  url TEXT,
  status TEXT NOT NULL,
  created_at ${bigint} NOT NULL,
  decided_by TEXT,
  decided_at ${bigint}
);
`;
registerMigration("slack_kb_001_pending_uploads", TABLE("BIGINT"), TABLE("BIGINT"));

export type UploadStatus = "pending" | "importing" | "imported" | "cancelled" | "failed";

export interface PendingUpload {
  id: string;
  user: string;
  name: string;
  bytes: Buffer;
  url: string | null;
  status: UploadStatus;
}

export async function savePending(db: Database, u: { user: string; name: string; bytes: Uint8Array; url?: string | null }, now: number): Promise<string> {
  const id = randomUUID();
  await db.exec(
    "INSERT INTO kb_pending_uploads (id, user_id, name, bytes, url, status, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)",
    [id, u.user, u.name, Buffer.from(u.bytes).toString("base64"), u.url ?? null, now],
  );
  return id;
}

/** Takes a pending upload for import or cancellation; null when it is unknown or someone already decided it. */
export async function claimPending(db: Database, id: string, by: string, to: "importing" | "cancelled", now: number): Promise<PendingUpload | null> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<Record<string, unknown>>(`SELECT id, user_id, name, bytes, url, status FROM kb_pending_uploads WHERE id = ? ${tx.forUpdate}`, [id]);
    const r = rows[0];
    if (!r || r.status !== "pending") return null;
    await tx.exec(`UPDATE kb_pending_uploads SET status = ?, decided_by = ?, decided_at = ?${to === "cancelled" ? ", bytes = NULL" : ""} WHERE id = ?`, [to, by, now, id]);
    return { id, user: String(r.user_id), name: String(r.name), bytes: Buffer.from(String(r.bytes ?? ""), "base64"), url: (r.url as string | null) ?? null, status: to };
  });
}

/**
 * Records how an import ended: imported / failed drop the bytes (the store keeps the parsed notice); "pending" puts
 * the upload back (the import could not run, e.g. the database was briefly unreachable), so Import can be clicked again.
 */
export async function finishPending(db: Database, id: string, status: "imported" | "failed" | "pending"): Promise<void> {
  if (status === "pending") await db.exec("UPDATE kb_pending_uploads SET status = 'pending', decided_by = NULL, decided_at = NULL WHERE id = ?", [id]);
  else await db.exec("UPDATE kb_pending_uploads SET status = ?, bytes = NULL WHERE id = ?", [status, id]);
}

export async function pendingStatus(db: Database, id: string): Promise<UploadStatus | null> {
  const rows = await db.query<{ status: string }>("SELECT status FROM kb_pending_uploads WHERE id = ?", [id]);
  return (rows[0]?.status as UploadStatus | undefined) ?? null;
}
