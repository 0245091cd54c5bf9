/**
 * The Slack face's own tables, kept in the same database as the workflow (SQLite or PostgreSQL), so that several
 * replicas behind a load balancer share them:
 *  - slack_events: event ids already taken (dedupe: the first replica to insert wins, the others drop the event);
 *  - slack_threads: no longer used (conversation turns, src/store/conversations.ts, say who asked in a thread);
 *  - slack_answers + slack_feedback: what was answered, and the helpful / not helpful / 引用有误 clicks;
 *  - slack_cards: every card posted about a proposal step (channel + ts), so a decision can update all of them;
 *  - slack_drafts: a pre-reviewed proposal waiting for its "提交审批" click;
 *  - slack_file_forms: fields read from a proposal document shared with the bot, until they are confirmed.
 */
import { randomUUID } from "node:crypto";
import { registerMigration, type Database } from "../store/index.js";

const TABLES = (idType: string, text: string) => `
CREATE TABLE IF NOT EXISTS slack_events (
  event_id TEXT PRIMARY KEY,
  received_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_threads (
  channel TEXT NOT NULL,
  thread_ts TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (channel, thread_ts)
);
CREATE TABLE IF NOT EXISTS slack_answers (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  thread_ts TEXT,
  user_id TEXT,
  question ${text} NOT NULL,
  verdict TEXT NOT NULL,
  abstained INTEGER NOT NULL,
  citations ${text} NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS slack_feedback (
  id ${idType},
  answer_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS slack_feedback_answer ON slack_feedback (answer_id);
CREATE TABLE IF NOT EXISTS slack_cards (
  channel TEXT NOT NULL,
  ts TEXT NOT NULL,
  proposal_id TEXT NOT NULL,
  step_index INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  settled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (channel, ts)
);
CREATE INDEX IF NOT EXISTS slack_cards_step ON slack_cards (proposal_id, step_index);
CREATE TABLE IF NOT EXISTS slack_drafts (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  proposal ${text} NOT NULL,
  checklist ${text} NOT NULL,
  channel TEXT,
  ts TEXT,
  submitted_id TEXT,
  created_at BIGINT NOT NULL
);
`;

registerMigration(
  "slack_001_tables",
  TABLES("INTEGER PRIMARY KEY AUTOINCREMENT", "TEXT"),
  TABLES("BIGSERIAL PRIMARY KEY", "TEXT"),
);

registerMigration(
  "slack_002_draft_resubmit",
  "ALTER TABLE slack_drafts ADD COLUMN resubmit_of TEXT;",
  "ALTER TABLE slack_drafts ADD COLUMN IF NOT EXISTS resubmit_of TEXT;",
);

registerMigration(
  "slack_003_answer_body",
  "ALTER TABLE slack_answers ADD COLUMN answer TEXT;",
  "ALTER TABLE slack_answers ADD COLUMN IF NOT EXISTS answer TEXT;",
);

registerMigration(
  "slack_004_file_forms",
  "CREATE TABLE IF NOT EXISTS slack_file_forms (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, file_name TEXT NOT NULL, proposal TEXT NOT NULL, created_at BIGINT NOT NULL);",
  "CREATE TABLE IF NOT EXISTS slack_file_forms (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, file_name TEXT NOT NULL, proposal TEXT NOT NULL, created_at BIGINT NOT NULL);",
);

/** Fields read from a shared proposal document, waiting for the user to confirm them in the pre-review modal. */
export interface FileForm {
  id: string;
  userId: string;
  fileName: string;
  proposal: Record<string, unknown>;
}

/** An answer kept whole (a private answer waiting for its 「分享到频道」 click). */
export interface StoredAnswer {
  id: string;
  channel: string;
  userId: string | null;
  question: string;
  /** The answer as it was given (JSON), or null for answers stored without it. */
  answer: unknown;
}

export interface CardRef {
  channel: string;
  ts: string;
  proposalId: string;
  stepIndex: number;
  userId: string;
  kind: "approver" | "submitter";
}

export interface DraftRow {
  id: string;
  userId: string;
  proposal: unknown;
  checklist: unknown;
  channel: string | null;
  ts: string | null;
  submittedId: string | null;
  /** The proposal this draft revises (its button resubmits), or null for a new proposal. */
  resubmitOf: string | null;
}

export class SlackStore {
  /** The Slack tables' migrations, applied on the workflow's database (a no-op when already applied). */
  readonly ready: Promise<void>;

  /** Uses the workflow's database; every method waits for the Slack tables to exist. */
  constructor(private readonly db: Database) {
    this.ready = db.migrate().then(() => undefined);
    this.ready.catch(() => undefined); // reported by the first method that needs the tables
  }

  static async open(db: Database): Promise<SlackStore> {
    const store = new SlackStore(db);
    await store.ready;
    return store;
  }

  private claims = 0;
  /** Event ids are kept this long (Slack retries within minutes; a day is ample). */
  static readonly EVENT_TTL_MS = 24 * 60 * 60 * 1000;

  /** true when this process is the first to see the event (it should handle it); false for a duplicate. */
  async claimEvent(eventId: string): Promise<boolean> {
    await this.ready;
    if (++this.claims % 500 === 0) await this.db.exec("DELETE FROM slack_events WHERE received_at < ?", [Date.now() - SlackStore.EVENT_TTL_MS]);
    const insert =
      this.db.dialect === "postgres"
        ? "INSERT INTO slack_events (event_id, received_at) VALUES (?, ?) ON CONFLICT (event_id) DO NOTHING"
        : "INSERT OR IGNORE INTO slack_events (event_id, received_at) VALUES (?, ?)";
    const r = await this.db.exec(insert, [eventId, Date.now()]);
    return r.changes === 1;
  }

  /** Store what was answered; `answer` (the whole answer) only when it must be shown again later. */
  async recordAnswer(a: { channel: string; threadTs?: string; userId?: string; question: string; verdict: string; abstained: boolean; citations: unknown; answer?: unknown }): Promise<string> {
    await this.ready;
    const id = randomUUID().replace(/-/g, "").slice(0, 20);
    await this.db.exec(
      "INSERT INTO slack_answers (id, channel, thread_ts, user_id, question, verdict, abstained, citations, answer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      [id, a.channel, a.threadTs ?? null, a.userId ?? null, a.question, a.verdict, a.abstained ? 1 : 0, JSON.stringify(a.citations), a.answer === undefined ? null : JSON.stringify(a.answer), Date.now()],
    );
    return id;
  }

  async answerById(id: string): Promise<StoredAnswer | null> {
    await this.ready;
    const rows = await this.db.query<{ id: string; channel: string; user_id: string | null; question: string; answer: string | null }>(
      "SELECT id, channel, user_id, question, answer FROM slack_answers WHERE id = ?",
      [id],
    );
    const r = rows[0];
    return r ? { id: r.id, channel: r.channel, userId: r.user_id, question: r.question, answer: r.answer === null ? null : JSON.parse(r.answer) } : null;
  }

  async recordFeedback(answerId: string, userId: string, kind: string): Promise<boolean> {
    await this.ready;
    const known = await this.db.query("SELECT 1 AS x FROM slack_answers WHERE id = ?", [answerId]);
    if (!known.length) return false;
    await this.db.exec("INSERT INTO slack_feedback (answer_id, user_id, kind, created_at) VALUES (?, ?, ?, ?)", [answerId, userId, kind, Date.now()]);
    return true;
  }

  async feedbackFor(answerId: string): Promise<{ userId: string; kind: string }[]> {
    await this.ready;
    const rows = await this.db.query<{ user_id: string; kind: string }>("SELECT user_id, kind FROM slack_feedback WHERE answer_id = ? ORDER BY id", [answerId]);
    return rows.map((r) => ({ userId: r.user_id, kind: r.kind }));
  }

  async saveCard(card: CardRef): Promise<void> {
    await this.ready;
    const insert =
      this.db.dialect === "postgres"
        ? "INSERT INTO slack_cards (channel, ts, proposal_id, step_index, user_id, kind, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
        : "INSERT OR IGNORE INTO slack_cards (channel, ts, proposal_id, step_index, user_id, kind, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    await this.db.exec(insert, [card.channel, card.ts, card.proposalId, card.stepIndex, card.userId, card.kind, Date.now()]);
  }

  /** Cards about a proposal (one step of it) that still show buttons. */
  async openCards(proposalId: string, stepIndex?: number): Promise<CardRef[]> {
    const rows = await this.db.query<{ channel: string; ts: string; proposal_id: string; step_index: number; user_id: string; kind: string }>(
      stepIndex === undefined
        ? "SELECT * FROM slack_cards WHERE proposal_id = ? AND settled = 0 ORDER BY created_at"
        : "SELECT * FROM slack_cards WHERE proposal_id = ? AND step_index = ? AND settled = 0 ORDER BY created_at",
      stepIndex === undefined ? [proposalId] : [proposalId, stepIndex],
    );
    return rows.map((r) => ({ channel: r.channel, ts: r.ts, proposalId: r.proposal_id, stepIndex: Number(r.step_index), userId: r.user_id, kind: r.kind as CardRef["kind"] }));
  }

  /** A card now shows an outcome and no buttons; it is not updated again. */
  async settleCard(channel: string, ts: string): Promise<void> {
    await this.ready;
    await this.db.exec("UPDATE slack_cards SET settled = 1 WHERE channel = ? AND ts = ?", [channel, ts]);
  }

  async saveDraft(userId: string, proposal: unknown, checklist: unknown, resubmitOf?: string): Promise<string> {
    await this.ready;
    const id = `D${randomUUID().replace(/-/g, "").slice(0, 16)}`;
    await this.db.exec("INSERT INTO slack_drafts (id, user_id, proposal, checklist, resubmit_of, created_at) VALUES (?, ?, ?, ?, ?, ?)", [
      id,
      userId,
      JSON.stringify(proposal),
      JSON.stringify(checklist),
      resubmitOf ?? null,
      Date.now(),
    ]);
    return id;
  }

  async setDraftMessage(id: string, channel: string, ts: string): Promise<void> {
    await this.ready;
    await this.db.exec("UPDATE slack_drafts SET channel = ?, ts = ? WHERE id = ?", [channel, ts, id]);
  }

  async draft(id: string): Promise<DraftRow | null> {
    await this.ready;
    const rows = await this.db.query<{ id: string; user_id: string; proposal: string; checklist: string; channel: string | null; ts: string | null; submitted_id: string | null; resubmit_of: string | null }>(
      "SELECT * FROM slack_drafts WHERE id = ?",
      [id],
    );
    const r = rows[0];
    if (!r) return null;
    return { id: r.id, userId: r.user_id, proposal: JSON.parse(r.proposal), checklist: JSON.parse(r.checklist), channel: r.channel, ts: r.ts, submittedId: r.submitted_id, resubmitOf: r.resubmit_of ?? null };
  }

  /** Marks a draft submitted; false when it already was (a double click submits once). */
  async claimDraft(id: string, placeholder: string): Promise<boolean> {
    await this.ready;
    const r = await this.db.exec("UPDATE slack_drafts SET submitted_id = ? WHERE id = ? AND submitted_id IS NULL", [placeholder, id]);
    return r.changes === 1;
  }

  async markDraftSubmitted(id: string, proposalId: string): Promise<void> {
    await this.ready;
    await this.db.exec("UPDATE slack_drafts SET submitted_id = ? WHERE id = ?", [proposalId, id]);
  }

  async releaseDraft(id: string): Promise<void> {
    await this.ready;
    await this.db.exec("UPDATE slack_drafts SET submitted_id = NULL WHERE id = ?", [id]);
  }

  async saveFileForm(userId: string, fileName: string, proposal: Record<string, unknown>): Promise<string> {
    await this.ready;
    const id = `F${randomUUID().replace(/-/g, "").slice(0, 16)}`;
    await this.db.exec("INSERT INTO slack_file_forms (id, user_id, file_name, proposal, created_at) VALUES (?, ?, ?, ?, ?)", [id, userId, fileName, JSON.stringify(proposal), Date.now()]);
    return id;
  }

  async fileForm(id: string): Promise<FileForm | null> {
    await this.ready;
    const rows = await this.db.query<{ id: string; user_id: string; file_name: string; proposal: string }>("SELECT id, user_id, file_name, proposal FROM slack_file_forms WHERE id = ?", [id]);
    const r = rows[0];
    return r ? { id: r.id, userId: r.user_id, fileName: r.file_name, proposal: JSON.parse(r.proposal) as Record<string, unknown> } : null;
  }
}
