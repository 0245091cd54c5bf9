/** The request guard in front of Bolt's receiver: which requests it refuses, and which it leaves to Bolt. */
import { describe, expect, it } from "vitest";
import { checkSlackRequest } from "../../src/slack/receiver.js";
import { slackSignature } from "../support/slack-signing.js";

const SECRET = "s3cret";
const NOW = 1_800_000_000_000;
const nowSec = Math.floor(NOW / 1000);

function request(body: string, opts: { contentType?: string; ts?: number; secret?: string | null } = {}) {
  const ts = opts.ts ?? nowSec;
  const headers: Record<string, string> = { "content-type": opts.contentType ?? "application/json" };
  if (opts.secret !== null) {
    headers["x-slack-request-timestamp"] = String(ts);
    headers["x-slack-signature"] = slackSignature(opts.secret ?? SECRET, ts, body);
  }
  return { headers, rawBody: Buffer.from(body) };
}

describe("checkSlackRequest", () => {
  it("passes signed objects (events, forms, interactivity payloads) and Slack's unsigned ssl_check to Bolt", () => {
    expect(checkSlackRequest(request('{"type":"event_callback","event":{}}'), SECRET, NOW)).toEqual({ ok: true });
    expect(checkSlackRequest(request("command=%2Fprereview&user_id=U1", { contentType: "application/x-www-form-urlencoded" }), SECRET, NOW)).toEqual({ ok: true });
    expect(checkSlackRequest(request(`payload=${encodeURIComponent('{"type":"block_actions"}')}`, { contentType: "application/x-www-form-urlencoded" }), SECRET, NOW)).toEqual({ ok: true });
    expect(checkSlackRequest(request("ssl_check=1&token=x", { contentType: "application/x-www-form-urlencoded", secret: null }), SECRET, NOW)).toEqual({ ok: true });
  });

  it("leaves bodies that do not parse to Bolt (it answers 401 unsigned, 400 malformed)", () => {
    expect(checkSlackRequest(request("{not json"), SECRET, NOW)).toEqual({ ok: true });
  });

  it("refuses signed bodies that are not objects with 400, and the same bodies unsigned with 401", () => {
    for (const [body, contentType] of [
      ["null", "application/json"],
      ["payload=null", "application/x-www-form-urlencoded"],
      ["[1,2]", "application/json"],
      ["7", "application/json"],
      ["payload=%22x%22", "application/x-www-form-urlencoded"],
    ] as const) {
      expect(checkSlackRequest(request(body, { contentType }), SECRET, NOW), body).toMatchObject({ ok: false, status: 400 });
      expect(checkSlackRequest(request(body, { contentType, secret: "wrong" }), SECRET, NOW), body).toMatchObject({ ok: false, status: 401 });
    }
  });

  it("refuses timestamps more than 5 minutes ahead, keeps those within the window", () => {
    expect(checkSlackRequest(request("{}", { ts: nowSec + 301 }), SECRET, NOW)).toMatchObject({ ok: false, status: 401 });
    expect(checkSlackRequest(request("{}", { ts: nowSec + 300 }), SECRET, NOW)).toEqual({ ok: true });
    expect(checkSlackRequest(request("{}", { ts: nowSec - 299 }), SECRET, NOW)).toEqual({ ok: true });
  });
});
