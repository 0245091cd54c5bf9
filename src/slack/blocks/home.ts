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
  /** Counts over every proposal: only for approvers and admins (null for staff, who see their own). */
  counts: { pending: number; approved: number; rejected: number; total: number } | null;
}

const MAX_MINE = 10;
const MAX_QUEUE = 10;

function mineLine(v: ProposalView): string {
  const step = v.step && v.state === "pending" ? ` · 第 ${v.step.index + 1} 步「${escapeMrkdwn(v.step.name)}」` : "";
  return `*${escapeMrkdwn(truncate(v.proposal.title, 200))}*  \`${escapeMrkdwn(v.id)}\`\n${stateText(v.state)}${step}`;
}

/** Approvers and admins: their queue and counts over all proposals; staff: their own proposals by state. */
function countsBlock(data: HomeData): KnownBlock {
  const field = (label: string, n: number) => ({ type: "mrkdwn" as const, text: `*${label}*\n${n}` });
  const c = data.counts;
  if (c)
    return {
      type: "section",
      fields: [
        field("待我审批 / My queue", data.queue.length),
        field("我提交的 / Mine", data.mine.length),
        field("审批中 / Pending (all)", c.pending),
        field("已批准 / Approved", c.approved),
        field("已驳回 / Rejected", c.rejected),
        field("项目总数 / Total", c.total),
      ],
    };
  const mine = (s: string) => data.mine.filter((v) => v.state === s).length;
  return {
    type: "section",
    fields: [
      field("我提交的 / Mine", data.mine.length),
      field("审批中 / Pending", mine("pending")),
      field("已批准 / Approved", mine("approved")),
      field("需修改 / Changes requested", mine("changes_requested")),
      field("已驳回 / Rejected", mine("rejected")),
      ...(data.queue.length ? [field("待我审批 / My queue", data.queue.length)] : []),
    ],
  };
}

export function homeView(data: HomeData): HomeView {
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
    countsBlock(data),
    { type: "divider" },
  ];
  if (data.queue.length) {
    blocks.push(header("待我审批 / Waiting for me"));
    for (const v of data.queue.slice(0, MAX_QUEUE)) {
      blocks.push(
        mrkdwnSection(`${mineLine(v)}\n提交人 / by ${userMention(v.submitter)} · ${v.proposal.budget.amountYuan.toLocaleString("zh-CN")} 元`),
      );
      if (v.step) blocks.push(decisionButtons(v.id, v.step.index, v.round, v.proposal.title));
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
