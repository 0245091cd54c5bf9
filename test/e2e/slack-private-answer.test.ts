/**
 * `/zhice 问题` over real HTTP: the answer is shown only to the asker (through the command's response_url) with
 * 「分享到频道」 and 「仅自己可见」; Share posts it in the channel saying who asked and removes the private copy, also
 * where the bot is not a member; Keep removes the buttons; nobody else can share it.
 */
import { describe, expect, it } from "vitest";
import { KEEP_ACTION, SHARE_ACTION } from "../../src/slack/blocks/private-answer.js";
import { slackTs, useRig } from "./harness.js";

const rig = useRig();

/** Ask with /zhice and return the private answer posted to the response_url. */
async function askPrivately(user: string, channel: string, text: string) {
  const before = rig.api.responses.length;
  const r = await rig.command({ command: "/zhice", text, user_id: user, channel_id: channel, trigger_id: "trig.zhice" });
  expect(r.status).toBe(200);
  return rig.api.waitFor(() => rig.api.responses.slice(before).find((c) => c.user === user), "private answer");
}

/** A click on a button of an ephemeral message, as Slack sends it. */
function ephemeralClick(user: string, channel: string, actionId: string, value: string) {
  return {
    type: "block_actions",
    user: { id: user, username: user.toLowerCase(), team_id: "T_TEST" },
    trigger_id: `trig.${Math.random().toString(36).slice(2)}`,
    container: { type: "message", channel_id: channel, message_ts: slackTs(), is_ephemeral: true },
    channel: { id: channel, name: "policy" },
    actions: [{ type: "button", action_id: actionId, block_id: "share", value, action_ts: String(Date.now() / 1000) }],
  };
}

const buttonValue = (blocks: any[], actionId: string): string =>
  blocks.flatMap((b) => (b.type === "actions" ? b.elements : [])).find((e: any) => e.action_id === actionId)?.value;

describe("/zhice: private first, then share", () => {
  it("answers only the asker, with Share and Keep, and posts nothing in the channel", async () => {
    const posts = rig.api.callsTo("chat.postMessage").length;
    const reply = await askPrivately("U_STAFF", "C_POLICY", "能否以劳务派遣方式用工？");
    expect(reply.args.response_type).toBe("ephemeral");
    expect(JSON.stringify(reply.args.blocks)).toContain("不可以");
    expect(buttonValue(reply.args.blocks, SHARE_ACTION)).toBeTruthy();
    expect(buttonValue(reply.args.blocks, KEEP_ACTION)).toBeTruthy();
    expect(rig.api.callsTo("chat.postMessage").length).toBe(posts);
  });

  it("Share posts the answer in the channel as asked by the asker, with feedback buttons, and removes the private copy", async () => {
    const reply = await askPrivately("U_STAFF", "C_POLICY", "合同期限最长几年？");
    const id = buttonValue(reply.args.blocks, SHARE_ACTION);
    const responses = rig.api.responses.length;
    await rig.interact(ephemeralClick("U_STAFF", "C_POLICY", SHARE_ACTION, id));
    const post = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.channel === "C_POLICY" && JSON.stringify(c.args.blocks).includes("合同期限最长几年")), "shared answer");
    expect(JSON.stringify(post.args.blocks[0])).toContain("<@U_STAFF> 提问");
    expect(JSON.stringify(post.args.blocks)).toContain("feedback_buttons");
    await rig.api.waitFor(() => rig.api.responses.slice(responses).find((c) => c.args.delete_original === true), "private copy removed");
    expect(rig.api.rejected).toEqual([]);
  });

  it("shares through the response_url where the bot is not a member of the channel", async () => {
    rig.api.outsideChannels.add("C_OUTSIDE");
    const reply = await askPrivately("U_STAFF", "C_OUTSIDE", "预算未安排的事项可以开展政府购买服务吗？");
    const responses = rig.api.responses.length;
    await rig.interact(ephemeralClick("U_STAFF", "C_OUTSIDE", SHARE_ACTION, buttonValue(reply.args.blocks, SHARE_ACTION)));
    const shared = await rig.api.waitFor(() => rig.api.responses.slice(responses).find((c) => c.args.response_type === "in_channel"), "shared in channel");
    expect(JSON.stringify(shared.args.blocks)).toContain("<@U_STAFF> 提问");
    await rig.api.waitFor(() => rig.api.responses.slice(responses).find((c) => c.args.delete_original === true), "private copy removed");
  });

  it("Keep removes the buttons and keeps the answer private; someone else cannot share it", async () => {
    const reply = await askPrivately("U_STAFF", "C_POLICY", "劳务派遣可以购买吗？");
    const id = buttonValue(reply.args.blocks, KEEP_ACTION);
    const posts = rig.api.callsTo("chat.postMessage").length;
    const ephemerals = rig.api.callsTo("chat.postEphemeral").length;
    await rig.interact(ephemeralClick("U_OTHER", "C_POLICY", SHARE_ACTION, id));
    const refusal = await rig.api.waitFor(() => rig.api.callsTo("chat.postEphemeral").slice(ephemerals).find((c) => c.args.user === "U_OTHER"), "refusal");
    expect(refusal.args.text).toContain("只有提问人可以分享");
    const responses = rig.api.responses.length;
    await rig.interact(ephemeralClick("U_STAFF", "C_POLICY", KEEP_ACTION, id));
    const kept = await rig.api.waitFor(() => rig.api.responses.slice(responses).find((c) => c.args.replace_original === true), "kept");
    expect(JSON.stringify(kept.args.blocks)).toContain("不可以");
    expect(buttonValue(kept.args.blocks, SHARE_ACTION)).toBeUndefined();
    expect(rig.api.callsTo("chat.postMessage").length).toBe(posts);
  });

  it("explains itself when typed without a question", async () => {
    const reply = await askPrivately("U_STAFF", "C_POLICY", "");
    expect(reply.args.text).toContain("/zhice");
    expect(reply.args.text).toContain("Share");
  });
});
