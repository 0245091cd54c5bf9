/**
 * The knowledge base's tables, in the same database as the workflow (SQLite by default, PostgreSQL with DATABASE_URL).
 *  - kb_files: one row per ingested file: its own parse (meta, clause drafts, body) for incremental re-ingest, its
 *    source URL, who added it and when, and whether an admin retired it.
 *  - kb_documents / kb_clauses: the corpus after the whole-corpus pass (what retrieval indexes), each document with
 *    its position and in-force status; clauses ordered by (document position, ord).
 *  - kb_state: the corpus version (a hash of what answers see) and a revision counter bumped by every change, which
 *    replicas watch to reload.
 * Who changed what goes into the audit trail (audit_log), not into a table of its own.
 */
import { registerMigration } from "../store/database.js";

/** The same DDL serves both dialects (BIGINT is valid in SQLite and PostgreSQL). */
const TABLES = `
CREATE TABLE IF NOT EXISTS kb_files (
  doc_id TEXT PRIMARY KEY,
  abs_path TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  parser_version INTEGER NOT NULL,
  parsed TEXT NOT NULL,
  url TEXT,
  added_by TEXT,
  added_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  retired_at BIGINT,
  retired_by TEXT,
  retired_reason TEXT
);
CREATE TABLE IF NOT EXISTS kb_documents (
  doc_id TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  document TEXT NOT NULL,
  clauses_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS kb_clauses (
  id TEXT PRIMARY KEY,
  doc_id TEXT NOT NULL,
  ord INTEGER NOT NULL,
  clause TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS kb_clauses_doc ON kb_clauses (doc_id, ord);
CREATE TABLE IF NOT EXISTS kb_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version TEXT NOT NULL,
  revision BIGINT NOT NULL,
  parser_version INTEGER NOT NULL,
  updated_at BIGINT NOT NULL
);
`;

registerMigration("kb_001_clause_store", TABLES, TABLES);
