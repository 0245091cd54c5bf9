/**
 * `zhice manifest --url https://host`: the manifest an HTTP-mode admin pastes, with every request URL filled in —
 * events, interactivity and each slash command the manifest lists — and Socket Mode off.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { manifestWithUrls } from "../../src/slack/manifest-urls.js";

const root = path.resolve(import.meta.dirname, "../..");
const manifest = JSON.parse(readFileSync(path.join(root, "manifest.json"), "utf8"));

function zhice(...args: string[]) {
  const r = spawnSync("npm", ["run", "-s", "zhice", "--", ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("zhice manifest --url", () => {
  it("prints the manifest with the events, interactivity and every slash command URL filled in, Socket Mode off", () => {
    const r = zhice("manifest", "--url", "https://zhice.example.gov.cn/");
    expect(r.code, r.err).toBe(0);
    const m = JSON.parse(r.out);
    const url = "https://zhice.example.gov.cn/slack/events";
    expect(m.settings.event_subscriptions.request_url).toBe(url);
    expect(m.settings.interactivity).toMatchObject({ is_enabled: true, request_url: url });
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(m.features.slash_commands.length).toBe(manifest.features.slash_commands.length);
    for (const c of m.features.slash_commands) expect(c.url).toBe(url);
    // everything else is the manifest as it is
    expect(m.settings.event_subscriptions.bot_events).toEqual(manifest.settings.event_subscriptions.bot_events);
    expect(m.oauth_config).toEqual(manifest.oauth_config);
    expect(m.features.shortcuts).toEqual(manifest.features.shortcuts);
    expect(JSON.parse(readFileSync(path.join(root, "manifest.json"), "utf8"))).toEqual(manifest); // the file is not changed
  });

  it("without --url prints manifest.json as it is (Socket Mode)", () => {
    const r = zhice("manifest");
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual(manifest);
  });

  it("refuses what Slack would refuse, in one bilingual line and the usage", () => {
    const http = zhice("manifest", "--url", "http://zhice.example.gov.cn");
    expect(http.code).toBe(2);
    expect(http.err.split("\n")[0]).toBe("Slack 只接受 https 请求地址：http://zhice.example.gov.cn / Slack only accepts https request URLs: http://zhice.example.gov.cn");
    const junk = zhice("manifest", "--url", "zhice");
    expect(junk.code).toBe(2);
    expect(junk.err).toMatch(/^不是有效的网址：zhice.* \/ not a valid URL: zhice/);
  });

  it("fills a URL for whatever commands the manifest lists, behind a path prefix too; a file can be given", () => {
    const more = structuredClone(manifest);
    more.features.slash_commands.push({ command: "/zhice", description: "知策", should_escape: true });
    const dir = mkdtempSync(path.join(tmpdir(), "zhice-manifest-"));
    writeFileSync(path.join(dir, "m.json"), JSON.stringify(more));
    const r = zhice("manifest", "--url", "https://gw.example.gov.cn/zhice", "--file", path.join(dir, "m.json"));
    expect(r.code, r.err).toBe(0);
    const m = JSON.parse(r.out);
    expect(m.features.slash_commands.map((c: { command: string; url: string }) => [c.command, c.url])).toEqual([
      ...manifest.features.slash_commands.map((c: { command: string }) => [c.command, "https://gw.example.gov.cn/zhice/slack/events"]),
      ["/zhice", "https://gw.example.gov.cn/zhice/slack/events"],
    ]);
    // a manifest without interactivity or events still gets both (the app needs them in HTTP mode)
    expect(manifestWithUrls({ features: {} }, "https://h").settings).toMatchObject({ event_subscriptions: { request_url: "https://h/slack/events" }, interactivity: { request_url: "https://h/slack/events" } });
  });
});
