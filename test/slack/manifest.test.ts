/** The manifest creates an app that has every scope, event and feature the listeners rely on. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PREREVIEW_COMMAND } from "../../src/slack/listeners/commands.js";
import { ASK_SHORTCUT, PREREVIEW_SHORTCUT } from "../../src/slack/listeners/shortcuts.js";
import { ASK_COMMAND } from "../../src/slack/private-answer.js";
import { KB_COMMAND } from "../../src/slack/listeners/knowledge.js";
import { SUGGESTED_PROMPTS } from "../../src/slack/prompts.js";

const manifest = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../manifest.json"), "utf8"));

describe("manifest.json", () => {
  it("requests the scopes and events the listeners use", () => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    for (const s of ["app_mentions:read", "chat:write", "im:history", "im:write", "files:read", "channels:history", "groups:history", "commands", "users:read", "assistant:write"]) expect(scopes).toContain(s);
    const events: string[] = manifest.settings.event_subscriptions.bot_events;
    for (const e of ["app_mention", "message.im", "message.channels", "app_home_opened"]) expect(events).toContain(e);
  });

  it("declares the slash commands, the global shortcut, interactivity, App Home, the agent view and socket mode", () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(expect.arrayContaining([PREREVIEW_COMMAND, ASK_COMMAND, KB_COMMAND]));
    expect(manifest.features.shortcuts).toContainEqual(expect.objectContaining({ type: "global", callback_id: PREREVIEW_SHORTCUT }));
    expect(manifest.features.shortcuts).toContainEqual(expect.objectContaining({ type: "message", callback_id: ASK_SHORTCUT }));
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    // agent_view is the AI experience new apps get; assistant_view (legacy) is not declared next to it
    expect(manifest.features.agent_view.agent_description).toBeTruthy();
    expect(manifest.features.assistant_view).toBeUndefined();
    // the manifest's prompts are the ones the Messages tab sets
    expect(manifest.features.agent_view.suggested_prompts).toEqual(SUGGESTED_PROMPTS);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    for (const s of manifest.features.shortcuts) expect(s.name.length).toBeLessThanOrEqual(24);
  });
});
