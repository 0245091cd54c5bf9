/**
 * The workflow's own tables. Times are epoch milliseconds (BIGINT); JSON is stored as text on both stores.
 *  - proposals: one row per proposal; `seq` is the compare-and-set counter, `snapshot` the machine state.
 *  - jobs: due reminders / escalations with absolute due times, claimed once by the scheduler.
 *  - audit_log + audit_head: the append-only hash chain (UPDATE and DELETE are refused by triggers).
 */
import { registerMigration } from "./database.js";

registerMigration(
  "001_workflow_core",
  `
CREATE TABLE IF NOT EXISTS proposals (
  id TEXT PRIMARY KEY,
  submitter TEXT NOT NULL,
  title TEXT NOT NULL,
  amount_yuan REAL NOT NULL,
  proposal TEXT NOT NULL,
  checklist TEXT,
  state TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  machine_version INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS proposals_state ON proposals (state, updated_at);
CREATE INDEX IF NOT EXISTS proposals_submitter ON proposals (submitter);
CREATE TABLE IF NOT EXISTS jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  proposal_id TEXT NOT NULL REFERENCES proposals(id),
  step INTEGER NOT NULL,
  kind TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  claimed_by TEXT,
  claimed_at BIGINT,
  done_at BIGINT,
  outcome TEXT,
  UNIQUE (proposal_id, step, kind)
);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (done_at, due_at);
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  proposal_id TEXT,
  payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_proposal ON audit_log (proposal_id, id);
CREATE TABLE IF NOT EXISTS audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_id INTEGER NOT NULL,
  last_hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`,
  `
CREATE TABLE IF NOT EXISTS proposals (
  id TEXT PRIMARY KEY,
  submitter TEXT NOT NULL,
  title TEXT NOT NULL,
  amount_yuan DOUBLE PRECISION NOT NULL,
  proposal TEXT NOT NULL,
  checklist TEXT,
  state TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  machine_version INTEGER NOT NULL,
  seq BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS proposals_state ON proposals (state, updated_at);
CREATE INDEX IF NOT EXISTS proposals_submitter ON proposals (submitter);
CREATE TABLE IF NOT EXISTS jobs (
  id BIGSERIAL PRIMARY KEY,
  proposal_id TEXT NOT NULL REFERENCES proposals(id),
  step INTEGER NOT NULL,
  kind TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  claimed_by TEXT,
  claimed_at BIGINT,
  done_at BIGINT,
  outcome TEXT,
  UNIQUE (proposal_id, step, kind)
);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (done_at, due_at);
CREATE TABLE IF NOT EXISTS audit_log (
  id BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  proposal_id TEXT,
  payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_proposal ON audit_log (proposal_id, id);
CREATE TABLE IF NOT EXISTS audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_id BIGINT NOT NULL,
  last_hash TEXT NOT NULL
);
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
`,
);

/**
 * Outbox of notifications: written in the same transaction as the change, delivered after commit, re-delivered by
 * any replica with listeners when a delivery was interrupted (at-least-once; notifications carry their id).
 */
registerMigration(
  "002_notification_outbox",
  `
CREATE TABLE IF NOT EXISTS notification_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  proposal_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  claimed_by TEXT,
  claimed_at BIGINT,
  delivered_at BIGINT
);
CREATE INDEX IF NOT EXISTS notification_outbox_pending ON notification_outbox (delivered_at, id);
`,
  `
CREATE TABLE IF NOT EXISTS notification_outbox (
  id BIGSERIAL PRIMARY KEY,
  proposal_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  claimed_by TEXT,
  claimed_at BIGINT,
  delivered_at BIGINT
);
CREATE INDEX IF NOT EXISTS notification_outbox_pending ON notification_outbox (delivered_at, id);
`,
);

/**
 * Keyed audit trail: `mac` = HMAC(audit key, hash) on every new entry (entries written before stay readable with a
 * NULL mac; the first signed checkpoint vouches for them). audit_head only moves forward; on PostgreSQL TRUNCATE
 * (which row triggers do not see) is refused on both tables.
 */
registerMigration(
  "003_audit_keyed",
  `
ALTER TABLE audit_log ADD COLUMN mac TEXT;
CREATE TRIGGER IF NOT EXISTS audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'audit_head only moves forward'); END;
CREATE TRIGGER IF NOT EXISTS audit_head_forward_only BEFORE UPDATE ON audit_head WHEN NEW.last_id <= OLD.last_id
BEGIN SELECT RAISE(ABORT, 'audit_head only moves forward'); END;
`,
  `
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS mac TEXT;
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.last_id > OLD.last_id THEN RETURN NEW; END IF;
  RAISE EXCEPTION 'audit_head only moves forward';
END; $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_head;
CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON audit_head
FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_head;
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
FOR EACH STATEMENT EXECUTE FUNCTION audit_head_forward_only();
`,
);

/** Submit idempotency: a retried submit with the same key (per submitter) returns the first proposal. */
registerMigration(
  "004_submit_idempotency",
  `
ALTER TABLE proposals ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS proposals_idempotency ON proposals (submitter, idempotency_key);
`,
  `
ALTER TABLE proposals ADD COLUMN IF NOT EXISTS idempotency_key TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS proposals_idempotency ON proposals (submitter, idempotency_key);
`,
);
