/** `npm run -s zhice -- prereview …` as a user runs it: a real child process over a real data dir. */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const dataDir = mkdtempSync(path.join(os.tmpdir(), "zhice-prereview-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function zhice(...args: string[]) {
  try {
    const { stdout, stderr } = await run("node", ["--import", "tsx", "src/cli/main.ts", ...args], {
      cwd: process.cwd(),
      // the clause store follows DATABASE_URL: this data dir keeps its own (SQLite), not a database other tests share
        env: { ...process.env, ZHICE_LLM_BASE_URL: "", DATABASE_URL: "" },
      maxBuffer: 10 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("zhice prereview", () => {
  it("prints exactly the JSON contract with --json", async () => {
    const r = await zhice("prereview", "--json", "test/fixtures/proposals/DP02.json", "--data-dir", dataDir);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { outcome: string; checks: Record<string, unknown>[] };
    expect(Object.keys(out).sort()).toEqual(["checks", "outcome"]);
    expect(out.outcome).toBe("blocked");
    expect(out.checks).toHaveLength(8);
    for (const c of out.checks) {
      for (const key of Object.keys(c)) expect(["id", "status", "message", "citations", "trigger"]).toContain(key);
      for (const cit of c.citations as Record<string, unknown>[])
        expect(Object.keys(cit).sort()).toEqual(["clausePath", "docId", "docNo", "text", "title"]);
    }
    const pm = out.checks.find((c) => c.id === "prohibited_matters")!;
    expect(pm.status).toBe("fail");
    expect(String(pm.trigger)).toContain("劳务派遣");
  });

  it("prints a readable Chinese report without --json", async () => {
    const r = await zhice("prereview", "test/fixtures/proposals/DP04.json", "--data-dir", dataDir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("❌ 合同期限");
    expect(r.stdout).toContain("✅ 禁止性事项");
    expect(r.stdout).toMatch(/依据：《[^》]+》/);
    expect(r.stdout).toContain("不通过");
    // compact: a summary line, one line per passed item, no raw field names leading a trigger
    expect(r.stdout).toMatch(/结论：❌ 不通过（1 项不通过 · 0 项提示 · 6 项通过 · 1 项不适用）/);
    expect(r.stdout.trim().split("\n").length).toBeLessThanOrEqual(14);
    expect(r.stdout).toMatch(/触发：合同期限60个月/);
  });

  it("rejects an invalid proposal, naming every bad field in Chinese and English", async () => {
    const file = path.join(dataDir, "bad.json");
    writeFileSync(
      file,
      JSON.stringify({ title: "", service: "x", purchaser: { name: "某局", type: "bureau" }, budget: { amountYuan: -1, arranged: true }, contractor: { name: "c", type: "enterprise" }, procurementMethod: "public_tender", contractTermMonths: 12 }),
    );
    const r = await zhice("prereview", "--json", file, "--data-dir", dataDir);
    expect(r.code).not.toBe(0);
    for (const field of ["title", "purchaser.type", "budget.amountYuan"]) expect(r.stderr).toContain(field);
    expect(r.stderr).toContain("预算金额");
    expect(r.stderr).toContain("must be ≥ 0");
    expect(JSON.parse(r.stdout).errors).toHaveLength(3);
  });

  it("fails clearly on a missing file or usage error", async () => {
    const missing = await zhice("prereview", path.join(dataDir, "nope.json"), "--data-dir", dataDir);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("找不到文件");
    expect(missing.stderr).toContain(`file not found: ${path.join(dataDir, "nope.json")}`);
    expect(missing.stderr).not.toContain("ENOENT");
    const broken = path.join(dataDir, "broken.json");
    writeFileSync(broken, '{\n  "title": "x",\n  oops\n}\n');
    const bad = await zhice("prereview", broken, "--data-dir", dataDir);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("不是有效的 JSON");
    expect(bad.stderr).toContain("第 3 行第 3 列");
    expect(bad.stderr).toContain("line 3, column 3");
    const usage = await zhice("prereview");
    expect(usage.code).not.toBe(0);
    expect(usage.stderr).toContain("usage");
  });
});
