/**
 * Files shared with the bot, over real HTTP: Bolt receives the file_share message, the app fetches the file the way
 * Slack serves it (files.info, then url_private with the bot token — the stand-in refuses a download without it), and
 * answers by what the file is: a PDF proposal becomes a prefilled pre-review modal and then a checklist; a notice goes
 * to the knowledge intake when a knowledge admin sent it; other files, other types and files over 20 MB are explained.
 */
import { describe, expect, it } from "vitest";
import { FILE_FORM_ACTION } from "../../src/slack/blocks/files.js";
import { PREREVIEW_CALLBACK } from "../../src/slack/blocks/modals.js";
import { chinesePdf } from "../support/pdf.js";
import { buttonClick, slackTs, useRig, valuesAsShown, viewSubmission } from "./harness.js";

// The real knowledge-base admin flow, with one knowledge admin.
const rig = useRig({ env: { ZHICE_KB_ADMINS: "U_KB_ADMIN" } });

const PROPOSAL_PDF = chinesePdf([
  "社区居家养老上门服务项目申报表",
  "项目名称：社区居家养老上门服务项目",
  "服务内容：为辖区80岁以上独居老人提供助餐、助洁、康复护理等上门服务",
  "购买主体：某区民政局",
  "预算金额（万元）：80",
  "预算是否已安排：是",
  "承接主体：某社会工作服务中心",
  "采购方式：公开招标",
  "合同期限：一年",
  "绩效目标：服务对象满意度不低于90%",
]);

/** A user shares a file in their DM with the bot (top level, or in an assistant thread). */
async function share(user: string, file: Parameters<typeof rig.api.addFile>[0], threadTs?: string) {
  const id = rig.api.addFile(file);
  const ts = slackTs();
  const channel = `D${user}`;
  const posts = rig.api.callsTo("chat.postMessage").length;
  const r = await rig.event({ type: "message", subtype: "file_share", channel, channel_type: "im", user, text: "", ts, event_ts: ts, files: [{ id, name: file.name }], ...(threadTs ? { thread_ts: threadTs } : {}) });
  expect(r.status).toBe(200);
  const reply = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").slice(posts).find((c) => c.args.channel === channel), `reply about ${file.name}`);
  return { id, channel, reply };
}

describe("a proposal shared as a PDF", () => {
  it("is read into the pre-review form, confirmed in the modal, and turned into a checklist", async () => {
    const { channel, reply } = await share("U_STAFF", { name: "养老服务申报表.pdf", bytes: PROPOSAL_PDF, mimetype: "application/pdf" });
    // downloaded with the bot token, and nothing refused
    expect(rig.api.callsTo("file_download")).toHaveLength(1);
    const text = JSON.stringify(reply.args.blocks);
    expect(text).toContain("社区居家养老上门服务项目");
    expect(text).toContain("800,000");
    const formId = (reply.args.blocks as any[]).flatMap((b) => b.elements ?? []).find((e: any) => e.action_id === FILE_FORM_ACTION)?.value;
    expect(formId).toBeTruthy();

    const opened = rig.api.callsTo("views.open").length;
    await rig.interact(buttonClick({ user: "U_STAFF", actionId: FILE_FORM_ACTION, value: formId, channel, messageTs: reply.args.ts }));
    const view = (await rig.api.waitFor(() => rig.api.callsTo("views.open")[opened], "prefilled modal")).args.view;
    const values = valuesAsShown(view);
    expect(values["budget.amountYuan"]!.value).toMatchObject({ value: "800000" });
    expect(values.procurementMethod!.value).toMatchObject({ selected_option: { value: "public_tender" } });
    expect(values["purchaser.type"]!.value).toMatchObject({ selected_option: { value: "administrative" } });

    const posts = rig.api.callsTo("chat.postMessage").length;
    const sub = await rig.interact(viewSubmission({ user: "U_STAFF", callbackId: PREREVIEW_CALLBACK, values, privateMetadata: view.private_metadata }));
    expect(sub.status).toBe(200);
    expect((sub.json as any)?.response_action).not.toBe("errors");
    const checklist = await rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").slice(posts).find((c) => String(c.args.text).startsWith("预审结果")), "checklist");
    expect(JSON.stringify(checklist.args.blocks)).toContain("社区居家养老上门服务项目");
    expect(rig.api.rejected).toEqual([]);
  });

  it("only the person who sent the file can open its form", async () => {
    const { channel, reply } = await share("U_STAFF", { name: "申报表2.pdf", bytes: PROPOSAL_PDF });
    const formId = (reply.args.blocks as any[]).flatMap((b) => b.elements ?? []).find((e: any) => e.action_id === FILE_FORM_ACTION)?.value;
    const opened = rig.api.callsTo("views.open").length;
    const ephemerals = rig.api.callsTo("chat.postEphemeral").length;
    await rig.interact(buttonClick({ user: "U_OTHER", actionId: FILE_FORM_ACTION, value: formId, channel, messageTs: reply.args.ts }));
    const told = await rig.api.waitFor(() => rig.api.callsTo("chat.postEphemeral").slice(ephemerals).find((c) => c.args.user === "U_OTHER"), "refusal");
    expect(told.args.text).toContain("只有发送文件的人");
    expect(rig.api.callsTo("views.open").length).toBe(opened);
  });
});

describe("other files", () => {
  const NOTICE = new TextEncoder().encode("某县财政局关于规范政府购买服务合同期限的通知\n某财购〔2023〕3号\n各乡镇人民政府：\n一、政府购买服务合同履行期限一般不超过1年。\n二、不得超出法定期限签订政府购买服务合同。\n");

  it("hands a notice from a knowledge admin to the knowledge base's import preview, in the assistant thread it was sent in", async () => {
    const thread = slackTs();
    const { reply } = await share("U_KB_ADMIN", { name: "通知.txt", bytes: NOTICE, mimetype: "text/plain" }, thread);
    expect(reply.args.text).toContain("导入预览 / Import preview");
    expect(reply.args.text).toContain("某财购〔2023〕3号");
    expect(JSON.stringify(reply.args.blocks)).toContain("导入 / Import");
  });

  it("tells anyone else that knowledge admins add notices with /zhice-kb", async () => {
    const { reply } = await share("U_STAFF", { name: "通知.txt", bytes: NOTICE, mimetype: "text/plain" });
    expect(reply.args.text).toContain("/zhice-kb");
    expect(reply.args.text).not.toContain("导入预览");
  });

  it("says what it can do with files when a text file is neither a proposal nor a notice", async () => {
    const { reply } = await share("U_STAFF", { name: "会议纪要.txt", bytes: new TextEncoder().encode("周三下午开会，讨论年度工作安排。\n请各科室准备材料。\n"), mimetype: "text/plain" });
    expect(reply.args.text).toContain("PDF");
    expect(reply.args.text).toContain("项目名称");
  });

  it("refuses other types and files over 20 MB without downloading them, saying why", async () => {
    const downloads = rig.api.calls.filter((c) => c.method === "file_download").length;
    const png = await share("U_STAFF", { name: "截图.png", bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), mimetype: "image/png" });
    expect(png.reply.args.text).toContain("不支持这种文件");
    expect(png.reply.args.text).toContain("PDF, Word (.docx) or TXT");
    const big = await share("U_STAFF", { name: "大文件.pdf", bytes: PROPOSAL_PDF, size: 25 * 2 ** 20 });
    expect(big.reply.args.text).toContain("文件太大");
    expect(big.reply.args.text).toContain("20 MB");
    expect(rig.api.calls.filter((c) => c.method === "file_download").length).toBe(downloads);
  });

  it("a damaged PDF is refused with a reason, never a parser's message", async () => {
    const { reply } = await share("U_STAFF", { name: "坏文件.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n garbage without objects") });
    expect(reply.args.text).toContain("没能读取文件");
    expect(reply.args.text).not.toMatch(/Error|exception|Invalid PDF/i);
  });
});
