/**
 * Generalisation to notices in other shapes (a 第X条 regulation, a labelled city notice, Markdown, HTML, .docx, .pdf
 * from test/fixtures/notices-other/): ingest them next to knowledge/ with the CLI, then evaluate questions written
 * against them (test/fixtures/qa-other-notices.jsonl).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "zhice-other-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function zhice(args: string[]) {
  const r = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), [path.join(root, "src", "cli", "main.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmp, ZHICE_DATA_DIR: path.join(tmp, "data") },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

it("answers questions about newly ingested notices of other shapes", () => {
  const ingest = zhice(["ingest", "knowledge", "test/fixtures/notices-other"]);
  // broken/empty fixtures are reported, the rest ingest.
  expect(ingest.stderr + ingest.stdout).toMatch(/条款|clauses/);
  const r = zhice(["eval", "test/fixtures/qa-other-notices.jsonl"]);
  expect(r.code, r.stderr).toBe(0);
  const last = r.stdout.trim().split("\n").slice(-10);
  const recall = last.find((l) => l.startsWith("recall@1/@3"))!.match(/([\d.]+) \/ ([\d.]+)/);
  const num = (re: RegExp) => Number(last.find((l) => re.test(l))?.match(/([\d.]+)\s*$/)?.[1]);
  expect(Number(recall![2])).toBeGreaterThanOrEqual(0.85);
  // This set was written together with the per-shape verdict patches that are gone; the answer layer is now measured
  // and calibrated on bench/sets (written blind). Here it must stay a working answer over unseen document shapes.
  expect(num(/verdict accuracy/)).toBeGreaterThanOrEqual(0.75);
  expect(num(/answered in scope/)).toBeGreaterThanOrEqual(0.8);
  expect(num(/dangerous verdicts/)).toBe(0);
  expect(num(/out-of-scope abstention/)).toBeGreaterThanOrEqual(0.5);
});
