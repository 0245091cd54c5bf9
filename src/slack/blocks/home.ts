/**
 * App Home: a few counts, the user's own proposals with their status, and — for approvers — their queue with the
 * same decision buttons as the DM cards.
 */
import type { HomeView, KnownBlock } from "@slack/types";
import { decisionButtons, stateText, withdrawButton, type ProposalView } from "./approval.js";
import { LIMITS, clampBlocks, contextLine, escapeMrkdwn, header, mrkdwnSection, truncate, userMention } from "./text.js";
import { PREREVIEW_OPEN_ACTION } from "./actions.js";

export interface HomeData {
  userId: string;
  mine: ProposalView[];
  queue: ProposalView[];
  counts: { pending: number; approved: number; rejected: number; total: number };
}

const MAX_MINE = 10;
const MAX_QUEUE = 10;

function mineLine(v: ProposalView): string {
  const step = v.step && v.state === "pending" ? ` · 第 ${v.step.index + 1} 步「${escapeMrkdwn(v.step.name)}」` : "";
  return `*${escapeMrkdwn(truncate(v.proposal.title, 200))}*  \`${escapeMrkdwn(v.id)}\`\n${stateText(v.state)}${step}`;
}

export function homeView(data: HomeData): HomeView {
  const c = data.counts;
  const blocks: KnownBlock[] = [
    header("知策 · 政府购买服务助手 / zhice"),
    mrkdwnSection(
      "在频道里 @我 或私信提问，回答附引用条款；用 `/prereview` 预审项目并提交审批。\nAsk me in a channel (@mention) or by DM — answers cite the notices. Use `/prereview` to check a proposal and submit it.",
    ),
    {
      type: "actions",
      block_id: "home:actions",
      elements: [
        { type: "button", action_id: PREREVIEW_OPEN_ACTION, style: "primary", text: { type: "plain_text", text: "项目预审 Pre-review", emoji: true }, value: "open" },
      ],
    },
    {
      type: "section",
      fields: [
        { type: "mrkdwn", text: `*待我审批 / My queue*\n${data.queue.length}` },
        { type: "mrkdwn", text: `*我提交的 / Mine*\n${data.mine.length}` },
        { type: "mrkdwn", text: `*审批中 / Pending (all)*\n${c.pending}` },
        { type: "mrkdwn", text: `*已批准 / Approved*\n${c.approved}` },
        { type: "mrkdwn", text: `*已驳回 / Rejected*\n${c.rejected}` },
        { type: "mrkdwn", text: `*项目总数 / Total*\n${c.total}` },
      ],
    },
    { type: "divider" },
  ];
  if (data.queue.length) {
    blocks.push(header("待我审批 / Waiting for me"));
    for (const v of data.queue.slice(0, MAX_QUEUE)) {
      blocks.push(
        mrkdwnSection(`${mineLine(v)}\n提交人 / by ${userMention(v.submitter)} · ${v.proposal.budget.amountYuan.toLocaleString("zh-CN")} 元`),
      );
      if (v.step) blocks.push(decisionButtons(v.id, v.step.index, v.round));
    }
    if (data.queue.length > MAX_QUEUE) blocks.push(contextLine(`…另有 ${data.queue.length - MAX_QUEUE} 项 / ${data.queue.length - MAX_QUEUE} more`));
    blocks.push({ type: "divider" });
  }
  blocks.push(header("我的项目 / My proposals"));
  if (!data.mine.length) blocks.push(contextLine("还没有提交过项目 / You have not submitted any proposal yet."));
  for (const v of data.mine.slice(0, MAX_MINE)) {
    blocks.push(mrkdwnSection(mineLine(v)));
    if (v.state === "pending") blocks.push(withdrawButton(v));
  }
  if (data.mine.length > MAX_MINE) blocks.push(contextLine(`…另有 ${data.mine.length - MAX_MINE} 项 / ${data.mine.length - MAX_MINE} more`));
  return { type: "home", blocks: clampBlocks(blocks, LIMITS.blocksPerView) };
}
