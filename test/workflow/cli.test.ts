/** CLI contract: `npm run -s zhice -- submit | proposals | decide | remind | audit` with a temp --data-dir. */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import pg from "pg";
import { projectRoot } from "../../src/config.js";
import { PG_URL, STORES, cliEnv, makeStore, proposal, runZhice, type StoreHandle } from "./harness.js";

vi.setConfig({ testTimeout: 180_000 });

describe.each(STORES)("workflow CLI on %s", (kind) => {
  let store: StoreHandle;
  let files: string;
  const zhice = (...args: string[]) => zhiceWith({}, ...args);
  const zhiceWith = (extraEnv: Record<string, string>, ...args: string[]) => runZhice(store, extraEnv, ...args);
  beforeAll(async () => {
    store = await makeStore(kind);
    files = mkdtempSync(path.join(os.tmpdir(), "zhice-cli-"));
  });
  afterAll(async () => {
    await store.cleanup();
  });
  const write = (name: string, body: unknown) => {
    const f = path.join(files, name);
    writeFileSync(f, JSON.stringify(body));
    return f;
  };

  let id = "";
  it("submit --json prints {id, state, checklist} and the proposal waits at step 1", () => {
    const r = zhice("submit", write("ok.json", { ...proposal({ amountYuan: 800000 }), id: "X1", expect: { outcome: "ready" } }), "--as", "U_CLERK", "--json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { id: string; state: string; checklist: { outcome: string; checks: { id: string; status: string; citations: unknown[] }[] } };
    expect(Object.keys(j).sort()).toEqual(["checklist", "id", "state"]);
    expect(j.state).toBe("pending");
    expect(j.checklist.checks.map((c) => c.id)).toContain("budget_arranged");
    id = j.id;
  });

  it("a blocked proposal gets state blocked, never enters approval, and exits non-zero", () => {
    const r = zhice("submit", write("blocked.json", proposal({ arranged: false })), "--as", "U_CLERK", "--json");
    expect(r.code).not.toBe(0);
    const j = JSON.parse(r.out) as { id: string; state: string; checklist: { outcome: string } };
    expect(j).toMatchObject({ state: "blocked", checklist: { outcome: "blocked" } });
    const show = JSON.parse(zhice("proposals", "show", j.id, "--json").out) as { state: string; step: unknown };
    expect(show).toMatchObject({ state: "blocked", step: null });
  });

  it("invalid proposal JSON exits non-zero naming every bad field in Chinese and English", () => {
    const r = zhice("submit", write("bad.json", { ...proposal(), budget: { amountYuan: -1, arranged: true }, contractTermMonths: "twelve" }), "--as", "U_CLERK");
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/budget\.amountYuan.*非负数.*\/ budget\.amountYuan must be ≥ 0/);
    expect(r.err).toMatch(/contractTermMonths.*\/ contractTermMonths/);
  });

  it("decide refusals: one line 中文 / English, non-zero exit, audited", () => {
    const own = zhice("decide", id, "approve", "--as", "U_CLERK");
    expect(own.code).not.toBe(0);
    expect(own.err.trim().split("\n")).toHaveLength(1);
    expect(own.err).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
    expect(zhice("decide", id, "approve", "--as", "U_NOBODY").code).not.toBe(0);
    const noReason = zhice("decide", id, "reject", "--as", "U_FIN_REVIEWER");
    expect(noReason.code).not.toBe(0);
    expect(noReason.err).toMatch(/理由.*reason/);
    const audit = JSON.parse(zhice("audit", "export", "--format", "json").out) as { kind: string; payload: { code?: string } }[];
    expect(audit.filter((a) => a.kind === "refused").map((a) => a.payload.code)).toEqual(["own_proposal", "not_approver", "reason_required"]);
  });

  it("decide applies: or-sign step, then both counter-signers; show --json follows the contract", () => {
    expect(zhice("decide", id, "approve", "--as", "U_FIN_REVIEWER2").code).toBe(0);
    const again = zhice("decide", id, "approve", "--as", "U_FIN_REVIEWER2");
    expect(again.code).not.toBe(0);
    expect(again.err).toMatch(/你已在第 1 步审批，当前在第 2 步（分管领导审批）等待他人 \/ you already approved step 1/);
    expect(zhice("remind", id, "--as", "U_CLERK").code).toBe(0);
    expect(zhice("remind", id, "--as", "U_FIN_HEAD").code).not.toBe(0);
    expect(zhice("decide", id, "approve", "--as", "U_FIN_HEAD").code).toBe(0);
    const show = JSON.parse(zhice("proposals", "show", id, "--json").out) as {
      id: string; state: string; step: { index: number; name: string; mode: string; approvers: string[]; decided: string[] };
      history: { type: string; actor: string; at: string; reason: string | null }[];
    };
    expect(show).toMatchObject({ id, state: "pending", step: { index: 1, name: "分管领导审批", mode: "all", approvers: ["U_FIN_HEAD", "U_FIN_DEPUTY"], decided: ["U_FIN_HEAD"] } });
    for (const h of show.history) expect(Object.keys(h)).toEqual(expect.arrayContaining(["type", "actor", "at", "reason"]));
    expect(show.history.map((h) => h.type)).toEqual(["submit", "approve", "step_completed", "remind", "approve"]);
    expect(zhice("decide", id, "transfer", "--as", "U_FIN_DEPUTY", "--to", "U_CLERK").code).not.toBe(0);
    expect(zhice("decide", id, "transfer", "--as", "U_FIN_DEPUTY", "--to", "U_FIN_DEPUTY2", "--reason", "休假").code).toBe(0);
    expect(zhice("decide", id, "request_changes", "--as", "U_FIN_DEPUTY2", "--reason", "补充绩效指标").code).toBe(0);
    expect(JSON.parse(zhice("proposals", "list", "--json").out).find((p: { id: string }) => p.id === id)).toMatchObject({ state: "changes_requested" });
    // the readable show: Beijing time and events in words, as the local mode and the refusals read
    const readable = zhice("proposals", "show", id);
    expect(readable.code).toBe(0);
    expect(readable.out).toContain("状态 / state: 退回修改 / changes requested");
    expect(readable.out).toMatch(/提交时间 \/ submitted: \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/);
    expect(readable.out).toMatch(/（北京时间） {2}U_FIN_DEPUTY {2}转交 \/ transferred → U_FIN_DEPUTY2：休假/);
    expect(readable.out).toMatch(/（北京时间） {2}U_FIN_DEPUTY2 {2}退回修改 \/ requested changes：补充绩效指标/);
    expect(readable.out).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|request_changes|step_completed/);
  });

  it("argument mistakes: an unknown option, an unsupported format, the top-level usage", () => {
    const bogus = zhice("decide", id, "approve", "--as", "U_X", "--bogus");
    expect(bogus.code).toBe(2);
    const [first, second] = bogus.err.trim().split("\n");
    expect(first).toBe("未知选项 --bogus / unknown option --bogus");
    expect(second).toMatch(/^用法 \/ usage: npm run -s zhice -- decide ID/);
    expect(bogus.err).not.toMatch(/To specify a positional|-- "--bogus"/);
    const noValue = zhice("remind", id, "--as");
    expect(noValue.code).toBe(2);
    expect(noValue.err.split("\n")[0]).toBe("选项 --as 缺少取值 / option --as needs a value");
    const xml = zhice("audit", "export", "--format", "xml");
    expect(xml.code).toBe(2);
    expect(xml.err.split("\n")[0]).toBe("不支持的导出格式 xml，支持：json、csv / unsupported export format xml; supported: json, csv");
    const help = zhice("help");
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^ {2}remind --due \[--json\] +触发到期的催办与升级/m);
  });

  it("audit verify passes, then fails naming the entry after a row is edited", async () => {
    const ok = zhice("audit", "verify");
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/audit chain intact/);
    const csv = zhice("audit", "export", "--format", "csv");
    expect(csv.out.split("\r\n")[0]).toBe("id,at,actor,kind,proposal_id,payload,prev_hash,hash");
    // Tamper as someone with raw database access would.
    if (kind === "sqlite") {
      const Database = (await import("better-sqlite3")).default;
      const db = new Database(path.join(store.dataDir, "zhice.db"));
      db.exec("DROP TRIGGER audit_log_no_update");
      db.prepare("UPDATE audit_log SET actor = 'U_MALLORY' WHERE id = 5").run();
      db.close();
    } else {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`ALTER TABLE ${store.pgSchema}.audit_log DISABLE TRIGGER audit_log_no_change`);
      await c.query(`UPDATE ${store.pgSchema}.audit_log SET actor = 'U_MALLORY' WHERE id = 5`);
      await c.end();
    }
    const bad = zhice("audit", "verify");
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/#5.*\/.*audit entry #5 was edited/);
  });

  it("remind --due fires due reminders and escalations once (cron without a long-running scheduler)", async () => {
    const routing = write("fast-routing.json", {
      steps: [{ name: "科室审核", mode: "any", approvers: ["U_R1"] }],
      reminderAfterMinutes: 0.001,
      escalateAfterMinutes: 0.002,
      escalateTo: ["U_DIR"],
    });
    const env = { ZHICE_ROUTING_FILE: routing };
    const sub = zhiceWith(env, "submit", write("fast.json", proposal({ amountYuan: 1000 })), "--as", "U_CLERK", "--json");
    expect(sub.code, sub.err).toBe(0);
    const pid = (JSON.parse(sub.out) as { id: string }).id;
    await new Promise((r) => setTimeout(r, 300));
    const first = zhiceWith(env, "remind", "--due");
    expect(first.code, first.err).toBe(0);
    // each fired job is named: the proposal, its title, the step and the kind
    expect(first.out).toContain(`  ${pid}「社区居家养老上门服务项目」 第 1 步 科室审核 / step 1 (科室审核): 催办 / reminder`);
    expect(first.out).toContain(`  ${pid}「社区居家养老上门服务项目」 第 1 步 科室审核 / step 1 (科室审核): 升级 / escalation`);
    const second = JSON.parse(zhiceWith(env, "remind", "--due", "--json").out) as { fired: { proposalId: string }[] };
    expect(second.fired.filter((f) => f.proposalId === pid)).toEqual([]);
    expect(zhiceWith(env, "decide", pid, "approve", "--as", "U_DIR").code).toBe(0);
  });

  it("submit --key: five identical runs at once make one proposal (a retried submit returns the first)", async () => {
    const file = write("idem.json", proposal({ amountYuan: 2000 }));
    const env = cliEnv(store);
    const runs = await Promise.all(
      Array.from({ length: 5 }, () =>
        new Promise<string>((resolve) => {
          const child = spawn("npm", ["run", "-s", "zhice", "--", "submit", file, "--as", "U_IDEM", "--key", "draft-7", "--json", "--data-dir", store.dataDir], { cwd: projectRoot, env });
          let out = "";
          child.stdout.on("data", (d: Buffer) => (out += d.toString()));
          child.on("close", () => resolve(out));
        }),
      ),
    );
    const got = runs.map((o) => (JSON.parse(o) as { id: string; state: string }));
    expect(new Set(got.map((g) => g.id)).size).toBe(1);
    expect(got[0].state).toBe("pending");
    const mine = (JSON.parse(zhice("proposals", "list", "--submitter", "U_IDEM", "--json").out) as { id: string }[]).map((p) => p.id);
    expect(mine).toEqual([got[0].id]);
  });

  it("an invalid routing file stops with a message naming the field", () => {
    const bad = write("bad-routing.json", { steps: [{ name: "a", mode: "most", approvers: ["A"] }], reminderAfterMinutes: 1, escalateAfterMinutes: 2 });
    const r = zhiceWith({ ZHICE_ROUTING_FILE: bad }, "proposals", "list");
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/steps\[0\]\.mode: .* \/ mode must be "any" or "all"/);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  });
});
