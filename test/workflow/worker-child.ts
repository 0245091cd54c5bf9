/**
 * A workflow process driven over stdin/stdout (one JSON command per line, one JSON reply per line), used by the
 * crash and multi-process tests: the parent kills it with SIGKILL between (or during) steps and starts another.
 * Env: WF_DATA_DIR (SQLite) or WF_PG_URL + WF_PG_SCHEMA (PostgreSQL); WF_NOTE_DELAY_MS slows notifications.
 */
import readline from "node:readline";
import { openDatabase } from "../../src/store/index.js";
import { createWorkflowService } from "../../src/workflow/service.js";
import { ROUTING, simplePrereview } from "./fixtures.js";
import { TEST_AUDIT_KEY } from "./harness.js";
import { openAuditTrust } from "../../src/audit/index.js";

const db = await openDatabase(
  { dataDir: process.env.WF_DATA_DIR ?? ".", databaseUrl: process.env.WF_PG_URL || undefined },
  { pgSchema: process.env.WF_PG_SCHEMA || undefined },
);
let now = Date.now();
const audit = await openAuditTrust({ dataDir: process.env.WF_DATA_DIR ?? ".", auditKey: TEST_AUDIT_KEY, production: false }, db);
const wf = createWorkflowService({ db, audit, routing: ROUTING, prereview: simplePrereview, now: () => new Date(now), workerId: `child-${process.pid}` });
const delay = Number(process.env.WF_NOTE_DELAY_MS ?? 0);
const say = (o: unknown) => process.stdout.write(JSON.stringify(o) + "\n");
wf.onNotify(async (n) => {
  say({ note: n.kind, proposalId: n.proposalId, id: n.id });
  if (delay) await new Promise((r) => setTimeout(r, delay));
});

type Cmd =
  | { op: "setNow"; now: number }
  | { op: "submit"; proposal: unknown; actor: string }
  | { op: "decide"; id: string; action: string; actor: string; reason?: string; expectedSeq?: number }
  | { op: "decideMany"; id: string; actors: string[]; expectedSeq?: number }
  | { op: "show"; id: string }
  | { op: "runDueJobs" }
  | { op: "deliverPending"; at: number }
  | { op: "exit" };

say({ ready: true, pid: process.pid });
const rl = readline.createInterface({ input: process.stdin });
for await (const line of rl) {
  if (!line.trim()) continue;
  const cmd = JSON.parse(line) as Cmd;
  try {
    switch (cmd.op) {
      case "setNow":
        now = cmd.now;
        say({ ok: true });
        break;
      case "submit":
        say({ result: await wf.submit(cmd.proposal, cmd.actor) });
        break;
      case "decide":
        say({ result: await wf.decide(cmd.id, cmd.action, cmd.actor, { reason: cmd.reason, expectedSeq: cmd.expectedSeq }) });
        break;
      case "decideMany":
        say({ results: await Promise.all(cmd.actors.map((a) => wf.decide(cmd.id, "approve", a, { expectedSeq: cmd.expectedSeq }))) });
        break;
      case "show":
        say({ result: await wf.show(cmd.id) });
        break;
      case "runDueJobs":
        say({ result: await wf.runDueJobs() });
        break;
      case "deliverPending":
        say({ result: await wf.deliverPendingNotifications(new Date(cmd.at)) });
        break;
      case "exit":
        await wf.close();
        say({ bye: true });
        process.exit(0);
    }
  } catch (e) {
    say({ error: (e as Error).message });
  }
}
