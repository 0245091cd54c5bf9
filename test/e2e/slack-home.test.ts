/**
 * App Home (staff: their proposals with status; approvers: their queue with the same buttons; counts), the global
 * shortcut, two replicas answering one event once, and answers without streaming.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PREREVIEW_SHORTCUT } from "../../src/slack/listeners/shortcuts.js";
import { eventBody, sendToSlackApp } from "../support/slack-signing.js";
import { SECRET, buttonClick, slackTs, startRig, type Rig } from "./harness.js";

let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ streaming: false });
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

const proposal = {
  title: "社区居家养老上门服务项目",
  service: "为辖区80岁以上独居老人提供助餐、助洁、康复护理等上门服务",
  purchaser: { name: "某区民政局", type: "administrative" },
  budget: { amountYuan: 200000, arranged: true },
  contractor: { name: "某社会工作服务中心", type: "social_organization", rating: "4A", inspectionYearsPassed: 3 },
  procurementMethod: "public_tender",
  contractTermMonths: 12,
  performanceTargets: "服务对象满意度不低于90%",
};

const homeOf = (user: string) => rig.api.callsTo("views.publish").filter((c) => c.args.user_id === user).at(-1);

describe("App Home", () => {
  it("shows staff their proposals and approvers their queue with decision buttons; acting from Home refreshes it", async () => {
    const sub = await rig.core.workflow.submit(proposal, "U_STAFF");
    expect(sub.state).toBe("pending");

    await rig.event({ type: "app_home_opened", user: "U_STAFF", channel: "D_STAFF", tab: "home", event_ts: slackTs() });
    const staff = await rig.api.waitFor(() => homeOf("U_STAFF"), "staff home");
    const s = JSON.stringify(staff.args.view);
    expect(s).toContain(sub.id);
    expect(s).toContain("审批中");
    expect(s).not.toContain("wf:approve");

    await rig.event({ type: "app_home_opened", user: "U_REVIEWER", channel: "D_REV", tab: "home", event_ts: slackTs() });
    const rev = await rig.api.waitFor(() => homeOf("U_REVIEWER"), "approver home");
    const blocks = rev.args.view.blocks as any[];
    const actions = blocks.find((b) => b.type === "actions" && b.elements.some((e: any) => e.action_id === "wf:approve"));
    expect(actions).toBeTruthy();
    expect(JSON.stringify(blocks)).toContain("待我审批");

    // approve from Home (no channel: Slack sends a view container)
    const before = rig.api.callsTo("views.publish").filter((c) => c.args.user_id === "U_REVIEWER").length;
    const approve = actions.elements.find((e: any) => e.action_id === "wf:approve");
    await rig.interact(buttonClick({ user: "U_REVIEWER", actionId: "wf:approve", value: approve.value, view: { id: "VHOME", type: "home" } }));
    await rig.api.waitFor(() => rig.api.callsTo("views.publish").filter((c) => c.args.user_id === "U_REVIEWER").length > before && !JSON.stringify(homeOf("U_REVIEWER")!.args.view).includes(sub.id), "home refreshed without the decided proposal");
    expect((await rig.core.workflow.show(sub.id))!.state).toBe("approved");

    // an unauthorised click from someone's Home: told by DM (no channel to be ephemeral in)
    await rig.interact(buttonClick({ user: "U_NOBODY", actionId: "wf:approve", value: approve.value, view: { id: "VHOME2", type: "home" } }));
    const dm = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.channel === "U_NOBODY"), "DM refusal");
    expect(dm.args.text).toContain("<@U_REVIEWER>");
  });

  it("the global shortcut opens the pre-review modal", async () => {
    const r = await rig.interact({ type: "shortcut", callback_id: PREREVIEW_SHORTCUT, trigger_id: "trig.shortcut", user: { id: "U_STAFF", username: "staff", team_id: "T_TEST" }, action_ts: "1" });
    expect(r.status).toBe(200);
    const open = await rig.api.waitFor(() => rig.api.callsTo("views.open").find((c) => c.args.trigger_id === "trig.shortcut"), "modal");
    expect(open.args.view.type).toBe("modal");
  });
});

describe("replicas and plain answers", () => {
  it("two replicas over one database answer an event delivered to both only once", async () => {
    const replica = await startRig({ api: rig.api, dataDir: rig.dataDir, streaming: false });
    try {
      const ts = slackTs();
      const post = eventBody({ type: "app_mention", user: "U_STAFF", text: "<@U_BOT> 政府购买服务合同期限一般是多久？", ts, channel: "C_POLICY", event_ts: ts }, { eventId: "EvREPLICAS01" });
      await Promise.all([rig.send(post), sendToSlackApp(replica.url, post, { secret: SECRET })]);
      await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts), "answer");
      await new Promise((r) => setTimeout(r, 500));
      expect(rig.api.callsTo("chat.postMessage").filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
    } finally {
      await replica.stop();
    }
  }, 60_000);

  it("with streaming off, the assistant answers with one plain message (status still shown)", async () => {
    const thread = slackTs();
    const ts = slackTs();
    await rig.event({ type: "message", channel: "D_STAFF", channel_type: "im", user: "U_STAFF", text: "承接主体需要什么条件？", ts, thread_ts: thread, event_ts: ts });
    const post = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === thread), "plain answer");
    expect(rig.api.callsTo("chat.startStream").filter((c) => c.args.thread_ts === thread)).toHaveLength(0);
    expect(rig.api.callsTo("assistant.threads.setStatus").some((c) => c.args.thread_ts === thread)).toBe(true);
    expect(JSON.stringify(post.args.blocks)).toMatch(/《[^》]+》/);
  });

  it("answers a top-level DM in the DM (under the question, where its status shows), and tells an empty question's error in the asker's locale, bilingually when that is unknown", async () => {
    const ts = slackTs();
    await rig.event({ type: "message", channel: "D_TOP", channel_type: "im", user: "U_STAFF", text: "预算未安排可以购买服务吗？", ts, event_ts: ts });
    const post = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.channel === "D_TOP"), "DM answer");
    expect(post.args.thread_ts).toBe(ts);
    const t2 = slackTs();
    rig.api.users.U_JA = { name: "ja", real_name: "Ja User", locale: "ja-JP" };
    await rig.event({ type: "app_mention", user: "U_JA", text: "<@U_BOT>   ", ts: t2, channel: "C_POLICY", event_ts: t2 });
    const err = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === t2), "error");
    expect(err.args.text).toContain("问题不能为空");
    expect(err.args.text).toContain("empty");
    const t3 = slackTs();
    rig.api.users.U_EN = { name: "en", real_name: "En User", locale: "en-US" };
    await rig.event({ type: "app_mention", user: "U_EN", text: "<@U_BOT>   ", ts: t3, channel: "C_POLICY", event_ts: t3 });
    const errEn = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === t3), "English error");
    expect(errEn.args.text).toContain("empty");
    expect(errEn.args.text).not.toContain("问题不能为空");
    expect(rig.api.rejected).toEqual([]);
  });
});

describe("escalation", () => {
  it("an overdue step is escalated by DM card, and the escalation user can decide it", async () => {
    const sub = await rig.core.workflow.submit({ ...proposal, title: "助残康复服务项目" }, "U_STAFF");
    const cards = () => rig.api.messages.filter((m) => m.channel === "DU_DIRECTOR" && JSON.stringify(m.blocks ?? []).includes(sub.id));
    await rig.core.workflow.runDueJobs(new Date(Date.now() + 241 * 60_000));
    const card = structuredClone(await rig.api.waitFor(() => cards().find((m) => JSON.stringify(m.blocks).includes("升级")), "escalation card"));
    const approve = (card.blocks ?? []).flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === "wf:approve");
    await rig.interact(buttonClick({ user: "U_DIRECTOR", actionId: "wf:approve", value: approve.value, channel: card.channel, messageTs: card.ts }));
    await rig.api.waitFor(() => !JSON.stringify(rig.api.message(card.channel, card.ts)!.blocks).includes("wf:approve"), "escalation card settled");
    expect((await rig.core.workflow.show(sub.id))!.state).toBe("approved");
  });
});

describe("delivery failures", () => {
  it("a recipient Slack refuses does not keep the other approvers from getting their cards", async () => {
    rig.api.unreachable.add("U_REVIEWER");
    try {
      const sub = await rig.core.workflow.submit({ ...proposal, title: "托育服务项目" }, "U_STAFF");
      await rig.api.waitFor(() => rig.api.messages.find((m) => m.channel === "DU_REVIEWER2" && JSON.stringify(m.blocks ?? []).includes(sub.id)), "card to the reachable approver");
      expect(rig.api.rejected.some((c) => c.method === "chat.postMessage" && c.args.channel === "U_REVIEWER")).toBe(true);
    } finally {
      rig.api.unreachable.delete("U_REVIEWER");
    }
  });
});

describe("App Home stays current", () => {
  it("re-publishes an approver's Home when a proposal starts waiting for them, and after it is decided", async () => {
    const count = () => rig.api.callsTo("views.publish").filter((c) => c.args.user_id === "U_REVIEWER2").length;
    const before = count();
    const sub = await rig.core.workflow.submit({ ...proposal, title: "公共文化服务项目" }, "U_STAFF");
    const queued = await rig.api.waitFor(() => rig.api.callsTo("views.publish").filter((c) => c.args.user_id === "U_REVIEWER2" && JSON.stringify(c.args.view).includes(sub.id)).at(-1), "home with the new proposal");
    expect(JSON.stringify(queued.args.view)).toContain("wf:approve");
    const afterSubmit = count();
    expect(afterSubmit).toBeGreaterThan(before);
    await rig.core.workflow.decide(sub.id, "approve", "U_REVIEWER");
    const last = () => JSON.stringify(rig.api.callsTo("views.publish").filter((c) => c.args.user_id === "U_REVIEWER2").at(-1)!.args.view);
    await rig.api.waitFor(() => count() > afterSubmit && !last().includes(sub.id), "home refreshed after the decision");
    await new Promise((r) => setTimeout(r, 300));
    expect(last()).not.toContain(sub.id); // and no stale publish lands afterwards
  });
});

describe("withdraw", () => {
  it("only the submitter can withdraw a pending proposal (from App Home); every open card then shows it", async () => {
    const sub = await rig.core.workflow.submit({ ...proposal, title: "农技推广服务项目" }, "U_STAFF");
    const card = structuredClone(await rig.api.waitFor(() => rig.api.messages.find((m) => m.channel === "DU_REVIEWER" && JSON.stringify(m.blocks ?? []).includes(sub.id) && JSON.stringify(m.blocks).includes("wf:approve")), "card"));
    await rig.event({ type: "app_home_opened", user: "U_STAFF", channel: "D_STAFF", tab: "home", event_ts: slackTs() });
    const home = await rig.api.waitFor(() => rig.api.callsTo("views.publish").filter((c) => c.args.user_id === "U_STAFF" && JSON.stringify(c.args.view).includes(sub.id)).at(-1), "staff home");
    const btn = (home.args.view.blocks as any[]).flatMap((b) => b.elements ?? []).find((e: any) => e.action_id === "proposal_withdraw" && e.value === sub.id);
    expect(btn?.confirm).toBeTruthy();

    await rig.interact(buttonClick({ user: "U_REVIEWER", actionId: "proposal_withdraw", value: sub.id, view: { id: "VH", type: "home" } }));
    await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").some((c) => c.args.channel === "U_REVIEWER" && String(c.args.text).includes("提交人")), "refusal to a non-submitter");
    expect((await rig.core.workflow.show(sub.id))!.state).toBe("pending");

    const published = rig.api.callsTo("views.publish").length;
    await rig.interact(buttonClick({ user: "U_STAFF", actionId: "proposal_withdraw", value: sub.id, view: { id: "VH", type: "home" } }));
    await rig.api.waitFor(() => JSON.stringify(rig.api.message(card.channel, card.ts)!.blocks).includes("已撤回"), "card shows the withdrawal");
    expect((await rig.core.workflow.show(sub.id))!.state).toBe("withdrawn");
    // the submitter hears about their own withdrawal once (where they clicked), not again as a DM; the approvers'
    // App Home is refreshed after the notifications, so by then any DM would have been sent
    await rig.api.waitFor(() => rig.api.callsTo("views.publish").slice(published).some((c) => c.args.user_id === "U_REVIEWER"), "approver home refreshed");
    const toStaff = rig.api.callsTo("chat.postMessage").filter((c) => ["U_STAFF", "D_STAFF"].includes(String(c.args.channel)) && /撤回|[Ww]ithdr/.test(JSON.stringify(c.args)));
    expect(toStaff).toHaveLength(1);
    expect(String(toStaff[0]!.args.text)).toContain("↩️ 已撤回 / Withdrawn");
  });
});

describe("App Home counts", () => {
  it("shows counts over every proposal to approvers only; staff see their own proposals by state", async () => {
    await rig.core.workflow.submit({ ...proposal, title: "社区助残服务项目" }, "U_CLERK");
    await rig.event({ type: "app_home_opened", user: "U_CLERK", channel: "D_CLERK", tab: "home", event_ts: slackTs() });
    const clerk = JSON.stringify((await rig.api.waitFor(() => homeOf("U_CLERK"), "staff home")).args.view);
    expect(clerk).toContain("社区助残服务项目");
    expect(clerk).toContain("*审批中 / Pending*\\n1");
    expect(clerk).not.toContain("项目总数");
    expect(clerk).not.toContain("Pending (all)");
    const before = rig.api.callsTo("views.publish").filter((c) => c.args.user_id === "U_REVIEWER").length;
    await rig.event({ type: "app_home_opened", user: "U_REVIEWER", channel: "D_REV", tab: "home", event_ts: slackTs() });
    const rev = await rig.api.waitFor(() => rig.api.callsTo("views.publish").filter((c) => c.args.user_id === "U_REVIEWER")[before], "approver home");
    expect(JSON.stringify(rev.args.view)).toContain("项目总数 / Total");
  });
});
