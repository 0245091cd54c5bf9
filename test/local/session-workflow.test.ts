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
import { LocalSession } from "../../src/local/session.js";

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
    expect((await s.handle("1")).output).toBe("");
    expect((await s.handle("0")).output).toMatch(/合同期限必须大于 0.*\/ .*at least 1 month/);
    expect(s.prompt()).toContain("合同期限");

    // Pausing keeps the draft; /edit resumes it with every value offered back.
    expect((await s.handle("/cancel")).output).toContain("已填内容保留");
    expect((await s.handle("/submit")).output).toContain("没有可提交的项目");
    await s.handle("/edit");
    expect(s.prompt()).toContain("社区助餐服务项目");
    for (let i = 0; i < 4; i++) expect((await s.handle("")).output).toBe("");
    expect(s.prompt()).toMatch(/预算金额.*800000/);
    for (let i = 0; i < 7; i++) await s.handle("");
    expect(s.prompt()).toContain("合同期限");
    expect((await s.handle("")).output).toMatch(/必填|required/); // the term was never accepted
    expect((await s.handle("1年")).output).toBe("");
    await s.handle("否");
    await s.handle("服务满意度不低于90%");
    await s.handle("否");
    const done = await s.handle("n");
    expect(done.output).toContain("项目预审");
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
    expect(withdrawn).toContain('U_CLERK withdrew "');
    expect(withdrawn).toContain("is now withdrawn");
    expect(withdrawn).not.toContain("withdraw on");

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

  it("help / 帮助 without a slash shows the help", async () => {
    const s = new LocalSession(core, { user: "U_CLERK" });
    for (const w of ["help", "帮助", "HELP"]) expect((await s.handle(w)).output).toContain("/resubmit ID");
    s.close();
  });
});
