/**
 * Titles and reasons printed by the CLI and the local mode carry no terminal control sequences: a proposal titled
 * with colour codes, a window-title OSC, a screen clear or a carriage-return overwrite prints as plain text.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { Core } from "../../src/core.js";
import { runLocal } from "../../src/local/terminal.js";
import { forTerminal } from "../../src/text/terminal.js";

const HOSTILE = "养老\x1b[31m服务\x1b[0m项目\x1b]0;owned\x07\x1b[2J\x1b[H\rAPPROVED\u009b31m\u202e反转\u202c\x1b]8;;http://x.example\x1b\\link\x1b]8;;\x1b\\";
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

describe("forTerminal", () => {
  it("removes escape and control sequences, keeps the text, newlines, tabs and Chinese", () => {
    expect(forTerminal(HOSTILE)).toBe("养老服务项目APPROVED反转link");
    expect(forTerminal("一、总则\n\t（一）适用范围 👍")).toBe("一、总则\n\t（一）适用范围 👍");
  });
});

describe("local mode", () => {
  it("prints a hostile title and reason without control sequences", async () => {
    const core = {
      knowledge: {},
      prereview: async () => ({
        outcome: "ready_with_warnings",
        checks: [{ id: "prohibited_matters", status: "warn", message: `理由${HOSTILE}`, citations: [] }],
      }),
      workflow: { onNotify: () => () => undefined },
    } as unknown as Pick<Core, "knowledge" | "prereview" | "workflow">;
    const dir = mkdtempSync(path.join(os.tmpdir(), "zhice-term-"));
    const file = path.join(dir, "p.json");
    const base = JSON.parse(readFileSync("test/fixtures/proposals/DP01.json", "utf8")) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...base, title: HOSTILE }));
    const input = new PassThrough();
    const output = new PassThrough();
    let out = "";
    output.on("data", (d) => (out += d));
    input.end(`/prereview ${file}\n/quit\n`);
    await runLocal(core, { input, output });
    rmSync(dir, { recursive: true, force: true });
    expect(out).toContain("项目预审 / Pre-review：养老服务项目APPROVED反转link");
    expect(out).toContain("理由养老服务项目APPROVED反转");
    expect(out).not.toMatch(CONTROL);
  });
});

describe("zhice CLI", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "zhice-term-cli-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("prints a readable pre-review of a hostile title as plain text; --json keeps the data", async () => {
    const base = JSON.parse(readFileSync("test/fixtures/proposals/DP01.json", "utf8")) as Record<string, unknown>;
    const file = path.join(dataDir, "hostile.json");
    writeFileSync(file, JSON.stringify({ ...base, title: HOSTILE }));
    const run = (...args: string[]) =>
      promisify(execFile)("node", ["--import", "tsx", "src/cli/main.ts", ...args], {
        // the clause store follows DATABASE_URL: this data dir keeps its own (SQLite), not a database other tests share
        env: { ...process.env, ZHICE_LLM_BASE_URL: "", DATABASE_URL: "" },
        maxBuffer: 10 * 1024 * 1024,
      });
    const text = await run("prereview", file, "--data-dir", dataDir);
    expect(text.stdout).toContain("项目预审 / Pre-review：养老服务项目APPROVED反转link");
    expect(text.stdout + text.stderr).not.toMatch(CONTROL);
    const json = await run("prereview", "--json", file, "--data-dir", dataDir);
    expect(() => JSON.parse(json.stdout)).not.toThrow();
  });
});
