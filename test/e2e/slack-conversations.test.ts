/**
 * Conversations over real HTTP into the real Bolt app: an elliptical follow-up (「那公益性岗位呢？」 after 「劳务派遣岗位能
 * 纳入吗？」, 「如果是稳定连续的项目呢？」 after a contract-term question) is read with the asker's previous question in a
 * channel thread, in a DM, in the agent container and in local mode; mention-less replies are answered only for
 * someone who asked in the thread (a colleague's 「好的，谢谢」 gets silence); thanks get a short 不客气, never 「无依据」;
 * channel mentions and DMs show a status while the notices are searched.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createCore, type Core } from "../../src/core.js";
import { LocalSession } from "../../src/local/session.js";
import { slackTs } from "./harness.js";
import { useRig } from "./use-rig.js";

const rigOf = useRig();

const FIRST = "劳务派遣岗位能纳入吗？";
const FOLLOW = "那公益性岗位呢？";

/** The texts the bot posted in a thread (blocks as JSON), in order. */
const answersIn = (channel: string, thread: string) =>
  rigOf().api.callsTo("chat.postMessage").filter((c) => c.args.channel === channel && c.args.thread_ts === thread).map((c) => JSON.stringify(c.args.blocks ?? c.args.text));
const waitAnswers = (channel: string, thread: string, n: number) =>
  rigOf().api.waitFor(() => (answersIn(channel, thread).length >= n ? answersIn(channel, thread) : null), `${n} answer(s) in ${channel}/${thread}`);
/** The verdict headline block of an answer. */
const headline = (blocksJson: string) => JSON.stringify((JSON.parse(blocksJson) as unknown[])[0]);

const mention = (user: string, text: string, ts: string, thread?: string) => ({
  type: "app_mention",
  user,
  text: `<@U_BOT> ${text}`,
  ts,
  channel: "C_CONV",
  event_ts: ts,
  ...(thread ? { thread_ts: thread } : {}),
});
const reply = (channel: string, user: string, text: string, thread: string, channelType = "channel") => {
  const ts = slackTs();
  return { type: "message", channel, channel_type: channelType, user, text, ts, thread_ts: thread, event_ts: ts };
};
const quiet = () => new Promise((r) => setTimeout(r, 600));

describe("elliptical follow-ups are read with the asker's previous question", () => {
  it("the same words asked on their own get no 不可以 (the reference the follow-ups below differ from)", async () => {
    const ts = slackTs();
    await rigOf().event(mention("U_ALONE", FOLLOW, ts));
    const [alone] = await waitAnswers("C_CONV", ts, 1);
    expect(headline(alone!)).not.toContain("不可以");
  });

  it("in a channel thread: 「那公益性岗位呢？」 without a mention answers 不可以 for 公益性岗位", async () => {
    const ts = slackTs();
    await rigOf().event(mention("U_ASKER", FIRST, ts));
    const [first] = await waitAnswers("C_CONV", ts, 1);
    expect(headline(first!)).toContain("不可以");
    await rigOf().event(reply("C_CONV", "U_ASKER", FOLLOW, ts));
    const [, second] = await waitAnswers("C_CONV", ts, 2);
    expect(headline(second!)).toContain("不可以");
    expect(second).toContain("公益性岗位");
  });

  it("in a channel thread: 「如果是稳定连续的项目呢？」 after a contract-term question is answered about the contract term", async () => {
    const alone = slackTs();
    await rigOf().event(mention("U_ALONE", "如果是稳定连续的项目呢？", alone));
    const [own] = await waitAnswers("C_CONV", alone, 1);
    expect(own).not.toContain("期限"); // on its own it finds the contractor clause (连续两年以上年检合格)

    const ts = slackTs();
    await rigOf().event(mention("U_ASKER", "政府购买服务合同履行期限可以签3年吗？", ts));
    await waitAnswers("C_CONV", ts, 1);
    await rigOf().event(reply("C_CONV", "U_ASKER", "如果是稳定连续的项目呢？", ts));
    const [, second] = await waitAnswers("C_CONV", ts, 2);
    expect(second).toContain("期限");
    expect(second).toContain("合同");
  });

  it("in a DM: two top-level messages, the second read with the first; each shows a status while searching", async () => {
    const t1 = slackTs();
    await rigOf().event({ type: "message", channel: "D_CONV", channel_type: "im", user: "U_DM", text: FIRST, ts: t1, event_ts: t1 });
    const [first] = await waitAnswers("D_CONV", t1, 1);
    expect(headline(first!)).toContain("不可以");
    const t2 = slackTs();
    await rigOf().event({ type: "message", channel: "D_CONV", channel_type: "im", user: "U_DM", text: FOLLOW, ts: t2, event_ts: t2 });
    const [second] = await waitAnswers("D_CONV", t2, 1);
    expect(headline(second!)).toContain("不可以");
    for (const t of [t1, t2]) {
      const status = rigOf().api.callsTo("assistant.threads.setStatus").find((c) => c.args.channel_id === "D_CONV" && c.args.thread_ts === t);
      expect(status?.args.status).toBe("正在检索政策条款…");
    }
  });

  it("in the agent container: a follow-up in the same thread, with the title set once", async () => {
    const thread = slackTs();
    await rigOf().event(reply("D_AGENT", "U_AGENT", FIRST, thread, "im"));
    await waitAnswers("D_AGENT", thread, 1);
    await rigOf().event(reply("D_AGENT", "U_AGENT", FOLLOW, thread, "im"));
    const [, second] = await waitAnswers("D_AGENT", thread, 2);
    expect(headline(second!)).toContain("不可以");
    expect(rigOf().api.callsTo("assistant.threads.setTitle").filter((c) => c.args.thread_ts === thread)).toHaveLength(1);
  });

  it("agent view: opening the Messages tab sets suggested prompts for the conversation, without thread_ts", async () => {
    const ts = slackTs();
    await rigOf().event({ type: "app_home_opened", user: "U_AGENT", channel: "D_AGENTTAB", tab: "messages", event_ts: ts });
    const c = await rigOf().api.waitFor(() => rigOf().api.callsTo("assistant.threads.setSuggestedPrompts").find((x) => x.args.channel_id === "D_AGENTTAB"), "suggested prompts");
    expect(c.args.thread_ts).toBeUndefined();
    expect((c.args.prompts as { message: string }[]).some((p) => p.message.includes("劳务派遣"))).toBe(true);
    // the Home tab is published as before, and not on the Messages tab
    expect(rigOf().api.callsTo("views.publish").some((x) => x.args.user_id === "U_AGENT")).toBe(false);
  });

  it("a channel mention shows a status with loading messages in its thread", async () => {
    const ts = slackTs();
    await rigOf().event(mention("U_ASKER", "预算未安排的事项可以开展政府购买服务吗？", ts));
    await waitAnswers("C_CONV", ts, 1);
    const status = rigOf().api.callsTo("assistant.threads.setStatus").find((c) => c.args.channel_id === "C_CONV" && c.args.thread_ts === ts);
    expect(status?.args.status).toBe("正在检索政策条款…");
    expect((status?.args.loading_messages as string[]).length).toBeGreaterThan(1);
    expect(rigOf().api.rejected).toEqual([]);
  });
});

describe("who is answered in a thread without a mention", () => {
  it("a colleague's 「好的，谢谢」 and even a colleague's question get silence; with a mention the colleague is answered", async () => {
    const ts = slackTs();
    await rigOf().event(mention("U_ASKER", FIRST, ts));
    await waitAnswers("C_CONV", ts, 1);
    await rigOf().event(reply("C_CONV", "U_COLLEAGUE", "好的，谢谢", ts));
    await rigOf().event(reply("C_CONV", "U_COLLEAGUE", FOLLOW, ts));
    await quiet();
    expect(answersIn("C_CONV", ts)).toHaveLength(1);
    expect(rigOf().api.callsTo("chat.postEphemeral").filter((c) => c.args.channel === "C_CONV" && c.args.thread_ts === ts)).toHaveLength(0);

    const m = slackTs();
    await rigOf().event(mention("U_COLLEAGUE", "预算未安排的事项可以开展政府购买服务吗？", m, ts));
    await waitAnswers("C_CONV", ts, 2);
  });

  it("the asker's own thanks get a short 不客气, never 「知识库中无依据」; a bare 「好的」 gets nothing", async () => {
    const ts = slackTs();
    await rigOf().event(mention("U_THANKS", FIRST, ts));
    await waitAnswers("C_CONV", ts, 1);
    await rigOf().event(reply("C_CONV", "U_THANKS", "好的", ts));
    await quiet();
    expect(answersIn("C_CONV", ts)).toHaveLength(1);
    await rigOf().event(reply("C_CONV", "U_THANKS", "好的，谢谢！", ts));
    const [, thanks] = await waitAnswers("C_CONV", ts, 2);
    expect(thanks).toContain("不客气");
    expect(thanks).not.toContain("无依据");
  });
});

describe("the asker's language", () => {
  it("an English question gets English labels and status only; a Chinese one Chinese only; no users.info needed", async () => {
    const en = slackTs();
    await rigOf().event(mention("U_LANG", "Can a labour dispatch post be purchased?", en));
    const [answerEn] = await waitAnswers("C_CONV", en, 1);
    expect(headline(answerEn!)).toContain("No");
    expect(headline(answerEn!)).not.toContain("结论");
    const statusEn = rigOf().api.callsTo("assistant.threads.setStatus").find((c) => c.args.thread_ts === en);
    expect(statusEn?.args.status).toBe("Searching the notices…");
    const zh = slackTs();
    await rigOf().event(mention("U_LANG", FIRST, zh));
    const [answerZh] = await waitAnswers("C_CONV", zh, 1);
    expect(headline(answerZh!)).toContain("结论：不可以");
    expect(headline(answerZh!)).not.toContain("No —");
    expect(rigOf().api.callsTo("users.info").some((c) => c.args.user === "U_LANG")).toBe(false);
  });

  it("a question whose wording does not settle it asks the user's locale (users.info include_locale) as the tiebreaker", async () => {
    rigOf().api.users.U_EN = { name: "en", real_name: "En User", locale: "en-US" };
    const ts = slackTs();
    await rigOf().event(mention("U_EN", "劳务派遣 allowed?", ts));
    const [answer] = await waitAnswers("C_CONV", ts, 1);
    const info = rigOf().api.callsTo("users.info").find((c) => c.args.user === "U_EN");
    expect(String(info?.args.include_locale)).toBe("true");
    expect(rigOf().api.callsTo("assistant.threads.setStatus").find((c) => c.args.thread_ts === ts)?.args.status).toBe("Searching the notices…");
    // the answer text itself is Chinese (the question's frame), so its labels stay in both languages
    expect(headline(answer!)).toMatch(/结论|知识库/);
    expect(headline(answer!)).toMatch(/No|For reference|Yes|Conditionally/);
  });
});

describe("local mode", () => {
  let core: Core;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "zhice-local-conv-"));
    core = await createCore(loadConfig({ ZHICE_DATA_DIR: dir } as NodeJS.ProcessEnv));
  }, 60_000);
  afterAll(async () => {
    await core?.close();
  });

  it("reads 「那公益性岗位呢？」 with the question before it, per user; thanks get 不客气", async () => {
    const s = new LocalSession(core, { user: "U_LOCAL" });
    expect((await s.handle(FIRST)).output).toContain("【不可以");
    expect((await s.handle(FOLLOW)).output).toContain("【不可以");
    // another user's first question in the same session is read on its own
    await s.handle("/as U_OTHER");
    expect((await s.handle(FOLLOW)).output).not.toContain("【不可以");
    const thanks = (await s.handle("谢谢")).output;
    expect(thanks).toContain("不客气");
    s.close();
  });
});
