/**
 * Several processes on one store: crash (SIGKILL between and during steps, then restart) and replicas (two
 * processes deciding and scheduling at once). Each child is test/workflow/worker-child.ts run with tsx.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyAudit } from "../../src/audit/index.js";
import { repository, type Database } from "../../src/store/index.js";
import { PG_URL, STORES, makeStore, proposal, trustFor, type StoreHandle } from "./harness.js";
import { projectRoot } from "../../src/config.js";

class Child {
  readonly proc: ChildProcessWithoutNullStreams;
  private lines: string[] = [];
  private waiters: (() => void)[] = [];
  readonly notes: { note: string; proposalId: string; id: number }[] = [];
  constructor(store: StoreHandle, env: Record<string, string> = {}) {
    this.proc = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "test/workflow/worker-child.ts")], {
      cwd: projectRoot,
      env: {
        ...process.env,
        WF_DATA_DIR: store.dataDir,
        WF_PG_URL: store.kind === "postgres" ? PG_URL : "",
        WF_PG_SCHEMA: store.pgSchema ?? "",
        ...env,
      },
    });
    this.proc.stderr.on("data", () => undefined);
    readline.createInterface({ input: this.proc.stdout }).on("line", (l) => {
      const o = JSON.parse(l) as { note?: string; proposalId?: string };
      if (o.note) this.notes.push(o as { note: string; proposalId: string; id: number });
      else this.lines.push(l);
      this.waiters.splice(0).forEach((w) => w());
    });
  }
  async next<T = Record<string, unknown>>(timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.length === 0) {
      if (Date.now() > deadline) throw new Error("child did not answer");
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
    return JSON.parse(this.lines.shift()!) as T;
  }
  async ready() {
    await this.next(60_000);
    return this;
  }
  async send<T = { result: any }>(cmd: Record<string, unknown>): Promise<T> {
    this.proc.stdin.write(JSON.stringify(cmd) + "\n");
    const r = await this.next<T & { error?: string }>();
    if (r.error) throw new Error(r.error);
    return r;
  }
  kill() {
    this.proc.kill("SIGKILL");
    return new Promise<void>((r) => (this.proc.exitCode !== null || this.proc.signalCode !== null ? r() : this.proc.once("exit", () => r())));
  }
}

const T0 = Date.parse("2026-03-02T01:00:00Z");
const MIN = 60_000;

describe.each(STORES)("processes on %s", (kind) => {
  let store: StoreHandle;
  let db: Database;
  const children: Child[] = [];
  const child = async (env?: Record<string, string>) => {
    const c = new Child(store, env);
    children.push(c);
    return c.ready();
  };
  beforeEach(async () => {
    store = await makeStore(kind);
    db = await store.open();
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => c.kill()));
    await db.close();
    await store.cleanup();
  });

  it("crash: SIGKILL between steps loses nothing; the due reminder fires exactly once after restarts", async () => {
    const a = await child();
    await a.send({ op: "setNow", now: T0 });
    const { result: sub } = await a.send({ op: "submit", proposal: proposal(), actor: "U_CLERK" });
    expect(sub.state).toBe("pending");
    expect((await a.send({ op: "decide", id: sub.id, action: "approve", actor: "U_REV1" })).result).toMatchObject({ ok: true, step: { index: 1 } });
    await a.kill();

    const b = await child();
    const shown = (await b.send({ op: "show", id: sub.id })).result;
    expect(shown).toMatchObject({ state: "pending", step: { index: 1, name: "分管领导", decided: [] } });
    expect(shown.history.map((h: { type: string }) => h.type)).toEqual(["submit", "approve", "step_completed"]);
    await b.send({ op: "setNow", now: T0 + 61 * MIN });
    const fired = (await b.send({ op: "runDueJobs" })).result;
    expect(fired.fired.map((f: { kind: string }) => f.kind)).toEqual(["reminder"]);
    await b.kill();

    const c = await child();
    await c.send({ op: "setNow", now: T0 + 61 * MIN });
    expect((await c.send({ op: "runDueJobs" })).result.fired).toEqual([]);
    expect((await c.send({ op: "decide", id: sub.id, action: "approve", actor: "U_HEAD" })).result).toMatchObject({ ok: true, state: "pending" });
    expect((await c.send({ op: "decide", id: sub.id, action: "approve", actor: "U_DEPUTY" })).result).toMatchObject({ ok: true, state: "approved" });

    const audit = await repository.readAudit(db, { proposalId: sub.id });
    expect(audit.filter((r) => r.kind === "reminder")).toHaveLength(1);
    expect(await verifyAudit(db, await trustFor(store, db))).toMatchObject({ ok: true });
  });

  it("crash during a scheduler run: after restart every due job has fired exactly once", async () => {
    const a = await child();
    await a.send({ op: "setNow", now: T0 });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await a.send({ op: "submit", proposal: proposal({ amountYuan: 1000 }), actor: `U_CLERK${i}` })).result.id);
    await a.kill();

    // Slow notifications: the child is killed while it works through the due jobs.
    const b = await child({ WF_NOTE_DELAY_MS: "40" });
    await b.send({ op: "setNow", now: T0 + 1000 * MIN });
    b.proc.stdin.write(JSON.stringify({ op: "runDueJobs" }) + "\n");
    while (b.notes.length < 5) await new Promise((r) => setTimeout(r, 10));
    await b.kill();
    const partial = (await repository.listJobs(db)).filter((j) => j.doneAt !== null).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(24);

    const c = await child();
    await c.send({ op: "setNow", now: T0 + 1000 * MIN });
    await c.send({ op: "runDueJobs" });
    // Notifications the killed process committed but had not delivered are delivered by the next one (after the lease).
    await c.send({ op: "deliverPending", at: Date.now() + 2 * MIN });
    const outbox = await db.query<{ id: number; delivered_at: number | null }>("SELECT id, delivered_at FROM notification_outbox");
    expect(outbox.every((o) => o.delivered_at !== null)).toBe(true);
    const seen = new Set([...a.notes, ...b.notes, ...c.notes].map((n) => n.id));
    expect(outbox.map((o) => Number(o.id)).filter((i) => !seen.has(i))).toEqual([]);
    const jobs = await repository.listJobs(db);
    expect(jobs).toHaveLength(24);
    expect(jobs.every((j) => j.outcome === "fired")).toBe(true);
    const audit = await repository.readAudit(db);
    for (const id of ids) {
      expect(audit.filter((r) => r.proposalId === id && r.kind === "reminder")).toHaveLength(1);
      expect(audit.filter((r) => r.proposalId === id && r.kind === "escalation")).toHaveLength(1);
    }
    expect(await verifyAudit(db, await trustFor(store, db))).toMatchObject({ ok: true });
  });

  it("two replicas: 50 concurrent approve attempts → one transition, 49 refusals", async () => {
    const [a, b] = await Promise.all([child(), child()]);
    const { result: sub } = await a.send({ op: "submit", proposal: proposal(), actor: "U_CLERK" });
    const actors = Array.from({ length: 25 }, (_, i) => (i % 2 ? "U_REV1" : "U_REV2"));
    const [ra, rb] = await Promise.all([
      a.send<{ results: { ok: boolean; code?: string }[] }>({ op: "decideMany", id: sub.id, actors }),
      b.send<{ results: { ok: boolean; code?: string }[] }>({ op: "decideMany", id: sub.id, actors, expectedSeq: sub.seq }),
    ]);
    const all = [...ra.results, ...rb.results];
    expect(all.filter((r) => r.ok)).toHaveLength(1);
    expect(all.filter((r) => !r.ok).map((r) => r.code)).toEqual(Array(49).fill("already_decided"));
    const audit = await repository.readAudit(db, { proposalId: sub.id });
    expect(audit.filter((r) => r.kind === "approve")).toHaveLength(1);
    expect(audit.filter((r) => r.kind === "refused")).toHaveLength(49);
    expect(await verifyAudit(db, await trustFor(store, db))).toMatchObject({ ok: true });
  });

  it("two replicas running the scheduler at once never fire the same job twice", async () => {
    const [a, b] = await Promise.all([child(), child()]);
    await a.send({ op: "setNow", now: T0 });
    for (let i = 0; i < 15; i++) await a.send({ op: "submit", proposal: proposal({ amountYuan: 1000 }), actor: `U_C${i}` });
    await Promise.all([a.send({ op: "setNow", now: T0 + 1000 * MIN }), b.send({ op: "setNow", now: T0 + 1000 * MIN })]);
    const [fa, fb] = await Promise.all([a.send({ op: "runDueJobs" }), b.send({ op: "runDueJobs" })]);
    const ids = [...fa.result.fired, ...fb.result.fired].map((f: { jobId: number }) => f.jobId);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    const audit = await repository.readAudit(db);
    expect(audit.filter((r) => r.kind === "reminder" || r.kind === "escalation")).toHaveLength(30);
  });

  it("a replica deciding while another runs the scheduler: no errors, every job closed exactly once", async () => {
    const [a, b] = await Promise.all([child(), child()]);
    await a.send({ op: "setNow", now: T0 });
    const ids: string[] = [];
    for (let i = 0; i < 15; i++) ids.push((await a.send({ op: "submit", proposal: proposal({ amountYuan: 1000 }), actor: `U_C${i}` })).result.id);
    await Promise.all([a.send({ op: "setNow", now: T0 + 1000 * MIN }), b.send({ op: "setNow", now: T0 + 1000 * MIN })]);
    const [fired, decisions] = await Promise.all([
      a.send({ op: "runDueJobs" }),
      Promise.all(ids.map((id) => b.send({ op: "decide", id, action: "approve", actor: "U_REV1" }))),
    ]);
    expect(decisions.every((d) => d.result.ok)).toBe(true);
    const jobs = await repository.listJobs(db);
    expect(jobs.every((j) => j.doneAt !== null)).toBe(true);
    const audit = await repository.readAudit(db);
    const firedAudit = audit.filter((r) => r.kind === "reminder" || r.kind === "escalation");
    expect(firedAudit).toHaveLength(fired.result.fired.length);
    expect(jobs.filter((j) => j.outcome === "fired")).toHaveLength(fired.result.fired.length);
    expect(await verifyAudit(db, await trustFor(store, db))).toMatchObject({ ok: true });
  });
});
