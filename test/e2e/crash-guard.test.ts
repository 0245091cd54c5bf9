/**
 * The process-level guard of the Slack modes: an unhandled rejection or an uncaught exception is logged and the process
 * keeps running (it would otherwise exit). Run in a child process, as `npm start` runs, since it is about process exit.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

describe("keepServingOnUncaughtErrors", () => {
  it("logs an unhandled rejection and an uncaught exception, and the process keeps running", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "zhice-crash-"));
    const script = path.join(dir, "crash.ts");
    writeFileSync(
      script,
      [
        `import { keepServingOnUncaughtErrors } from ${JSON.stringify(path.join(root, "src/slack/receiver.ts"))};`,
        `keepServingOnUncaughtErrors({ error: (msg: string, e: unknown) => console.error("LOGGED", msg, String(e)) });`,
        `void Promise.reject(new Error("boom-rejection"));`,
        `setTimeout(() => { throw new Error("boom-exception"); }, 10);`,
        `setTimeout(() => console.log("still serving"), 300);`,
      ].join("\n"),
    );
    const r = spawnSync(path.join(root, "node_modules/.bin/tsx"), [script], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(r.stdout).toContain("still serving");
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/LOGGED .*unhandled rejection.*boom-rejection/);
    expect(r.stderr).toMatch(/LOGGED .*uncaught exception.*boom-exception/);
  }, 60_000);
});
