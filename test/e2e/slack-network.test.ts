/**
 * Reaching Slack from a government network: `npm start` in Socket Mode with Slack out of reach prints one clear line
 * (cannot reach Slack, check the network or the proxy) instead of a minute of retry warnings; with HTTPS_PROXY /
 * HTTP_PROXY set, the Web API calls and the Socket Mode WebSocket both go through the proxy.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { connect, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { LogLevel } from "@slack/bolt";
import { afterAll, describe, expect, it } from "vitest";
import { SlackLogger, unreachableLine } from "../../src/slack/reachability.js";
import { startFakeSlackApi, type FakeSlackApi } from "../support/fake-slack-api.js";
import { TOKEN } from "./harness.js";

const root = path.resolve(import.meta.dirname, "../..");
const APP_TOKEN = "xapp-1-A_TEST-1-socket";
/** One data dir for both runs: the notices are ingested once. */
const dataDir = mkdtempSync(path.join(tmpdir(), "zhice-net-"));

const children: ChildProcess[] = [];
let api: FakeSlackApi | undefined;
let proxy: Server | undefined;
afterAll(async () => {
  for (const c of children)
    if (c.pid && c.exitCode === null)
      try {
        process.kill(-c.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
  await api?.close();
  await new Promise((r) => (proxy ? proxy.close(r) : r(null)));
});

function start(env: Record<string, string>) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(SLACK_|ZHICE_)/.test(k) && !/^(DATABASE_URL|PORT|https?_proxy|no_proxy)$/i.test(k)),
  );
  const child = spawn("npm", ["start", "--silent"], {
    cwd: root,
    env: { ...clean, ZHICE_DATA_DIR: dataDir, SLACK_BOT_TOKEN: TOKEN, SLACK_APP_TOKEN: APP_TOKEN, ZHICE_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  children.push(child);
  const out = { text: "" };
  child.stderr!.on("data", (d) => (out.text += d));
  child.stdout!.on("data", (d) => (out.text += d));
  const until = async (re: RegExp, what: string) => {
    for (let i = 0; i < 1800 && !re.test(out.text); i++) await new Promise((r) => setTimeout(r, 100));
    expect(out.text, `waiting for ${what}`).toMatch(re);
  };
  const stop = () => process.kill(-child.pid!, "SIGKILL");
  return { out, until, stop };
}

describe("the Slack app's logger", () => {
  it("lets the first connection failure through, then says once that Slack cannot be reached, until Slack answers", () => {
    const printed: string[] = [];
    const told: string[] = [];
    const log = new SlackLogger({ tell: (l) => told.push(l), apiUrl: "https://slack.com/api/", print: (_l, t) => printed.push(t) });
    log.setLevel(LogLevel.INFO);
    log.warn("http request failed", "fetch failed");
    log.error("Failed to retrieve a new WSS URL (error: Error: A request error occurred: fetch failed)");
    for (let i = 0; i < 30; i++) log.warn("http request failed", "fetch failed");
    log.warn("chat.postMessage: missing text"); // other warnings are not held back
    expect(printed).toEqual(["[WARN] zhice http request failed fetch failed", "[WARN] zhice chat.postMessage: missing text"]);
    expect(told).toEqual([unreachableLine("https://slack.com/api/", undefined)]);
    expect(told[0]).toBe(
      "⚠️ 无法连接 Slack（https://slack.com/api/）：请检查网络或代理设置（HTTPS_PROXY，未设置代理）；知策会在后台继续重试 / cannot reach Slack at https://slack.com/api/: check the network or the proxy settings (HTTPS_PROXY, no proxy set); zhice keeps retrying",
    );
    log.reachable();
    log.warn("http request failed", "fetch failed");
    log.warn("http request failed", "fetch failed");
    expect(told).toHaveLength(2);
  });
});

describe("npm start in Socket Mode", () => {
  it("with Slack out of reach: one clear line after the first failure, not a stream of retry warnings", async () => {
    // a "Slack" that drops every connection (as a firewall would), counting the attempts
    let attempts = 0;
    const dropper = createServer((s) => {
      attempts++;
      s.destroy();
    });
    await new Promise<void>((r) => dropper.listen(0, "127.0.0.1", r));
    const port = (dropper.address() as { port: number }).port;
    const run = start({ SLACK_API_URL: `http://127.0.0.1:${port}/api/` });
    await run.until(/无法连接 Slack/, "the unreachable line");
    const seen = attempts;
    // Bolt keeps retrying; none of the later failures is printed
    for (let i = 0; i < 600 && attempts < seen + 3; i++) await new Promise((r) => setTimeout(r, 100));
    expect(attempts).toBeGreaterThanOrEqual(seen + 3);
    run.stop();
    await new Promise((r) => dropper.close(r));
    const text = run.out.text;
    expect(text.match(/无法连接 Slack/g)).toHaveLength(1);
    expect(text).toContain(`cannot reach Slack at http://127.0.0.1:${port}/api/: check the network or the proxy settings (HTTPS_PROXY, no proxy set)`);
    expect((text.match(/http request failed|Failed to retrieve a new WSS URL/g) ?? []).length).toBeLessThanOrEqual(1);
    expect(text).not.toContain("已启动");
  }, 240_000);

  it("with HTTP(S)_PROXY set: the Web API calls and the Socket Mode WebSocket go through the proxy", async () => {
    api = await startFakeSlackApi(TOKEN, APP_TOKEN);
    const tunnels: string[] = [];
    proxy = createHttpServer((_req, res) => res.writeHead(405).end());
    proxy.on("connect", (req, client: Socket, head: Buffer) => {
      tunnels.push(req.url ?? "");
      const [host, p] = (req.url ?? "").split(":");
      const upstream = connect(Number(p), host, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy!.listen(0, "127.0.0.1", r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    const run = start({ SLACK_API_URL: api.url, HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl });
    await run.until(/zhice is running in Socket Mode/, "Socket Mode started");
    await api.waitFor(() => api!.socketConnections >= 1, "the WebSocket through the proxy");
    run.stop();
    const target = new URL(api.url).host;
    // apps.connections.open (a Web API call) and the WebSocket upgrade both tunnelled through the proxy
    expect(api.callsTo("apps.connections.open").length).toBeGreaterThanOrEqual(1);
    expect(tunnels.filter((t) => t === target).length).toBeGreaterThanOrEqual(2);
    expect(tunnels.every((t) => t === target)).toBe(true);
  }, 240_000);
});
