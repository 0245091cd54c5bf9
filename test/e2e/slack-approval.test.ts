/**
 * Pre-review and approval through Slack over real HTTP: /prereview opens the modal; a bad field comes back as an inline
 * error; a valid proposal gets its checklist with 提交审批; the two-step approval runs on DM cards with a self-approval
 * attempt, an unauthorised click, a double click, a restart of the app in the middle, a reminder that fires once, a
 * 会签 step, and every card updated after each decision.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUBMIT_ACTION } from "../../src/slack/blocks/checklist.js";
import { PREREVIEW_CALLBACK, REASON_CALLBACK } from "../../src/slack/blocks/modals.js";
import type { StoredMessage } from "../support/fake-slack-api.js";
import { buttonClick, formValues, startRig, textInput as text, viewSubmission, type Rig } from "./harness.js";

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

/** A copy of the card as the user's client shows it (clicking it later clicks the buttons it had). */
const cardOf = (user: string, stepIndex: number): StoredMessage | undefined => {
  const m = findCard(user, stepIndex);
  return m ? structuredClone(m) : undefined;
};
const findCard = (user: string, stepIndex: number): StoredMessage | undefined =>
  rig.api.messages.find((m) => m.channel === `D${user}` && JSON.stringify(m.blocks ?? []).includes(`wf:${"approve"}`) && JSON.stringify(m.blocks).includes(`\\"s\\":${stepIndex}`));

function buttonOn(m: StoredMessage, actionId: string): { value: string } | undefined {
  for (const b of m.blocks ?? []) for (const e of b.elements ?? []) if (e.action_id === actionId) return e;
  return undefined;
}

async function click(user: string, card: StoredMessage, actionId: string) {
  const btn = buttonOn(card, actionId);
  if (!btn) throw new Error(`no ${actionId} button on card ${card.ts}`);
  const r = await rig.interact(buttonClick({ user, actionId, value: btn.value, channel: card.channel, messageTs: card.ts }));
  expect(r.status).toBe(200);
}

const ephemeralsFor = (user: string) => rig.api.callsTo("chat.postEphemeral").filter((c) => c.args.user === user);

describe("pre-review modal", () => {
  it("/prereview acks and opens the modal", async () => {
    const r = await rig.command({ command: "/prereview", text: "", user_id: "U_STAFF", channel_id: "C_POLICY", trigger_id: "trig.1" });
    expect(r.status).toBe(200);
    const open = await rig.api.waitFor(() => rig.api.callsTo("views.open")[0], "views.open");
    expect(open.args.trigger_id).toBe("trig.1");
    expect(JSON.stringify(open.args.view)).toContain("budget.amountYuan");
  });

  it("shows bad fields inline (response_action: errors), bilingual, and posts nothing", async () => {
    const before = rig.api.callsTo("chat.postMessage").length;
    const r = await rig.interact(
      viewSubmission({ user: "U_STAFF", callbackId: PREREVIEW_CALLBACK, values: formValues({ "budget.amountYuan": text("-5"), contractTermMonths: text("十二") }) }),
    );
    expect(r.status).toBe(200);
    const body = r.json as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe("errors");
    expect(Object.keys(body.errors).sort()).toEqual(["budget.amountYuan", "contractTermMonths"]);
    expect(body.errors["budget.amountYuan"]).toMatch(/[\u4e00-\u9fff].* \/ .*[a-z]/);
    await new Promise((res) => setTimeout(res, 300));
    expect(rig.api.callsTo("chat.postMessage").length).toBe(before);
  });
});

describe("approval over DM cards", () => {
  it("runs the whole flow: checklist → submit → two steps with refusals, a restart and a reminder", async () => {
    // a valid proposal: checklist DM with 提交审批
    const updates = rig.api.callsTo("views.update").length;
    const r = await rig.interact(viewSubmission({ user: "U_STAFF", callbackId: PREREVIEW_CALLBACK, values: formValues() }));
    expect(r.status).toBe(200);
    // acknowledged with a progress note before the check runs; the modal then shows the outcome
    expect(r.json).toMatchObject({ response_action: "update", view: { blocks: [{ text: { text: expect.stringContaining("正在逐项预审") } }] } });
    const outcome = await rig.api.waitFor(() => rig.api.callsTo("views.update").slice(updates).find((c) => c.args.view_id === "V_MODAL"), "outcome in the modal");
    expect(JSON.stringify(outcome.args.view)).toContain("私信");
    const checklistMsg = await rig.api.waitFor(() => rig.api.messages.find((m) => m.channel === "DU_STAFF" && JSON.stringify(m.blocks ?? []).includes(SUBMIT_ACTION)), "checklist with submit button");
    const checklistText = JSON.stringify(checklistMsg.blocks);
    for (const label of ["禁止性事项", "预算安排", "合同期限"]) expect(checklistText).toContain(label);

    // someone else cannot submit it; the owner can, once
    await click("U_OTHER", checklistMsg, SUBMIT_ACTION);
    await rig.api.waitFor(() => ephemeralsFor("U_OTHER").length === 1, "refusal to a stranger");
    await click("U_STAFF", checklistMsg, SUBMIT_ACTION);
    const card1 = await rig.api.waitFor(() => cardOf("U_REVIEWER", 0), "step 1 card to U_REVIEWER");
    const card1b = await rig.api.waitFor(() => cardOf("U_REVIEWER2", 0), "step 1 card to U_REVIEWER2");
    expect(cardOf("U_STAFF", 0)).toBeUndefined(); // the submitter is never an approver of their own proposal
    await rig.api.waitFor(() => !JSON.stringify(rig.api.message(checklistMsg.channel, checklistMsg.ts)!.blocks).includes(SUBMIT_ACTION), "submit button replaced");
    const [proposal] = await rig.core.workflow.list({ submitter: "U_STAFF" });
    expect(proposal!.state).toBe("pending");
    const id = proposal!.id;

    // self-approval attempt and an unauthorised click: ephemeral refusals, audited by the workflow
    await click("U_STAFF", card1, "wf:approve");
    await click("U_STRANGER", card1, "wf:approve");
    await rig.api.waitFor(() => ephemeralsFor("U_STAFF").length === 1 && ephemeralsFor("U_STRANGER").length === 1, "two refusals");
    expect(ephemeralsFor("U_STAFF")[0]!.args.text).toContain("提交人不能审批");
    expect(ephemeralsFor("U_STRANGER")[0]!.args.text).toContain("不是当前审批步骤");
    const audit = await rig.core.workflow.exportAudit("json", { proposalId: id });
    expect(audit).toContain("U_STAFF");
    expect(audit).toContain("U_STRANGER");
    expect((await rig.core.workflow.show(id))!.step!.index).toBe(0);

    // U_REVIEWER approves step 1 (或签): both step-1 cards are updated, step-2 cards go out
    await click("U_REVIEWER", card1, "wf:approve");
    await rig.api.waitFor(() => cardOf("U_HEAD", 1) && cardOf("U_DEPUTY", 1), "step 2 cards");
    for (const c of [card1, card1b]) {
      const m = await rig.api.waitFor(() => (rig.api.message(c.channel, c.ts)!.updated ? rig.api.message(c.channel, c.ts) : undefined), `update of ${c.channel}`);
      const s = JSON.stringify(m!.blocks);
      expect(s).not.toContain("wf:approve");
      expect(s).toContain("已批准");
      expect(s).toContain("<@U_REVIEWER>");
    }
    // the submitter heard about it
    expect(rig.api.callsTo("chat.postMessage").some((c) => c.args.channel === "U_STAFF" && JSON.stringify(c.args).includes("分管领导审批"))).toBe(true);

    // a double click, and a click on the other (stale) step-1 card: who decided, and when
    await click("U_REVIEWER", card1, "wf:approve");
    await click("U_REVIEWER2", card1b, "wf:approve");
    await rig.api.waitFor(() => ephemeralsFor("U_REVIEWER").length === 1 && ephemeralsFor("U_REVIEWER2").length === 1, "already-decided notes");
    for (const e of [...ephemeralsFor("U_REVIEWER"), ...ephemeralsFor("U_REVIEWER2")]) {
      expect(e.args.text).toContain("<@U_REVIEWER>");
      expect(e.args.text).toContain("<!date^");
    }
    expect((await rig.core.workflow.show(id))!.step!.index).toBe(1);

    // restart the app in the middle: a new core and app over the same data dir
    await rig.stop();
    rig = await startRig({ api: rig.api, dataDir: rig.dataDir });

    // the reminder fires once, as DM cards, after its due time — even when the scheduler runs twice
    const later = new Date(Date.now() + 61 * 60_000);
    await rig.core.workflow.runDueJobs(later);
    await rig.core.workflow.runDueJobs(later);
    const reminders = () => rig.api.messages.filter((m) => JSON.stringify(m.blocks ?? []).includes("催办"));
    await rig.api.waitFor(() => reminders().length === 2, "two reminder cards");
    await new Promise((res) => setTimeout(res, 300));
    expect(reminders().map((m) => m.channel).sort()).toEqual(["DU_DEPUTY", "DU_HEAD"]);

    const deputyReminder = structuredClone(reminders().find((m) => m.channel === "DU_DEPUTY")!);

    // 会签: U_HEAD approves — their cards settle, U_DEPUTY's stay actionable
    const head = cardOf("U_HEAD", 1)!;
    await click("U_HEAD", head, "wf:approve");
    await rig.api.waitFor(() => !JSON.stringify(rig.api.message(head.channel, head.ts)!.blocks).includes("wf:approve"), "U_HEAD card settled");
    const deputy = cardOf("U_DEPUTY", 1)!;
    expect(JSON.stringify(rig.api.message(deputy.channel, deputy.ts)!.blocks)).toContain("wf:approve");
    expect((await rig.core.workflow.show(id))!.state).toBe("pending");

    // U_DEPUTY approves (from the reminder card): approved; every card of the step shows the outcome
    await click("U_DEPUTY", deputyReminder, "wf:approve");
    await rig.api.waitFor(() => rig.api.messages.filter((m) => m.channel.startsWith("DU_") && JSON.stringify(m.blocks ?? []).includes("wf:approve")).length === 0, "no open cards left");
    expect((await rig.core.workflow.show(id))!.state).toBe("approved");
    await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").some((c) => c.args.channel === "U_STAFF" && JSON.stringify(c.args).includes("已批准")), "submitter told");
    expect(rig.api.rejected).toEqual([]);
  }, 90_000);

  it("reject asks for a reason in a modal, then updates the cards", async () => {
    const r = await rig.interact(viewSubmission({ user: "U_STAFF", callbackId: PREREVIEW_CALLBACK, values: formValues({ title: text("社区养老助餐服务项目"), "budget.amountYuan": text("100000") }) }));
    expect(r.status).toBe(200);
    const msg = await rig.api.waitFor(() => rig.api.messages.find((m) => m.channel === "DU_STAFF" && JSON.stringify(m.blocks ?? []).includes("社区养老助餐服务项目") && JSON.stringify(m.blocks).includes(SUBMIT_ACTION)), "checklist");
    await click("U_STAFF", msg, SUBMIT_ACTION);
    const card = await rig.api.waitFor(() => rig.api.messages.filter((m) => m.channel === "DU_REVIEWER2" && JSON.stringify(m.blocks ?? []).includes("社区养老助餐服务项目") && JSON.stringify(m.blocks).includes("wf:reject")).at(-1), "card");
    const opensBefore = rig.api.callsTo("views.open").length;
    await click("U_REVIEWER2", card, "wf:reject");
    const open = await rig.api.waitFor(() => rig.api.callsTo("views.open")[opensBefore], "reason modal");
    expect(open.args.view.callback_id).toBe(REASON_CALLBACK);
    const sub = await rig.interact(
      viewSubmission({ user: "U_REVIEWER2", callbackId: REASON_CALLBACK, privateMetadata: open.args.view.private_metadata, values: { reason: { value: { type: "plain_text_input", value: "服务内容与本部门职责不符" } } } }),
    );
    expect(sub.status).toBe(200);
    await rig.api.waitFor(() => JSON.stringify(rig.api.message(card.channel, card.ts)!.blocks).includes("已驳回"), "card shows rejection");
    expect(JSON.stringify(rig.api.message(card.channel, card.ts)!.blocks)).toContain("服务内容与本部门职责不符");
  }, 60_000);
});

describe("transfer, request changes and resubmission", () => {
  /** Rebuild the modal's submitted state from a pre-filled view, as Slack would send it back unchanged. */
  function valuesFromView(view: any): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const b of view.blocks) {
      if (b.type !== "input") continue;
      const e = b.element;
      if (e.type === "plain_text_input") out[b.block_id] = { value: { type: e.type, value: e.initial_value ?? null } };
      else out[b.block_id] = { value: { type: e.type, selected_option: e.initial_option ?? null } };
    }
    return out;
  }

  it("transfers a step, requests changes with a reason, and resubmits a revised proposal from the DM", async () => {
    const sub = await rig.core.workflow.submit(
      {
        title: "社区矫正辅助服务项目",
        service: "为社区矫正对象提供心理辅导和就业指导服务",
        purchaser: { name: "某区司法局", type: "administrative" },
        budget: { amountYuan: 150000, arranged: true },
        contractor: { name: "某社会工作服务中心", type: "social_organization", rating: "4A", inspectionYearsPassed: 3 },
        procurementMethod: "public_tender",
        contractTermMonths: 12,
        performanceTargets: "服务对象满意度不低于90%",
      },
      "U_STAFF",
    );
    expect(sub.state).toBe("pending");
    const mine = () => rig.api.messages.filter((m) => JSON.stringify(m.blocks ?? []).includes(sub.id));
    const card = structuredClone(await rig.api.waitFor(() => mine().find((m) => m.channel === "DU_REVIEWER" && JSON.stringify(m.blocks).includes("wf:transfer")), "card"));

    const oldCard2 = structuredClone(await rig.api.waitFor(() => mine().find((m) => m.channel === "DU_REVIEWER2" && JSON.stringify(m.blocks).includes("wf:approve")), "second card"));

    // 转交: modal with a user picker; the new approver gets a card, the old card says where it went
    const opens = rig.api.callsTo("views.open").length;
    await click("U_REVIEWER", card, "wf:transfer");
    const open = await rig.api.waitFor(() => rig.api.callsTo("views.open")[opens], "transfer modal");
    await rig.interact(
      viewSubmission({ user: "U_REVIEWER", callbackId: open.args.view.callback_id, privateMetadata: open.args.view.private_metadata, values: { to: { value: { type: "users_select", selected_user: "U_HELPER" } }, reason: { value: { type: "plain_text_input", value: null } } } }),
    );
    const helperCard = structuredClone(await rig.api.waitFor(() => mine().find((m) => m.channel === "DU_HELPER" && JSON.stringify(m.blocks).includes("wf:approve")), "card for the transferee"));
    await rig.api.waitFor(() => JSON.stringify(rig.api.message(card.channel, card.ts)!.blocks).includes("已转交"), "old card shows the transfer");
    expect(JSON.stringify(rig.api.message(card.channel, card.ts)!.blocks)).toContain("<@U_HELPER>");

    // 退回修改 by the transferee, with a reason
    const opens2 = rig.api.callsTo("views.open").length;
    await click("U_HELPER", helperCard, "wf:request_changes");
    const reasonOpen = await rig.api.waitFor(() => rig.api.callsTo("views.open")[opens2], "reason modal");
    await rig.interact(viewSubmission({ user: "U_HELPER", callbackId: REASON_CALLBACK, privateMetadata: reasonOpen.args.view.private_metadata, values: { reason: { value: { type: "plain_text_input", value: "请补充服务人次指标" } } } }));
    const note = await rig.api.waitFor(() => mine().find((m) => m.channel === "DU_STAFF" && JSON.stringify(m.blocks).includes("proposal_revise")), "submitter DM with a revise button");
    expect(JSON.stringify(note.blocks)).toContain("请补充服务人次指标");

    // revise: the modal opens pre-filled; submitting it gives a checklist whose button resubmits
    const opens3 = rig.api.callsTo("views.open").length;
    await click("U_STAFF", structuredClone(note), "proposal_revise");
    const revise = await rig.api.waitFor(() => rig.api.callsTo("views.open")[opens3], "revise modal");
    const values = valuesFromView(revise.args.view);
    expect((values.title!.value as any).value).toBe("社区矫正辅助服务项目");
    (values.performanceTargets!.value as any).value = "服务对象满意度不低于90%，年服务不少于500人次";
    await rig.interact(viewSubmission({ user: "U_STAFF", callbackId: PREREVIEW_CALLBACK, privateMetadata: revise.args.view.private_metadata, values }));
    const resubmitMsg = await rig.api.waitFor(() => rig.api.messages.find((m) => m.channel === "DU_STAFF" && JSON.stringify(m.blocks ?? []).includes("重新提交审批")), "resubmit checklist");
    const before = mine().filter((m) => m.channel === "DU_REVIEWER").length;
    await click("U_STAFF", structuredClone(resubmitMsg), SUBMIT_ACTION);
    await rig.api.waitFor(() => mine().filter((m) => m.channel === "DU_REVIEWER").length > before, "a new round's card");
    const v = (await rig.core.workflow.show(sub.id))!;
    expect(v.state).toBe("pending");
    expect(v.round).toBe(2);
    expect(v.proposal.performanceTargets).toContain("500人次");

    // the first round's card (as a client may still show it) no longer acts: it names the earlier round
    const refusals = ephemeralsFor("U_REVIEWER2").length;
    await click("U_REVIEWER2", oldCard2, "wf:approve");
    const told = await rig.api.waitFor(() => ephemeralsFor("U_REVIEWER2")[refusals], "stale-round refusal");
    expect(told.args.text).toContain("上一轮");
    const after = (await rig.core.workflow.show(sub.id))!;
    expect(after.state).toBe("pending");
    expect(after.step!.decided).toEqual([]);
    expect(rig.api.rejected).toEqual([]);
  }, 60_000);
});

/** A small one-step proposal (under the second step's amount). */
const MONITORING = {
  title: "社区环境监测服务项目",
  service: "为辖区提供空气质量监测数据分析服务",
  purchaser: { name: "某区生态环境局", type: "administrative" },
  budget: { amountYuan: 120000, arranged: true },
  contractor: { name: "某环境科技有限公司", type: "enterprise" },
  procurementMethod: "public_tender",
  contractTermMonths: 12,
  performanceTargets: "数据有效率不低于95%",
};

describe("a reason modal left open while someone else decides", () => {
  it("applies nothing and shows the form again, reason kept, saying who decided", async () => {
    const sub = await rig.core.workflow.submit(MONITORING, "U_STAFF");
    const mine = () => rig.api.messages.filter((m) => JSON.stringify(m.blocks ?? []).includes(sub.id));
    const c2 = structuredClone(await rig.api.waitFor(() => mine().find((m) => m.channel === "DU_REVIEWER2" && JSON.stringify(m.blocks).includes("wf:reject")), "card 2"));
    const c1 = structuredClone(await rig.api.waitFor(() => mine().find((m) => m.channel === "DU_REVIEWER" && JSON.stringify(m.blocks).includes("wf:approve")), "card 1"));
    const opens = rig.api.callsTo("views.open").length;
    await click("U_REVIEWER2", c2, "wf:reject");
    const open = await rig.api.waitFor(() => rig.api.callsTo("views.open")[opens], "reason modal");
    await click("U_REVIEWER", c1, "wf:approve");
    for (let i = 0; i < 100 && (await rig.core.workflow.show(sub.id))!.state !== "approved"; i++) await new Promise((res) => setTimeout(res, 20));
    const r = await rig.interact(viewSubmission({ user: "U_REVIEWER2", callbackId: REASON_CALLBACK, privateMetadata: open.args.view.private_metadata, values: { reason: { value: { type: "plain_text_input", value: "材料不全" } } } }));
    // acknowledged first; the form comes back with the reason kept and who decided on top
    expect((r.json as { response_action: string }).response_action).toBe("update");
    const back = await rig.api.waitFor(() => rig.api.callsTo("views.update").find((c) => c.args.view?.callback_id === REASON_CALLBACK), "the form again");
    const shown = JSON.stringify(back.args.view.blocks);
    expect(shown).toContain("U_REVIEWER");
    expect(shown).toContain("批准");
    expect(back.args.view.blocks.find((b: any) => b.block_id === "reason").element.initial_value).toBe("材料不全");
    expect((await rig.core.workflow.show(sub.id))!.state).toBe("approved");
  }, 30_000);
});

describe("confirmations and acknowledgements", () => {
  it("asks before approving; a reason modal is acknowledged with a progress note, then shows the outcome", async () => {
    const sub = await rig.core.workflow.submit({ ...MONITORING, title: "公共法律服务咨询项目" }, "U_CLERK");
    const card = structuredClone(await rig.api.waitFor(() => rig.api.messages.find((m) => m.channel === "DU_REVIEWER" && JSON.stringify(m.blocks ?? []).includes(sub.id) && JSON.stringify(m.blocks).includes("wf:approve")), "card"));
    // Slack shows this dialog before it sends the click (the stand-in refuses a malformed one)
    expect((buttonOn(card, "wf:approve") as any).confirm).toMatchObject({ title: { text: expect.stringContaining("批准") }, confirm: { text: "批准 Approve" }, deny: { text: "取消 Cancel" } });
    expect(JSON.stringify((buttonOn(card, "wf:approve") as any).confirm.text)).toContain("公共法律服务咨询项目");

    const opens = rig.api.callsTo("views.open").length;
    await click("U_REVIEWER", card, "wf:request_changes");
    const open = await rig.api.waitFor(() => rig.api.callsTo("views.open")[opens], "reason modal");
    const updates = rig.api.callsTo("views.update").length;
    const r = await rig.interact(viewSubmission({ user: "U_REVIEWER", callbackId: REASON_CALLBACK, privateMetadata: open.args.view.private_metadata, values: { reason: text("请补充服务人次指标") }, viewId: "V_REASON" }));
    expect(r.json).toMatchObject({ response_action: "update", view: { blocks: [{ text: { text: expect.stringContaining("正在提交") } }] } });
    const done = await rig.api.waitFor(() => rig.api.callsTo("views.update").slice(updates).find((c) => c.args.view_id === "V_REASON"), "outcome");
    expect(JSON.stringify(done.args.view)).toContain("✅ 已退回修改");
    expect((await rig.core.workflow.show(sub.id))!.state).toBe("changes_requested");
    expect(rig.api.rejected).toEqual([]);
  });
});
