/**
 * Local mode: `npm start` without Slack tokens, driven through piped stdin like a newcomer would type — a question,
 * a pre-review from a file, a submission, acting as an approver; plus the session's field-by-field form and refusals.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createCore, type Core } from "../../src/core.js";
import { LocalSession } from "../../src/local/session.js";

const root = path.resolve(import.meta.dirname, "../..");

function runStart(input: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SLACK_") && !k.startsWith("ZHICE_") && k !== "DATABASE_URL"));
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["start", "--silent"], { cwd: root, env: { ...clean, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("npm start in local mode (piped stdin)", () => {
  it("answers a question, pre-reviews a file, submits it and lets an approver act", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "zhice-local-"));
    const lines = [
      "能否通过政府购买服务方式以劳务派遣方式用工？",
      `/prereview ${path.join(root, "test/fixtures/proposals/DP01.json")}`,
      "/submit",
      "/approve NOPE-1",
      "/as U_FIN_REVIEWER",
      "/inbox",
      "帮助",
      "/prereview",
      "某项目",
      "/cancel",
      "/quit",
    ];
    const r = await runStart(lines.join("\n") + "\n", { ZHICE_DATA_DIR: dataDir });
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toContain("本地模式");
    expect(out).toContain("不可以");
    expect(out).toMatch(/《[^》]+》/);
    expect(out).toContain("禁止性事项");
    expect(out).toMatch(/已提交审批 \/ submitted: (\S+)，/);
    const id = /已提交审批 \/ submitted: (\S+)，/.exec(out)![1]!;
    expect(out).toContain("找不到项目 NOPE-1");
    expect(out).toContain("当前用户 / now acting as: U_FIN_REVIEWER");
    expect(out.slice(out.indexOf("now acting as"))).toContain(id);
    expect(out).toContain("再见 / bye");
    // A transcript: every piped line is echoed after its prompt (form questions included).
    expect(out).toContain("知策(U_STAFF)> /submit\n");
    expect(out).toContain("知策(U_FIN_REVIEWER)> /inbox\n");
    expect(out).toContain("项目名称 / title: 某项目\n");
    expect(out).toMatch(/知策\(U_FIN_REVIEWER\)> 帮助\n知策 本地模式 \/ zhice local mode — 命令/);
    // A refusal is printed once (no echo as a 📨 notification).
    expect(out.match(/找不到项目 NOPE-1/g)).toHaveLength(1);
  }, 120_000);
});

describe("local session", () => {
  let core: Core;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "zhice-local-s-"));
    core = await createCore(loadConfig({ ZHICE_DATA_DIR: dir } as NodeJS.ProcessEnv));
  }, 60_000);
  afterAll(async () => {
    await core?.close();
  });

  it("fills a proposal in field by field, names bad answers, and refuses self-approval", async () => {
    const s = new LocalSession(core, { user: "U_CLERK" });
    expect((await s.handle("/prereview")).output).toContain("逐项填写");
    const answers = ["社区居家养老上门服务项目", "为辖区80岁以上独居老人提供助餐、助洁服务", "某区民政局", "1", "80万", "是", "某社会工作服务中心", "1", "4A", "3", "1", "12", "否", "服务对象满意度不低于90%", "否"];
    for (const a of answers) expect((await s.handle(a)).output).toBe("");
    const done = await s.handle("否");
    expect(done.output).toContain("项目预审");
    const sub = await s.handle("/submit");
    const id = /submitted: (\S+)，/.exec(sub.output)![1]!;
    expect(sub.output).toContain("📨 → ");
    const self = await s.handle(`/approve ${id}`);
    expect(self.output).toContain("⛔");
    expect(self.output).toContain("提交人不能审批");
    const noReason = await s.handle(`/reject ${id}`);
    expect(noReason.output).toContain("⛔");
    await s.handle("/as U_FIN_REVIEWER");
    expect((await s.handle(`/reject ${id}`)).output).toContain("理由");
    const ok = await s.handle(`/changes ${id} 请补充绩效指标`);
    expect(ok.output).toContain("退回修改 / changes requested");
    expect((await s.handle(`/show ${id}`)).output).toContain("请补充绩效指标");
    s.close();
  });

  it("explains unreadable files and invalid proposals bilingually", async () => {
    const s = new LocalSession(core, { user: "U_CLERK", cwd: dir });
    expect((await s.handle("/prereview missing.json")).output).toContain("无法读取文件 / cannot read");
    writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ title: "x", budget: { amountYuan: -1, arranged: true } }));
    const bad = (await s.handle("/prereview bad.json")).output;
    expect(bad).toContain("budget.amountYuan");
    expect(bad).toContain("service");
    expect((await s.handle("/frobnicate")).output).toContain("未知命令 / unknown command");
    s.close();
  });
});
