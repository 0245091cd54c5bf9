/**
 * Knowledge admins keep the knowledge current from Slack, over real HTTP against real Bolt and the stand-in Web API:
 * a notice shared with the bot is previewed (kb.previewNotice, what the file-sharing listener calls) with
 * 「导入 / Import」「取消 / Cancel」; Import replaces the card, announces 「新增：《…》…，共 N 条」 in the configured
 * channel, and the next question is answered from the notice; `/zhice-kb list | retire | restore`; non-admins are
 * refused ephemerally and audited; bad files are named with the reason and change nothing.
 * The notices are the repeal-pair fixture (test/fixtures/repeal-pair), not real notices.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config.js";
import { KB_CANCEL_ACTION, KB_IMPORT_ACTION } from "../../src/slack/blocks/knowledge.js";
import { createKnowledgeAdmin, type KnowledgeAdmin } from "../../src/slack/knowledge-admin.js";
import { revisionOf } from "../../src/knowledge/store.js";
import { repository } from "../../src/store/index.js";
import { buttonClick, slackTs, startRig, type Rig } from "./harness.js";

const ADMIN = "U_KBADMIN";
const CHANNEL = "C_KB_NEWS";
const PAIR = path.join(projectRoot, "test/fixtures/repeal-pair");
const notice = (name: string) => ({ name, bytes: readFileSync(path.join(PAIR, name)) });

let rig: Rig;
let kb: KnowledgeAdmin;

beforeAll(async () => {
  rig = await startRig({ streaming: false, env: { ZHICE_KB_ADMINS: `${ADMIN}, U_KBADMIN2`, ZHICE_KB_CHANNEL: CHANNEL } });
  kb = createKnowledgeAdmin(rig.config, rig.core.knowledge);
});
afterAll(async () => rig?.close());

/** The preview as the bot posts it in the admin's DM, and the button values on it. */
async function postPreview(name: string, user = ADMIN) {
  const msg = await kb.previewNotice(notice(name), user);
  const posted = await rig.app.client.chat.postMessage({ channel: user, ...msg });
  const buttons = (msg.blocks ?? []).flatMap((b) => (b.type === "actions" ? b.elements : [])) as { action_id: string; value: string }[];
  return { msg, ts: String(posted.ts), channel: String(posted.channel), value: buttons.find((b) => b.action_id === KB_IMPORT_ACTION)?.value };
}

const click = (user: string, actionId: string, value: string, p: { channel: string; ts: string }) =>
  rig.interact(buttonClick({ user, actionId, value, channel: p.channel, messageTs: p.ts }));

async function ask(q: string): Promise<string> {
  const ts = slackTs();
  await rig.event({ type: "app_mention", user: "U_STAFF", text: `<@U_BOT> ${q}`, ts, channel: "C_POLICY", event_ts: ts });
  const reply = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts), "answer");
  return JSON.stringify(reply.args);
}

describe("adding a notice from Slack", () => {
  it("previews title, 文号, clauses and what it supersedes; Import replaces the card, announces it, and it is answered at once", async () => {
    const old = await postPreview("interim-measures-2014.txt");
    expect(old.value).toBeTruthy();
    expect((await click(ADMIN, KB_IMPORT_ACTION, old.value!, old)).status).toBe(200);
    await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.channel === CHANNEL), "first announcement");

    const p = await postPreview("measures-2025.txt");
    const card = JSON.stringify(p.msg.blocks);
    for (const s of ["某市政府购买服务管理办法", "某财综〔2025〕12号", "第一条", "2025-03-01", "将废止 / supersedes", "某财综〔2014〕96号", "导入 / Import", "取消 / Cancel"]) expect(card).toContain(s);
    expect(await ask("机关食堂餐饮服务可以通过政府购买服务购买吗？")).not.toContain("已废止"); // preview changes nothing

    await click(ADMIN, KB_IMPORT_ACTION, p.value!, p);
    const replaced = await rig.api.waitFor(() => rig.api.callsTo("response_url").find((c) => c.ok && c.args.replace_original && String(c.args.text).includes("某财综〔2025〕12号")), "card replaced");
    expect(replaced.args.text).toContain("新增 / Added：《某市政府购买服务管理办法》某财综〔2025〕12号，共 4 条");
    const news = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.channel === CHANNEL && String(c.args.text).includes("2025")), "announcement");
    expect(news.args.text).toMatch(/^新增 \/ Added：《某市政府购买服务管理办法》某财综〔2025〕12号，共 4 条.*废止 \/ supersedes 《某市政府购买服务管理暂行办法》某财综〔2014〕96号/);

    expect(await ask("某市政府购买服务合同履行期限一般不超过几年？")).toContain("某市政府购买服务管理办法");
    expect(await ask("机关食堂餐饮服务可以通过政府购买服务购买吗？")).toContain("已废止");
  });

  it("a second Import click on the same card changes nothing and says so", async () => {
    const p = await postPreview("interim-measures-2014.txt"); // already imported: a card without an Import button
    expect(p.value).toBeUndefined();
    expect(JSON.stringify(p.msg.blocks)).toContain("已导入过");
  });

  it("Cancel replaces the card and imports nothing", async () => {
    const before = await revisionOf(rig.core.knowledge.db);
    const edited = { name: "measures-2025-draft.txt", bytes: Buffer.from(readFileSync(path.join(PAIR, "measures-2025.txt"), "utf8").replace("某财综〔2025〕12号", "某财综〔2025〕13号")) };
    const msg = await kb.previewNotice(edited, ADMIN);
    const posted = await rig.app.client.chat.postMessage({ channel: ADMIN, ...msg });
    const value = (msg.blocks ?? []).flatMap((b) => (b.type === "actions" ? b.elements : [])).map((e) => (e as { value: string }).value)[0]!;
    await click(ADMIN, KB_CANCEL_ACTION, value, { channel: String(posted.channel), ts: String(posted.ts) });
    await rig.api.waitFor(() => rig.api.callsTo("response_url").find((c) => c.ok && String(c.args.text).includes("已取消")), "cancelled card");
    await click(ADMIN, KB_IMPORT_ACTION, value, { channel: String(posted.channel), ts: String(posted.ts) });
    await rig.api.waitFor(() => rig.api.callsTo("chat.postEphemeral").find((c) => String(c.args.text).includes("已经处理过")), "already handled");
    expect(await revisionOf(rig.core.knowledge.db)).toBe(before);
  });

  it("an empty, corrupt or oversized file is named with the reason, and nothing changes", async () => {
    const before = await revisionOf(rig.core.knowledge.db);
    const empty = await kb.previewNotice({ name: "空白通知.txt", bytes: new Uint8Array() }, ADMIN);
    expect(empty.text).toMatch(/空白通知\.txt：文件为空 \/ the file is empty/);
    const corrupt = await kb.previewNotice({ name: "扫描件.pdf", bytes: Buffer.from("%PDF-1.7\nnot really a pdf") }, ADMIN);
    expect(corrupt.text).toContain("扫描件.pdf");
    expect(corrupt.text).toMatch(/nothing changed/);
    const big = await kb.previewNotice({ name: "大文件.txt", bytes: new Uint8Array(rig.config.ingest.maxExpandedBytes + 1) }, ADMIN);
    expect(big.text).toMatch(/大文件\.txt：文件超过 50 MB 上限/);
    for (const m of [empty, corrupt, big]) expect(JSON.stringify(m.blocks)).not.toContain(KB_IMPORT_ACTION);
    expect(await revisionOf(rig.core.knowledge.db)).toBe(before);
  });

  it("an announcement that cannot be posted is told to the admin; the import stands", async () => {
    rig.api.unreachable.add(CHANNEL);
    try {
      const edited = { name: "measures-2025-v2.txt", bytes: Buffer.from(readFileSync(path.join(PAIR, "measures-2025.txt"), "utf8").replace("某财综〔2025〕12号", "某财综〔2025〕14号").replace("某市政府购买服务管理办法", "某市政府购买服务监督办法")) };
      const msg = await kb.previewNotice(edited, ADMIN);
      const posted = await rig.app.client.chat.postMessage({ channel: ADMIN, ...msg });
      const value = (msg.blocks ?? []).flatMap((b) => (b.type === "actions" ? b.elements : [])).map((e) => (e as { value: string }).value)[0]!;
      await click(ADMIN, KB_IMPORT_ACTION, value, { channel: String(posted.channel), ts: String(posted.ts) });
      await rig.api.waitFor(() => rig.api.callsTo("chat.postEphemeral").find((c) => String(c.args.text).includes("公告")), "announcement failure told");
      expect((await kb.command(ADMIN, "list")).text).toMatch(/\d+ documents/);
      expect(JSON.stringify((await kb.command(ADMIN, "list")).blocks)).toContain("某财综〔2025〕14号");
    } finally {
      rig.api.unreachable.delete(CHANNEL);
    }
  });
});

describe("/zhice-kb", () => {
  it("lists documents with status, clause count, date and who added them, for anyone", async () => {
    await rig.command({ command: "/zhice-kb", text: "list", user_id: "U_STAFF", channel_id: "C_POLICY" });
    const r = await rig.api.waitFor(() => rig.api.callsTo("response_url").find((c) => c.user === "U_STAFF" && String(c.args.text).includes("documents")), "list");
    expect(r.args.response_type).toBe("ephemeral");
    const shown = JSON.stringify(r.args.blocks);
    for (const s of ["某市政府购买服务管理暂行办法", "已废止 / superseded", "有效 / in force", "4 条", `<@${ADMIN}>`, "2014-12-01"]) expect(shown).toContain(s);
  });

  it("refuses retire to a non-admin ephemerally, and audits the attempt", async () => {
    await rig.command({ command: "/zhice-kb", text: "retire 某财综〔2025〕12号 不要了", user_id: "U_STAFF", channel_id: "C_POLICY" });
    const r = await rig.api.waitFor(() => rig.api.callsTo("response_url").find((c) => c.user === "U_STAFF" && String(c.args.text).includes("知识库管理员")), "refusal");
    expect(r.args.response_type).toBe("ephemeral");
    const trail = await repository.readAudit(rig.core.knowledge.db);
    expect(trail.find((e) => e.kind === "kb.refused" && e.actor === "U_STAFF")?.payload).toMatchObject({ action: "retire" });
    expect(await ask("某市政府购买服务合同履行期限一般不超过几年？")).toContain("某市政府购买服务管理办法》");
  });

  it("a non-admin's Import click is refused to them alone and audited; the card stays", async () => {
    const edited = { name: "measures-2025-v3.txt", bytes: Buffer.from(readFileSync(path.join(PAIR, "measures-2025.txt"), "utf8").replace("某财综〔2025〕12号", "某财综〔2025〕15号")) };
    const msg = await kb.previewNotice(edited, ADMIN);
    const posted = await rig.app.client.chat.postMessage({ channel: "C_POLICY", ...msg });
    const value = (msg.blocks ?? []).flatMap((b) => (b.type === "actions" ? b.elements : [])).map((e) => (e as { value: string }).value)[0]!;
    await click("U_STAFF", KB_IMPORT_ACTION, value, { channel: "C_POLICY", ts: String(posted.ts) });
    const refusal = await rig.api.waitFor(() => rig.api.callsTo("chat.postEphemeral").find((c) => c.args.user === "U_STAFF" && String(c.args.text).includes("知识库管理员")), "ephemeral refusal");
    expect(refusal.args.channel).toBe("C_POLICY");
    const trail = await repository.readAudit(rig.core.knowledge.db);
    expect(trail.some((e) => e.kind === "kb.refused" && e.actor === "U_STAFF" && (e.payload as { action: string }).action === "import")).toBe(true);
    expect(JSON.stringify((await kb.command(ADMIN, "list")).blocks)).not.toContain("某财综〔2025〕15号");
  });

  it("an admin retires a notice (out of answers at once) and restores it", async () => {
    await rig.command({ command: "/zhice-kb", text: "retire 某财综〔2025〕12号 口径调整", user_id: ADMIN, channel_id: "C_POLICY" });
    await rig.api.waitFor(() => rig.api.callsTo("response_url").find((c) => c.user === ADMIN && String(c.args.text).includes("已停用 / Retired")), "retired");
    expect(await ask("某市政府购买服务合同履行期限一般不超过几年？")).not.toContain("某市政府购买服务管理办法》（某财综〔2025〕12号）");
    await rig.command({ command: "/zhice-kb", text: "restore 某财综〔2025〕12号", user_id: ADMIN, channel_id: "C_POLICY" });
    await rig.api.waitFor(() => rig.api.callsTo("response_url").find((c) => c.user === ADMIN && String(c.args.text).includes("已恢复 / Restored")), "restored");
    expect(await ask("某市政府购买服务合同履行期限一般不超过几年？")).toContain("某财综〔2025〕12号");
  });
});
