/**
 * The message shortcut 问知策 over real HTTP: a modal prefilled with the message's text (mentions turned back into
 * names), edited or not, and the answer posted in that message's thread; an emptied question is refused inline.
 */
import { describe, expect, it } from "vitest";
import { ASK_CALLBACK } from "../../src/slack/blocks/modals.js";
import { ASK_SHORTCUT } from "../../src/slack/listeners/shortcuts.js";
import { slackTs, textInput, useRig, viewSubmission } from "./harness.js";

const rig = useRig();

function messageShortcut(user: string, message: Record<string, unknown>) {
  return {
    type: "message_action",
    callback_id: ASK_SHORTCUT,
    trigger_id: `trig.${Math.random().toString(36).slice(2)}`,
    user: { id: user, username: user.toLowerCase(), team_id: "T_TEST" },
    channel: { id: "C_POLICY", name: "policy" },
    message: { type: "message", ...message },
    message_ts: message.ts,
  };
}

describe("问知策 (ask about this message)", () => {
  it("opens a modal with the message's text and answers in the message's thread", async () => {
    const ts = slackTs();
    const opened = rig.api.callsTo("views.open").length;
    const r = await rig.interact(messageShortcut("U_STAFF", { user: "U_OTHER", ts, text: "<@U0HEAD42> 我们打算用劳务派遣方式补充窗口人员，能走政府购买服务吗？" }));
    expect(r.status).toBe(200);
    const open = await rig.api.waitFor(() => rig.api.callsTo("views.open")[opened], "modal");
    const view = open.args.view;
    expect(view.callback_id).toBe(ASK_CALLBACK);
    const input = view.blocks.find((b: any) => b.block_id === "question");
    expect(input.element.initial_value).toBe("@U0HEAD42 我们打算用劳务派遣方式补充窗口人员，能走政府购买服务吗？");

    const sub = await rig.interact(viewSubmission({ user: "U_STAFF", callbackId: ASK_CALLBACK, values: { question: textInput(input.element.initial_value) }, privateMetadata: view.private_metadata }));
    expect(sub.status).toBe(200);
    const answer = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.channel === "C_POLICY" && c.args.thread_ts === ts), "answer in the thread");
    expect(JSON.stringify(answer.args.blocks)).toContain("不可以");
    expect(rig.api.rejected).toEqual([]);
  });

  it("answers in the thread a threaded message belongs to, and refuses an emptied question inline", async () => {
    const parent = slackTs();
    const ts = slackTs();
    const opened = rig.api.callsTo("views.open").length;
    await rig.interact(messageShortcut("U_STAFF", { user: "U_OTHER", ts, thread_ts: parent, text: "合同期限最长可以签几年？" }));
    const view = (await rig.api.waitFor(() => rig.api.callsTo("views.open")[opened], "modal")).args.view;
    const empty = await rig.interact(viewSubmission({ user: "U_STAFF", callbackId: ASK_CALLBACK, values: { question: textInput("  ") }, privateMetadata: view.private_metadata }));
    expect((empty.json as any).response_action).toBe("errors");
    expect((empty.json as any).errors.question).toContain("请输入问题");
    await rig.interact(viewSubmission({ user: "U_STAFF", callbackId: ASK_CALLBACK, values: { question: textInput("合同期限最长可以签几年？") }, privateMetadata: view.private_metadata }));
    const answer = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === parent), "answer in the parent thread");
    expect(JSON.stringify(answer.args.blocks)).toMatch(/《[^》]+》/);
  });
});
