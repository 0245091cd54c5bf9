/**
 * Local mode as a newcomer reported it: the field-by-field form checks each answer as it is typed and never loses
 * what was typed; /resubmit after 退回修改; refusals printed once with the local usage; notifications and states in
 * words; Beijing time in human output; transfers to users outside the routing file warned about and shown in history.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createCore, type Core } from "../../src/core.js";
import { PassThrough } from "node:stream";
import { LocalSession } from "../../src/local/session.js";
import { openWorkflow } from "../../src/workflow/index.js";
import { runLocal } from "../../src/local/terminal.js";

const root = path.resolve(import.meta.dirname, "../..");
const DP01 = path.join(root, "test/fixtures/proposals/DP01.json");

let core: Core;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "zhice-local-w-"));
  core = await createCore(loadConfig({ ZHICE_DATA_DIR: dir } as NodeJS.ProcessEnv));
}, 60_000);
afterAll(async () => {
  await core?.close();
});

async function submitted(s: LocalSession, file = DP01): Promise<string> {
  const out = (await s.handle(`/submit ${file}`)).output;
  const m = /submitted: (\S+)，/.exec(out);
  expect(m, out).not.toBeNull();
  return m![1]!;
}

/** A terminal session on streams: what the user types goes in, everything printed is collected. */
function terminal(tty: boolean) {
  const input = Object.assign(new PassThrough(), { isTTY: tty });
  const output = new PassThrough();
  let seen = "";
  output.on("data", (d) => (seen += String(d)));
  const done = runLocal(core, { input, output, user: "U_CLERK" });
  const until = async (text: string) => {
    for (let i = 0; i < 400 && !seen.includes(text); i++) await new Promise((r) => setTimeout(r, 25));
    expect(seen, `waiting for ${text}`).toContain(text);
  };
  return { input, done, until, get seen() { return seen; } };
}

/** A terminal session (a TTY) in which DP01 has just been submitted. */
async function submittedInTerminal() {
  const t = terminal(true);
  await t.until("知策(U_CLERK)> ");
  t.input.write(`/submit ${DP01}\r`);
  await t.until("已提交审批 / submitted: ");
  return { t, id: /submitted: (\S+)，/.exec(t.seen)![1]! };
}

describe("notifications in the terminal as they happen", () => {
  it("a reminder and an escalation appear above the prompt while the user is typing, and the typed text stays", async () => {
    const { t, id } = await submittedInTerminal();
    await t.until("知策(U_CLERK)> ");
    t.input.write("/sh"); // typed, Enter not pressed yet
    await t.until("/sh");
    const before = t.seen.length;
    // the scheduler fires the reminder a day later, then the escalation three days later; nobody typed anything
    await core.workflow.runDueJobs(new Date(Date.now() + 25 * 3_600_000));
    await t.until("催办：");
    await core.workflow.runDueJobs(new Date(Date.now() + 73 * 3_600_000));
    await t.until("升级：");
    const shown = t.seen.slice(before);
    expect(shown).toMatch(/📨 → U_FIN_REVIEWER, U_FIN_REVIEWER2: 催办：「农民工职业技能提升培训项目」仍在等待您审批/);
    expect(shown).toMatch(/📨 → U_FIN_DIRECTOR: 升级：「农民工职业技能提升培训项目」审批超时，现可由您决定/);
    // each notice starts on a cleared line and is followed by the prompt with the half-typed line redrawn
    const redrawn = String.raw`\n(?:\x1b\[[0-9;]*[A-Za-z])*知策\(U_CLERK\)> \/sh`;
    expect(shown).toMatch(new RegExp(String.raw`^\x1b\[2K(?:\x1b\[[0-9;]*[A-Za-z])*📨[^\n]*催办[^\n]*${redrawn}`));
    expect(shown).toMatch(new RegExp(String.raw`\x1b\[2K(?:\x1b\[[0-9;]*[A-Za-z])*📨[^\n]*升级[^\n]*${redrawn}`));
    // what was typed before the notices is still there: finishing the line runs the whole command
    t.input.write(`ow ${id}\r`);
    await t.until("记录 / history:");
    expect(t.seen.slice(before)).toMatch(/催办 \/ reminded[^]*升级 \/ escalated/);
    t.input.end();
    expect(await t.done).toBe(0);
  }, 60_000);

  it("a decision made in another process (an approver's CLI) reaches the submitter's terminal with its reason, unprompted", async () => {
    const { t, id } = await submittedInTerminal();
    // the approver's process: the same store, no listeners (its notifications wait in the outbox)
    const other = await openWorkflow(loadConfig({ ZHICE_DATA_DIR: dir } as NodeJS.ProcessEnv), { prereview: core.prereview });
    expect(await other.decide(id, "request_changes", "U_FIN_REVIEWER", { reason: "请补充服务人次" })).toMatchObject({ ok: true });
    await other.close();
    const before = t.seen.length;
    await core.workflow.deliverPendingNotifications(); // what the local mode's scheduler does every tick
    await t.until("请补充服务人次");
    expect(t.seen.slice(before)).toMatch(/📨 → U_CLERK[^\n]*U_FIN_REVIEWER 退回修改了「农民工职业技能提升培训项目」[^\n]*\n {3}理由 \/ reason: 请补充服务人次/);
    t.input.end();
    expect(await t.done).toBe(0);
  }, 60_000);

  it("piped: a notice that fires between lines is printed as its own transcript line, before the next input", async () => {
    const t = terminal(false);
    t.input.write(`/submit ${DP01}\n`);
    await t.until("已提交审批 / submitted: ");
    await core.workflow.runDueJobs(new Date(Date.now() + 25 * 3_600_000));
    await t.until("催办：");
    t.input.end("/quit\n");
    expect(await t.done).toBe(0);
    expect(t.seen).toMatch(/已提交审批[^\n]*\n(?:📨[^\n]*\n)*📨 → U_FIN_REVIEWER, U_FIN_REVIEWER2: 催办：[^\n]*\n知策\(U_CLERK\)> \/quit/);
  }, 60_000);
});

describe("field-by-field form", () => {
  it("re-asks a bad answer with a bilingual reason, normalises common forms, and keeps everything typed", async () => {
    const s = new LocalSession(core, { user: "U_CLERK" });
    await s.handle("/prereview");
    for (const a of ["社区助餐服务项目", "为辖区独居老人提供助餐服务", "某区民政局", "1"]) expect((await s.handle(a)).output).toBe("");

    const budget = await s.handle("八十万元吧");
    expect(budget.output).toMatch(/预算金额.*无效.*80万.*\/ .*amount/);
    expect(s.prompt()).toContain("预算金额");
    expect((await s.handle("八十万")).output).toBe("");
    expect((await s.handle("maybe")).output).toContain("是/否 or y/n");
    expect((await s.handle("y")).output).toBe("");
    for (const a of ["某社会工作服务中心", "1"]) expect((await s.handle(a)).output).toBe("");

    expect((await s.handle("6A")).output).toMatch(/1A–5A.*\/ .*the rating must be 1A–5A/);
    expect((await s.handle("5A级")).output).toBe("");
    expect((await s.handle("three")).output).toMatch(/年数.*\/ .*whole number of years/);
    expect((await s.handle("3")).output).toBe("");
    // enum answers: an ambiguous part is named back with its candidates; an unambiguous short name is taken
    expect(s.prompt()).toContain("采购方式");
    expect((await s.handle("竞争性")).output).toMatch(/采购方式「竞争性」无效：可指 2=竞争性谈判、3=竞争性磋商，请输入编号或更完整的名称.* \/ .*it could be 2=竞争性谈判, 3=竞争性磋商/);
    expect((await s.handle("招标")).output).toBe("");
    expect((await s.handle("0")).output).toMatch(/合同期限必须大于 0.*\/ .*at least 1 month/);
    expect(s.prompt()).toContain("合同期限");

    // Pausing keeps the draft; /edit resumes at the field where the user paused.
    expect((await s.handle("/cancel")).output).toContain("已填内容保留");
    expect((await s.handle("/submit")).output).toContain("没有可提交的项目");
    expect((await s.handle("/edit")).output).toMatch(/从「合同期限（月）」继续.*\/ Resuming at "contract term \(months\)"/);
    expect(s.prompt()).toContain("合同期限");
    expect((await s.handle("")).output).toMatch(/必填|required/); // the term was never accepted
    expect((await s.handle("1年")).output).toBe("");
    await s.handle("否");
    // the rules fail a proposal without performance targets, so the form asks for them as required
    expect(s.prompt()).toMatch(/^绩效目标 \/ performance targets（必填/);
    expect(s.prompt()).not.toContain("可留空");
    expect((await s.handle("")).output).toContain("绩效目标为必填项，请输入 / performance targets is required");
    await s.handle("服务满意度不低于90%");
    await s.handle("否");
    const done = await s.handle("n");
    expect(done.output).toContain("项目预审");
    expect(done.output).toContain("采购方式为公开招标");
    expect(done.output).toContain("80万元");
    expect(done.output).toContain("5A");

    const sub = await s.handle("/submit");
    expect(sub.output).toMatch(/已提交审批 \/ submitted: \S+，状态 \/ state: 审批中（第 1 步 科室审核）/);
    const id = /submitted: (\S+)，/.exec(sub.output)![1]!;
    const shown = (await core.workflow.show(id))!.proposal;
    expect(shown).toMatchObject({ budget: { amountYuan: 800000, arranged: true }, contractor: { rating: "5A", inspectionYearsPassed: 3 }, contractTermMonths: 12 });
    s.close();
  });
});

describe("approval in the local mode", () => {
  it("resubmits after changes were requested, with the last pre-reviewed or edited proposal or a file", async () => {
    const s = new LocalSession(core, { user: "U_CLERK", cwd: dir });
    const id = await submitted(s);
    await s.handle("/as U_FIN_REVIEWER");
    await s.handle(`/changes ${id} 请补充绩效指标`);
    await s.handle("/as U_CLERK");
    expect((await s.handle("/help")).output).toContain("/resubmit ID [FILE.json]");
    expect((await s.handle(`/resubmit ${id}`)).output).toContain(`/edit ${id}`);

    await s.handle(`/edit ${id}`);
    expect(s.prompt()).toContain("农民工职业技能提升培训项目");
    for (let i = 0; i < 13; i++) await s.handle("");
    expect(s.prompt()).toContain("绩效目标");
    await s.handle("培训合格率不低于90%");
    await s.handle("");
    const pre = await s.handle("");
    expect(pre.output).toContain(`/resubmit ${id}`);
    const re = await s.handle(`/resubmit ${id}`);
    expect(re.output).toMatch(new RegExp(`已重新提交 / resubmitted: ${id}，状态 / state: 审批中（第 1 步 科室审核）`));
    expect((await core.workflow.show(id))!.proposal.performanceTargets).toBe("培训合格率不低于90%");

    // From a file after a second round of changes.
    await s.handle("/as U_FIN_REVIEWER2");
    await s.handle(`/changes ${id} 再改一次`);
    await s.handle("/as U_CLERK");
    writeFileSync(path.join(dir, "fixed.json"), JSON.stringify({ ...JSON.parse(await import("node:fs").then((f) => f.readFileSync(DP01, "utf8"))), title: "农民工技能培训（修订）" }));
    expect((await s.handle(`/resubmit ${id} fixed.json`)).output).toContain("已重新提交 / resubmitted");
    expect((await core.workflow.show(id))!.title).toBe("农民工技能培训（修订）");
    s.close();
  });

  it("prints each refusal once, with the local usage instead of CLI flags", async () => {
    const s = new LocalSession(core, { user: "U_CLERK" });
    const id = await submitted(s);
    await s.handle("/as U_FIN_REVIEWER");
    const noReason = (await s.handle(`/reject ${id}`)).output;
    expect(noReason).toContain("必须填写理由 / a reason is required");
    expect(noReason).toContain("用法：/reject ID 理由");
    expect(noReason).not.toContain("--");
    expect(noReason).not.toContain("📨");
    expect(noReason.match(/必须填写理由/g)).toHaveLength(1);
    const noTarget = (await s.handle(`/transfer ${id}`)).output;
    expect(noTarget).toContain("用法：/transfer ID USER");
    const noTarget2 = (await s.handle(`/changes ${id}`)).output;
    expect(noTarget2).toContain("用法：/changes ID 理由");
    s.close();
  });

  it("words notifications and refusals: approved / requested changes, closed proposals, a step already approved", async () => {
    const s = new LocalSession(core, { user: "U_CLERK" });
    const id = await submitted(s);
    await s.handle("/as U_FIN_REVIEWER");
    const approved = (await s.handle(`/approve ${id}`)).output;
    expect(approved).toContain("审批中（第 2 步 分管领导审批） / pending at step 2 (分管领导审批)");
    expect(approved).toMatch(/U_FIN_REVIEWER 批准了「农民工职业技能提升培训项目」 \/ U_FIN_REVIEWER approved "农民工职业技能提升培训项目"/);
    expect(approved).not.toMatch(/: approve on|is now pending(?! at)/);

    const again = (await s.handle(`/approve ${id}`)).output;
    expect(again).toContain("你已在第 1 步审批，当前在第 2 步（分管领导审批）等待他人 / you already approved step 1; it now waits at step 2 (分管领导审批)");

    await s.handle("/as U_FIN_HEAD");
    const changes = (await s.handle(`/changes ${id} 补充说明`)).output;
    expect(changes).toContain('U_FIN_HEAD requested changes to "农民工职业技能提升培训项目"');
    expect(changes).toContain("is now changes requested");
    expect(changes).not.toContain("request_changes");

    await s.handle("/as U_CLERK");
    const id2 = await submitted(s);
    const withdrawn = (await s.handle(`/withdraw ${id2}`)).output;
    // one message about the submitter's own action; the approvers whose card it settles are told
    expect(withdrawn).toContain(`✅ 已处理 / done: ${id2} → 已撤回 / withdrawn`);
    expect(withdrawn).not.toMatch(/📨 → U_CLERK/);
    expect(withdrawn).toMatch(/📨 → U_FIN_REVIEWER, U_FIN_REVIEWER2: U_CLERK 撤回了「[^」]+」 \/ U_CLERK withdrew "/);

    const id3 = await submitted(s);
    await s.handle("/as U_FIN_REVIEWER");
    await s.handle(`/transfer ${id3} U_RANDOM 出差`);
    await s.handle("/as U_RANDOM");
    await s.handle(`/reject ${id3} 不符合要求`);
    await s.handle("/as U_CLERK");
    const remind = (await s.handle(`/remind ${id3}`)).output;
    expect(remind).toContain("该项目已结束（已驳回");
    expect(remind).toContain("the proposal is already closed (rejected");
    expect(remind).not.toContain("already decided");
    s.close();
  });

  it("transfer to a user outside the routing file: warned, not blocked, and the history names the target; times in Beijing time", async () => {
    const s = new LocalSession(core, { user: "U_CLERK" });
    const id = await submitted(s);
    await s.handle("/as U_FIN_REVIEWER");
    const t = (await s.handle(`/transfer ${id} U_RANDOM 出差`)).output;
    expect(t).toContain("✅");
    expect(t).toMatch(/U_RANDOM 不在审批路由文件中.*\/ U_RANDOM is not in the routing file/);
    const show = (await s.handle(`/show ${id}`)).output;
    expect(show).toMatch(/U_FIN_REVIEWER {2}转交 \/ transferred → U_RANDOM：出差/);
    expect(show).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/);
    expect(show).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    const v = (await core.workflow.show(id))!;
    const bj = new Date(Date.parse(v.createdAt) + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
    expect(show).toContain(`提交时间 / submitted: ${bj}（北京时间）`);
    await s.handle("/as U_RANDOM");
    const inbox = (await s.handle("/inbox")).output;
    expect(inbox).toContain(id);
    expect(inbox).toMatch(/（北京时间）/);
    expect(inbox).not.toMatch(/T\d{2}:\d{2}:\d{2}/);
    const noWarn = (await s.handle(`/transfer ${id} U_FIN_DIRECTOR 休假`)).output;
    expect(noWarn).toContain("✅");
    expect(noWarn).not.toContain("不在审批路由文件中");
    s.close();
  });

  it("a rejection or a change request shows its reason in the submitter's notice", async () => {
    const s = new LocalSession(core, { user: "U_CLERK" });
    const id = await submitted(s);
    await s.handle("/as U_FIN_REVIEWER");
    const changes = (await s.handle(`/changes ${id} 请补充服务对象人数`)).output;
    expect(changes).toMatch(/📨 → U_CLERK[^\n]*退回修改了[^\n]*\n {3}理由 \/ reason: 请补充服务对象人数/);
    expect(changes.match(/理由 \/ reason/g)).toHaveLength(1); // not repeated under the state change
    await s.handle("/as U_CLERK");
    const id2 = await submitted(s);
    await s.handle("/as U_FIN_REVIEWER2");
    const rejected = (await s.handle(`/reject ${id2} 预算未落实`)).output;
    expect(rejected).toMatch(/📨 → U_CLERK[^\n]*驳回了[^\n]*\n {3}理由 \/ reason: 预算未落实/);
    s.close();
  });

  it("/edit right after a blocked /submit edits that proposal, and /resubmit needs no id", async () => {
    const s = new LocalSession(core, { user: "U_CLERK" });
    const blocked = (await s.handle(`/submit ${path.join(root, "test/fixtures/proposals/DP02.json")}`)).output;
    expect(blocked).toContain("预审未通过，未进入审批");
    const id = /not submitted for approval \((\S+)\)/.exec(blocked)![1]!;
    expect(blocked).toContain(`to fix it: /edit, then /resubmit (${id})`);
    expect((await s.handle("/edit")).output).toContain(`逐项修改 ${id}`);
    expect(s.prompt()).toContain("项目名称");
    await s.handle("政务服务大厅窗口综合服务项目");
    // paused in the middle: /edit resumes at the service field, still on the same proposal
    expect((await s.handle("/cancel")).output).toContain("已填内容保留");
    expect((await s.handle("/edit")).output).toContain(`从「服务内容」继续 ${id}`);
    await s.handle("为政务服务大厅提供咨询引导、材料预审等综合服务，由承接主体自行管理服务人员");
    for (let i = 0; i < 13; i++) await s.handle("");
    const pre = (await s.handle("")).output;
    expect(pre).toContain(`/resubmit ${id}`);
    const re = (await s.handle("/resubmit")).output;
    expect(re).toMatch(new RegExp(`已重新提交 / resubmitted: ${id}，状态 / state: 审批中`));
    s.close();
  });

  it("/remind twice in a row: the second says when the next reminder is possible", async () => {
    const s = new LocalSession(core, { user: "U_CLERK" });
    const id = await submitted(s);
    expect((await s.handle(`/remind ${id}`)).output).toContain(`已催办 / reminded: ${id}`);
    const again = (await s.handle(`/remind ${id}`)).output;
    expect(again).toMatch(/^⛔ 该步骤刚催办过，请勿重复催办；下次可催办时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间） \/ this step was reminded recently; the next reminder is possible at .* Beijing time$/);
    expect(again).not.toContain("📨");
    s.close();
  });

  it("help / 帮助 without a slash shows the help", async () => {
    const s = new LocalSession(core, { user: "U_CLERK" });
    for (const w of ["help", "帮助", "HELP"]) expect((await s.handle(w)).output).toContain("/resubmit ID");
    s.close();
  });
});
