import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config.js";
import { progressLine } from "../../src/cli/ingest.js";

const tsx = path.join(projectRoot, "node_modules/.bin/tsx");
const main = path.join(projectRoot, "src/cli/main.ts");
let work: string;

function zhice(args: string[]) {
  const r = spawnSync(tsx, [main, ...args], { cwd: work, encoding: "utf8", env: { ...process.env, ZHICE_DATA_DIR: "", DATABASE_URL: "" } }); // SQLite in the given data dir
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "zhice-cli-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("zhice ingest", () => {
  it("ingests knowledge/ by default and prints a bilingual summary; a second run finds nothing changed", () => {
    const dataDir = path.join(work, "d1");
    const r = zhice(["ingest", "--data-dir", dataDir]);
    expect(r.code).toBe(0);
    const m = /已导入 (\d+) 个文件，新增 (\d+) \/ 更新 0 \/ 未变 0 \/ 失败 0；共 (\d+) 份文件 \d+ 条条款 \/ ingested \d+ files/.exec(r.stdout);
    expect(m).not.toBeNull();
    const n = Number(m![1]);
    expect(n).toBeGreaterThanOrEqual(7);
    expect(Number(m![2])).toBe(n);
    expect(r.stderr).not.toMatch(/\[█/); // no progress bar when stderr is not a terminal
    const again = zhice(["ingest", path.join(projectRoot, "knowledge"), `--data-dir=${dataDir}`]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`新增 0 / 更新 0 / 未变 ${n} / 失败 0`);
  }, 60_000);

  it("exits 0 when some files fail (listing them on stderr), non-zero when nothing could be ingested", () => {
    const dataDir = path.join(work, "d2");
    const mixed = zhice(["ingest", path.join(projectRoot, "test/fixtures/notices-other"), "--data-dir", dataDir]);
    expect(mixed.code).toBe(0);
    expect(mixed.stderr).toMatch(/导入失败 \/ failed: .*empty\.txt — 文件为空 \/ file is empty/);
    expect(mixed.stderr).toMatch(/broken\.docx/);
    const empty = path.join(work, "empty.txt");
    writeFileSync(empty, "");
    const none = zhice(["ingest", empty, "--data-dir", path.join(work, "d3")]);
    expect(none.code).not.toBe(0);
    expect(none.stdout).toContain("失败 1");
  }, 60_000);

  it("fails with a clear message for a path that does not exist", () => {
    const r = zhice(["ingest", path.join(work, "missing-dir"), "--data-dir", path.join(work, "d4")]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/路径不存在 \/ path does not exist: .*missing-dir/);
  }, 60_000);

  it("draws a bounded progress bar", () => {
    expect(progressLine(3, 6, "a.txt", 10)).toBe("[█████░░░░░] 3/6 a.txt");
    expect(progressLine(6, 6, "x".repeat(60), 4)).toMatch(/^\[████\] 6\/6 …x{39}$/);
  });
});
