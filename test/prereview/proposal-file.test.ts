/** Reading a proposal file: clear errors for a missing file, an empty file, and a JSON syntax error with its place. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readProposalFile } from "../../src/prereview/proposal-file.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "zhice-proposal-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function error(file: string) {
  const r = readProposalFile(file);
  if (r.ok) throw new Error("expected an error");
  return r.error;
}

describe("readProposalFile", () => {
  it("says 找不到文件 / file not found for a missing file", () => {
    const file = path.join(dir, "missing.json");
    const e = error(file);
    expect(e.messageZh).toBe(`找不到文件：${file}`);
    expect(e.messageEn).toBe(`file not found: ${file}`);
  });

  it("names the line and column of a JSON syntax error", () => {
    const file = path.join(dir, "broken.json");
    writeFileSync(file, '{\n  "title": "社区养老",\n  "service": "助餐",,\n}\n');
    const e = error(file);
    expect(e.messageZh).toContain("不是有效的 JSON");
    expect(e.messageZh).toMatch(/第 3 行第 \d+ 列/);
    expect(e.messageEn).toMatch(/line 3, column \d+/);
  });

  it("says an empty file is empty, and reads a valid file (with a BOM)", () => {
    const empty = path.join(dir, "empty.json");
    writeFileSync(empty, "  \n");
    expect(error(empty).messageZh).toContain("文件为空");
    const ok = path.join(dir, "ok.json");
    writeFileSync(ok, '\uFEFF{"title": "x"}');
    expect(readProposalFile(ok)).toEqual({ ok: true, json: { title: "x" } });
  });
});
