/**
 * The workflow repository: every SQL statement the workflow and the audit trail run, written once for both
 * stores (placeholders `?`, dialect differences through the Transaction's forUpdate / lock helpers).
 */
import type { Database, SqlRunner, Transaction } from "./database.js";

export interface ProposalRow {
  id: string;
  submitter: string;
  title: string;
  amountYuan: number;
  proposal: unknown;
  checklist: unknown;
  state: string;
  snapshot: unknown;
  machineVersion: number;
  seq: number;
  createdAt: number;
  updatedAt: number;
  /** JSON columns that could not be read (e.g. a corrupt snapshot); those fields are null. Absent when all read. */
  unreadable?: string[];
  idempotencyKey?: string | null;
}

export interface JobRow {
  id: number;
  proposalId: string;
  step: number;
  kind: "reminder" | "escalation";
  dueAt: number;
  claimedBy: string | null;
  doneAt: number | null;
  outcome: string | null;
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  kind: string;
  proposalId: string | null;
  payload: unknown;
  prevHash: string;
  hash: string;
  /** HMAC of hash with the audit key; null on entries written before the trail was keyed. */
  mac: string | null;
}

export interface ProposalFilter {
  state?: string;
  submitter?: string;
  limit?: number;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const parse = (v: unknown) => (typeof v === "string" ? (JSON.parse(v) as unknown) : v);

type Raw = Record<string, unknown>;
/** One corrupt row must not break a whole listing: unreadable JSON columns are named, not thrown. */
function toProposal(r: Raw): ProposalRow {
  const unreadable: string[] = [];
  const read = (column: string, v: unknown) => {
    try {
      return parse(v);
    } catch {
      unreadable.push(column);
      return null;
    }
  };
  const row: ProposalRow = {
    id: String(r.id),
    submitter: String(r.submitter),
    title: String(r.title),
    amountYuan: Number(r.amount_yuan),
    proposal: read("proposal", r.proposal),
    checklist: r.checklist == null ? null : read("checklist", r.checklist),
    state: String(r.state),
    snapshot: read("snapshot", r.snapshot),
    machineVersion: Number(r.machine_version),
    seq: Number(r.seq),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    idempotencyKey: (r.idempotency_key as string | null | undefined) ?? null,
  };
  if (unreadable.length) row.unreadable = unreadable;
  return row;
}
function toJob(r: Raw): JobRow {
  return {
    id: Number(r.id),
    proposalId: String(r.proposal_id),
    step: Number(r.step),
    kind: r.kind as JobRow["kind"],
    dueAt: Number(r.due_at),
    claimedBy: (r.claimed_by as string | null) ?? null,
    doneAt: r.done_at == null ? null : Number(r.done_at),
    outcome: (r.outcome as string | null) ?? null,
  };
}
function toAudit(r: Raw): AuditRow {
  return {
    id: Number(r.id),
    at: String(r.at),
    actor: String(r.actor),
    kind: String(r.kind),
    proposalId: (r.proposal_id as string | null) ?? null,
    payload: parse(r.payload),
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
    mac: r.mac == null ? null : String(r.mac),
  };
}

const PROPOSAL_COLS =
  "id, submitter, title, amount_yuan, proposal, checklist, state, snapshot, machine_version, seq, created_at, updated_at, idempotency_key";

/** Lock key serialising audit appends across connections and replicas. */
export const AUDIT_LOCK_KEY = 0x61756474; // "audt"

export const repository = {
  async insertProposal(tx: SqlRunner, p: Omit<ProposalRow, "seq" | "updatedAt"> & { seq?: number }): Promise<void> {
    await tx.exec(
      `INSERT INTO proposals (${PROPOSAL_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [p.id, p.submitter, p.title, p.amountYuan, json(p.proposal), json(p.checklist), p.state, json(p.snapshot),
        p.machineVersion, p.seq ?? 1, p.createdAt, p.createdAt, p.idempotencyKey ?? null],
    );
  },

  /** The proposal a submitter already submitted with this idempotency key, if any. */
  async findByIdempotencyKey(db: SqlRunner, submitter: string, key: string): Promise<ProposalRow | null> {
    const rows = await db.query<Raw>(`SELECT ${PROPOSAL_COLS} FROM proposals WHERE submitter = ? AND idempotency_key = ?`, [submitter, key]);
    return rows[0] ? toProposal(rows[0]) : null;
  },

  /** Loads one proposal; inside a transaction on PostgreSQL the row stays locked until commit. */
  async loadProposal(tx: SqlRunner | Transaction, id: string): Promise<ProposalRow | null> {
    const lock = "forUpdate" in tx ? tx.forUpdate : "";
    const rows = await tx.query<Raw>(`SELECT ${PROPOSAL_COLS} FROM proposals WHERE id = ? ${lock}`, [id]);
    return rows[0] ? toProposal(rows[0]) : null;
  },

  /** Compare-and-set on seq: true when this write won (seq was still expectedSeq), false when stale. */
  async saveProposal(
    tx: SqlRunner,
    id: string,
    expectedSeq: number,
    patch: { state: string; snapshot: unknown; machineVersion: number; proposal?: unknown; checklist?: unknown; title?: string; amountYuan?: number },
    now: number,
  ): Promise<boolean> {
    const sets = ["state = ?", "snapshot = ?", "machine_version = ?", "seq = seq + 1", "updated_at = ?"];
    const params: (string | number | null)[] = [patch.state, json(patch.snapshot), patch.machineVersion, now];
    if (patch.proposal !== undefined) (sets.push("proposal = ?"), params.push(json(patch.proposal)));
    if (patch.checklist !== undefined) (sets.push("checklist = ?"), params.push(json(patch.checklist)));
    if (patch.title !== undefined) (sets.push("title = ?"), params.push(patch.title));
    if (patch.amountYuan !== undefined) (sets.push("amount_yuan = ?"), params.push(patch.amountYuan));
    const r = await tx.exec(`UPDATE proposals SET ${sets.join(", ")} WHERE id = ? AND seq = ?`, [...params, id, expectedSeq]);
    return r.changes === 1;
  },

  async listProposals(db: SqlRunner, f: ProposalFilter = {}): Promise<ProposalRow[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (f.state) (where.push("state = ?"), params.push(f.state));
    if (f.submitter) (where.push("submitter = ?"), params.push(f.submitter));
    const rows = await db.query<Raw>(
      `SELECT ${PROPOSAL_COLS} FROM proposals ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at DESC, id LIMIT ?`,
      [...params, f.limit ?? 200],
    );
    return rows.map(toProposal);
  },

  /** Schedules a job once per (proposal, step instance, kind); a repeated schedule is ignored. */
  async scheduleJob(tx: SqlRunner, j: { proposalId: string; step: number; kind: JobRow["kind"]; dueAt: number }): Promise<void> {
    await tx.exec(
      "INSERT INTO jobs (proposal_id, step, kind, due_at) VALUES (?, ?, ?, ?) ON CONFLICT (proposal_id, step, kind) DO NOTHING",
      [j.proposalId, j.step, j.kind, j.dueAt],
    );
  },

  /** Marks the open jobs of older step instances done (the step they belonged to is over). */
  async cancelJobs(tx: Transaction, proposalId: string, beforeStep: number, now: number): Promise<number> {
    // Jobs a scheduler holds right now are skipped (no lock wait, no deadlock): it finds them obsolete itself.
    const r = await tx.exec(
      `UPDATE jobs SET done_at = ?, outcome = 'cancelled' WHERE id IN (
         SELECT id FROM jobs WHERE proposal_id = ? AND step < ? AND done_at IS NULL ${tx.forUpdateSkipLocked})`,
      [now, proposalId, beforeStep],
    );
    return r.changes;
  },

  /** Claims the earliest due open job (SKIP LOCKED on PostgreSQL, so replicas never take the same one). */
  async claimDueJob(tx: Transaction, now: number, worker: string, skip: number[] = []): Promise<JobRow | null> {
    const rows = await tx.query<Raw>(
      `SELECT id, proposal_id, step, kind, due_at, claimed_by, done_at, outcome FROM jobs
       WHERE done_at IS NULL AND due_at <= ? ${skip.length ? `AND id NOT IN (${skip.map(() => "?").join(", ")})` : ""}
       ORDER BY due_at, id LIMIT 1 ${tx.forUpdateSkipLocked}`,
      [now, ...skip],
    );
    if (!rows[0]) return null;
    const job = toJob(rows[0]);
    await tx.exec("UPDATE jobs SET claimed_by = ?, claimed_at = ? WHERE id = ?", [worker, now, job.id]);
    return { ...job, claimedBy: worker };
  },

  async finishJob(tx: SqlRunner, id: number, outcome: string, now: number): Promise<void> {
    await tx.exec("UPDATE jobs SET done_at = ?, outcome = ? WHERE id = ?", [now, outcome, id]);
  },

  async listJobs(db: SqlRunner, proposalId?: string): Promise<JobRow[]> {
    const rows = await db.query<Raw>(
      `SELECT id, proposal_id, step, kind, due_at, claimed_by, done_at, outcome FROM jobs ${proposalId ? "WHERE proposal_id = ?" : ""} ORDER BY id`,
      proposalId ? [proposalId] : [],
    );
    return rows.map(toJob);
  },

  /** Writes notifications into the outbox (claimed by `claimedBy` when this process will deliver them itself). */
  async enqueueNotifications(tx: SqlRunner, items: { proposalId: string; payload: unknown }[], claimedBy: string | null, now: number): Promise<number[]> {
    if (items.length === 0) return [];
    // One multi-row INSERT per change; ids come back in insertion order (sorted to be sure).
    const rows = await tx.query<Raw>(
      `INSERT INTO notification_outbox (proposal_id, payload, created_at, claimed_by, claimed_at) VALUES ${items.map(() => "(?, ?, ?, ?, ?)").join(", ")} RETURNING id`,
      items.flatMap((it) => [it.proposalId, json(it.payload), now, claimedBy, claimedBy ? now : null]),
    );
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  },

  /** Claims undelivered notifications never claimed or whose claim lease ran out (SKIP LOCKED on PostgreSQL). */
  async claimNotifications(tx: Transaction, o: { now: number; leaseMs: number; maxAgeMs: number; worker: string; limit: number }): Promise<{ id: number; payload: unknown }[]> {
    const rows = await tx.query<Raw>(
      `SELECT id, payload FROM notification_outbox
       WHERE delivered_at IS NULL AND (claimed_at IS NULL OR claimed_at < ?) AND created_at >= ?
       ORDER BY id LIMIT ? ${tx.forUpdateSkipLocked}`,
      [o.now - o.leaseMs, o.now - o.maxAgeMs, o.limit],
    );
    for (const r of rows) await tx.exec("UPDATE notification_outbox SET claimed_by = ?, claimed_at = ? WHERE id = ?", [o.worker, o.now, Number(r.id)]);
    return rows.map((r) => ({ id: Number(r.id), payload: parse(r.payload) }));
  },

  async markNotificationsDelivered(db: SqlRunner, ids: number[], now: number): Promise<void> {
    if (ids.length === 0) return;
    await db.exec(`UPDATE notification_outbox SET delivered_at = ? WHERE id IN (${ids.map(() => "?").join(", ")})`, [now, ...ids]);
  },

  async auditHead(tx: SqlRunner): Promise<{ lastId: number; lastHash: string } | null> {
    const rows = await tx.query<Raw>("SELECT last_id, last_hash FROM audit_head WHERE id = 1");
    return rows[0] ? { lastId: Number(rows[0].last_id), lastHash: String(rows[0].last_hash) } : null;
  },

  /** Appends one row and moves the head; call inside a transaction after tx.lock(AUDIT_LOCK_KEY). */
  async insertAudit(tx: SqlRunner, row: AuditRow, first: boolean): Promise<void> {
    await tx.exec(
      "INSERT INTO audit_log (id, at, actor, kind, proposal_id, payload, prev_hash, hash, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      [row.id, row.at, row.actor, row.kind, row.proposalId, json(row.payload), row.prevHash, row.hash, row.mac],
    );
    if (first) await tx.exec("INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, ?, ?)", [row.id, row.hash]);
    else await tx.exec("UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1", [row.id, row.hash]);
  },

  /** The trail in id order; proposalId narrows it to one proposal, fromId to entries with id ≥ fromId. */
  async readAudit(db: SqlRunner, opts: { proposalId?: string; fromId?: number } = {}): Promise<AuditRow[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (opts.proposalId) (where.push("proposal_id = ?"), params.push(opts.proposalId));
    if (opts.fromId !== undefined) (where.push("id >= ?"), params.push(opts.fromId));
    const rows = await db.query<Raw>(
      `SELECT id, at, actor, kind, proposal_id, payload, prev_hash, hash, mac FROM audit_log ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id`,
      params,
    );
    return rows.map(toAudit);
  },
};

export type Repository = typeof repository;
export type { Database };
