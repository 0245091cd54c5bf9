/**
 * One knowledge base for every replica: a replica process answering questions, and an admin's import / retire run
 * through another process (the CLI) on the same store. The replica answers from the new notice on its next question
 * without a restart, reloads by itself (PostgreSQL: LISTEN/NOTIFY with polling off; SQLite: polling), and stops citing
 * a retired notice. The repeal pair is a test fixture (test/fixtures/repeal-pair), not real notices.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config.js";
import { ingestPaths } from "../../src/ingest/ingest.js";
import { PG_URL, STORES, makeStore, runZhice, type StoreHandle } from "../workflow/harness.js";

class Replica {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly reloads: number[] = [];
  private replies: Record<string, unknown>[] = [];
  private wake: (() => void)[] = [];
  constructor(store: StoreHandle, pollMs: number) {
    this.proc = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "test/knowledge/replica-child.ts")], {
      cwd: projectRoot,
      env: { ...process.env, KB_DATA_DIR: store.dataDir, KB_PG_URL: store.kind === "postgres" ? PG_URL : "", KB_PG_SCHEMA: store.pgSchema ?? "", KB_POLL_MS: String(pollMs) },
    });
    this.proc.stderr.on("data", () => undefined);
    readline.createInterface({ input: this.proc.stdout }).on("line", (l) => {
      const o = JSON.parse(l) as Record<string, unknown>;
      if (typeof o.reloaded === "number") this.reloads.push(o.reloaded);
      else this.replies.push(o);
      this.wake.splice(0).forEach((w) => w());
    });
  }
  /** Waits (at most timeoutMs, a guard against a hung child, not a speed check) until cond holds. */
  async until(cond: () => boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error("replica did not get there");
      await new Promise<void>((r) => (this.wake.push(r), setTimeout(r, 100)));
    }
  }
  async next(): Promise<Record<string, unknown>> {
    await this.until(() => this.replies.length > 0);
    return this.replies.shift()!;
  }
  async ask(q: string): Promise<string[]> {
    this.proc.stdin.write(JSON.stringify({ ask: q }) + "\n");
    return (await this.next()).cited as string[];
  }
  stop() {
    this.proc.kill("SIGKILL");
  }
}

const PAIR = path.join(projectRoot, "test/fixtures/repeal-pair");
const Q = "机关食堂餐饮服务可以通过政府购买服务购买吗？";
const Q_TERM = "某市政府购买服务合同履行期限一般不超过几年？";

describe.each(STORES)("replicas on %s", (kind) => {
  let store: StoreHandle;
  let replica: Replica;

  beforeAll(async () => {
    store = await makeStore(kind);
    await ingestPaths([path.join(projectRoot, "knowledge/caizong-2022-51.txt"), path.join(projectRoot, "knowledge/001_19c781b9b76556cf.txt")], {
      dataDir: store.dataDir, databaseUrl: kind === "postgres" ? PG_URL : undefined, pgSchema: store.pgSchema,
    });
    // PostgreSQL: notifications only (polling off), so a reload proves LISTEN/NOTIFY; SQLite has no notifications: polling
    replica = new Replica(store, kind === "postgres" ? 0 : 200);
    await replica.next();
  });
  afterAll(async () => {
    replica?.stop();
    await store?.cleanup();
  });

  it("an import through another process is answered by the running replica without a restart", async () => {
    expect(await replica.ask(Q)).not.toContain("interim-measures-2014");
    const r = runZhice(store, {}, "ingest", path.join(PAIR, "interim-measures-2014.txt"), "--as", "U_ADMIN");
    expect(r.code, r.err).toBe(0);
    await replica.until(() => replica.reloads.length >= 1); // by itself, before anyone asks
    expect(await replica.ask(Q)).toContain("interim-measures-2014");
  });

  it("a retire through another process stops the replica citing the notice", async () => {
    const seen = replica.reloads.length;
    const r = runZhice(store, {}, "ingest", path.join(PAIR, "measures-2025.txt"));
    expect(r.code, r.err).toBe(0);
    await replica.until(() => replica.reloads.length > seen); // by itself (NOTIFY / polling)
    expect(await replica.ask(Q_TERM)).toContain("measures-2025");
    expect(runZhice(store, {}, "kb", "retire", "measures-2025", "--reason", "测试", "--as", "U_ADMIN").code).toBe(0);
    // the very next answer leaves it out, whether or not the replica's indexes have been rebuilt yet
    expect(await replica.ask(Q_TERM)).not.toContain("measures-2025");
  });
});
