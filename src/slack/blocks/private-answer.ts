/**
 * A private answer (the `/zhice` slash command): the answer shown only to the asker, with 「分享到频道 / Share」 and
 * 「仅自己可见 / Keep」; once shared, the answer in the channel says who asked.
 */
import type { KnownBlock } from "@slack/types";
import type { Answer } from "../../answer/schema.js";
import { answerMessage } from "./answer.js";
import { LIMITS, clampBlocks, contextLine, escapeMrkdwn, truncate, userMention } from "./text.js";

export const SHARE_ACTION = "answer_share";
export const KEEP_ACTION = "answer_keep";

/** The ephemeral answer: the answer, then Share / Keep (the value is the stored answer's id). */
export function privateAnswerMessage(answer: Answer, answerId: string): { text: string; blocks: KnownBlock[] } {
  const msg = answerMessage(answer);
  const buttons: KnownBlock = {
    type: "actions",
    block_id: `share:${answerId}`.slice(0, 255),
    elements: [
      { type: "button", action_id: SHARE_ACTION, style: "primary", text: { type: "plain_text", text: "分享到频道 Share", emoji: true }, value: answerId },
      { type: "button", action_id: KEEP_ACTION, text: { type: "plain_text", text: "仅自己可见 Keep", emoji: true }, value: answerId },
    ],
  };
  const note = contextLine("仅你可见。分享后频道成员都能看到 / Only you can see this; Share posts it in the channel.");
  return { text: msg.text, blocks: clampBlocks([...msg.blocks, note, buttons], LIMITS.blocksPerMessage, 2) };
}

/** The same answer with the buttons gone (「仅自己可见」). */
export function keptAnswerMessage(answer: Answer): { text: string; blocks: KnownBlock[] } {
  return answerMessage(answer);
}

/** The answer as posted in the channel: who asked and what, then the answer with its feedback buttons. */
export function sharedAnswerMessage(answer: Answer, answerId: string | undefined, asker: string, question: string): { text: string; blocks: KnownBlock[] } {
  const msg = answerMessage(answer, answerId);
  const by = contextLine(`${userMention(asker)} 提问 / asked: ${escapeMrkdwn(truncate(question, 500))}`);
  return { text: msg.text, blocks: clampBlocks([by, ...msg.blocks], LIMITS.blocksPerMessage, answerId ? 2 : 0) };
}
