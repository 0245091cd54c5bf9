/**
 * `npm start` with a setting it cannot use stops before doing anything: one bilingual line on stderr, exit 2,
 * no stack trace (an unwritable data dir, a data dir that is a file, an invalid routing file, a database emptied
 * after it was initialised, production without an audit key).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config.js";
import { openDatabase } from "../../src/store/index.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "zhice-start-"));
afterAll(() => {
  try {
    chmodSync(path.join(tmp, "locked"), 0o700);
  } catch {
    /* not created */
  }
  rmSync(tmp, { recursive: true, force: true });
});

function start(env: Record<string, string>) {
  const clean: NodeJS.ProcessEnv = { ...process.env, ZHICE_DATA_DIR: path.join(tmp, "data"), ...env };
  for (const k of ["DATABASE_URL", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "ZHICE_AUDIT_KEY", "NODE_ENV"]) if (!(k in env)) delete clean[k];
  const r = spawnSync("npm", ["start", "--silent"], { cwd: projectRoot, env: clean, encoding: "utf8", timeout: 60_000, input: "" });
  return { code: r.status, err: r.stderr.trim() };
}

function expectOneLine(r: { code: number | null; err: string }, pattern: RegExp) {
  expect(r.code, r.err).toBe(2);
  expect(r.err.split("\n")).toHaveLength(1);
  expect(r.err).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
  expect(r.err).toMatch(pattern);
  expect(r.err).not.toMatch(/\bat .*:\d+:\d+/);
}

describe("npm start refuses unusable settings with one line and exit 2", () => {
  it("a data dir that is a file", () => {
    const file = path.join(tmp, "not-a-dir");
    writeFileSync(file, "x");
    expectOneLine(start({ ZHICE_DATA_DIR: file }), /the data dir .*not-a-dir is a file, not a directory/);
  });

  it("an unwritable data dir", () => {
    const locked = path.join(tmp, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    // Permissions do not stop root: there, a directory in the kernel's /sys (where nothing can be created) stands in.
    const dir = process.getuid?.() === 0 ? "/sys/zhice-data" : path.join(locked, "data");
    expectOneLine(start({ ZHICE_DATA_DIR: dir }), /the data dir .* is not writable/);
  });

  it("an invalid routing file", () => {
    const bad = path.join(tmp, "routing.json");
    writeFileSync(bad, JSON.stringify({ steps: [{ name: "a", mode: "most", approvers: ["A"] }], reminderAfterMinutes: 1, escalateAfterMinutes: 2 }));
    expectOneLine(start({ ZHICE_ROUTING_FILE: bad }), /invalid routing file .*routing\.json: steps\[0\]\.mode: .* \/ mode must be "any" or "all"/);
  });

  it("a database emptied to 0 bytes after it was initialised (nothing is ingested first)", async () => {
    const dataDir = path.join(tmp, "emptied");
    await (await openDatabase({ dataDir, databaseUrl: undefined })).close();
    truncateSync(path.join(dataDir, "zhice.db"), 0);
    for (const side of ["-wal", "-shm"]) rmSync(path.join(dataDir, "zhice.db") + side, { force: true });
    expectOneLine(start({ ZHICE_DATA_DIR: dataDir }), /the database .*zhice\.db is empty \(0 bytes\).*restore .* from a backup/);
    expect(existsSync(path.join(dataDir, "kb"))).toBe(false);
  });

  it("production mode without ZHICE_AUDIT_KEY", () => {
    expectOneLine(start({ NODE_ENV: "production" }), /ZHICE_AUDIT_KEY .* is required in production mode/);
  });
});
