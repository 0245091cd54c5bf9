/**
 * The Slack tables on both stores: two replicas (two database handles on the same database) racing for the same
 * event id — exactly one wins; conversation turns (who asked in a thread, their earlier questions), feedback, cards,
 * drafts, whole answers and shared files' fields survive a reopen.
 * PostgreSQL runs when DATABASE_URL is set or 127.0.0.1:5432 answers (a fresh schema per run).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/store/index.js";
import { SlackStore } from "../../src/slack/store.js";
import { ConversationStore } from "../../src/store/conversations.js";

const PG_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function pgReachable(): Promise<string | null> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    await c.query("SELECT 1");
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const pgProblem = await pgReachable();
if (pgProblem) console.warn(`PostgreSQL tests skipped: ${PG_URL} not reachable (${pgProblem})`);
const schema = `slack_t_${process.pid}_${Date.now().toString(36)}`;

const stores: { name: string; skip: boolean; open: () => Promise<Database> }[] = [];
const sqliteDir = mkdtempSync(path.join(tmpdir(), "zhice-slack-store-"));
stores.push({ name: "sqlite", skip: false, open: () => openDatabase({ dataDir: sqliteDir, databaseUrl: undefined }) });
stores.push({ name: "postgres", skip: !!pgProblem, open: () => openDatabase({ dataDir: sqliteDir, databaseUrl: PG_URL }, { pgSchema: schema }) });

const opened: Database[] = [];
afterAll(async () => {
  for (const db of opened) await db.close().catch(() => undefined);
  if (!pgProblem) {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
});

for (const s of stores) {
  describe.skipIf(s.skip)(`Slack store on ${s.name}`, () => {
    it("lets exactly one of two replicas take an event, however many deliveries race", async () => {
      const [a, b] = [await s.open(), await s.open()];
      opened.push(a, b);
      const [ra, rb] = [await SlackStore.open(a), await SlackStore.open(b)];
      const id = `Ev${s.name}${Date.now()}`;
      const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? ra : rb).claimEvent(id)));
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await ra.claimEvent(`${id}-other`)).toBe(true);
    });

    it("remembers conversation turns, feedback, cards and drafts across a reopen", async () => {
      const db = await s.open();
      opened.push(db);
      const st = await SlackStore.open(db);
      const turns = new ConversationStore(db);
      const place = { conversation: "slack:C1", thread: "111.222", userId: "U1" };
      for (const q of ["q1", "q2", "q3", "q4"]) await turns.record(place, q);
      await turns.record({ ...place, userId: "U2" }, "colleague");
      await turns.record({ ...place, thread: "333.444" }, "elsewhere", Date.now() - 3_600_000);
      const answerId = await st.recordAnswer({ channel: "C1", threadTs: "111.222", userId: "U1", question: "q", verdict: "allowed", abstained: false, citations: [] });
      expect(await st.recordFeedback(answerId, "U1", "helpful")).toBe(true);
      expect(await st.recordFeedback("nope", "U1", "helpful")).toBe(false);
      await st.saveCard({ channel: "D1", ts: "1.1", proposalId: "P1", stepIndex: 0, userId: "U2", kind: "approver" });
      const draft = await st.saveDraft("U1", { title: "t" }, { outcome: "ready", checks: [] });
      expect(await st.claimDraft(draft, "pending")).toBe(true);
      expect(await st.claimDraft(draft, "pending")).toBe(false);

      const again = await SlackStore.open(await s.open().then((d) => (opened.push(d), d)));
      const turnsAgain = new ConversationStore(opened.at(-1)!);
      expect(await turnsAgain.hasAsked(place)).toBe(true);
      expect(await turnsAgain.hasAsked({ ...place, userId: "U3" })).toBe(false);
      expect(await turnsAgain.hasAsked({ ...place, thread: "999.000" })).toBe(false);
      // the asker's last three questions in the thread, oldest first; not a colleague's, not another thread's
      expect(await turnsAgain.previous(place)).toEqual(["q2", "q3", "q4"]);
      // across the conversation since a time (top-level DMs): the old turn elsewhere is left out
      expect(await turnsAgain.previous(place, { since: Date.now() - 60_000, limit: 10 })).toEqual(["q1", "q2", "q3", "q4"]);
      expect(await again.feedbackFor(answerId)).toEqual([{ userId: "U1", kind: "helpful" }]);
      expect(await again.openCards("P1", 0)).toHaveLength(1);
      await again.settleCard("D1", "1.1");
      expect(await again.openCards("P1", 0)).toHaveLength(0);
      expect((await again.draft(draft))!.proposal).toEqual({ title: "t" });
    });

    it("keeps a private answer whole for its Share button, and a shared file's fields for its form, across a reopen", async () => {
      const st = await SlackStore.open(await s.open().then((d) => (opened.push(d), d)));
      const answer = { q: "能否？", lang: "zh", verdict: "prohibited", abstained: false, answer: "不可以……", citations: [], mode: "extractive" };
      const id = await st.recordAnswer({ channel: "C2", userId: "U1", question: "能否？", verdict: "prohibited", abstained: false, citations: [], answer });
      const plain = await st.recordAnswer({ channel: "C2", userId: "U1", question: "q", verdict: "info", abstained: false, citations: [] });
      const form = await st.saveFileForm("U1", "申报表.pdf", { title: "项目", budget: { amountYuan: 800000 } });
      const again = await SlackStore.open(await s.open().then((d) => (opened.push(d), d)));
      expect(await again.answerById(id)).toEqual({ id, channel: "C2", userId: "U1", question: "能否？", answer });
      expect((await again.answerById(plain))!.answer).toBeNull();
      expect(await again.answerById("nope")).toBeNull();
      expect(await again.fileForm(form)).toEqual({ id: form, userId: "U1", fileName: "申报表.pdf", proposal: { title: "项目", budget: { amountYuan: 800000 } } });
      expect(await again.fileForm("nope")).toBeNull();
    });
  });
}
