/**
 * When Slack refuses a call or a store call fails, over real HTTP into the real Bolt app with the stand-in Web API told
 * to fail: nothing is lost or doubled, and the user hears about it with a retry hint, never with raw exception text.
 *  - a checklist whose card update fails after the submit: one proposal, 「已提交 GP-…」, a second click submits nothing;
 *  - an LLM answer streamed as the model writes it, whose append (or stop, or start) fails: the started message is
 *    finished with the whole answer, no second copy is posted;
 *  - views.open refused after a command, a shortcut and a card button; the answer's postMessage refused; the Slack
 *    tables failing while answering; an ephemeral refused (the response_url is used instead).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SUBMIT_ACTION } from "../../src/slack/blocks/checklist.js";
import { PREREVIEW_CALLBACK } from "../../src/slack/blocks/modals.js";
import { PREREVIEW_SHORTCUT } from "../../src/slack/listeners/shortcuts.js";
import { SlackStore } from "../../src/slack/store.js";
import type { StoredMessage } from "../support/fake-slack-api.js";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai.js";
import { buttonClick, formValues, LLM_KEY, slackTs, startRig, textInput, viewSubmission, type Rig } from "./harness.js";

let rig: Rig;
beforeAll(async () => void (rig = await startRig()), 60_000);
afterAll(() => rig?.close());

const PROPOSAL = {
  title: "",
  service: "为辖区提供空气质量监测数据分析服务",
  purchaser: { name: "某区生态环境局", type: "administrative" as const },
  budget: { amountYuan: 120000, arranged: true },
  contractor: { name: "某环境科技有限公司", type: "enterprise" as const },
  procurementMethod: "public_tender" as const,
  contractTermMonths: 12,
  performanceTargets: "数据有效率不低于95%",
};

/** Everything the user was told privately: ephemerals, response_url posts and DMs that are plain text. */
const toldTo = (user: string) => [
  ...rig.api.callsTo("chat.postEphemeral").filter((c) => c.args.user === user).map((c) => String(c.args.text)),
  ...rig.api.responses.filter((c) => c.user === user).map((c) => String(c.args.text)),
  ...rig.api.callsTo("chat.postMessage").filter((c) => c.args.channel === user && !c.args.blocks).map((c) => String(c.args.text)),
];

/** A checklist DM with 提交审批 for a freshly pre-reviewed proposal. */
async function checklistFor(title: string): Promise<StoredMessage> {
  const r = await rig.interact(viewSubmission({ user: "U_STAFF", callbackId: PREREVIEW_CALLBACK, values: formValues({ title: textInput(title), "budget.amountYuan": textInput("300000") }) }));
  expect(r.status).toBe(200);
  return structuredClone(
    await rig.api.waitFor(() => rig.api.messages.find((m) => m.channel === "DU_STAFF" && JSON.stringify(m.blocks ?? []).includes(title) && JSON.stringify(m.blocks).includes(SUBMIT_ACTION)), "checklist"),
  );
}

async function clickSubmit(user: string, checklist: StoredMessage) {
  const btn = (checklist.blocks ?? []).flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === SUBMIT_ACTION);
  const r = await rig.interact(buttonClick({ user, actionId: SUBMIT_ACTION, value: btn.value, channel: checklist.channel, messageTs: checklist.ts }));
  expect(r.status).toBe(200);
}

const proposalsTitled = async (title: string) => (await rig.core.workflow.list({ submitter: "U_STAFF", limit: 1000 })).filter((p) => p.title === title);

describe("submitting from a checklist", () => {
  it("when the card update fails after the submit: one proposal, the user is told 已提交 with its id, a second click submits nothing", async () => {
    const title = "农民工技能培训项目（卡片更新失败）";
    const checklist = await checklistFor(title);
    rig.api.fail("chat.update", "internal_error", { when: (a) => a.ts === checklist.ts });
    await clickSubmit("U_STAFF", checklist);
    const told = await rig.api.waitFor(() => toldTo("U_STAFF").find((t) => t.includes("已提交 GP-")), "已提交 GP-…");
    const [proposal] = await proposalsTitled(title);
    expect(told).toContain(proposal!.id);
    expect(toldTo("U_STAFF").some((t) => t.includes("提交失败"))).toBe(false);

    // the checklist still shows 提交审批 (its update failed); a second click must not submit again
    const before = toldTo("U_STAFF").length;
    await clickSubmit("U_STAFF", checklist);
    const again = await rig.api.waitFor(() => toldTo("U_STAFF")[before], "second click answered");
    expect(again).toContain("Already submitted");
    expect(await proposalsTitled(title)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    const cards = rig.api.messages.filter((m) => m.channel === "DU_REVIEWER" && JSON.stringify(m.blocks ?? []).includes(proposal!.id));
    expect(cards).toHaveLength(1);
    expect(rig.api.injectedFailures.map((c) => c.method)).toContain("chat.update");
  });

  it("when the submit itself fails: a retry hint without the exception text, and the next click submits once", async () => {
    const title = "农民工技能培训项目（提交失败）";
    const checklist = await checklistFor(title);
    const spy = vi.spyOn(rig.core.workflow, "submit").mockRejectedValueOnce(new Error("SQLITE_BUSY: database is locked"));
    try {
      await clickSubmit("U_STAFF", checklist);
      const told = await rig.api.waitFor(() => toldTo("U_STAFF").find((t) => t.includes("提交失败")), "submit failure told");
      expect(told).toMatch(/请稍后再点.*again/);
      expect(told).not.toContain("SQLITE");
    } finally {
      spy.mockRestore();
    }
    await clickSubmit("U_STAFF", checklist);
    await rig.api.waitFor(() => !JSON.stringify(rig.api.message(checklist.channel, checklist.ts)!.blocks).includes(SUBMIT_ACTION), "checklist shows submitted");
    expect(await proposalsTitled(title)).toHaveLength(1);
  });

  it("when the ephemeral is refused, the refusal reaches the clicker through the response_url", async () => {
    const checklist = await checklistFor("农民工技能培训项目（临时消息失败）");
    rig.api.fail("chat.postEphemeral", "channel_not_found", { when: (a) => a.user === "U_NOSY" });
    await clickSubmit("U_NOSY", checklist);
    const r = await rig.api.waitFor(() => rig.api.responses.find((c) => String(c.args.text).includes("只有发起预审的人")), "refusal via response_url");
    expect(r.args.response_type).toBe("ephemeral");
    expect(r.args.replace_original).toBe(false);
  });
});

describe("modals Slack refuses to open", () => {
  it("after /prereview: the user is told where they typed it, with a retry hint", async () => {
    rig.api.fail("views.open", "expired_trigger_id");
    expect((await rig.command({ command: "/prereview", text: "", user_id: "U_CMD", channel_id: "C_POLICY", trigger_id: "trig.expired" })).status).toBe(200);
    const told = await rig.api.waitFor(() => toldTo("U_CMD")[0], "told after views.open failed");
    expect(told).toContain("表单没能打开");
    expect(told).toContain("try again");
  });

  it("after the global shortcut: a DM with a retry hint", async () => {
    rig.api.fail("views.open", "exchanged_trigger_id");
    await rig.interact({ type: "shortcut", callback_id: PREREVIEW_SHORTCUT, trigger_id: "trig.used", user: { id: "U_SHORT", username: "short", team_id: "T_TEST" }, action_ts: "1" });
    const dm = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.channel === "U_SHORT"), "DM");
    expect(dm.args.text).toContain("表单没能打开");
  });

  it("after a card's 驳回 button: the approver is told, and nothing is decided", async () => {
    const sub = await rig.core.workflow.submit({ ...PROPOSAL, title: "环境监测服务项目（弹窗失败）" }, "U_STAFF");
    const card = structuredClone(
      await rig.api.waitFor(() => rig.api.messages.find((m) => m.channel === "DU_REVIEWER" && JSON.stringify(m.blocks ?? []).includes(sub.id) && JSON.stringify(m.blocks).includes("wf:reject")), "card"),
    );
    const btn = (card.blocks ?? []).flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === "wf:reject");
    rig.api.fail("views.open", "expired_trigger_id");
    await rig.interact(buttonClick({ user: "U_REVIEWER", actionId: "wf:reject", value: btn.value, channel: card.channel, messageTs: card.ts }));
    const told = await rig.api.waitFor(() => toldTo("U_REVIEWER").find((t) => t.includes("表单没能打开")), "told");
    expect(told).toContain("try again");
    expect((await rig.core.workflow.show(sub.id))!.state).toBe("pending");
  });
});

const mention = (q: string, ts: string) => ({ type: "app_mention", user: "U_ASKER", text: `<@U_BOT> ${q}`, ts, channel: "C_POLICY", event_ts: ts });

describe("answers that cannot be delivered as planned", () => {
  it("when the answer's postMessage is refused, the asker gets an ephemeral retry hint in the thread", async () => {
    const ts = slackTs();
    rig.api.fail("chat.postMessage", "internal_error", { when: (a) => a.thread_ts === ts });
    await rig.event(mention("劳务派遣可以购买吗？", ts));
    const e = await rig.api.waitFor(() => rig.api.callsTo("chat.postEphemeral").find((c) => c.args.thread_ts === ts), "ephemeral in the thread");
    expect(e.args.user).toBe("U_ASKER");
    expect(e.args.text).toContain("回答没能发出");
    expect(e.args.text).toContain("ask again");
  });

  it("when the Slack tables fail while answering, the answer still arrives (without feedback buttons)", async () => {
    const spy = vi.spyOn(SlackStore.prototype, "recordAnswer").mockRejectedValueOnce(new Error("SQLITE_BUSY: database is locked"));
    try {
      const ts = slackTs();
      await rig.event(mention("购买主体有哪些？", ts));
      const post = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts), "answer");
      const s = JSON.stringify(post.args.blocks);
      expect(s).toMatch(/《[^》]+》/);
      expect(s).not.toContain("feedback_buttons");
      expect(s).not.toContain("SQLITE");
    } finally {
      spy.mockRestore();
    }
  });
});

describe("LLM answers streamed in the assistant container", () => {
  // The LLM stand-in answers every request with a long cited answer: its tokens are streamed as they arrive.
  const LLM_TEXT = `不可以。${"根据所引条款，购买主体不得将以劳务派遣方式用工纳入政府购买服务范围，也不得借政府购买服务名义变相用工。".repeat(8)}`;
  let llm: FakeOpenAI;
  let llmRig: Rig;
  beforeAll(async () => {
    llm = await startFakeOpenAI({ apiKey: LLM_KEY, fallback: { kind: "cite", which: "offered", verdict: "prohibited", answer: LLM_TEXT } });
    llmRig = await startRig({ llmBaseUrl: llm.baseUrl });
  }, 60_000);
  afterAll(async () => {
    await llmRig?.close();
    await llm?.close();
  });

  const ask = async (channel: string, q = "劳务派遣岗位能否纳入政府购买服务？") => {
    const thread = slackTs();
    const ts = slackTs();
    await llmRig.event({ type: "message", channel, channel_type: "im", user: "U_ASKER", text: q, ts, thread_ts: thread, event_ts: ts });
    return thread;
  };
  const inThread = (channel: string, thread: string) => llmRig.api.messages.filter((m) => m.channel === channel && m.thread_ts === thread);
  const streamed = (channel: string) => llmRig.api.calls.filter((c) => c.method === "chat.appendStream" && c.args.channel === channel).map((c) => JSON.stringify(c.args)).join("");

  it("streams the model's tokens as they come, then shows the whole checked answer in that one message", async () => {
    const thread = await ask("D_REF");
    const update = await llmRig.api.waitFor(() => llmRig.api.callsTo("chat.update").find((c) => c.args.channel === "D_REF"), "streamed message completed");
    expect(llmRig.api.callsTo("chat.startStream").some((c) => c.args.channel === "D_REF")).toBe(true);
    expect(streamed("D_REF")).toContain("劳务派遣方式用工"); // the model's own words arrived while it wrote
    expect(llmRig.api.callsTo("chat.stopStream").some((c) => c.args.channel === "D_REF")).toBe(true);
    const msgs = inThread("D_REF", thread);
    expect(msgs).toHaveLength(1);
    expect(update.args.ts).toBe(msgs[0]!.ts);
    expect(msgs[0]!.streaming).toBe(false);
    expect(JSON.stringify(msgs[0]!.blocks)).toMatch(/《[^》]+》/);
    expect(JSON.stringify(msgs[0]!.blocks)).toContain("feedback_buttons");
  });

  it("a channel mention's LLM answer streams in its thread too (recipient user and team given, as Slack requires outside DMs)", async () => {
    const ts = slackTs();
    await llmRig.event({ type: "app_mention", user: "U_ASKER", text: "<@U_BOT> 劳务派遣岗位能否纳入政府购买服务？", ts, channel: "C_LLM", event_ts: ts });
    await llmRig.api.waitFor(() => llmRig.api.callsTo("chat.update").find((c) => c.args.channel === "C_LLM"), "streamed answer completed");
    const start = llmRig.api.callsTo("chat.startStream").find((c) => c.args.channel === "C_LLM")!;
    expect(start.args.thread_ts).toBe(ts);
    expect(start.args.recipient_user_id).toBe("U_ASKER");
    expect(llmRig.api.messages.filter((m) => m.channel === "C_LLM" && m.thread_ts === ts)).toHaveLength(1);
  });

  it("when appendStream fails mid-way: the started message is finished with the whole answer, and no second copy is posted", async () => {
    llmRig.api.fail("chat.appendStream", "internal_error", { when: (a) => a.channel === "D_CUT" });
    const thread = await ask("D_CUT");
    await llmRig.api.waitFor(() => llmRig.api.callsTo("chat.update").find((c) => c.args.channel === "D_CUT"), "streamed message completed");
    await new Promise((r) => setTimeout(r, 300));
    const msgs = inThread("D_CUT", thread);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.streaming).toBe(false);
    expect(JSON.stringify(msgs[0]!.blocks)).toContain("feedback_buttons");
    expect(llmRig.api.injectedFailures.some((c) => c.method === "chat.appendStream" && c.args.channel === "D_CUT")).toBe(true);
  });

  it("when stopping fails too: the streamed message is replaced by the whole answer, still one message", async () => {
    llmRig.api.fail("chat.appendStream", "internal_error", { when: (a) => a.channel === "D_CUT2" });
    llmRig.api.fail("chat.stopStream", "internal_error", { when: (a) => a.channel === "D_CUT2", times: 5 });
    const thread = await ask("D_CUT2");
    const update = await llmRig.api.waitFor(() => llmRig.api.callsTo("chat.update").find((c) => c.args.channel === "D_CUT2"), "stream message updated");
    await new Promise((r) => setTimeout(r, 300));
    expect(inThread("D_CUT2", thread)).toHaveLength(1);
    expect(update.args.ts).toBe(inThread("D_CUT2", thread)[0]!.ts);
    expect(JSON.stringify(update.args.blocks)).toMatch(/《[^》]+》/);
  });

  it("when starting the stream fails: the answer is posted once as a plain message", async () => {
    llmRig.api.fail("chat.startStream", "internal_error", { when: (a) => a.channel === "D_NOSTART" });
    const thread = await ask("D_NOSTART");
    const post = await llmRig.api.waitFor(() => llmRig.api.callsTo("chat.postMessage").find((c) => c.args.channel === "D_NOSTART" && c.args.thread_ts === thread), "plain answer");
    await new Promise((r) => setTimeout(r, 300));
    expect(inThread("D_NOSTART", thread)).toHaveLength(1);
    expect(JSON.stringify(post.args.blocks)).toMatch(/《[^》]+》/);
  });

  it("leaves no call Slack would refuse for the app's own mistakes", () => {
    expect(llmRig.api.rejected).toEqual([]);
    expect(rig.api.rejected).toEqual([]);
  });
});
