/** Shared files are fetched with the bot token; the token must never leave Slack. */
import { describe, expect, it } from "vitest";
import { mayCarryToken } from "../../src/slack/files/download.js";

describe("shared file downloads", () => {
  it("send the bot token only to Slack's hosts or the configured Web API host", () => {
    expect(mayCarryToken("https://files.slack.com/files-pri/T1-F1/download/a.pdf", "https://slack.com/api/")).toBe(true);
    expect(mayCarryToken("https://files.slack-gov.com/files-pri/T1-F1/a.pdf", "https://slack-gov.com/api/")).toBe(true);
    expect(mayCarryToken("http://127.0.0.1:4000/files-pri/x", "http://127.0.0.1:4000/api/")).toBe(true);
    expect(mayCarryToken("https://evil.example/files.slack.com/a.pdf", "https://slack.com/api/")).toBe(false);
    expect(mayCarryToken("https://files.slack.com.evil.example/a.pdf", "https://slack.com/api/")).toBe(false);
    expect(mayCarryToken("http://files.slack.com/a.pdf", "https://slack.com/api/")).toBe(false);
  });
});
