import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/schema.js";
import type { Checklist, Proposal } from "../../src/prereview/schema.js";
import { answerMessage, parseFeedbackValue } from "../../src/slack/blocks/answer.js";
import { approverCard, decidedCard, parseCardValue, type ProposalView } from "../../src/slack/blocks/approval.js";
import { checklistMessage } from "../../src/slack/blocks/checklist.js";
import { homeView } from "../../src/slack/blocks/home.js";
import { prereviewModal, reasonModal, transferModal } from "../../src/slack/blocks/modals.js";
import { clampBlocks, escapeMrkdwn, mrkdwnSection, truncate } from "../../src/slack/blocks/text.js";
import { validateBlocks } from "../support/fake-slack-api.js";

const cite = (n: number, text = "以下各项不得纳入政府购买服务范围：……（五）以劳务派遣方式用工") => ({
  docId: `d${n}`,
  title: "关于做好2022年政府购买服务改革重点工作的通知",
  docNo: "财综〔2022〕51号",
  clausePath: `二、（${n}）`,
  text,
});

const answer = (over: Partial<Answer> = {}): Answer => ({
  q: "可以用政府购买服务方式劳务派遣吗？",
  lang: "zh",
  verdict: "prohibited",
  abstained: false,
  answer: "不可以。通知明确以劳务派遣方式用工不得纳入政府购买服务范围。",
  citations: [cite(1), cite(2)],
  mode: "extractive",
  ...over,
});

const proposal: Proposal = {
  title: "社区居家养老上门服务项目",
  service: "为辖区80岁以上独居老人提供助餐、助洁服务",
  purchaser: { name: "某区民政局", type: "administrative" },
  budget: { amountYuan: 800000, arranged: true },
  contractor: { name: "某社会工作服务中心", type: "social_organization", rating: "4A", inspectionYearsPassed: 3 },
  procurementMethod: "public_tender",
  contractTermMonths: 12,
  stableRecurring: false,
  performanceTargets: "满意度不低于90%",
  newMajorProject: false,
  priorAssessmentDone: false,
};
const checklist = (outcome: Checklist["outcome"]): Checklist => ({
  outcome,
  checks: [
    { id: "prohibited_matters", status: outcome === "blocked" ? "fail" : "pass", message: "未发现禁止性事项", citations: [cite(4)] },
    { id: "budget_arranged", status: "pass", message: "预算已安排", citations: [] },
  ],
});
const view = (over: Partial<ProposalView> = {}): ProposalView => ({
  id: "P-1",
  state: "pending",
  submitter: "U_STAFF",
  proposal,
  checklist: checklist("ready"),
  step: { index: 0, name: "科室审核", mode: "any", approvers: ["U_A", "U_B"], decided: [] },
  history: [],
  ...over,
});

describe("answer blocks", () => {
  it("shows the clause the verdict rests on under 依据 and the others under 相关条款, in the message", () => {
    const a = answer({ citations: [{ ...cite(1), role: "basis" }, { ...cite(2), role: "related" }] });
    const all = JSON.stringify(answerMessage(a, "a").blocks);
    expect(all.indexOf("依据 / Basis")).toBeGreaterThan(-1);
    expect(all.indexOf("依据 / Basis")).toBeLessThan(all.indexOf("二、（1）"));
    expect(all.indexOf("二、（1）")).toBeLessThan(all.indexOf("相关条款 / Related"));
    expect(all.indexOf("相关条款 / Related")).toBeLessThan(all.indexOf("二、（2）"));
    const only = JSON.stringify(answerMessage(answer({ citations: [{ ...cite(1), role: "basis" }] }), "a").blocks);
    expect(only).not.toContain("相关条款");
  });

  it("puts the verdict first, quotes each citation with title, 文号 and clause path, and ends with feedback", () => {
    const m = answerMessage(answer(), "ans1");
    expect(validateBlocks(m.blocks, 50)).toEqual([]);
    const first = JSON.stringify(m.blocks[0]);
    expect(first).toContain("不可以");
    const all = JSON.stringify(m.blocks);
    expect(all).toContain("《关于做好2022年政府购买服务改革重点工作的通知》");
    expect(all).toContain("财综〔2022〕51号");
    expect(all).toContain("二、（1）");
    expect(all).toContain("> 以下各项不得纳入");
    const kinds = m.blocks.map((b) => b.type);
    expect(kinds).toContain("context_actions");
    const fb = m.blocks.find((b) => b.type === "context_actions") as any;
    expect(fb.elements[0].type).toBe("feedback_buttons");
    expect(parseFeedbackValue(fb.elements[0].positive_button.value)).toEqual({ kind: "helpful", answerId: "ans1" });
    expect(parseFeedbackValue(fb.elements[0].negative_button.value)).toEqual({ kind: "not_helpful", answerId: "ans1" });
    expect(all).toContain("引用有误");
  });

  it("words the verdict for the question as asked", () => {
    const m = answerMessage(answer({ q: "是否禁止以劳务派遣方式用工？" }), "a");
    expect(JSON.stringify(m.blocks[0])).toContain("Yes — prohibited");
    expect(JSON.stringify(m.blocks[0])).not.toContain("不可以");
  });

  it("says plainly when it abstains that the clauses are only the nearest", () => {
    const m = answerMessage(answer({ abstained: true, verdict: "unknown" }), "a");
    expect(JSON.stringify(m.blocks[0])).toContain("无依据");
    expect(JSON.stringify(m.blocks)).toContain("仅供参考");
  });

  it("escapes user text so it cannot ping @channel or inject links", () => {
    const evil = "<!channel> 看这里 <https://evil.example|点我> & <@U123>";
    const m = answerMessage(answer({ answer: evil, citations: [] }), "a");
    const all = JSON.stringify(m.blocks) + m.text;
    expect(all).not.toContain("<!channel>");
    expect(all).not.toContain("<https://evil");
    expect(all).not.toContain("<@U123>");
    expect(all).toContain("&lt;!channel&gt;");
    expect(escapeMrkdwn("a & b")).toBe("a &amp; b");
  });

  it("keeps very long answers and clause texts within Slack limits", () => {
    const long = "政府购买服务".repeat(2000);
    const m = answerMessage(answer({ answer: long, citations: Array.from({ length: 80 }, (_, i) => cite(i, long)) }), "a");
    expect(validateBlocks(m.blocks, 50)).toEqual([]);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    expect(m.blocks.at(-1)!.type).toBe("actions");
  });

  it("clamps blocks keeping the tail, and truncation never exceeds the limit", () => {
    const blocks = Array.from({ length: 70 }, (_, i) => mrkdwnSection(`b${i}`));
    const c = clampBlocks(blocks, 50, 2);
    expect(c).toHaveLength(50);
    expect(JSON.stringify(c.at(-1))).toContain("b69");
    expect(JSON.stringify(c.at(-3))).toContain("more not shown");
    expect(truncate("x".repeat(5000), 3000).length).toBeLessThanOrEqual(3000);
    expect(truncate("😀".repeat(2000), 3000).length).toBeLessThanOrEqual(3000);
  });
});

describe("checklist, cards, home, modals", () => {
  it("offers 提交审批 only when the checklist is not blocked", () => {
    const ok = checklistMessage(proposal, checklist("ready"), "draft1");
    const blocked = checklistMessage(proposal, checklist("blocked"), "draft2");
    expect(validateBlocks(ok.blocks, 50)).toEqual([]);
    expect(JSON.stringify(ok.blocks)).toContain("提交审批");
    expect(JSON.stringify(blocked.blocks)).not.toContain("提交审批");
    expect(JSON.stringify(blocked.blocks)).toContain("❌");
    expect(JSON.stringify(ok.blocks)).toContain("《关于做好2022年政府购买服务改革重点工作的通知》");
  });

  it("the approver card has the four decision buttons bound to proposal and step; the decided card has none", () => {
    const card = approverCard(view());
    expect(validateBlocks(card.blocks, 50)).toEqual([]);
    const actions = card.blocks.find((b) => b.type === "actions") as any;
    expect(actions.elements.map((e: any) => e.text.text)).toEqual(["批准", "退回修改", "驳回", "转交"]);
    expect(parseCardValue(actions.elements[0].value)).toEqual({ proposalId: "P-1", stepIndex: 0 });
    const done = decidedCard(view({ state: "approved" }), { stepIndex: 0, stepName: "科室审核", action: "approve", actor: "U_A", at: "2026-01-02T03:04:05Z" });
    expect(validateBlocks(done.blocks, 50)).toEqual([]);
    expect(done.blocks.some((b) => b.type === "actions")).toBe(false);
    expect(JSON.stringify(done.blocks)).toContain("<@U_A>");
    expect(JSON.stringify(done.blocks)).toContain("已批准");
  });

  it("home lists the queue with decision buttons and the user's own proposals", () => {
    const h = homeView({ userId: "U_A", mine: [view({ id: "P-2", state: "approved", step: null })], queue: [view()], counts: { pending: 1, approved: 1, rejected: 0, total: 2 } });
    expect(validateBlocks(h.blocks, 100)).toEqual([]);
    const s = JSON.stringify(h.blocks);
    expect(s).toContain("P-2");
    expect(s).toContain("已批准");
    expect(s).toContain("wf:approve");
  });

  it("modals pass Slack's view checks (titles ≤ 24, submit present with inputs)", () => {
    for (const v of [prereviewModal(), reasonModal({ proposalId: "P", stepIndex: 0, action: "reject" }, "标题"), transferModal({ proposalId: "P", stepIndex: 0, action: "transfer" }, "标题")]) {
      expect(validateBlocks(v.blocks, 100)).toEqual([]);
      expect(v.title.text.length).toBeLessThanOrEqual(24);
      expect(v.submit!.text.length).toBeLessThanOrEqual(24);
    }
  });
});

describe("pre-review modal says what the rules require", () => {
  it("performance targets are required (the rules fail a proposal without them); the contractor rating stays optional", () => {
    const blocks = prereviewModal().blocks as { block_id?: string; optional?: boolean }[];
    expect(blocks.find((b) => b.block_id === "performanceTargets")?.optional).toBe(false);
    expect(blocks.find((b) => b.block_id === "contractor.rating")?.optional).toBe(true);
  });
});
