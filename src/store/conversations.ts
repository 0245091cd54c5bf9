/**
 * Conversation turns: the questions each person asked in a conversation (a Slack thread or DM, a local session), kept
 * in the workflow's database (SQLite or PostgreSQL) so that a follow-up is read with the question before it across
 * restarts and replicas, and so that only the people who asked in a thread are answered there without a mention.
 */
import { registerMigration, type Database } from "./database.js";

const TABLE = (idType: string) => `
CREATE TABLE IF NOT EXISTS conversation_turns (
  id ${idType},
  conversation TEXT NOT NULL,
  thread TEXT NOT NULL,
  user_id TEXT NOT NULL,
  question TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS conversation_turns_thread ON conversation_turns (conversation, thread, user_id);
CREATE INDEX IF NOT EXISTS conversation_turns_recent ON conversation_turns (conversation, user_id, created_at);
`;

registerMigration("conversation_001_turns", TABLE("INTEGER PRIMARY KEY AUTOINCREMENT"), TABLE("BIGSERIAL PRIMARY KEY"));

/** Where a turn was asked: a conversation (a Slack channel or DM, a local session) and a thread in it ("" for none). */
export interface TurnPlace {
  conversation: string;
  thread: string;
  userId: string;
}

/** How many earlier questions a follow-up is read with (a chain of 那…呢 keeps the first question's act). */
export const TURNS_READ = 3;

export class ConversationStore {
  readonly ready: Promise<void>;

  /** Uses the workflow's database; every method waits for the table to exist. */
  constructor(private readonly db: Database) {
    this.ready = db.migrate().then(() => undefined);
    this.ready.catch(() => undefined); // reported by the first method that needs the table
  }

  async record(place: TurnPlace, question: string, at = Date.now()): Promise<void> {
    await this.ready;
    await this.db.exec("INSERT INTO conversation_turns (conversation, thread, user_id, question, created_at) VALUES (?, ?, ?, ?, ?)", [
      place.conversation,
      place.thread,
      place.userId,
      question,
      at,
    ]);
  }

  /**
   * The asker's last questions, oldest first: in the thread when `since` is not given, else anywhere in the
   * conversation since that time (top-level DMs, where each message starts its own thread).
   */
  async previous(place: TurnPlace, opts: { since?: number; limit?: number } = {}): Promise<string[]> {
    await this.ready;
    const limit = opts.limit ?? TURNS_READ;
    const rows =
      opts.since === undefined
        ? await this.db.query<{ question: string }>(
            "SELECT question FROM conversation_turns WHERE conversation = ? AND thread = ? AND user_id = ? ORDER BY id DESC LIMIT ?",
            [place.conversation, place.thread, place.userId, limit],
          )
        : await this.db.query<{ question: string }>(
            "SELECT question FROM conversation_turns WHERE conversation = ? AND user_id = ? AND created_at >= ? ORDER BY id DESC LIMIT ?",
            [place.conversation, place.userId, opts.since, limit],
          );
    return rows.map((r) => r.question).reverse();
  }

  /** Whether this person asked in this thread before (then they may follow up there without a mention). */
  async hasAsked(place: TurnPlace): Promise<boolean> {
    await this.ready;
    const rows = await this.db.query("SELECT 1 AS x FROM conversation_turns WHERE conversation = ? AND thread = ? AND user_id = ? LIMIT 1", [
      place.conversation,
      place.thread,
      place.userId,
    ]);
    return rows.length > 0;
  }
}
