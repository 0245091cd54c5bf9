/**
 * The `npm start` contract in HTTP mode: with SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET (and SLACK_API_URL pointing at
 * the fake Web API) it ingests an empty data dir, listens on PORT at /slack/events, answers url_verification, refuses
 * unsigned requests, answers 400 to signed bodies that are not objects (and stays up), and answers a mention in its
 * thread; SIGTERM stops it cleanly.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startFakeSlackApi, type FakeSlackApi } from "../support/fake-slack-api.js";
import { eventBody, sendToSlackApp } from "../support/slack-signing.js";
import { SECRET, TOKEN } from "./harness.js";

const root = path.resolve(import.meta.dirname, "../..");

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

let child: ChildProcess | undefined;
let api: FakeSlackApi | undefined;
afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  await api?.close();
});

describe("npm start (HTTP mode)", () => {
  it("ingests, listens on PORT /slack/events, verifies signatures and answers in a thread", async () => {
    api = await startFakeSlackApi(TOKEN);
    const port = await freePort();
    const dataDir = mkdtempSync(path.join(tmpdir(), "zhice-start-"));
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SLACK_") && !k.startsWith("ZHICE_") && k !== "DATABASE_URL" && k !== "PORT"));
    child = spawn("npm", ["start", "--silent"], {
      cwd: root,
      env: { ...clean, ZHICE_DATA_DIR: dataDir, SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.url, PORT: String(port), ZHICE_LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group: a supervisor stops npm, sh and node together
    });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    child.stdout!.on("data", (d) => (stderr += d));
    const url = `http://127.0.0.1:${port}/slack/events`;
    await api.waitFor(() => /listening on :\d+/.test(stderr), `"listening" in ${stderr}`, 90_000);
    expect(stderr).toContain("导入知识库"); // the empty data dir was ingested first

    const challenge = await sendToSlackApp(url, { contentType: "application/json", body: JSON.stringify({ type: "url_verification", challenge: "abc123", token: "t" }) }, { secret: SECRET });
    expect(challenge.text).toContain("abc123");
    // a validly signed body that is not an object used to throw inside Bolt's receiver and take the process down
    expect((await sendToSlackApp(url, { contentType: "application/json", body: "null" }, { secret: SECRET })).status).toBe(400);
    expect((await sendToSlackApp(url, { contentType: "application/x-www-form-urlencoded", body: "payload=null" }, { secret: SECRET })).status).toBe(400);
    expect(child.exitCode).toBeNull();
    const ts = `${Math.floor(Date.now() / 1000)}.000100`;
    const post = eventBody({ type: "app_mention", user: "U_STAFF", text: "<@U_BOT> 政府购买服务可以购买劳务派遣吗？", ts, channel: "C_X", event_ts: ts });
    expect((await sendToSlackApp(url, post, { unsigned: true })).status).toBe(401);
    expect((await sendToSlackApp(url, post, { secret: SECRET })).status).toBe(200);
    const answer = await api.waitFor(() => api!.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts), "answer", 30_000);
    expect(JSON.stringify(answer.args.blocks)).toMatch(/《[^》]+》/);

    const closed = new Promise<void>((r) => child!.on("close", () => r()));
    process.kill(-child.pid!, "SIGTERM");
    await closed;
    expect(stderr).not.toMatch(/错误 \/ error/);
  }, 120_000);
});
